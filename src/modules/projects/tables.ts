// Projects, shaped like an IATI 2.03 activity so that a project maps to and from `IatiActivity`
// (src/modules/iati/model.ts) without loss: every repeated element of an activity is a child table, codes are
// kept as published, and what the platform does not model explicitly is kept in `iati_extra` (jsonb) on the
// record it belongs to. Facet columns (countries, themes, funders…) are derived by commands after each change.
import { sql } from 'drizzle-orm';
import { bigint, boolean, date, doublePrecision, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tsvector } from '../../db/types.ts';
import { files } from '../files/tables.ts';
import { organisations } from '../organisations/tables.ts';
import { helpKinds, needKinds } from './codes.ts';

export const projects = pgTable(
  'projects',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    /** The reporting organisation: its members edit the project. */
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    /** IATI activity identifier, e.g. FR-INSEE-219400165-ecole-soroma. */
    iatiIdentifier: text('iati_identifier').notNull(),
    titleFr: text('title_fr'),
    titleEn: text('title_en'),
    /** Description type 1 (general). */
    descriptionFr: text('description_fr'),
    descriptionEn: text('description_en'),
    /** Description type 2 (objectives). */
    objectivesFr: text('objectives_fr'),
    objectivesEn: text('objectives_en'),
    /** Description type 3 (target groups). */
    targetGroupsFr: text('target_groups_fr'),
    targetGroupsEn: text('target_groups_en'),
    /** IATI ActivityStatus code: 1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled, 6 suspended. */
    activityStatus: text('activity_status').notNull().default('2'),
    plannedStart: date('planned_start', { mode: 'string' }),
    actualStart: date('actual_start', { mode: 'string' }),
    plannedEnd: date('planned_end', { mode: 'string' }),
    actualEnd: date('actual_end', { mode: 'string' }),
    humanitarian: boolean('humanitarian').notNull().default(false),
    defaultCurrency: text('default_currency').notNull().default('EUR'),
    /** SDG goals (IATI tag vocabulary 2), "1"…"17". */
    sdgs: text('sdgs').array().notNull().default(sql`'{}'::text[]`),
    publication: text('publication', { enum: ['draft', 'published'] }).notNull().default('draft'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** IATI elements the platform does not model (contacts, policy markers, other identifiers, scope…). */
    iatiExtra: jsonb('iati_extra').notNull().default(sql`'{}'::jsonb`),
    // Derived facets (rewritten by commands after every change of the child rows).
    countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
    regions: text('regions').array().notNull().default(sql`'{}'::text[]`),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    /** Directory organisations taking part with role 1 (funding). */
    funderIds: uuid('funder_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Directory organisations taking part in any role who accepted (plus the reporting organisation). */
    partnerIds: uuid('partner_ids').array().notNull().default(sql`'{}'::uuid[]`),
    /** Sum of the latest budgets in cents (revised over original), for sorting and facets. */
    totalBudget: bigint('total_budget', { mode: 'number' }).notNull().default(0),
    needsHelp: boolean('needs_help').notNull().default(false),
    startYear: integer('start_year'),
    endYear: integer('end_year'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple'::regconfig, passerelle_unaccent(coalesce(title_fr, '') || ' ' || coalesce(title_en, ''))), 'A')
        || setweight(to_tsvector('french'::regconfig, passerelle_unaccent(coalesce(description_fr, '') || ' ' || coalesce(objectives_fr, '') || ' ' || coalesce(target_groups_fr, ''))), 'B')
        || setweight(to_tsvector('english'::regconfig, passerelle_unaccent(coalesce(description_en, '') || ' ' || coalesce(objectives_en, '') || ' ' || coalesce(target_groups_en, ''))), 'B')`,
    ),
  },
  (t) => [
    uniqueIndex('projects_slug_idx').on(t.slug),
    uniqueIndex('projects_iati_identifier_idx').on(t.iatiIdentifier),
    index('projects_organisation_idx').on(t.organisationId),
    index('projects_publication_idx').on(t.publication, t.updatedAt),
    index('projects_search_idx').using('gin', t.search),
    index('projects_countries_idx').using('gin', t.countries),
    index('projects_regions_idx').using('gin', t.regions),
    index('projects_themes_idx').using('gin', t.themes),
    index('projects_funders_idx').using('gin', t.funderIds),
    index('projects_partners_idx').using('gin', t.partnerIds),
    // Lists at scale (docs/scaling.md): the budget sort, and an organisation's own projects in page order. The
    // date sort and "partner in, not reporting" indexes are expressions: hand-written in migrations/0007.
    index('projects_budget_sort_idx').on(t.totalBudget.desc(), t.id),
    index('projects_organisation_page_idx').on(t.organisationId, t.startYear.desc(), t.titleFr),
  ],
);

/**
 * Facet counts of every project, per publication state, kept by statement triggers on `projects` (migration
 * 0007): what the unfiltered project list, its facets and the key figures read instead of counting a million
 * rows. Facets as in the search module (theme, country, region, status, organisation, funder, year, needs),
 * plus `_all` (value '') for the number of projects. Rows may fall to 0; readers keep `n > 0`.
 */
export const projectFacetCounts = pgTable(
  'project_facet_counts',
  {
    publication: text('publication').notNull(),
    facet: text('facet').notNull(),
    value: text('value').notNull(),
    n: integer('n').notNull(),
  },
  (t) => [primaryKey({ columns: [t.publication, t.facet, t.value] })],
);

/** Columns every child row of a project has (a fresh object per table, as drizzle needs). */
const base = (_name: string) => ({
  id: uuid('id').primaryKey(),
  projectId: uuid('project_id')
    .notNull()
    .references(() => projects.id, { onDelete: 'cascade' }),
  position: integer('position').notNull().default(0),
  iatiExtra: jsonb('iati_extra').notNull().default(sql`'{}'::jsonb`),
});

/** recipient-country: ISO alpha-2 with an optional percentage share. */
export const projectCountries = pgTable('project_countries', { ...base('c'), code: text('code').notNull(), percentage: doublePrecision('percentage') }, (t) => [
  index('project_countries_project_idx').on(t.projectId),
]);

/** recipient-region: code in a vocabulary (1 = OECD DAC regions) with an optional share. */
export const projectRegions = pgTable(
  'project_regions',
  { ...base('r'), code: text('code').notNull(), vocabulary: text('vocabulary').notNull().default('1'), percentage: doublePrecision('percentage') },
  (t) => [index('project_regions_project_idx').on(t.projectId)],
);

/** sector: a platform theme stored with its DAC purpose code (vocabulary 1) or another vocabulary's code. */
export const projectSectors = pgTable(
  'project_sectors',
  { ...base('s'), theme: text('theme'), vocabulary: text('vocabulary').notNull().default('1'), code: text('code').notNull(), percentage: doublePrecision('percentage') },
  (t) => [index('project_sectors_project_idx').on(t.projectId)],
);

/** participating-org: a directory organisation, or a named partner (abroad) with an optional IATI ref. */
export const projectParticipants = pgTable(
  'project_participants',
  {
    ...base('p'),
    /** OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing. */
    role: text('role').notNull(),
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    name: text('name'),
    ref: text('ref'),
    /** OrganisationType code. */
    type: text('type'),
    /** A directory organisation chooses to be listed: pending until it accepts or declines. */
    acceptance: text('acceptance', { enum: ['pending', 'accepted', 'declined'] }).notNull().default('pending'),
  },
  (t) => [index('project_participants_project_idx').on(t.projectId), index('project_participants_organisation_idx').on(t.organisationId)],
);

/** location: a named place with a WGS 84 point and its exactness (1 exact, 2 approximate). */
export const projectLocations = pgTable(
  'project_locations',
  {
    ...base('l'),
    name: text('name').notNull(),
    lat: doublePrecision('lat'),
    lng: doublePrecision('lng'),
    exactness: text('exactness').notNull().default('1'),
    /** GeographicLocationClass (2 populated place…). */
    locationClass: text('location_class'),
  },
  (t) => [index('project_locations_project_idx').on(t.projectId)],
);

/** budget: one period's amount, original (1) or revised (2), indicative (1) or committed (2). */
export const projectBudgets = pgTable(
  'project_budgets',
  {
    ...base('b'),
    type: text('type').notNull().default('1'),
    status: text('status').notNull().default('1'),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    /** Integer cents. */
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull().default('EUR'),
    valueDate: date('value_date', { mode: 'string' }),
  },
  (t) => [index('project_budgets_project_idx').on(t.projectId)],
);

/** transaction: TransactionType (1 incoming funds, 2 commitment, 3 disbursement, 4 expenditure…). */
export const projectTransactions = pgTable(
  'project_transactions',
  {
    ...base('t'),
    type: text('type').notNull(),
    date: date('date', { mode: 'string' }).notNull(),
    amount: bigint('amount', { mode: 'number' }).notNull(),
    currency: text('currency').notNull().default('EUR'),
    valueDate: date('value_date', { mode: 'string' }),
    description: text('description'),
    providerOrganisationId: uuid('provider_organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    providerName: text('provider_name'),
    providerRef: text('provider_ref'),
    receiverOrganisationId: uuid('receiver_organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    receiverName: text('receiver_name'),
    receiverRef: text('receiver_ref'),
  },
  (t) => [index('project_transactions_project_idx').on(t.projectId)],
);

/** One indicator of a result, in IATI's shape (baselines, periods with targets and actuals). */
export interface StoredIndicator {
  measure: string;
  ascending?: boolean;
  titleFr?: string;
  titleEn?: string;
  baselines: { year?: number; value?: string }[];
  periods: { start?: string; end?: string; target?: string; actual?: string }[];
}

/** result: type (1 output, 2 outcome, 3 impact, 9 other) with its indicators. */
export const projectResults = pgTable(
  'project_results',
  {
    ...base('res'),
    type: text('type').notNull().default('1'),
    titleFr: text('title_fr'),
    titleEn: text('title_en'),
    descriptionFr: text('description_fr'),
    descriptionEn: text('description_en'),
    indicators: jsonb('indicators').$type<StoredIndicator[]>().notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [index('project_results_project_idx').on(t.projectId)],
);

/** document-link: a link, or a stored file served by the files module. */
export const projectDocuments = pgTable(
  'project_documents',
  {
    ...base('d'),
    titleFr: text('title_fr'),
    titleEn: text('title_en'),
    /** DocumentCategory code (A01 pre/post-project impact appraisal, A02 objectives, A07 review…). */
    category: text('category').notNull().default('A01'),
    url: text('url'),
    fileId: uuid('file_id').references(() => files.id, { onDelete: 'set null' }),
    format: text('format'),
    language: text('language'),
    documentDate: date('document_date', { mode: 'string' }),
  },
  (t) => [index('project_documents_project_idx').on(t.projectId)],
);

export const projectPhotos = pgTable(
  'project_photos',
  {
    ...base('ph'),
    fileId: uuid('file_id')
      .notNull()
      .references(() => files.id, { onDelete: 'cascade' }),
    captionFr: text('caption_fr'),
    captionEn: text('caption_en'),
  },
  (t) => [index('project_photos_project_idx').on(t.projectId)],
);

/** Dated news posts of the project. */
export const projectUpdates = pgTable(
  'project_updates',
  {
    ...base('u'),
    date: date('date', { mode: 'string' }).notNull(),
    titleFr: text('title_fr'),
    titleEn: text('title_en'),
    bodyFr: text('body_fr'),
    bodyEn: text('body_en'),
  },
  (t) => [index('project_updates_project_idx').on(t.projectId, t.date)],
);


/** What the project is looking for, each with a short text. */
export const projectNeeds = pgTable(
  'project_needs',
  { ...base('n'), kind: text('kind', { enum: needKinds }).notNull(), textFr: text('text_fr'), textEn: text('text_en') },
  (t) => [index('project_needs_project_idx').on(t.projectId)],
);


/** "Help this project": an offer from a visitor, kept `pledgeRetentionDays` then deleted. */
export const helpOffers = pgTable(
  'help_offers',
  {
    id: uuid('id').primaryKey(),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: helpKinds }).notNull(),
    name: text('name').notNull(),
    email: text('email').notNull(),
    message: text('message').notNull(),
    /** A financial pledge, in cents. */
    amount: bigint('amount', { mode: 'number' }),
    consent: boolean('consent').notNull(),
    status: text('status', { enum: ['new', 'handled'] }).notNull().default('new'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    handledAt: timestamp('handled_at', { withTimezone: true }),
  },
  (t) => [index('help_offers_organisation_idx').on(t.organisationId, t.createdAt), index('help_offers_created_idx').on(t.createdAt)],
);

/** History of an offer: answers sent and status changes. */
export const helpOfferEvents = pgTable(
  'help_offer_events',
  {
    id: uuid('id').primaryKey(),
    offerId: uuid('offer_id')
      .notNull()
      .references(() => helpOffers.id, { onDelete: 'cascade' }),
    at: timestamp('at', { withTimezone: true }).notNull().defaultNow(),
    actorUserId: uuid('actor_user_id'),
    kind: text('kind', { enum: ['answered', 'handled', 'reopened'] }).notNull(),
    text: text('text'),
  },
  (t) => [index('help_offer_events_offer_idx').on(t.offerId, t.at)],
);
