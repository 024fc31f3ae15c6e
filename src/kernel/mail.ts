// Mail is queued in the outbox inside the caller's transaction (so it is sent only if the change commits),
// then delivered by the outbox worker through SMTP when SMTP_URL is set. Without SMTP it stays readable
// in the administrator's outbox: development and tests follow links from there.
import { and, asc, eq, lt, ne, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import nodemailer from 'nodemailer';
import { newId } from './ids.ts';
import { recurringJob, type JobHandlers } from './jobs.ts';
import { mailOutbox } from './tables.ts';

type AnyDb = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** What the mail is about ("account.confirm", "pledge.received"…): lets the outbox be filtered. */
  kind: string;
}

export async function queueMail(tx: Pick<AnyDb, 'insert'>, mail: OutgoingMail): Promise<string> {
  const id = newId();
  await tx.insert(mailOutbox).values({ id, ...mail });
  return id;
}

export interface MailDelivery {
  /** Sends queued mail; returns how many were sent. */
  deliverQueued(db: AnyDb, limit?: number): Promise<number>;
}

export function createMailDelivery(smtpUrl: string | undefined, from: string): MailDelivery {
  const transport = smtpUrl ? nodemailer.createTransport(smtpUrl) : undefined;
  return {
    async deliverQueued(db, limit = 20) {
      if (!transport) {
        // No SMTP: mail is kept in the outbox for reading.
        await db.update(mailOutbox).set({ status: 'kept' }).where(eq(mailOutbox.status, 'queued'));
        return 0;
      }
      const due = await db
        .select()
        .from(mailOutbox)
        .where(and(eq(mailOutbox.status, 'queued'), lt(mailOutbox.attempts, 5)))
        .orderBy(asc(mailOutbox.createdAt))
        .limit(limit);
      let sent = 0;
      for (const mail of due) {
        try {
          await transport.sendMail({ from, to: mail.to, subject: mail.subject, text: mail.text });
          await db.update(mailOutbox).set({ status: 'sent', sentAt: new Date() }).where(eq(mailOutbox.id, mail.id));
          sent++;
        } catch (error) {
          await db
            .update(mailOutbox)
            .set({
              attempts: sql`${mailOutbox.attempts} + 1`,
              lastError: String((error as Error).message).slice(0, 500),
              status: mail.attempts + 1 >= 5 ? 'failed' : 'queued',
            })
            .where(eq(mailOutbox.id, mail.id));
        }
      }
      return sent;
    },
  };
}

/**
 * Deletes mail that left the queue (sent by SMTP, kept without SMTP, or given up) more than `retentionDays` ago:
 * the outbox holds addresses and one-use links, so it is not kept forever. Queued mail is never deleted.
 */
export async function purgeDeliveredMail(db: Pick<AnyDb, 'delete'>, retentionDays: number, now: Date = new Date()): Promise<number> {
  const before = new Date(now.getTime() - retentionDays * 86_400_000);
  const gone = await db
    .delete(mailOutbox)
    .where(and(ne(mailOutbox.status, 'queued'), lt(sql`coalesce(${mailOutbox.sentAt}, ${mailOutbox.createdAt})`, before.toISOString())))
    .returning({ id: mailOutbox.id });
  return gone.length;
}

/** The hourly job that applies the outbox retention (run by the job runner; see `recurringJob`). */
export const mailJobHandlers = (retentionDays: number): JobHandlers =>
  recurringJob('mail.purge_delivered', 3_600_000, (tx, now) => purgeDeliveredMail(tx, retentionDays, now));
