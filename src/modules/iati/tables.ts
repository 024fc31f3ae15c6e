// One row per imported IATI file: who, when, which file, what came of it. Written when the import starts
// (status `running`) and completed at its end, so an import cut short by a crash stays visible as `running`.
import { sql } from 'drizzle-orm';
import { bigint, date, index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/tables.ts';

export const iatiImportRuns = pgTable(
  'iati_import_runs',
  {
    id: uuid('id').primaryKey(),
    /** null: the platform itself (CLI). */
    actorUserId: uuid('actor_user_id'),
    /** The organisation the activities were attributed to (upload by a member, `--organisation`), if any. */
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    fileName: text('file_name').notNull(),
    source: text('source', { enum: ['cli', 'upload', 'script'] }).notNull(),
    status: text('status', { enum: ['running', 'done', 'refused'] }).notNull().default('running'),
    root: text('root'),
    version: text('version'),
    imported: integer('imported').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    organisationsCreated: integer('organisations_created').notNull().default(0),
    /** The refusal of an unreadable file: `{ code, line, column }`. */
    error: jsonb('error'),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
    meta: jsonb('meta').notNull().default(sql`'{}'::jsonb`),
  },
  (t) => [index('iati_import_runs_started_idx').on(t.startedAt), index('iati_import_runs_organisation_idx').on(t.organisationId, t.startedAt)],
);

/**
 * An organisation's budgets and expenditure as its IATI organisation file states them (total budgets, budgets
 * per recipient organisation, region or country, total expenditure), replaced as a whole by each import of a
 * newer file, and written back in the organisation file that Passerelle publishes for it.
 */
export const iatiOrganisationBudgets = pgTable(
  'iati_organisation_budgets',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: ['total_budget', 'recipient_org_budget', 'recipient_region_budget', 'recipient_country_budget', 'total_expenditure'] }).notNull(),
    /** BudgetStatus (1 indicative, 2 committed); none for expenditure. */
    status: text('status'),
    periodStart: date('period_start', { mode: 'string' }).notNull(),
    periodEnd: date('period_end', { mode: 'string' }).notNull(),
    /** In cents of `currency`. */
    amountCents: bigint('amount_cents', { mode: 'number' }).notNull(),
    /** null: the organisation file's default currency (kept as published). */
    currency: text('currency'),
    valueDate: date('value_date', { mode: 'string' }),
    /** The recipient of a recipient budget: organisation ref, or region / country code (with its vocabulary). */
    recipientRef: text('recipient_ref'),
    recipientCode: text('recipient_code'),
    recipientVocabulary: text('recipient_vocabulary'),
    recipientName: jsonb('recipient_name').notNull().default(sql`'{}'::jsonb`),
    /** Budget lines: `[{ ref, value: { amount, currency, valueDate }, narrative }]`, as in the model. */
    lines: jsonb('lines').notNull().default(sql`'[]'::jsonb`),
    position: integer('position').notNull().default(0),
  },
  (t) => [index('iati_organisation_budgets_organisation_idx').on(t.organisationId, t.kind, t.position)],
);

/** The document links of an organisation's last imported organisation file (an `OrgDocumentLink` of the model each). */
export const iatiOrganisationDocuments = pgTable(
  'iati_organisation_documents',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    position: integer('position').notNull().default(0),
    link: jsonb('link').notNull(),
  },
  (t) => [index('iati_organisation_documents_organisation_idx').on(t.organisationId, t.position)],
);
