// Alliances: a record of their own (not a project, not an organisation type). Founding and admitted members,
// a versioned charter, each member's signature of the deed of commitment, admission requests and votes.
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/tables.ts';
import { projects } from '../projects/tables.ts';

export interface BilingualItem {
  fr: string;
  en: string;
}

export const alliances = pgTable(
  'alliances',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    nameFr: text('name_fr'),
    nameEn: text('name_en'),
    summaryFr: text('summary_fr'),
    summaryEn: text('summary_en'),
    /** The alliance's own entry in the directory, when it has one. */
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    /** The member organisation that coordinates (decides admissions when the charter says so). */
    coordinatorOrganisationId: uuid('coordinator_organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    /** Common territories: countries (ISO alpha-2) and named regions. */
    countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
    regions: jsonb('regions').$type<BilingualItem[]>().notNull().default(sql`'[]'::jsonb`),
    pressContactName: text('press_contact_name'),
    pressContactEmail: text('press_contact_email'),
    foundedOn: date('founded_on'),
    /** Optimistic concurrency of the edit form. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('alliances_slug_idx').on(t.slug)],
);

/**
 * A joint project of the alliance: a normal project row (owned by the lead member, so the funding form can pick
 * it as the project of a consortium application), with the member organisations' own projects linked to it.
 */
export const allianceJointProjects = pgTable(
  'alliance_joint_projects',
  {
    allianceId: uuid('alliance_id')
      .notNull()
      .references(() => alliances.id, { onDelete: 'cascade' }),
    projectId: uuid('project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.allianceId, t.projectId] }), uniqueIndex('alliance_joint_projects_project_idx').on(t.projectId)],
);

/** A member organisation's own project linked to a joint project of the alliance (shown on both pages). */
export const allianceProjectLinks = pgTable(
  'alliance_project_links',
  {
    jointProjectId: uuid('joint_project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    memberProjectId: uuid('member_project_id')
      .notNull()
      .references(() => projects.id, { onDelete: 'cascade' }),
    allianceId: uuid('alliance_id')
      .notNull()
      .references(() => alliances.id, { onDelete: 'cascade' }),
    linkedBy: uuid('linked_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.jointProjectId, t.memberProjectId] }), index('alliance_project_links_member_idx').on(t.memberProjectId)],
);

export const allianceMembers = pgTable(
  'alliance_members',
  {
    allianceId: uuid('alliance_id')
      .notNull()
      .references(() => alliances.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    founding: boolean('founding').notNull().default(false),
    joinedOn: date('joined_on').notNull(),
    leftOn: date('left_on'),
  },
  (t) => [primaryKey({ columns: [t.allianceId, t.organisationId] }), index('alliance_members_org_idx').on(t.organisationId)],
);

export const decisionRules = ['member_vote', 'coordinator'] as const;
export type DecisionRule = (typeof decisionRules)[number];

export const allianceCharters = pgTable(
  'alliance_charters',
  {
    id: uuid('id').primaryKey(),
    allianceId: uuid('alliance_id')
      .notNull()
      .references(() => alliances.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    valuesFr: text('values_fr'),
    valuesEn: text('values_en'),
    priorityAreas: jsonb('priority_areas').$type<BilingualItem[]>().notNull().default(sql`'[]'::jsonb`),
    /** Taxonomy theme codes of the priority areas and of the cross-cutting areas. */
    priorityThemes: text('priority_themes').array().notNull().default(sql`'{}'::text[]`),
    crossCuttingThemes: text('cross_cutting_themes').array().notNull().default(sql`'{}'::text[]`),
    admissionCriteria: jsonb('admission_criteria').$type<BilingualItem[]>().notNull().default(sql`'[]'::jsonb`),
    /** How admissions are decided under this version: a majority of members, or the coordinator alone. */
    decisionRule: text('decision_rule', { enum: decisionRules }).notNull(),
    adoptedOn: date('adopted_on').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('alliance_charters_version_idx').on(t.allianceId, t.version)],
);

/** A member's signature of the deed of commitment, for one charter version. */
export const allianceSignatures = pgTable(
  'alliance_signatures',
  {
    allianceId: uuid('alliance_id')
      .notNull()
      .references(() => alliances.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    charterVersion: integer('charter_version').notNull(),
    signatoryName: text('signatory_name').notNull(),
    signatoryRole: text('signatory_role').notNull(),
    signedOn: date('signed_on').notNull(),
  },
  (t) => [primaryKey({ columns: [t.allianceId, t.organisationId, t.charterVersion] })],
);

export interface CriterionAnswer {
  criterion: number;
  answer: string;
}

export const allianceAdmissions = pgTable(
  'alliance_admissions',
  {
    id: uuid('id').primaryKey(),
    allianceId: uuid('alliance_id')
      .notNull()
      .references(() => alliances.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    charterVersion: integer('charter_version').notNull(),
    /** The decision rule of that charter version, copied when the request is made. */
    decisionRule: text('decision_rule', { enum: decisionRules }).notNull(),
    answers: jsonb('answers').$type<CriterionAnswer[]>().notNull(),
    motivation: text('motivation'),
    signatoryName: text('signatory_name').notNull(),
    signatoryRole: text('signatory_role').notNull(),
    contactEmail: text('contact_email'),
    status: text('status', { enum: ['pending', 'accepted', 'refused', 'withdrawn'] }).notNull().default('pending'),
    requestedBy: uuid('requested_by'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('alliance_admissions_alliance_idx').on(t.allianceId, t.status)],
);

export const allianceVotes = pgTable(
  'alliance_votes',
  {
    admissionId: uuid('admission_id')
      .notNull()
      .references(() => allianceAdmissions.id, { onDelete: 'cascade' }),
    memberOrganisationId: uuid('member_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    vote: text('vote', { enum: ['yes', 'no'] }).notNull(),
    votedBy: uuid('voted_by'),
    votedAt: timestamp('voted_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.admissionId, t.memberOrganisationId] })],
);
