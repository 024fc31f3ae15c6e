import { sql } from 'drizzle-orm';
import { bigserial, doublePrecision, index, integer, pgTable, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';

/** A recurring series of events ("International Solidarity Week", every November). */
export const eventSeries = pgTable(
  'event_series',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    titleFr: text('title_fr'),
    titleEn: text('title_en'),
    descriptionFr: text('description_fr'),
    descriptionEn: text('description_en'),
    website: text('website'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('event_series_slug_idx').on(t.slug)],
);

export const events = pgTable(
  'events',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    seriesId: uuid('series_id').references(() => eventSeries.id, { onDelete: 'set null' }),
    titleFr: text('title_fr'),
    titleEn: text('title_en'),
    /** Markdown subset (kernel/rich-text.ts). */
    descriptionFr: text('description_fr'),
    descriptionEn: text('description_en'),
    startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
    endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
    /** IANA time zone the event's times are shown in. */
    timeZone: text('time_zone').notNull().default('Europe/Paris'),
    placeName: text('place_name'),
    address: text('address'),
    city: text('city'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    onlineUrl: text('online_url'),
    /** Organisations that organise the event (ids of organisations). */
    organiserIds: uuid('organiser_ids').array().notNull().default(sql`'{}'::uuid[]`),
    themes: text('themes').array().notNull().default(sql`'{}'::text[]`),
    /** Seats; null means no registration is taken. */
    capacity: integer('capacity'),
    status: text('status', { enum: ['draft', 'published', 'cancelled'] }).notNull().default('published'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    uniqueIndex('events_slug_idx').on(t.slug),
    index('events_starts_idx').on(t.startsAt),
    index('events_series_idx').on(t.seriesId),
    index('events_organisers_idx').using('gin', t.organiserIds),
    index('events_themes_idx').using('gin', t.themes),
  ],
);

/** A person's registration: confirmed while seats last, then on the waiting list in order of arrival. */
export const eventRegistrations = pgTable(
  'event_registrations',
  {
    id: uuid('id').primaryKey(),
    /** Order of arrival (the waiting list is served in this order). */
    seq: bigserial('seq', { mode: 'number' }).notNull(),
    eventId: uuid('event_id')
      .notNull()
      .references(() => events.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    /** Lower-cased. */
    email: text('email').notNull(),
    status: text('status', { enum: ['confirmed', 'waiting', 'cancelled'] }).notNull(),
    /** SHA-256 of the secret in the cancellation link (the secret itself is only in the mail). */
    tokenHash: text('token_hash').notNull(),
    locale: text('locale').notNull().default('fr'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    index('event_registrations_event_idx').on(t.eventId, t.status, t.seq),
    uniqueIndex('event_registrations_token_idx').on(t.tokenHash),
    uniqueIndex('event_registrations_active_email_idx').on(t.eventId, t.email).where(sql`status <> 'cancelled'`),
  ],
);
