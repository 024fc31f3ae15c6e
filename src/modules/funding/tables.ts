// Funding: envelopes → lines → calls → applications → reviews → decisions → awards → tranches/payments → reports.
// Amounts are integer cents (bigint columns read as JS numbers: safe up to 90 000 billion euros).
import { sql } from 'drizzle-orm';
import { bigint, boolean, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { users } from '../accounts/tables.ts';
import { files } from '../files/tables.ts';
import { organisations } from '../organisations/tables.ts';
import { projects } from '../projects/tables.ts';

const cents = (name: string) => bigint(name, { mode: 'number' });
const at = (name: string) => timestamp(name, { withTimezone: true });

/** Which users act for which funder, and in which capacity. */
export const funderTeam = pgTable(
  'funding_funder_team',
  {
    funderId: uuid('funder_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull().references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['staff', 'finance', 'reviewer', 'committee'] }).notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.funderId, t.userId, t.role] }), index('funding_funder_team_user_idx').on(t.userId)],
);

/** Organisations vetted by a funder (emergency calls accept only those vetted within the last two years). */
export const prequalifications = pgTable(
  'funding_prequalifications',
  {
    id: uuid('id').primaryKey(),
    funderId: uuid('funder_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id, { onDelete: 'cascade' }),
    vettedOn: text('vetted_on').notNull(),
    note: text('note'),
    createdBy: uuid('created_by'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('funding_prequalifications_pair_idx').on(t.funderId, t.organisationId)],
);

export const envelopes = pgTable(
  'funding_envelopes',
  {
    id: uuid('id').primaryKey(),
    funderId: uuid('funder_id').notNull().references(() => organisations.id),
    year: integer('year').notNull(),
    nameFr: text('name_fr').notNull(),
    nameEn: text('name_en'),
    amountCents: cents('amount_cents').notNull(),
    currency: text('currency').notNull().default('EUR'),
    /** The granting body as published in the SCDL file. */
    grantorName: text('grantor_name').notNull(),
    grantorSiret: text('grantor_siret').notNull(),
    version: integer('version').notNull().default(1),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('funding_envelopes_funder_year_idx').on(t.funderId, t.year, t.nameFr)],
);

export const lines = pgTable(
  'funding_lines',
  {
    id: uuid('id').primaryKey(),
    envelopeId: uuid('envelope_id').notNull().references(() => envelopes.id, { onDelete: 'cascade' }),
    nameFr: text('name_fr').notNull(),
    nameEn: text('name_en'),
    earmarkedCents: cents('earmarked_cents').notNull(),
    isEmergency: boolean('is_emergency').notNull().default(false),
    position: integer('position').notNull().default(0),
    version: integer('version').notNull().default(1),
  },
  (t) => [index('funding_lines_envelope_idx').on(t.envelopeId)],
);

/** Finance moves earmarked amounts between the lines of one envelope (also in audit_log). */
export const lineTransfers = pgTable('funding_line_transfers', {
  id: uuid('id').primaryKey(),
  fromLineId: uuid('from_line_id').notNull().references(() => lines.id),
  toLineId: uuid('to_line_id').notNull().references(() => lines.id),
  amountCents: cents('amount_cents').notNull(),
  reason: text('reason').notNull(),
  createdBy: uuid('created_by'),
  createdAt: at('created_at').notNull().defaultNow(),
});

export interface Criterion {
  key: string;
  labelFr: string;
  labelEn: string;
  weight: number;
}
export interface RequiredDocument {
  key: string;
  labelFr: string;
  labelEn: string;
}
export interface Question {
  key: string;
  labelFr: string;
  labelEn: string;
  required: boolean;
}
export interface EmergencyInfo {
  kind: 'disaster' | 'conflict';
  glide: string | null;
  decisionHours: number;
}

export const calls = pgTable(
  'funding_calls',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    lineId: uuid('line_id').notNull().references(() => lines.id),
    funderId: uuid('funder_id').notNull().references(() => organisations.id),
    titleFr: text('title_fr').notNull(),
    titleEn: text('title_en'),
    textFr: text('text_fr').notNull(),
    textEn: text('text_en'),
    opensAt: at('opens_at').notNull(),
    closesAt: at('closes_at').notNull(),
    eligibleSubtypes: text('eligible_subtypes').array().notNull().default(sql`'{}'::text[]`),
    countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    minAmountCents: cents('min_amount_cents'),
    maxAmountCents: cents('max_amount_cents'),
    /** Minimum share of the budget funded by others, in percent (0 = none required). */
    coFinancingMinPercent: integer('co_financing_min_percent').notNull().default(0),
    criteria: jsonb('criteria').$type<Criterion[]>().notNull().default(sql`'[]'::jsonb`),
    requiredDocuments: jsonb('required_documents').$type<RequiredDocument[]>().notNull().default(sql`'[]'::jsonb`),
    questions: jsonb('questions').$type<Question[]>().notNull().default(sql`'[]'::jsonb`),
    /** Tranche shares of an award on this call (e.g. 50/50); emergency calls pay one tranche. */
    trancheShares: integer('tranche_shares').array().notNull().default(sql`'{50,50}'::integer[]`),
    /** Months between tranches (and between a tranche and its report). */
    trancheIntervalMonths: integer('tranche_interval_months').notNull().default(12),
    reviewPhaseClosed: boolean('review_phase_closed').notNull().default(false),
    isEmergency: boolean('is_emergency').notNull().default(false),
    emergency: jsonb('emergency').$type<EmergencyInfo | null>(),
    createdBy: uuid('created_by'),
    version: integer('version').notNull().default(1),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('funding_calls_slug_idx').on(t.slug), index('funding_calls_closes_idx').on(t.closesAt)],
);

export interface BudgetLine {
  label: string;
  amountCents: number;
}
export interface OtherFunder {
  name: string;
  amountCents: number;
}

export const applications = pgTable(
  'funding_applications',
  {
    id: uuid('id').primaryKey(),
    callId: uuid('call_id').notNull().references(() => calls.id),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    /** The applicant organisation's project (projects module): its awards and payments become the project's IATI transactions. */
    projectId: uuid('project_id').references(() => projects.id, { onDelete: 'set null' }),
    state: text('state').notNull().default('draft'),
    title: text('title').notNull(),
    summary: text('summary'),
    countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    requestedCents: cents('requested_cents').notNull().default(0),
    totalBudgetCents: cents('total_budget_cents').notNull().default(0),
    budgetLines: jsonb('budget_lines').$type<BudgetLine[]>().notNull().default(sql`'[]'::jsonb`),
    otherFunders: jsonb('other_funders').$type<OtherFunder[]>().notNull().default(sql`'[]'::jsonb`),
    answers: jsonb('answers').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
    /** Legal identifiers of the beneficiary as given on the application (SCDL). */
    applicantSiret: text('applicant_siret'),
    applicantRna: text('applicant_rna'),
    humanitarian: boolean('humanitarian').notNull().default(false),
    sectorCodes: text('sector_codes').array().notNull().default(sql`'{}'::text[]`),
    completionDueAt: at('completion_due_at'),
    completionNote: text('completion_note'),
    submittedAt: at('submitted_at'),
    /** Emergency calls: the decision is due by this instant (submission + the call's decision hours). */
    decisionDueAt: at('decision_due_at'),
    createdBy: uuid('created_by'),
    version: integer('version').notNull().default(1),
    createdAt: at('created_at').notNull().defaultNow(),
    updatedAt: at('updated_at').notNull().defaultNow(),
  },
  (t) => [
    index('funding_applications_call_idx').on(t.callId, t.state),
    index('funding_applications_org_idx').on(t.organisationId),
    index('funding_applications_project_idx').on(t.projectId),
  ],
);

/** Consortium partners: each confirms its part before the lead can submit. */
export const coApplicants = pgTable(
  'funding_co_applicants',
  {
    applicationId: uuid('application_id').notNull().references(() => applications.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id').notNull().references(() => organisations.id),
    partCents: cents('part_cents').notNull(),
    confirmedAt: at('confirmed_at'),
    confirmedBy: uuid('confirmed_by'),
  },
  (t) => [primaryKey({ columns: [t.applicationId, t.organisationId] })],
);

export const applicationDocuments = pgTable(
  'funding_application_documents',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id').notNull().references(() => applications.id, { onDelete: 'cascade' }),
    /** Set for a report's attachment (`docKey` is then `report-<sequence>`). */
    reportId: uuid('report_id').references(() => reports.id, { onDelete: 'cascade' }),
    docKey: text('doc_key').notNull(),
    fileId: uuid('file_id').notNull().references(() => files.id),
    fileName: text('file_name').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('funding_application_documents_key_idx').on(t.applicationId, t.docKey)],
);

export interface Score {
  score: number;
  comment: string;
}

export const reviews = pgTable(
  'funding_reviews',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id').notNull().references(() => applications.id, { onDelete: 'cascade' }),
    reviewerId: uuid('reviewer_id').notNull().references(() => users.id),
    conflict: boolean('conflict').notNull().default(false),
    conflictNote: text('conflict_note'),
    scores: jsonb('scores').$type<Record<string, Score>>().notNull().default(sql`'{}'::jsonb`),
    completedAt: at('completed_at'),
    assignedBy: uuid('assigned_by'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('funding_reviews_pair_idx').on(t.applicationId, t.reviewerId), index('funding_reviews_reviewer_idx').on(t.reviewerId)],
);

export const committeeSessions = pgTable('funding_committee_sessions', {
  id: uuid('id').primaryKey(),
  funderId: uuid('funder_id').notNull().references(() => organisations.id),
  reference: text('reference').notNull(),
  heldOn: text('held_on').notNull(),
  createdBy: uuid('created_by'),
  createdAt: at('created_at').notNull().defaultNow(),
});

export const awards = pgTable(
  'funding_awards',
  {
    id: uuid('id').primaryKey(),
    applicationId: uuid('application_id').notNull().references(() => applications.id),
    sessionId: uuid('session_id').references(() => committeeSessions.id),
    amountCents: cents('amount_cents').notNull(),
    conditions: text('conditions'),
    decidedOn: text('decided_on').notNull(),
    agreementSignedOn: text('agreement_signed_on'),
    startOn: text('start_on').notNull(),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('funding_awards_application_idx').on(t.applicationId)],
);

export const tranches = pgTable(
  'funding_tranches',
  {
    id: uuid('id').primaryKey(),
    awardId: uuid('award_id').notNull().references(() => awards.id, { onDelete: 'cascade' }),
    sequence: integer('sequence').notNull(),
    amountCents: cents('amount_cents').notNull(),
    plannedAt: at('planned_at').notNull(),
    paidAt: at('paid_at'),
  },
  (t) => [uniqueIndex('funding_tranches_seq_idx').on(t.awardId, t.sequence)],
);

/** One payment per tranche, recorded once per idempotency key (a retry gets the same row back). */
export const payments = pgTable(
  'funding_payments',
  {
    id: uuid('id').primaryKey(),
    idempotencyKey: text('idempotency_key').notNull(),
    trancheId: uuid('tranche_id').notNull().references(() => tranches.id),
    amountCents: cents('amount_cents').notNull(),
    paidOn: text('paid_on').notNull(),
    reference: text('reference').notNull(),
    recordedBy: uuid('recorded_by'),
    createdAt: at('created_at').notNull().defaultNow(),
  },
  (t) => [uniqueIndex('funding_payments_key_idx').on(t.idempotencyKey), uniqueIndex('funding_payments_tranche_idx').on(t.trancheId)],
);

export interface IndicatorResult {
  /** The project result row and the indicator's position in it. */
  resultId: string;
  indicator: number;
  titleFr: string | null;
  titleEn: string | null;
  target: string | null;
  actual: string;
  comment: string | null;
}

export const reports = pgTable(
  'funding_reports',
  {
    id: uuid('id').primaryKey(),
    awardId: uuid('award_id').notNull().references(() => awards.id, { onDelete: 'cascade' }),
    sequence: integer('sequence').notNull(),
    kind: text('kind', { enum: ['interim', 'final'] }).notNull(),
    dueAt: at('due_at').notNull(),
    status: text('status', { enum: ['expected', 'submitted', 'accepted', 'rejected'] }).notNull().default('expected'),
    narrative: text('narrative'),
    financial: text('financial'),
    results: text('results'),
    /** Actual values reported against the linked project's indicators (targets copied when the report is handed in). */
    indicatorResults: jsonb('indicator_results').$type<IndicatorResult[]>().notNull().default(sql`'[]'::jsonb`),
    submittedAt: at('submitted_at'),
    reviewNote: text('review_note'),
    reviewedAt: at('reviewed_at'),
  },
  (t) => [uniqueIndex('funding_reports_seq_idx').on(t.awardId, t.sequence), index('funding_reports_due_idx').on(t.status, t.dueAt)],
);
