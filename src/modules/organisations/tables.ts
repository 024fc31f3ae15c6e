import { sql } from 'drizzle-orm';
import { boolean, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { tsvector } from '../../db/types.ts';
import { users } from '../accounts/tables.ts';

export const organisations = pgTable(
  'organisations',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    nameFr: text('name_fr'),
    nameEn: text('name_en'),
    /** IATI OrganisationType code ("22" national NGO, "11" local government…). */
    kind: text('kind').notNull(),
    /** Local sub-type shown to people ("student", "diaspora", "network"…). */
    subtype: text('subtype').notNull(),
    logoFileId: uuid('logo_file_id'),
    website: text('website'),
    summaryFr: text('summary_fr'),
    summaryEn: text('summary_en'),
    descriptionFr: text('description_fr'),
    descriptionEn: text('description_en'),
    address: text('address'),
    postcode: text('postcode'),
    city: text('city'),
    /** Country of the head office (ISO alpha-2). */
    country: text('country').notNull().default('FR'),
    /** Countries of action (ISO alpha-2). */
    countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    siret: text('siret'),
    rna: text('rna'),
    iatiId: text('iati_id'),
    lookingForPartners: boolean('looking_for_partners').notNull().default(false),
    contactEmail: text('contact_email'),
    contactPublic: boolean('contact_public').notNull().default(false),
    staffCount: integer('staff_count'),
    volunteerCount: integer('volunteer_count'),
    status: text('status', { enum: ['active', 'archived'] }).notNull().default('active'),
    /** Optimistic concurrency: an edit names the version it started from. */
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
    search: tsvector('search').generatedAlwaysAs(
      sql`setweight(to_tsvector('simple'::regconfig, passerelle_unaccent(coalesce(name_fr, '') || ' ' || coalesce(name_en, '') || ' ' || coalesce(city, ''))), 'A')
        || setweight(to_tsvector('french'::regconfig, passerelle_unaccent(coalesce(summary_fr, '') || ' ' || coalesce(description_fr, ''))), 'B')
        || setweight(to_tsvector('english'::regconfig, passerelle_unaccent(coalesce(summary_en, '') || ' ' || coalesce(description_en, ''))), 'B')`,
    ),
  },
  (t) => [
    uniqueIndex('organisations_slug_idx').on(t.slug),
    uniqueIndex('organisations_iati_id_idx').on(t.iatiId),
    index('organisations_siret_idx').on(t.siret),
    index('organisations_search_idx').using('gin', t.search),
    index('organisations_countries_idx').using('gin', t.countries),
    index('organisations_themes_idx').using('gin', t.themes),
    index('organisations_name_trgm_idx').using('gin', sql`passerelle_unaccent(lower(coalesce(${t.nameFr}, '') || ' ' || coalesce(${t.nameEn}, ''))) gin_trgm_ops`),
  ],
);

export const organisationMembers = pgTable(
  'organisation_members',
  {
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['admin', 'editor', 'member'] }).notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.organisationId, t.userId] }), index('organisation_members_user_idx').on(t.userId)],
);

/** An invitation by e-mail to join an organisation with a role; the link expires. Only the SHA-256 of the token is stored. */
export const organisationInvitations = pgTable(
  'organisation_invitations',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    email: text('email').notNull(),
    role: text('role', { enum: ['admin', 'editor', 'member'] }).notNull(),
    tokenHash: text('token_hash').notNull(),
    invitedBy: uuid('invited_by').references(() => users.id, { onDelete: 'set null' }),
    expiresAt: timestamp('expires_at', { withTimezone: true }).notNull(),
    acceptedAt: timestamp('accepted_at', { withTimezone: true }),
    revokedAt: timestamp('revoked_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('organisation_invitations_token_idx').on(t.tokenHash), index('organisation_invitations_org_idx').on(t.organisationId)],
);

/** A request to administer an existing directory entry; a platform administrator approves or refuses it. */
export const organisationClaims = pgTable(
  'organisation_claims',
  {
    id: uuid('id').primaryKey(),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    message: text('message').notNull(),
    status: text('status', { enum: ['pending', 'approved', 'refused'] }).notNull().default('pending'),
    decidedBy: uuid('decided_by').references(() => users.id, { onDelete: 'set null' }),
    decidedAt: timestamp('decided_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('organisation_claims_status_idx').on(t.status, t.createdAt)],
);
