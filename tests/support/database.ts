// A fresh, migrated database per test file, with no mock: PGlite cloned from a migrated template dump
// (about a second), or — when DATABASE_URL is set — a new PostgreSQL database copied from a template database.
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { migrate, migrationsFolder } from '../../src/db/migrate.ts';
import { seedDemo } from '../../src/demo.ts';

export const testDatabaseUrl = process.env.DATABASE_URL || undefined;

/** Changes whenever a migration or a demo seed changes, so stale templates are never reused. */
function templateKey(withDemo: boolean): string {
  const hash = createHash('sha256');
  for (const file of readdirSync(migrationsFolder).filter((f) => f.endsWith('.sql')).sort()) {
    hash.update(file).update(readFileSync(path.join(migrationsFolder, file)));
  }
  if (withDemo) {
    const srcDir = path.resolve(migrationsFolder, '../src');
    const seedFiles = [path.join(srcDir, 'demo.ts'), ...readdirSync(path.join(srcDir, 'modules')).map((m) => path.join(srcDir, 'modules', m, 'seed.ts'))];
    for (const file of seedFiles.filter((f) => existsSync(f)).sort()) hash.update(readFileSync(file));
  }
  return hash.digest('hex').slice(0, 16) + (withDemo ? '-demo' : '');
}

async function withFileLock<T>(file: string, work: () => Promise<T>): Promise<T> {
  for (let i = 0; i < 600; i++) {
    try {
      mkdirSync(file);
      try {
        return await work();
      } finally {
        (await import('node:fs')).rmSync(file, { recursive: true, force: true });
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  throw new Error(`timed out waiting for ${file}`);
}

async function pgliteTemplate(withDemo: boolean): Promise<Blob> {
  const dir = path.join(os.tmpdir(), 'passerelle-test-templates');
  mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `${templateKey(withDemo)}.tar.gz`);
  if (!existsSync(file)) {
    await withFileLock(`${file}.lock`, async () => {
      if (existsSync(file)) return;
      const database = await openDatabase({ dataDir: dir, inMemory: true });
      await migrate(database);
      if (withDemo) await seedDemo(database.db);
      const dump = await database.dump!();
      await database.close();
      writeFileSync(`${file}.tmp`, Buffer.from(await dump.arrayBuffer()));
      renameSync(`${file}.tmp`, file);
    });
  }
  return new Blob([readFileSync(file)]);
}

async function postgresDatabase(url: string, withDemo: boolean): Promise<{ database: Database; drop: () => Promise<void> }> {
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  const template = `passerelle_tpl_${templateKey(withDemo).replace(/-/g, '_')}`;
  const name = `passerelle_t_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  try {
    // One template per schema version, built once across parallel test files (advisory lock).
    await admin.query('select pg_advisory_lock(4242)');
    const exists = await admin.query('select 1 from pg_database where datname = $1', [template]);
    if (exists.rowCount === 0) {
      await admin.query(`create database ${template}`);
      const templateUrl = new URL(url);
      templateUrl.pathname = `/${template}`;
      const database = await openDatabase({ dataDir: '', databaseUrl: templateUrl.toString(), poolSize: 2 });
      await migrate(database);
      if (withDemo) await seedDemo(database.db);
      await database.close();
    }
    await admin.query(`create database ${name} template ${template}`);
    await admin.query('select pg_advisory_unlock(4242)');
  } finally {
    await admin.end();
  }
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  const database = await openDatabase({ dataDir: '', databaseUrl: dbUrl.toString(), poolSize: 5 });
  return {
    database,
    drop: async () => {
      await database.close();
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface TestDatabase {
  database: Database;
  close(): Promise<void>;
}

/** A migrated database of its own; `withDemo` starts from the demo data of the four scenarios. */
export async function createTestDatabase(options: { withDemo?: boolean } = {}): Promise<TestDatabase> {
  const withDemo = options.withDemo ?? false;
  if (testDatabaseUrl) {
    const { database, drop } = await postgresDatabase(testDatabaseUrl, withDemo);
    return { database, close: drop };
  }
  const database = await openDatabase({ dataDir: '', loadDump: await pgliteTemplate(withDemo) });
  return { database, close: () => database.close() };
}
