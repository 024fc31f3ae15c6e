// Public JSON API of funding (open data): calls (upcoming, open, closed) with filters, one call, a funder's
// envelopes with live line figures, and the public awards (what the SCDL file publishes). Lists also as CSV.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { apiRoute, type ApiContext, type ApiParameter } from '../../kernel/api.ts';
import { csvSeparator, toCsv } from '../../kernel/csv.ts';
import { AppError } from '../../kernel/errors.ts';
import { readQuery } from '../../kernel/form-body.ts';
import { isUuid } from '../../kernel/ids.ts';
import { validate } from '../../kernel/validation.ts';
import type { z } from 'zod';
import { awardCsvHeader, awardCsvRow, callCsvHeader, callCsvRow, envelopeCsvHeader, envelopeCsvRows, presentAward, presentCall, presentEnvelope } from './present.ts';
import { findCall, funderBySlug, lineFigures, linesOfEnvelope, listEnvelopes, organisationsByIds, publicAwards, publicCalls } from './queries.ts';
import { awardFilterSchema, awardListOutputSchema, callFilterSchema, callListOutputSchema, callOutputSchema, envelopeFilterSchema, envelopeListOutputSchema } from './schema.ts';

const paging = (max: number, fallback: number): ApiParameter[] => [
  { name: 'page', in: 'query', description: 'Page number, from 1', schema: { type: 'integer', minimum: 1 } },
  { name: 'pageSize', in: 'query', description: `Items per page (1 to ${max}, default ${fallback})`, schema: { type: 'integer', minimum: 1, maximum: max } },
];
const sep: ApiParameter = { name: 'sep', in: 'query', description: 'CSV separator: comma (default) or semicolon', schema: { type: 'string', enum: ['comma', 'semicolon'] } };
const callParameters: ApiParameter[] = [
  { name: 'status', in: 'query', description: 'upcoming, open or closed (default: all)', schema: { type: 'string', enum: ['upcoming', 'open', 'closed'] } },
  { name: 'funder', in: 'query', description: 'Slug of the funding organisation', schema: { type: 'string' } },
  { name: 'theme', in: 'query', description: 'Theme code', schema: { type: 'string' } },
  { name: 'country', in: 'query', description: 'Country, ISO 3166-1 alpha-2', schema: { type: 'string', pattern: '^[A-Za-z]{2}$' } },
  ...paging(200, 50),
];
const awardParameters: ApiParameter[] = [
  { name: 'funder', in: 'query', description: 'Slug of the funding organisation', schema: { type: 'string' } },
  { name: 'year', in: 'query', description: 'Year of the decision', schema: { type: 'integer', minimum: 2000, maximum: 2100 } },
  ...paging(1000, 100),
];
const funderSlug: ApiParameter = { name: 'slug', in: 'path', required: true, description: 'The funder’s slug', schema: { type: 'string' } };
const yearParameter: ApiParameter = { name: 'year', in: 'query', description: 'Only the envelopes of this year', schema: { type: 'integer', minimum: 2000, maximum: 2100 } };

function filters<S extends z.ZodType>(schema: S, ctx: ApiContext, query: Record<string, unknown>): z.output<S> {
  const parsed = validate(schema, query, ctx.t);
  if (!parsed.ok) throw new AppError('bad_request', ctx.t('error.bad_request.text'), parsed.error);
  return parsed.value;
}
const sendCsv = (reply: FastifyReply, name: string, body: string) =>
  reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="${name}"`).send(body);

export function registerFundingApi(app: FastifyInstance, deps: Deps): void {
  const { db, config } = deps;
  const funderId = async (ctx: ApiContext, slug: string | undefined) => {
    if (!slug) return undefined;
    const funder = await funderBySlug(db, slug);
    if (!funder) throw new AppError('bad_request', ctx.t('error.bad_request.text'), { funder: ctx.t('validation.choice') });
    return funder.id;
  };

  const calls = async (ctx: ApiContext, query: Record<string, unknown>) => {
    const f = filters(callFilterSchema, ctx, query);
    const now = new Date();
    const { items, total } = await publicCalls(db, { ...f, funderId: await funderId(ctx, f.funder) }, now);
    const orgs = await organisationsByIds(db, items.map((c) => c.funderId));
    return { items: items.map((c) => presentCall(c, orgs.get(c.funderId), ctx.locale, config.baseUrl, now)), page: f.page, pageSize: f.pageSize, total };
  };
  apiRoute(app, { method: 'GET', path: '/api/v1/calls', operationId: 'listCalls', summary: 'Calls for proposals (upcoming, open and closed)', tag: 'funding', parameters: callParameters, response: callListOutputSchema }, (ctx, req) => calls(ctx, readQuery(req)));
  apiRoute(app, { method: 'GET', path: '/api/v1/calls.csv', operationId: 'listCallsCsv', summary: 'Calls for proposals as CSV', tag: 'funding', parameters: [...callParameters, sep], produces: 'text/csv' }, async (ctx, req, reply) => {
    const q = readQuery(req);
    const { items } = await calls(ctx, q);
    return sendCsv(reply, 'calls.csv', toCsv(callCsvHeader, items.map(callCsvRow), csvSeparator(q.sep)));
  });

  apiRoute(
    app,
    { method: 'GET', path: '/api/v1/calls/:id', operationId: 'getCall', summary: 'One call for proposals', tag: 'funding', parameters: [{ name: 'id', in: 'path', required: true, description: 'The call’s id (uuid)', schema: { type: 'string', format: 'uuid' } }], response: callOutputSchema },
    async (ctx, req) => {
      const id = (req.params as { id: string }).id;
      const call = isUuid(id) ? await findCall(db, id) : undefined;
      if (!call) throw new AppError('not_found', ctx.t('error.not_found.text'));
      const orgs = await organisationsByIds(db, [call.funderId]);
      return presentCall(call, orgs.get(call.funderId), ctx.locale, config.baseUrl, new Date());
    },
  );

  const envelopesOf = async (ctx: ApiContext, slug: string, query: Record<string, unknown>) => {
    const f = filters(envelopeFilterSchema, ctx, query);
    const funder = await funderBySlug(db, slug);
    if (!funder) throw new AppError('not_found', ctx.t('error.not_found.text'));
    const rows = (await listEnvelopes(db, [funder.id])).filter((e) => f.year === undefined || e.year === f.year);
    const items = [];
    for (const e of rows) {
      const lineRows = await linesOfEnvelope(db, e.id);
      items.push(presentEnvelope(e, lineRows, await lineFigures(db, lineRows.map((l) => l.id)), ctx.locale));
    }
    const name = (await organisationsByIds(db, [funder.id])).get(funder.id);
    return { funder: { id: funder.id, slug: funder.slug, name: (ctx.locale === 'en' ? name?.nameEn || name?.nameFr : name?.nameFr || name?.nameEn) ?? funder.slug }, items };
  };
  apiRoute(app, { method: 'GET', path: '/api/v1/funders/:slug/envelopes', operationId: 'listFunderEnvelopes', summary: 'A funder’s envelopes and lines (earmarked, committed, paid, remaining)', tag: 'funding', parameters: [funderSlug, yearParameter], response: envelopeListOutputSchema }, (ctx, req) =>
    envelopesOf(ctx, (req.params as { slug: string }).slug, readQuery(req)),
  );
  apiRoute(app, { method: 'GET', path: '/api/v1/funders/:slug/envelopes.csv', operationId: 'listFunderEnvelopesCsv', summary: 'A funder’s envelope lines as CSV', tag: 'funding', parameters: [funderSlug, yearParameter, sep], produces: 'text/csv' }, async (ctx, req, reply) => {
    const q = readQuery(req);
    const { items } = await envelopesOf(ctx, (req.params as { slug: string }).slug, q);
    return sendCsv(reply, 'envelopes.csv', toCsv(envelopeCsvHeader, items.flatMap(envelopeCsvRows), csvSeparator(q.sep)));
  });

  const awards = async (ctx: ApiContext, query: Record<string, unknown>) => {
    const f = filters(awardFilterSchema, ctx, query);
    const { items, total } = await publicAwards(db, { ...f, funderId: await funderId(ctx, f.funder) });
    const orgs = await organisationsByIds(db, [...items.map((a) => a.beneficiaryId), ...items.map((a) => a.funderId)]);
    return { items: items.map((a) => presentAward(a, orgs, ctx.locale)), page: f.page, pageSize: f.pageSize, total };
  };
  apiRoute(app, { method: 'GET', path: '/api/v1/awards', operationId: 'listAwards', summary: 'Public awards: beneficiary, amount, decision date, project, funder', tag: 'funding', parameters: awardParameters, response: awardListOutputSchema }, (ctx, req) => awards(ctx, readQuery(req)));
  apiRoute(app, { method: 'GET', path: '/api/v1/awards.csv', operationId: 'listAwardsCsv', summary: 'Public awards as CSV', tag: 'funding', parameters: [...awardParameters, sep], produces: 'text/csv' }, async (ctx, req, reply) => {
    const q = readQuery(req);
    const { items } = await awards(ctx, q);
    return sendCsv(reply, 'awards.csv', toCsv(awardCsvHeader, items.map(awardCsvRow), csvSeparator(q.sep)));
  });
}
