// Housekeeping through the job runner: the outbox retention (sent mail deleted after MAIL_RETENTION_DAYS), ended
// rate-limit counters, and the recurring chain itself (one run per period, whatever the number of starts).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq, like } from 'drizzle-orm';
import type { Db } from '../db/client.ts';
import { loadConfig } from '../config.ts';
import { createTestDatabase, type TestDatabase } from '../../tests/support/database.ts';
import { runDueJobs, scheduleRecurring } from './jobs.ts';
import { mailJobHandlers, queueMail } from './mail.ts';
import { jobs, mailOutbox, rateLimits } from './tables.ts';
import { countHit, throttleJobHandlers } from './throttle.ts';

let database: TestDatabase;
let db: Db;
before(async () => {
  database = await createTestDatabase();
  db = database.database.db;
});
after(() => database.close());

const DAY = 86_400_000;

test('MAIL_RETENTION_DAYS is read from the environment (90 days by default) and checked', () => {
  assert.equal(loadConfig({}).mail.retentionDays, 90);
  assert.equal(loadConfig({ MAIL_RETENTION_DAYS: '30' }).mail.retentionDays, 30);
  assert.throws(() => loadConfig({ MAIL_RETENTION_DAYS: '0' }), /MAIL_RETENTION_DAYS/);
});

test('the job runner deletes mail sent more than the retention ago, and keeps queued and recent mail', async () => {
  const now = new Date('2031-06-01T12:00:00Z');
  const make = async (label: string, status: 'queued' | 'sent' | 'kept' | 'failed', ageDays: number) => {
    const id = await queueMail(db, { to: `${label}@example.org`, subject: label, text: 'x', kind: 'test.retention' });
    const at = new Date(now.getTime() - ageDays * DAY);
    await db.update(mailOutbox).set({ status, createdAt: at, sentAt: status === 'sent' ? at : null }).where(eq(mailOutbox.id, id));
  };
  await make('old-sent', 'sent', 31);
  await make('old-kept', 'kept', 45);
  await make('old-failed', 'failed', 40);
  await make('old-queued', 'queued', 60);
  await make('recent-sent', 'sent', 29);
  await make('recent-kept', 'kept', 1);

  const handlers = mailJobHandlers(30);
  await scheduleRecurring(db, 'mail.purge_delivered', 3_600_000, now);
  assert.equal(await runDueJobs(db, handlers, now), 1);
  const left = (await db.select({ subject: mailOutbox.subject }).from(mailOutbox).where(eq(mailOutbox.kind, 'test.retention'))).map((r) => r.subject).sort();
  assert.deepEqual(left, ['old-queued', 'recent-kept', 'recent-sent']);

  // It enqueued its next run an hour later; a second start in the same hour adds nothing.
  await scheduleRecurring(db, 'mail.purge_delivered', 3_600_000, now);
  const pending = await db.select().from(jobs).where(like(jobs.kind, 'mail.purge_delivered'));
  assert.equal(pending.filter((j) => !j.doneAt).length, 1);
  assert.equal(pending.find((j) => !j.doneAt)!.runAt.getTime(), now.getTime() + 3_600_000);
  assert.equal(await runDueJobs(db, handlers, now), 0, 'nothing due before the hour');

  // Thirty days later the mail sent 29 days before is gone too.
  const later = new Date(now.getTime() + 2 * DAY);
  assert.equal(await runDueJobs(db, handlers, later), 1);
  const after = (await db.select({ subject: mailOutbox.subject }).from(mailOutbox).where(eq(mailOutbox.kind, 'test.retention'))).map((r) => r.subject).sort();
  assert.deepEqual(after, ['old-queued', 'recent-kept']);
});

test('the job runner deletes ended rate-limit counters', async () => {
  const now = new Date('2031-07-01T12:00:00Z');
  await countHit(db, 'test.purge', 'ended', 60_000, new Date(now.getTime() - 120_000));
  await countHit(db, 'test.purge', 'running', 60_000, now);
  await scheduleRecurring(db, 'throttle.purge_expired', 3_600_000, now);
  assert.equal(await runDueJobs(db, throttleJobHandlers, now), 1);
  const left = await db.select().from(rateLimits).where(eq(rateLimits.scope, 'test.purge'));
  assert.equal(left.length, 1);
  assert.ok(left[0]!.resetAt > now);
});
