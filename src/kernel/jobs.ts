// The job runner: background work kept in the `jobs` table, so it survives restarts. A worker takes one due job
// at a time with FOR UPDATE SKIP LOCKED (several processes never run the same job), runs its handler inside
// the same transaction (the job is marked done only if the handler's writes commit), and on failure pushes the
// job back with a growing delay. Handlers are given by the caller (main.ts), so the kernel knows no module.
import { and, eq, lt, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { jobs } from './tables.ts';

type AnyDb = PgDatabase<PgQueryResultHKT, Record<string, never>>;
type AnyTx = Parameters<Parameters<AnyDb['transaction']>[0]>[0];

export interface NewJob {
  kind: string;
  payload?: Record<string, unknown>;
  runAt?: Date;
  /** The same key is enqueued once. */
  dedupeKey?: string;
}

/** Enqueues a job inside the caller's transaction; a job with the same dedupe key is not added twice. */
export async function enqueueJob(tx: Pick<AnyDb, 'insert'>, job: NewJob): Promise<void> {
  await tx
    .insert(jobs)
    .values({ kind: job.kind, payload: job.payload ?? {}, runAt: job.runAt ?? new Date(), dedupeKey: job.dedupeKey ?? null })
    .onConflictDoNothing();
}

export type JobHandler = (tx: AnyTx, payload: Record<string, unknown>, now: Date) => Promise<void>;
export type JobHandlers = Readonly<Record<string, JobHandler>>;

const MAX_ATTEMPTS = 8;

/** Runs the jobs due at `now` (up to `limit`); returns how many ran successfully. */
export async function runDueJobs(db: AnyDb, handlers: JobHandlers, now = new Date(), limit = 20): Promise<number> {
  let done = 0;
  for (let i = 0; i < limit; i++) {
    let failed: { id: number; attempts: number; error: string } | null = null;
    const ran = await db.transaction(async (tx) => {
      const taken = await tx.execute<{ id: number; kind: string; payload: Record<string, unknown>; attempts: number }>(sql`
        select id, kind, payload, attempts from jobs
        where done_at is null and run_at <= ${now.toISOString()}::timestamptz and attempts < ${MAX_ATTEMPTS}
        order by run_at, id
        limit 1
        for update skip locked`);
      const job = (taken as unknown as { rows: { id: number | string; kind: string; payload: Record<string, unknown>; attempts: number }[] }).rows[0];
      if (!job) return 'none' as const;
      const id = Number(job.id);
      const handler = handlers[job.kind];
      if (!handler) {
        await tx.update(jobs).set({ attempts: MAX_ATTEMPTS, lastError: `no handler for ${job.kind}` }).where(sql`id = ${id}`);
        return 'skipped' as const;
      }
      try {
        await tx.transaction(async (inner) => handler(inner, job.payload ?? {}, now));
        await tx.update(jobs).set({ doneAt: now, attempts: job.attempts + 1 }).where(sql`id = ${id}`);
        return 'done' as const;
      } catch (error) {
        failed = { id, attempts: job.attempts + 1, error: String((error as Error).message ?? error).slice(0, 500) };
        const delayMs = Math.min(2 ** failed.attempts * 60_000, 24 * 3_600_000);
        await tx
          .update(jobs)
          .set({ attempts: failed.attempts, lastError: failed.error, runAt: new Date(now.getTime() + delayMs) })
          .where(sql`id = ${id}`);
        return 'failed' as const;
      }
    });
    if (ran === 'none') break;
    if (ran === 'done') done++;
  }
  return done;
}

/** Polls for due jobs every `intervalMs` until stopped. */
export function startJobRunner(db: AnyDb, handlers: JobHandlers, options: { intervalMs?: number; onError?: (err: Error) => void } = {}): { stop(): void } {
  let running = false;
  const timer = setInterval(() => {
    if (running) return;
    running = true;
    runDueJobs(db, handlers)
      .catch((err: Error) => options.onError?.(err))
      .finally(() => {
        running = false;
      });
  }, options.intervalMs ?? 30_000);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}

// ---- Recurring jobs (housekeeping) ----
// A recurring job enqueues its next run when it has run, with one dedupe key per period: however many processes
// start, a period has one run. `scheduleRecurring` (at start-up) restarts a chain that was broken.

const slotKey = (kind: string, everyMs: number, at: Date) => `${kind}@${Math.floor(at.getTime() / everyMs)}`;

/** Enqueues the run of a recurring job for the period that contains `at` (nothing if that period has one). */
export async function scheduleRecurring(tx: Pick<AnyDb, 'insert'>, kind: string, everyMs: number, at: Date = new Date()): Promise<void> {
  await enqueueJob(tx, { kind, runAt: at, dedupeKey: slotKey(kind, everyMs, at) });
}

/** Handlers of a job that runs `run` every `everyMs`; its finished runs older than a day are deleted. */
export function recurringJob(kind: string, everyMs: number, run: (tx: AnyTx, now: Date) => Promise<unknown>): JobHandlers {
  return {
    [kind]: async (tx, _payload, now) => {
      await run(tx, now);
      await scheduleRecurring(tx, kind, everyMs, new Date(now.getTime() + everyMs));
      await tx.delete(jobs).where(and(eq(jobs.kind, kind), lt(jobs.doneAt, new Date(now.getTime() - 86_400_000))));
    },
  };
}
