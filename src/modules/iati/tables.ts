// One row per imported IATI file: who, when, which file, what came of it. Written when the import starts
// (status `running`) and completed at its end, so an import cut short by a crash stays visible as `running`.
import { sql } from 'drizzle-orm';
import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
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
