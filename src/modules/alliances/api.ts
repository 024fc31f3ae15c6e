// Public JSON API of alliances: the list (filters: country, member) and one alliance with its charter in force,
// members and their signatures of the deed of commitment. The list and the members also as CSV.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { apiRoute, type ApiContext, type ApiParameter } from '../../kernel/api.ts';
import { apiFilters, sendCsv } from '../../kernel/api-query.ts';
import { csvSeparator, toCsv } from '../../kernel/csv.ts';
import { AppError } from '../../kernel/errors.ts';
import { readQuery } from '../../kernel/form-body.ts';
import { allianceCsvHeader, allianceCsvRow, allianceMemberCsvHeader, allianceMemberCsvRows, presentAlliance, presentAllianceSummary } from './present.ts';
import { allianceSummaries, loadAlliancePage, organisationIdBySlug } from './queries.ts';
import { allianceFilterSchema, allianceListOutputSchema, allianceOutputSchema } from './schema.ts';

const listParameters: ApiParameter[] = [
  { name: 'country', in: 'query', description: 'A country of the alliance’s common territories, ISO 3166-1 alpha-2', schema: { type: 'string', pattern: '^[A-Za-z]{2}$' } },
  { name: 'member', in: 'query', description: 'Slug of an organisation: only the alliances it belongs to', schema: { type: 'string' } },
];
const sep: ApiParameter = { name: 'sep', in: 'query', description: 'CSV separator: comma (default) or semicolon', schema: { type: 'string', enum: ['comma', 'semicolon'] } };
const slugParameter: ApiParameter = { name: 'slug', in: 'path', required: true, description: 'The alliance’s slug', schema: { type: 'string' } };

export function registerAllianceApi(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;

  const list = async (ctx: ApiContext, query: Record<string, unknown>) => {
    const f = apiFilters(allianceFilterSchema, ctx, query);
    const memberId = f.member ? await organisationIdBySlug(db, f.member) : undefined;
    if (f.member && !memberId) throw new AppError('bad_request', ctx.t('error.bad_request.text'), { member: ctx.t('validation.choice') });
    const rows = (await allianceSummaries(db)).filter((s) => (!f.country || s.alliance.countries.includes(f.country)) && (!memberId || s.memberIds.includes(memberId)));
    return { items: rows.map((s) => presentAllianceSummary(s.alliance, s.charter, s.coordinator, s.memberIds.length, ctx.locale, config.baseUrl)) };
  };
  apiRoute(app, { method: 'GET', path: '/api/v1/alliances', operationId: 'listAlliances', summary: 'Alliances of the territory', tag: 'cooperation', parameters: listParameters, response: allianceListOutputSchema }, (ctx, req) => list(ctx, readQuery(req)));
  apiRoute(app, { method: 'GET', path: '/api/v1/alliances.csv', operationId: 'listAlliancesCsv', summary: 'Alliances as CSV', tag: 'cooperation', parameters: [...listParameters, sep], produces: 'text/csv' }, async (ctx, req, reply) => {
    const q = readQuery(req);
    return sendCsv(reply, 'alliances.csv', toCsv(allianceCsvHeader, (await list(ctx, q)).items.map(allianceCsvRow), csvSeparator(q.sep)));
  });

  const one = async (ctx: ApiContext, slug: string) => {
    const page = await loadAlliancePage(db, ctx.actor, slug);
    if (!page) throw new AppError('not_found', ctx.t('error.not_found.text'));
    return presentAlliance(page, ctx.locale, config.baseUrl);
  };
  apiRoute(app, { method: 'GET', path: '/api/v1/alliances/:slug', operationId: 'getAlliance', summary: 'One alliance: charter in force, members, signatures', tag: 'cooperation', parameters: [slugParameter], response: allianceOutputSchema }, (ctx, req) =>
    one(ctx, (req.params as { slug: string }).slug),
  );
  apiRoute(app, { method: 'GET', path: '/api/v1/alliances/:slug/members.csv', operationId: 'listAllianceMembersCsv', summary: 'An alliance’s members as CSV', tag: 'cooperation', parameters: [slugParameter, sep], produces: 'text/csv' }, async (ctx, req, reply) => {
    const a = await one(ctx, (req.params as { slug: string }).slug);
    return sendCsv(reply, 'alliance-members.csv', toCsv(allianceMemberCsvHeader, allianceMemberCsvRows(a), csvSeparator(readQuery(req).sep)));
  });
}
