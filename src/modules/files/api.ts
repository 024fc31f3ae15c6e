// Serves stored files. A file never changes once stored (a new logo is a new id), so it is cached for a year.
import type { FastifyInstance } from 'fastify';
import type { Db } from '../../db/client.ts';
import { notFound } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import { findFile } from './queries.ts';

export function registerFileRoutes(app: FastifyInstance, deps: { db: Db }): void {
  app.get<{ Params: { id: string } }>('/files/:id', async (req, reply) => {
    if (!isUuid(req.params.id)) throw notFound();
    const file = await findFile(deps.db, req.params.id);
    // A restricted file (an application's attachment…) is served by its module after an access check, never here.
    if (!file || file.restricted) throw notFound();
    return reply
      .header('cache-control', 'public, max-age=31536000, immutable')
      .header('etag', `"${file.sha256}"`)
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `inline; filename="${file.fileName.replace(/[^\w.-]/g, '_')}"`)
      .type(file.mediaType)
      .send(file.content);
  });
}
