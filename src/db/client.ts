// Opens the database: embedded PGlite in DATA_DIR when no DATABASE_URL is given, a PostgreSQL server otherwise.
// Both speak the same SQL through one Drizzle `pg-core` schema, so no other file knows which one runs.
import path from 'node:path';
import { cpSync, existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { PGlite } from '@electric-sql/pglite';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import pg from 'pg';
import { acquireDataDirLock, type DataDirLock } from './lock.ts';

export type Db = PgDatabase<PgQueryResultHKT, Record<string, never>>;
/** A transaction handle; it offers the same query API as `Db`. */
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Either the database or an open transaction: reads accept both. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  /** Throws when the database does not answer. */
  ping(): Promise<void>;
  close(): Promise<void>;
  /** PGlite only: a gzip tarball of the whole data directory (tests clone a migrated database from it). */
  dump?(): Promise<Blob>;
}

export interface OpenOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  /** PGlite: start from this dump instead of the files in dataDir (in memory; used by tests). */
  loadDump?: Blob;
  /**
   * PGlite: when dataDir holds no database yet, start from a copy of the database directory this returns (if any)
   * instead of initdb — a closed PGlite data directory, such as the demo snapshot.
   */
  initialDataDir?: () => string | undefined;
  /** PGlite: keep the data in memory only. */
  inMemory?: boolean;
  /** Called when the pool reports a lost connection, so it is logged instead of crashing the process. */
  onPoolError?: (err: Error) => void;
  poolSize?: number;
}

const pgliteExtensions = { unaccent, pg_trgm };

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) return openPostgres(options.databaseUrl, options);
  return openPglite(options);
}

async function openPglite(options: OpenOptions): Promise<Database> {
  let lock: DataDirLock | undefined;
  let client: PGlite;
  if (options.loadDump || options.inMemory) {
    client = new PGlite({ extensions: pgliteExtensions, ...(options.loadDump ? { loadDataDir: options.loadDump } : {}) });
  } else {
    mkdirSync(options.dataDir, { recursive: true });
    lock = acquireDataDirLock(options.dataDir);
    try {
      const dir = path.join(options.dataDir, 'pglite');
      const initial = existsSync(path.join(dir, 'PG_VERSION')) ? undefined : options.initialDataDir?.();
      if (initial) {
        // A copy of files (tens of milliseconds) rather than a dump unpacked through WebAssembly; copied beside the
        // target and renamed, so a copy cut short (disk full, crash) is never taken for a database.
        const staging = `${dir}.copying`;
        rmSync(staging, { recursive: true, force: true });
        cpSync(initial, staging, { recursive: true });
        rmSync(dir, { recursive: true, force: true }); // without PG_VERSION it holds no database
        renameSync(staging, dir);
      }
      client = new PGlite(dir, { extensions: pgliteExtensions });
      await client.waitReady;
    } catch (err) {
      lock.release();
      throw err;
    }
  }
  const db = drizzlePglite(client) as unknown as Db;
  return {
    db,
    kind: 'pglite',
    async ping() {
      await client.query('select 1');
    },
    async close() {
      await client.close();
      lock?.release();
    },
    dump: () => client.dumpDataDir('gzip') as Promise<Blob>,
  };
}

async function openPostgres(url: string, options: OpenOptions): Promise<Database> {
  const pool = new pg.Pool({
    connectionString: url,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: 3000,
    idleTimeoutMillis: 30_000,
  });
  // A server restart makes idle clients emit 'error'; unhandled, that would kill the process.
  pool.on('error', (err) => options.onPoolError?.(err));
  const db = drizzlePg(pool) as unknown as Db;
  return {
    db,
    kind: 'postgres',
    async ping() {
      await pool.query('select 1');
    },
    async close() {
      await pool.end();
    },
  };
}
