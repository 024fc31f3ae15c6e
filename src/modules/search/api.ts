// Public JSON API of the atlas: the project list with the same filters and facets as the page, and the
// located projects as GeoJSON.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { apiRoute, type ApiParameter } from '../../kernel/api.ts';
import { AppError } from '../../kernel/errors.ts';
import { readQuery } from '../../kernel/form-body.ts';
import { validate } from '../../kernel/validation.ts';
import { presentSummary, projectTitle, withLabels } from './present.ts';
import { locatedProjects, organisationNames, searchProjects } from './queries.ts';
import { projectFilterSchema, projectListOutputSchema, projectSorts } from './schema.ts';

export const projectFilterParameters: ApiParameter[] = [
  { name: 'q', in: 'query', description: 'Full-text search (accent-insensitive, French and English)', schema: { type: 'string', maxLength: 200 } },
  { name: 'theme', in: 'query', description: 'Theme code (a theme includes its sub-themes)', schema: { type: 'string' } },
  { name: 'country', in: 'query', description: 'Recipient country, ISO 3166-1 alpha-2', schema: { type: 'string', pattern: '^[A-Za-z]{2}$' } },
  { name: 'region', in: 'query', description: 'Recipient region, OECD DAC region code', schema: { type: 'string' } },
  { name: 'status', in: 'query', description: 'IATI ActivityStatus code (1 pipeline … 6 suspended)', schema: { type: 'string', enum: ['1', '2', '3', '4', '5', '6'] } },
  { name: 'organisation', in: 'query', description: 'Reporting organisation id', schema: { type: 'string', format: 'uuid' } },
  { name: 'kind', in: 'query', description: 'IATI OrganisationType code of the reporting organisation', schema: { type: 'string', pattern: '^\\d{2}$' } },
  { name: 'funder', in: 'query', description: 'Funding organisation id (role 1)', schema: { type: 'string', format: 'uuid' } },
  { name: 'year', in: 'query', description: 'Projects running during this year', schema: { type: 'integer', minimum: 1950, maximum: 2100 } },
  { name: 'needs', in: 'query', description: 'Only projects asking for help', schema: { type: 'string', enum: ['yes'] } },
  { name: 'sort', in: 'query', description: 'Order', schema: { type: 'string', enum: [...projectSorts] } },
  { name: 'page', in: 'query', description: 'Page number, from 1', schema: { type: 'integer', minimum: 1 } },
  { name: 'pageSize', in: 'query', description: 'Items per page (1 to 100, default 20)', schema: { type: 'integer', minimum: 1, maximum: 100 } },
];

export function registerSearchApi(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;
  const strict = (ctx: Parameters<Parameters<typeof apiRoute>[2]>[0], query: Record<string, unknown>) => {
    const parsed = validate(projectFilterSchema, query, ctx.t);
    if (!parsed.ok) throw new AppError('bad_request', ctx.t('error.bad_request.text'), parsed.error);
    return parsed.value;
  };

  apiRoute(
    app,
    { method: 'GET', path: '/api/v1/projects', operationId: 'listProjects', summary: 'List and search projects, with facet counts', tag: 'projects', parameters: projectFilterParameters, response: projectListOutputSchema },
    async (ctx, req) => {
      const filter = strict(ctx, readQuery(req));
      const result = await searchProjects(db, ctx.actor, filter);
      const names = await organisationNames(db, [...new Set([...result.facets.organisation, ...result.facets.funder].map((v) => v.value))]);
      return {
        items: result.items.map((row) => presentSummary(row, ctx.t, ctx.locale, config.baseUrl)),
        page: filter.page,
        pageSize: filter.pageSize,
        total: result.total,
        facets: withLabels(ctx.t, ctx.locale, result.facets, names),
      };
    },
  );

  apiRoute(
    app,
    { method: 'GET', path: '/api/v1/projects/locations.geojson', operationId: 'projectLocations', summary: 'Locations of the matching projects (GeoJSON FeatureCollection, WGS 84)', tag: 'projects', parameters: projectFilterParameters, produces: 'application/geo+json' },
    async (ctx, req, reply) => {
      const filter = strict(ctx, readQuery(req));
      const rows = await locatedProjects(db, ctx.actor, filter);
      const body = {
        type: 'FeatureCollection',
        features: rows.map((r) => ({
          type: 'Feature',
          geometry: { type: 'Point', coordinates: [r.lng, r.lat] },
          properties: { project: r.slug, title: projectTitle(r, ctx.locale), place: r.name, url: `${config.baseUrl}/${ctx.locale}/projects/${r.slug}` },
        })),
      };
      return reply.type('application/geo+json; charset=utf-8').send(JSON.stringify(body));
    },
  );
}
