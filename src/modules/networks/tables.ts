// Networks (e.g. a regional multi-actor network): member organisations with joining and leaving dates.
import { date, index, integer, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid } from 'drizzle-orm/pg-core';
import { organisations } from '../organisations/tables.ts';

export const networks = pgTable(
  'networks',
  {
    id: uuid('id').primaryKey(),
    slug: text('slug').notNull(),
    nameFr: text('name_fr'),
    nameEn: text('name_en'),
    summaryFr: text('summary_fr'),
    summaryEn: text('summary_en'),
    /** The network's own entry in the directory (its coordinating body), when it has one. */
    organisationId: uuid('organisation_id').references(() => organisations.id, { onDelete: 'set null' }),
    region: text('region'),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex('networks_slug_idx').on(t.slug)],
);

export const networkMembers = pgTable(
  'network_members',
  {
    networkId: uuid('network_id')
      .notNull()
      .references(() => networks.id, { onDelete: 'cascade' }),
    organisationId: uuid('organisation_id')
      .notNull()
      .references(() => organisations.id, { onDelete: 'cascade' }),
    joinedOn: date('joined_on').notNull(),
    leftOn: date('left_on'),
    /** A coordinating member (runs the network with its own entry) or a plain member. */
    role: text('role', { enum: ['member', 'coordinator'] }).notNull().default('member'),
  },
  (t) => [primaryKey({ columns: [t.networkId, t.organisationId] }), index('network_members_org_idx').on(t.organisationId)],
);
