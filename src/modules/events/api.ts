// Public JSON API of the events calendar: list (same filters as the page) and one event.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { apiRoute, type ApiParameter } from '../../kernel/api.ts';
import { AppError } from '../../kernel/errors.ts';
import { readQuery } from '../../kernel/form-body.ts';
import { validate } from '../../kernel/validation.ts';
import { can } from './policy.ts';
import { presentEvent } from './present.ts';
import { findEventBySlug, listEvents, organisersOf, registrationCounts, seriesByIds } from './queries.ts';
import { eventFilterSchema, eventListOutputSchema, eventOutputSchema } from './schema.ts';
import { zonedToInstant } from './time.ts';

const filterParameters: ApiParameter[] = [
  { name: 'theme', in: 'query', description: 'Theme code (a theme includes its sub-themes)', schema: { type: 'string' } },
  { name: 'organiser', in: 'query', description: 'Slug of an organising organisation', schema: { type: 'string' } },
  { name: 'series', in: 'query', description: 'Slug of a series of events', schema: { type: 'string' } },
  { name: 'from', in: 'query', description: 'Events ending on or after this day (YYYY-MM-DD, Europe/Paris); default: every date', schema: { type: 'string', format: 'date' } },
  { name: 'to', in: 'query', description: 'Events starting on or before this day (YYYY-MM-DD, Europe/Paris)', schema: { type: 'string', format: 'date' } },
  { name: 'page', in: 'query', description: 'Page number, from 1', schema: { type: 'integer', minimum: 1 } },
  { name: 'pageSize', in: 'query', description: 'Items per page (1 to 200, default 30)', schema: { type: 'integer', minimum: 1, maximum: 200 } },
];

export function registerEventApi(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;

  apiRoute(
    app,
    { method: 'GET', path: '/api/v1/events', operationId: 'listEvents', summary: 'List events in date order', tag: 'events', parameters: filterParameters, response: eventListOutputSchema },
    async (ctx, req) => {
      const parsed = validate(eventFilterSchema, readQuery(req), ctx.t);
      if (!parsed.ok) throw new AppError('bad_request', ctx.t('error.bad_request.text'), parsed.error);
      const f = parsed.value;
      const period = {
        from: f.from ? (zonedToInstant(`${f.from}T00:00`, 'Europe/Paris') ?? undefined) : undefined,
        to: f.to ? (zonedToInstant(`${f.to}T23:59`, 'Europe/Paris') ?? undefined) : undefined,
      };
      const { items, total } = await listEvents(db, ctx.actor, f, period, f);
      const [organisers, series, counts] = await Promise.all([organisersOf(db, items), seriesByIds(db, items.map((r) => r.seriesId)), registrationCounts(db, items.map((r) => r.id))]);
      return {
        items: items.map((row) => presentEvent(row, organisers, row.seriesId ? series.get(row.seriesId) : undefined, counts.get(row.id)?.confirmed ?? 0, ctx.locale, config.baseUrl)),
        page: f.page,
        pageSize: f.pageSize,
        total,
      };
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      path: '/api/v1/events/:slug',
      operationId: 'getEvent',
      summary: 'One event',
      tag: 'events',
      parameters: [{ name: 'slug', in: 'path', required: true, description: 'The event’s slug', schema: { type: 'string' } }],
      response: eventOutputSchema,
    },
    async (ctx, req) => {
      const row = await findEventBySlug(db, (req.params as { slug: string }).slug);
      if (!row || !can(ctx.actor, 'view', row)) throw new AppError('not_found', ctx.t('error.not_found.text'));
      const [organisers, series, counts] = await Promise.all([organisersOf(db, [row]), seriesByIds(db, [row.seriesId]), registrationCounts(db, [row.id])]);
      return presentEvent(row, organisers, row.seriesId ? series.get(row.seriesId) : undefined, counts.get(row.id)?.confirmed ?? 0, ctx.locale, config.baseUrl);
    },
  );
}
