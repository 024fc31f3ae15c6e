// Cooperation between organisations: what each offers and seeks, partnership requests (between organisations
// or from an association abroad not yet in the directory), their messages, and joint projects born from them.
import { sql } from 'drizzle-orm';
import { bigint, index, integer, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/tables.ts';

/** One per organisation: what it offers to partners. */
export const cooperationOffers = pgTable('cooperation_offers', {
  organisationId: uuid('organisation_id')
    .primaryKey()
    .references(() => organisations.id, { onDelete: 'cascade' }),
  skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
  /** Countries and themes where it has experience (besides the directory's countries of action). */
  countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
  themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
  languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
  volunteers: integer('volunteers'),
  /** Co-financing it can bring to a joint project, in cents. */
  cofinancingCents: bigint('cofinancing_cents', { mode: 'number' }),
  noteFr: text('note_fr'),
  noteEn: text('note_en'),
  version: integer('version').notNull().default(1),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});

export const needKinds = ['project_partner', 'skills', 'cofunder', 'local_partner'] as const;

/** What an organisation seeks; many per organisation. */
export const cooperationNeeds = pgTable(
  'cooperation_needs',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    kind: text('kind', { enum: needKinds }).notNull(),
    titleFr: text('title_fr'),
    titleEn: text('title_en'),
    descriptionFr: text('description_fr'),
    descriptionEn: text('description_en'),
    skills: text('skills').array().notNull().default(sql`'{}'::text[]`),
    countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    languages: text('languages').array().notNull().default(sql`'{}'::text[]`),
    status: text('status', { enum: ['open', 'closed'] }).notNull().default('open'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('cooperation_needs_org_idx').on(t.organisationId)],
);

/**
 * A partnership request. From an organisation of the directory (fromOrganisationId) or from an association
 * abroad through the public form (sender* fields). Accepted means the two are partners.
 */
export const partnershipRequests = pgTable(
  'partnership_requests',
  {
    id: uuid('id').primaryKey(),
    fromOrganisationId: uuid('from_organisation_id').references(() => organisations.id, { onDelete: 'cascade' }),
    toOrganisationId: uuid('to_organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    needId: uuid('need_id').references(() => cooperationNeeds.id, { onDelete: 'set null' }),
    senderName: text('sender_name'),
    senderOrganisation: text('sender_organisation'),
    senderEmail: text('sender_email'),
    senderCountry: text('sender_country'),
    /** Hash of the sender's address, for the public form's rate limit (the address itself is not kept). */
    senderIpHash: text('sender_ip_hash'),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    subject: text('subject').notNull(),
    message: text('message').notNull(),
    status: text('status', { enum: ['pending', 'accepted', 'declined', 'withdrawn'] }).notNull().default('pending'),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('partnership_requests_to_idx').on(t.toOrganisationId, t.status),
    index('partnership_requests_from_idx').on(t.fromOrganisationId, t.status),
    index('partnership_requests_ip_idx').on(t.senderIpHash, t.createdAt),
  ],
);

export const partnershipMessages = pgTable(
  'partnership_messages',
  {
    id: uuid('id').primaryKey(),
    requestId: uuid('request_id')
      .notNull()
      .references(() => partnershipRequests.id, { onDelete: 'cascade' }),
    authorOrganisationId: uuid('author_organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    authorUserId: uuid('author_user_id'),
    body: text('body').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('partnership_messages_request_idx').on(t.requestId, t.createdAt)],
);

/** A project run together, born from an accepted partnership. projectId links the projects module (no FK yet). */
export const jointProjects = pgTable('joint_projects', {
  id: uuid('id').primaryKey(),
  partnershipId: uuid('partnership_id').references(() => partnershipRequests.id, { onDelete: 'set null' }),
  projectId: uuid('project_id'),
  titleFr: text('title_fr'),
  titleEn: text('title_en'),
  summaryFr: text('summary_fr'),
  summaryEn: text('summary_en'),
  budgetCents: bigint('budget_cents', { mode: 'number' }),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});

export const participantRoles = ['lead', 'partner', 'local_partner', 'cofunder'] as const;

export const jointProjectParticipants = pgTable(
  'joint_project_participants',
  {
    jointProjectId: uuid('joint_project_id')
      .notNull()
      .references(() => jointProjects.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: participantRoles }).notNull(),
    /** Share of the budget in percent; the shares of a joint project sum to 100. */
    sharePercent: integer('share_percent').notNull(),
  },
  (t) => [primaryKey({ columns: [t.jointProjectId, t.organisationId] }), index('joint_project_participants_org_idx').on(t.organisationId)],
);
