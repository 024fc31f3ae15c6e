// Advocacy and awareness campaigns: organising and co-signing organisations, individual supporters
// (confirmed by e-mail, erasable), linked events and news, and a downloadable kit.
import { sql } from 'drizzle-orm';
import { boolean, date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/types.ts';
import { organisations } from '../organisations/tables.ts';

export const campaigns = pgTable(
  'campaigns',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    titleFr: text('title_fr'),
    titleEn: text('title_en'),
    summaryFr: text('summary_fr'),
    summaryEn: text('summary_en'),
    textFr: text('text_fr'),
    textEn: text('text_en'),
    /** What the campaign aims for (plain text, one goal per line). */
    goalsFr: text('goals_fr'),
    goalsEn: text('goals_en'),
    startsOn: date('starts_on'),
    endsOn: date('ends_on'),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
    website: text('website'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('campaigns_slug_idx').on(t.slug)],
);

export const campaignSignatories = pgTable(
  'campaign_signatories',
  {
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    role: text('role', { enum: ['organiser', 'cosigner'] }).notNull(),
    signedBy: uuid('signed_by'),
    signedAt: timestamp('signed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.campaignId, t.organisationId] }), index('campaign_signatories_org_idx').on(t.organisationId)],
);

export const campaignSupporters = pgTable(
  'campaign_supporters',
  {
    id: uuid('id').primaryKey(),
    campaignId: uuid('campaign_id')
      .notNull()
      .references(() => campaigns.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    email: text('email').notNull(),
    displayPublicly: boolean('display_publicly').notNull().default(false),
    /** sha256 of the token sent by mail; the same link confirms, a second one erases. */
    confirmTokenHash: text('confirm_token_hash').notNull(),
    eraseTokenHash: text('erase_token_hash').notNull(),
    confirmedAt: timestamp('confirmed_at', { withTimezone: true }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('campaign_supporters_email_idx').on(t.campaignId, t.email), index('campaign_supporters_confirm_idx').on(t.confirmTokenHash), index('campaign_supporters_erase_idx').on(t.eraseTokenHash)],
);

/** Events and news linked to the campaign (ids of the publication module once it lands; titles meanwhile). */
export const campaignLinks = pgTable('campaign_links', {
  id: uuid('id').primaryKey(),
  campaignId: uuid('campaign_id')
    .notNull()
    .references(() => campaigns.id, { onDelete: 'cascade' }),
  kind: text('kind', { enum: ['event', 'news'] }).notNull(),
  refId: uuid('ref_id'),
  titleFr: text('title_fr'),
  titleEn: text('title_en'),
  on: date('on'),
  url: text('url'),
});

export const campaignDocuments = pgTable('campaign_documents', {
  id: uuid('id').primaryKey(),
  campaignId: uuid('campaign_id')
    .notNull()
    .references(() => campaigns.id, { onDelete: 'cascade' }),
  titleFr: text('title_fr'),
  titleEn: text('title_en'),
  fileName: text('file_name').notNull(),
  mediaType: text('media_type').notNull(),
  size: integer('size').notNull(),
  content: bytea('content').notNull(),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
});
