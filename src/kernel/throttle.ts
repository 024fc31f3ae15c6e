// Counts attempts per key (an account's e-mail, an IP address). `createThrottle` keeps a sliding window in memory
// (one process, forgotten at restart); `createStoredThrottle` and the @fastify/rate-limit store below keep their
// counters in the database, shared by every process and kept across restarts.
import { createHash } from 'node:crypto';
import { and, eq, gt, lte, sql } from 'drizzle-orm';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { recurringJob, type JobHandlers } from './jobs.ts';
import { rateLimits } from './tables.ts';

export interface Throttle {
  /** True when the key already reached its limit in the window. */
  blocked(key: string): boolean;
  /** Counts one attempt for the key. */
  hit(key: string): void;
  /** Forgets the key (after a successful sign-in). */
  reset(key: string): void;
}

export function createThrottle(options: { max: number; windowMs: number; now?: () => number }): Throttle {
  const now = options.now ?? Date.now;
  const hits = new Map<string, number[]>();
  const recent = (key: string): number[] => {
    const since = now() - options.windowMs;
    const kept = (hits.get(key) ?? []).filter((t) => t > since);
    if (kept.length) hits.set(key, kept);
    else hits.delete(key);
    return kept;
  };
  return {
    blocked: (key) => recent(key).length >= options.max,
    hit(key) {
      const kept = recent(key);
      kept.push(now());
      hits.set(key, kept);
      // Bounded memory: forget the oldest keys when too many are tracked.
      if (hits.size > 50_000) for (const k of [...hits.keys()].slice(0, 10_000)) hits.delete(k);
    },
    reset: (key) => void hits.delete(key),
  };
}

// ---- Counters kept in the database ----
// The same limits, stored in `rate_limits` so they hold across restarts and are shared by every process on the
// database. A fixed window per (scope, key): the first hit opens it, later hits count until it ends. Keys are
// hashed, so no address or IP is kept in clear.

type AnyDb = PgDatabase<PgQueryResultHKT, Record<string, never>>;

export interface StoredThrottle {
  /** True when the key already reached its limit in the current window. */
  blocked(key: string): Promise<boolean>;
  /** Counts one attempt for the key. */
  hit(key: string): Promise<void>;
  /** Forgets the key (after a successful sign-in). */
  reset(key: string): Promise<void>;
}

const keyHash = (key: string): string => createHash('sha256').update(key).digest('hex');

/** Counts one hit and returns the count in the window and when the window ends (one atomic statement). */
export async function countHit(db: Pick<AnyDb, 'insert'>, scope: string, key: string, windowMs: number, now: Date = new Date()): Promise<{ hits: number; resetAt: Date }> {
  const at = now.toISOString();
  const [row] = await db
    .insert(rateLimits)
    .values({ scope, keyHash: keyHash(key), hits: 1, resetAt: new Date(now.getTime() + windowMs) })
    .onConflictDoUpdate({
      target: [rateLimits.scope, rateLimits.keyHash],
      set: {
        hits: sql`case when ${rateLimits.resetAt} <= ${at}::timestamptz then 1 else ${rateLimits.hits} + 1 end`,
        resetAt: sql`case when ${rateLimits.resetAt} <= ${at}::timestamptz then excluded.reset_at else ${rateLimits.resetAt} end`,
      },
    })
    .returning({ hits: rateLimits.hits, resetAt: rateLimits.resetAt });
  return row!;
}

export function createStoredThrottle(db: AnyDb, options: { scope: string; max: number; windowMs: number; now?: () => Date }): StoredThrottle {
  const now = options.now ?? (() => new Date());
  const where = (key: string) => and(eq(rateLimits.scope, options.scope), eq(rateLimits.keyHash, keyHash(key)));
  return {
    async blocked(key) {
      const [row] = await db.select({ hits: rateLimits.hits }).from(rateLimits).where(and(where(key), gt(rateLimits.resetAt, now())));
      return (row?.hits ?? 0) >= options.max;
    },
    async hit(key) {
      await countHit(db, options.scope, key, options.windowMs, now());
    },
    async reset(key) {
      await db.delete(rateLimits).where(where(key));
    },
  };
}

/**
 * A store for @fastify/rate-limit (per-route limits, `config: { rateLimit }`) that keeps its counters in the
 * database: each route gets its own scope.
 */
export function databaseRateLimitStore(db: AnyDb, now: () => Date = () => new Date()) {
  return class DatabaseRateLimitStore {
    readonly scope: string;
    constructor(_options?: unknown, scope = 'http') {
      this.scope = scope;
    }
    incr(key: string, callback: (error: Error | null, result?: { current: number; ttl: number }) => void, timeWindow: number): void {
      const at = now();
      countHit(db, this.scope, key, timeWindow, at).then(
        (row) => callback(null, { current: row.hits, ttl: Math.max(0, row.resetAt.getTime() - at.getTime()) }),
        (error: Error) => callback(error),
      );
    }
    // The plugin passes the route's merged limit options, with the route under `routeInfo`.
    child(routeOptions: object): DatabaseRateLimitStore {
      const info = (routeOptions as { routeInfo?: { method?: string | string[]; url?: string } }).routeInfo ?? {};
      return new DatabaseRateLimitStore(undefined, `http ${[info.method ?? ''].flat().join(',')} ${info.url ?? ''}`);
    }
  };
}

/** Deletes the counters whose window has ended. */
export async function purgeExpiredCounters(db: Pick<AnyDb, 'delete'>, now: Date = new Date()): Promise<number> {
  const gone = await db.delete(rateLimits).where(lte(rateLimits.resetAt, now)).returning({ scope: rateLimits.scope });
  return gone.length;
}

/** The hourly job that deletes ended counters (run by the job runner; see `recurringJob`). */
export const throttleJobHandlers: JobHandlers = recurringJob('throttle.purge_expired', 3_600_000, (tx, now) => purgeExpiredCounters(tx, now));
