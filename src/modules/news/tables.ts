import { sql } from 'drizzle-orm';
import { date, index, integer, jsonb, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/tables.ts';

export interface PressContact {
  name: string;
  role: string | null;
  email: string | null;
  phone: string | null;
}

/** News articles and press releases (a press release is an article of type "press_release"). */
export const newsArticles = pgTable(
  'news_articles',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    type: text('type', { enum: ['news', 'press_release'] }).notNull().default('news'),
    /** The organisation that signs the article; null for the platform itself. */
    authorOrganisationId: uuid('author_organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    /** What signs it: an organisation, an alliance, a network, a campaign or the platform. */
    authorKind: text('author_kind', { enum: ['organisation', 'alliance', 'network', 'campaign', 'platform'] }).notNull().default('organisation'),
    titleFr: text('title_fr'),
    titleEn: text('title_en'),
    summaryFr: text('summary_fr'),
    summaryEn: text('summary_en'),
    /** Markdown subset (kernel/rich-text.ts), rendered and made safe on output. */
    bodyFr: text('body_fr'),
    bodyEn: text('body_en'),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    countries: text('countries').array().notNull().default(sql`'{}'::text[]`),
    /** Linked projects and campaigns (their modules land later: no foreign key yet). */
    projectIds: uuid('project_ids').array().notNull().default(sql`'{}'::uuid[]`),
    campaignIds: uuid('campaign_ids').array().notNull().default(sql`'{}'::uuid[]`),
    status: text('status', { enum: ['draft', 'published'] }).notNull().default('draft'),
    publishedAt: timestamp('published_at', { withTimezone: true }),
    /** Press releases: "Paris, 1 December 2021". */
    datelinePlace: text('dateline_place'),
    datelineDate: date('dateline_date'),
    pressContacts: jsonb('press_contacts').$type<PressContact[]>().notNull().default(sql`'[]'::jsonb`),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('news_articles_slug_idx').on(t.slug),
    index('news_articles_published_idx').on(t.status, t.publishedAt),
    index('news_articles_author_idx').on(t.authorOrganisationId),
    index('news_articles_themes_idx').using('gin', t.themes),
    index('news_articles_countries_idx').using('gin', t.countries),
    index('news_articles_projects_idx').using('gin', t.projectIds),
    index('news_articles_campaigns_idx').using('gin', t.campaignIds),
  ],
);
