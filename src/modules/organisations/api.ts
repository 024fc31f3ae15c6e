// Public JSON API of the directory: list (same filters as the page) and one organisation.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { apiRoute, type ApiParameter } from '../../kernel/api.ts';
import { AppError } from '../../kernel/errors.ts';
import { validate } from '../../kernel/validation.ts';
import { readQuery } from '../../kernel/form-body.ts';
import { subtypes } from './kinds.ts';
import { can } from './policy.ts';
import { findOrganisationBySlug, searchOrganisations } from './queries.ts';
import { presentOrganisation } from './present.ts';
import { directoryFilterSchema, organisationListOutputSchema, organisationOutputSchema } from './schema.ts';

const filterParameters: ApiParameter[] = [
  { name: 'q', in: 'query', description: 'Full-text search (accent-insensitive, French and English)', schema: { type: 'string', maxLength: 200 } },
  { name: 'subtype', in: 'query', description: 'Local sub-type of organisation', schema: { type: 'string', enum: [...subtypes] } },
  { name: 'country', in: 'query', description: 'Country of action, ISO 3166-1 alpha-2', schema: { type: 'string', pattern: '^[A-Za-z]{2}$' } },
  { name: 'theme', in: 'query', description: 'Theme code (a theme includes its sub-themes)', schema: { type: 'string' } },
  { name: 'partners', in: 'query', description: 'Only organisations looking for partners', schema: { type: 'string', enum: ['yes'] } },
  { name: 'page', in: 'query', description: 'Page number, from 1', schema: { type: 'integer', minimum: 1 } },
  { name: 'pageSize', in: 'query', description: 'Items per page (1 to 100, default 24)', schema: { type: 'integer', minimum: 1, maximum: 100 } },
];

export function registerOrganisationApi(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;

  apiRoute(
    app,
    { method: 'GET', path: '/api/v1/organisations', operationId: 'listOrganisations', summary: 'List and search the directory', tag: 'organisations', parameters: filterParameters, response: organisationListOutputSchema },
    async (ctx, req) => {
      const parsed = validate(directoryFilterSchema, readQuery(req), ctx.t);
      if (!parsed.ok) throw new AppError('bad_request', ctx.t('error.bad_request.text'), parsed.error);
      const { items, total } = await searchOrganisations(db, ctx.actor, parsed.value);
      return {
        items: items.map((row) => presentOrganisation(row, ctx.locale, config.baseUrl, can(ctx.actor, 'view_contact', row))),
        page: parsed.value.page,
        pageSize: parsed.value.pageSize,
        total,
      };
    },
  );

  apiRoute(
    app,
    {
      method: 'GET',
      path: '/api/v1/organisations/:slug',
      operationId: 'getOrganisation',
      summary: 'One organisation of the directory',
      tag: 'organisations',
      parameters: [{ name: 'slug', in: 'path', required: true, description: 'The organisation’s slug', schema: { type: 'string' } }],
      response: organisationOutputSchema,
    },
    async (ctx, req) => {
      const slug = (req.params as { slug: string }).slug;
      const row = await findOrganisationBySlug(db, slug);
      if (!row || !can(ctx.actor, 'view', row)) throw new AppError('not_found', ctx.t('error.not_found.text'));
      return presentOrganisation(row, ctx.locale, config.baseUrl, can(ctx.actor, 'view_contact', row));
    },
  );
}
