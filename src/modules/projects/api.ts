// Public JSON API of one project (published, or a draft its organisation's members may see).
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { apiRoute } from '../../kernel/api.ts';
import { AppError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import { can } from './policy.ts';
import { projectDetail } from './present.ts';
import { findProjectById, findProjectBySlug, loadBundle } from './queries.ts';
import { projectDetailSchema } from './schema.ts';

export function registerProjectApi(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;
  apiRoute(
    app,
    {
      method: 'GET',
      path: '/api/v1/projects/:id',
      operationId: 'getProject',
      summary: 'One project with everything it holds (IATI-shaped)',
      tag: 'projects',
      parameters: [{ name: 'id', in: 'path', required: true, description: 'Project id (uuid) or slug', schema: { type: 'string', maxLength: 200 } }],
      response: projectDetailSchema,
    },
    async (ctx, req) => {
      const id = (req.params as { id: string }).id;
      const project = isUuid(id) ? await findProjectById(db, id) : /^[a-z0-9-]{1,120}$/.test(id) ? await findProjectBySlug(db, id) : undefined;
      if (!project || !can(ctx.actor, 'view', project)) throw new AppError('not_found');
      return projectDetail(await loadBundle(db, project), ctx.locale, config.baseUrl);
    },
  );
}
