// Public IATI 2.03 files, streamed: one published project's activity, an organisation's published activities
// (the stable URL to register on the IATI Registry) and its organisation file. Drafts are never exported.
import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { apiRoute } from '../../kernel/api.ts';
import { AppError } from '../../kernel/errors.ts';
import { isUuid } from '../../kernel/ids.ts';
import { readQuery } from '../../kernel/form-body.ts';
import { activeOrganisationBySlug, activityFilter, filteredActivities, organisationRecord, publishedActivitiesOf, publishedActivity } from './queries.ts';
import { writeActivities, writeOrganisations } from './write.ts';

const xml = 'application/xml';

function sendXml(reply: FastifyReply, chunks: AsyncIterable<string>, filename: string) {
  return reply.type(`${xml}; charset=utf-8`).header('content-disposition', `inline; filename="${filename}"`).send(Readable.from(chunks));
}

const slugParam = { name: 'slug', in: 'path' as const, required: true, description: 'Organisation slug', schema: { type: 'string', maxLength: 120 } };

async function organisationOf(db: Deps['db'], slug: string) {
  const org = await activeOrganisationBySlug(db, slug);
  if (!org) throw new AppError('not_found');
  return org;
}

/** The filters of /api/v1/projects (paging aside: the file holds every match). */
const filterParameters = [
  { name: 'q', in: 'query' as const, description: 'Full-text search (accent-insensitive, French and English)', schema: { type: 'string', maxLength: 200 } },
  { name: 'theme', in: 'query' as const, description: 'Theme code (a theme includes its sub-themes)', schema: { type: 'string' } },
  { name: 'country', in: 'query' as const, description: 'Recipient country, ISO 3166-1 alpha-2', schema: { type: 'string', pattern: '^[A-Za-z]{2}$' } },
  { name: 'region', in: 'query' as const, description: 'Recipient region, OECD DAC region code', schema: { type: 'string' } },
  { name: 'status', in: 'query' as const, description: 'IATI ActivityStatus code (1 pipeline … 6 suspended)', schema: { type: 'string', enum: ['1', '2', '3', '4', '5', '6'] } },
  { name: 'organisation', in: 'query' as const, description: 'Reporting organisation id', schema: { type: 'string', format: 'uuid' } },
  { name: 'kind', in: 'query' as const, description: 'IATI OrganisationType code of the reporting organisation', schema: { type: 'string', pattern: '^\\d{2}$' } },
  { name: 'funder', in: 'query' as const, description: 'Funding organisation id (role 1)', schema: { type: 'string', format: 'uuid' } },
  { name: 'year', in: 'query' as const, description: 'Projects running during this year', schema: { type: 'integer', minimum: 1950, maximum: 2100 } },
  { name: 'needs', in: 'query' as const, description: 'Only projects asking for help', schema: { type: 'string', enum: ['yes'] } },
];

export function registerIatiApi(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const links = { filesBaseUrl: deps.config.baseUrl }; // uploaded project documents as absolute links
  apiRoute(
    app,
    {
      method: 'GET',
      path: '/iati/activities.xml',
      operationId: 'getIatiActivities',
      summary: 'IATI 2.03 activity file of the published projects matching the filters of /api/v1/projects',
      tag: 'iati',
      parameters: filterParameters,
      produces: xml,
    },
    async (ctx, req, reply) => {
      const parsed = activityFilter(readQuery(req), ctx.t);
      if (!parsed.ok) throw new AppError('bad_request', ctx.t('error.bad_request.text'), parsed.error);
      return sendXml(reply, writeActivities(filteredActivities(db, parsed.value, 100_000, links)), 'activities.xml');
    },
  );
  apiRoute(
    app,
    {
      method: 'GET',
      path: '/iati/activities/:projectId.xml',
      operationId: 'getIatiActivity',
      summary: 'IATI 2.03 activity file of one published project (its transactions include funding awards and payments)',
      tag: 'iati',
      parameters: [{ name: 'projectId', in: 'path', required: true, description: 'Project id (uuid)', schema: { type: 'string', format: 'uuid' } }],
      produces: xml,
    },
    async (_ctx, req, reply) => {
      const { projectId } = req.params as { projectId: string };
      const activity = isUuid(projectId) ? await publishedActivity(db, projectId, links) : undefined;
      if (!activity) throw new AppError('not_found');
      return sendXml(reply, writeActivities([activity]), `${projectId}.xml`);
    },
  );
  apiRoute(
    app,
    {
      method: 'GET',
      path: '/iati/organisations/:slug/activities.xml',
      operationId: 'getIatiOrganisationActivities',
      summary: 'IATI 2.03 activity file of an organisation: its published projects (stable URL for the IATI Registry)',
      tag: 'iati',
      parameters: [slugParam],
      produces: xml,
    },
    async (_ctx, req, reply) => {
      const org = await organisationOf(db, (req.params as { slug: string }).slug);
      return sendXml(reply, writeActivities(publishedActivitiesOf(db, org.id, links)), `${org.slug}-activities.xml`);
    },
  );
  apiRoute(
    app,
    {
      method: 'GET',
      path: '/iati/organisations/:slug/organisation.xml',
      operationId: 'getIatiOrganisationFile',
      summary: 'IATI 2.03 organisation file of an organisation (stable URL for the IATI Registry)',
      tag: 'iati',
      parameters: [slugParam],
      produces: xml,
    },
    async (_ctx, req, reply) => {
      const org = await organisationOf(db, (req.params as { slug: string }).slug);
      return sendXml(reply, writeOrganisations([await organisationRecord(db, org, { baseUrl: deps.config.baseUrl })]), `${org.slug}-organisation.xml`);
    },
  );
}
