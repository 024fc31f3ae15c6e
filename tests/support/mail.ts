// Reading the mail outbox in tests: the last mail sent to an address, and the first platform link in it.
import { desc, eq } from 'drizzle-orm';
import type { Db } from '../../src/db/client.ts';
import { mailOutbox } from '../../src/kernel/tables.ts';

export async function lastMailTo(db: Db, to: string): Promise<{ subject: string; text: string; kind: string } | undefined> {
  const [row] = await db.select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(desc(mailOutbox.createdAt)).limit(1);
  return row;
}

export async function mailsTo(db: Db, to: string) {
  return db.select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(desc(mailOutbox.createdAt));
}

/** The path (with its query) of the first link to the platform in a mail: what the user clicks. */
export function linkIn(text: string, baseUrl = 'http://localhost:3000'): string {
  const m = new RegExp(`${baseUrl.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(/\\S+)`).exec(text);
  if (!m) throw new Error(`no link in mail: ${text}`);
  return m[1]!;
}
