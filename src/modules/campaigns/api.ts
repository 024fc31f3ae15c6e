// Public JSON API of campaigns: the list (filters: status, theme, country; also CSV) and one campaign with its
// organisers, co-signers and the individual supporters who chose public display.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { apiRoute, type ApiContext, type ApiParameter } from '../../kernel/api.ts';
import { apiFilters, sendCsv } from '../../kernel/api-query.ts';
import { csvSeparator, toCsv } from '../../kernel/csv.ts';
import { AppError } from '../../kernel/errors.ts';
import { readQuery } from '../../kernel/form-body.ts';
import { campaignCsvHeader, campaignCsvRow, campaignStatus, presentCampaign, presentCampaignSummary } from './present.ts';
import { listCampaigns, loadCampaignPage } from './queries.ts';
import { campaignFilterSchema, campaignListOutputSchema, campaignOutputSchema } from './schema.ts';

const listParameters: ApiParameter[] = [
  { name: 'status', in: 'query', description: 'upcoming, ongoing or past (default: all)', schema: { type: 'string', enum: ['upcoming', 'ongoing', 'past'] } },
  { name: 'theme', in: 'query', description: 'Theme code', schema: { type: 'string' } },
  { name: 'country', in: 'query', description: 'Country, ISO 3166-1 alpha-2', schema: { type: 'string', pattern: '^[A-Za-z]{2}$' } },
];
const today = () => new Date().toISOString().slice(0, 10);

export function registerCampaignApi(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;
  const list = async (ctx: ApiContext, query: Record<string, unknown>) => {
    const f = apiFilters(campaignFilterSchema, ctx, query);
    const day = today();
    const rows = (await listCampaigns(db)).filter((c) => (!f.status || campaignStatus(c, day) === f.status) && (!f.theme || c.themes.includes(f.theme)) && (!f.country || c.countries.includes(f.country)));
    return { items: rows.map((c) => presentCampaignSummary(c, ctx.locale, config.baseUrl, day)) };
  };
  apiRoute(app, { method: 'GET', path: '/api/v1/campaigns', operationId: 'listCampaigns', summary: 'Awareness and advocacy campaigns', tag: 'cooperation', parameters: listParameters, response: campaignListOutputSchema }, (ctx, req) => list(ctx, readQuery(req)));
  apiRoute(
    app,
    { method: 'GET', path: '/api/v1/campaigns.csv', operationId: 'listCampaignsCsv', summary: 'Campaigns as CSV', tag: 'cooperation', parameters: [...listParameters, { name: 'sep', in: 'query', description: 'CSV separator: comma (default) or semicolon', schema: { type: 'string', enum: ['comma', 'semicolon'] } }], produces: 'text/csv' },
    async (ctx, req, reply) => {
      const q = readQuery(req);
      return sendCsv(reply, 'campaigns.csv', toCsv(campaignCsvHeader, (await list(ctx, q)).items.map(campaignCsvRow), csvSeparator(q.sep)));
    },
  );
  apiRoute(
    app,
    { method: 'GET', path: '/api/v1/campaigns/:slug', operationId: 'getCampaign', summary: 'One campaign: organisers, co-signers, public supporters', tag: 'cooperation', parameters: [{ name: 'slug', in: 'path', required: true, description: 'The campaign’s slug', schema: { type: 'string' } }], response: campaignOutputSchema },
    async (ctx, req) => {
      const page = await loadCampaignPage(db, (req.params as { slug: string }).slug);
      if (!page) throw new AppError('not_found', ctx.t('error.not_found.text'));
      return presentCampaign(page, ctx.locale, config.baseUrl, today());
    },
  );
}
