// Helpers shared by the JSON API handlers: read filters with a zod schema (400 with one message per field in
// the request language) and send a CSV list as a download.
import type { FastifyReply } from 'fastify';
import type { z } from 'zod';
import type { ApiContext } from './api.ts';
import { AppError } from './errors.ts';
import { validate } from './validation.ts';

export function apiFilters<S extends z.ZodType>(schema: S, ctx: ApiContext, query: Record<string, unknown>): z.output<S> {
  const parsed = validate(schema, query, ctx.t);
  if (!parsed.ok) throw new AppError('bad_request', ctx.t('error.bad_request.text'), parsed.error);
  return parsed.value;
}

export function sendCsv(reply: FastifyReply, fileName: string, body: string): FastifyReply {
  return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${fileName}"`).send(body);
}

/** Name, slug and id of an organisation for the API (the French name, or the English one, in the request's language). */
export function orgRef(o: { id: string; slug: string; nameFr: string | null; nameEn: string | null }, locale: 'fr' | 'en'): { id: string; slug: string; name: string } {
  const name = locale === 'en' ? o.nameEn || o.nameFr : o.nameFr || o.nameEn;
  return { id: o.id, slug: o.slug, name: name || o.slug };
}
