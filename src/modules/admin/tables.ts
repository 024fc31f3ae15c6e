import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { files } from '../files/tables.ts';

/** The platform's settings, one row (id 1); empty columns fall back to the configuration. */
export const platformSettings = pgTable('platform_settings', {
  id: integer('id').primaryKey(),
  territoryName: text('territory_name'),
  defaultLocale: text('default_locale', { enum: ['fr', 'en'] }),
  contactEmail: text('contact_email'),
  /** The platform's logo (re-encoded image in `files`), shown in the header instead of the default one. */
  logoFileId: uuid('logo_file_id').references(() => files.id, { onDelete: 'set null' }),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
