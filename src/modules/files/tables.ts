import { boolean, index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { bytea } from '../../db/types.ts';

/** Uploaded and generated files (logos, documents), kept in the database so app processes stay stateless. */
export const files = pgTable(
  'files',
  {
    id: uuid('id').primaryKey(),
    sha256: text('sha256').notNull(),
    mediaType: text('media_type').notNull(),
    fileName: text('file_name').notNull(),
    size: integer('size').notNull(),
    width: integer('width'),
    height: integer('height'),
    content: bytea('content').notNull(),
    /** Served only by the module that stored it, after its own access check (funding attachments); never by /files/:id. */
    restricted: boolean('restricted').notNull().default(false),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('files_sha256_idx').on(t.sha256)],
);
