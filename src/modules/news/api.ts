// Public JSON API of news and press releases: list (same filters as the page, plus linked project/campaign) and one article.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { apiRoute, type ApiParameter } from '../../kernel/api.ts';
import { AppError } from '../../kernel/errors.ts';
import { readQuery } from '../../kernel/form-body.ts';
import { validate } from '../../kernel/validation.ts';
import { can } from './policy.ts';
import { presentNews } from './present.ts';
import { authorsOf, findNewsBySlug, listNews } from './queries.ts';
import { newsFilterSchema, newsListOutputSchema, newsOutputSchema, newsTypes } from './schema.ts';

const filterParameters: ApiParameter[] = [
  { name: 'theme', in: 'query', description: 'Theme code (a theme includes its sub-themes)', schema: { type: 'string' } },
  { name: 'country', in: 'query', description: 'Country, ISO 3166-1 alpha-2', schema: { type: 'string', pattern: '^[A-Za-z]{2}$' } },
  { name: 'author', in: 'query', description: 'Slug of the signing organisation', schema: { type: 'string' } },
  { name: 'type', in: 'query', description: 'Only news or only press releases', schema: { type: 'string', enum: [...newsTypes] } },
  { name: 'project', in: 'query', description: 'Only articles linked to this project id', schema: { type: 'string', format: 'uuid' } },
  { name: 'campaign', in: 'query', description: 'Only articles linked to this campaign id', schema: { type: 'string', format: 'uuid' } },
  { name: 'page', in: 'query', description: 'Page number, from 1', schema: { type: 'integer', minimum: 1 } },
  { name: 'pageSize', in: 'query', description: 'Items per page (1 to 100, default 20)', schema: { type: 'integer', minimum: 1, maximum: 100 } },
];

export function registerNewsApi(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;

  apiRoute(
    app,
    { method: 'GET', path: '/api/v1/news', operationId: 'listNews', summary: 'List news and press releases, newest first', tag: 'news', parameters: filterParameters, response: newsListOutputSchema },
    async (ctx, req) => {
      const parsed = validate(newsFilterSchema, readQuery(req), ctx.t);
      if (!parsed.ok) throw new AppError('bad_request', ctx.t('error.bad_request.text'), parsed.error);
      const { items, total } = await listNews(db, ctx.actor, parsed.value);
      const authors = await authorsOf(db, items);
      return {
        items: items.map((row) => presentNews(row, row.authorOrganisationId ? authors.get(row.authorOrganisationId) : undefined, ctx.locale, config.baseUrl)),
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
      path: '/api/v1/news/:slug',
      operationId: 'getNews',
      summary: 'One news article or press release',
      tag: 'news',
      parameters: [{ name: 'slug', in: 'path', required: true, description: 'The article’s slug', schema: { type: 'string' } }],
      response: newsOutputSchema,
    },
    async (ctx, req) => {
      const row = await findNewsBySlug(db, (req.params as { slug: string }).slug);
      const visible = row && (can(ctx.actor, 'update', row) || (row.status === 'published' && row.publishedAt !== null && row.publishedAt <= new Date()));
      if (!row || !visible) throw new AppError('not_found', ctx.t('error.not_found.text'));
      const authors = await authorsOf(db, [row]);
      return presentNews(row, row.authorOrganisationId ? authors.get(row.authorOrganisationId) : undefined, ctx.locale, config.baseUrl);
    },
  );
}
