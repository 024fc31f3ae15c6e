// Public JSON API of networks: one network with its members (current by default; former ones with their dates).
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { apiRoute, type ApiContext, type ApiParameter } from '../../kernel/api.ts';
import { apiFilters, sendCsv } from '../../kernel/api-query.ts';
import { csvSeparator, toCsv } from '../../kernel/csv.ts';
import { AppError } from '../../kernel/errors.ts';
import { readQuery } from '../../kernel/form-body.ts';
import { networkMemberCsvHeader, networkMemberCsvRows, presentNetwork } from './present.ts';
import { findNetworkBySlug, membersOf, networkOrganisation } from './queries.ts';
import { networkMembersFilterSchema, networkOutputSchema } from './schema.ts';

const parameters: ApiParameter[] = [
  { name: 'slug', in: 'path', required: true, description: 'The network’s slug', schema: { type: 'string' } },
  { name: 'status', in: 'query', description: 'current (default), former or all members', schema: { type: 'string', enum: ['current', 'former', 'all'] } },
];

export function registerNetworkApi(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const one = async (ctx: ApiContext, slug: string, query: Record<string, unknown>) => {
    const f = apiFilters(networkMembersFilterSchema, ctx, query);
    const network = await findNetworkBySlug(db, slug);
    if (!network) throw new AppError('not_found', ctx.t('error.not_found.text'));
    const today = new Date().toISOString().slice(0, 10);
    const members = (await membersOf(db, network.id)).filter((m) => {
      const current = m.leftOn === null || m.leftOn > today;
      return f.status === 'all' || (f.status === 'current') === current;
    });
    return presentNetwork(network, await networkOrganisation(db, network), members, ctx.locale);
  };
  apiRoute(app, { method: 'GET', path: '/api/v1/networks/:slug', operationId: 'getNetwork', summary: 'One network and its members', tag: 'cooperation', parameters, response: networkOutputSchema }, (ctx, req) =>
    one(ctx, (req.params as { slug: string }).slug, readQuery(req)),
  );
  apiRoute(
    app,
    { method: 'GET', path: '/api/v1/networks/:slug/members.csv', operationId: 'listNetworkMembersCsv', summary: 'A network’s members as CSV', tag: 'cooperation', parameters: [...parameters, { name: 'sep', in: 'query', description: 'CSV separator: comma (default) or semicolon', schema: { type: 'string', enum: ['comma', 'semicolon'] } }], produces: 'text/csv' },
    async (ctx, req, reply) => {
      const q = readQuery(req);
      const n = await one(ctx, (req.params as { slug: string }).slug, q);
      return sendCsv(reply, 'network-members.csv', toCsv(networkMemberCsvHeader, networkMemberCsvRows(n), csvSeparator(q.sep)));
    },
  );
}
