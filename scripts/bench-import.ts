// Benchmark of the IATI import (issue 8): every activity file of ../shared/iati/corpus (MANIFEST.csv, root
// iati-activities) imported into a fresh database — embedded PGlite (in a temporary data directory), then
// PostgreSQL when one answers at 127.0.0.1:5432 (database `passerelle_bench_import`, or BENCH_DB; dropped and recreated). Prints, per database:
// activities/s, MB/s, peak RSS, and in the same run the bare saxes parse time of the same bytes (no-op handlers,
// read the same way). Targets: import ≥ 1/3 of the bare parse speed, peak RSS ≤ 300 MB.
// Run: node --import tsx scripts/bench-import.ts [--pglite-only] [--postgres-only]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openDatabase, type Database } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { systemActor } from '../src/kernel/actor.ts';
import { importIatiFile } from '../src/modules/iati/commands.ts';
import { bareSaxes, chunks } from './bench-saxes.ts';

const corpus = fileURLToPath(new URL('../../shared/iati/corpus/', import.meta.url));
const args = new Set(process.argv.slice(2));
const adminUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const benchDb = process.env.BENCH_DB ?? 'passerelle_bench_import';

const files = readFileSync(join(corpus, 'MANIFEST.csv'), 'utf8')
  .trim()
  .split('\n')
  .slice(1)
  .map((line) => {
    const cells = line.split(',');
    return { path: cells.slice(0, -6).join(','), root: cells.at(-5) };
  })
  .filter((f) => f.root === 'iati-activities')
  .map((f) => f.path);

let peakRss = 0;
const sampleRss = () => {
  peakRss = Math.max(peakRss, process.memoryUsage.rss());
};
const sampler = setInterval(sampleRss, 20);

// Read into memory first: both runs measure parsing and importing, not the disk.
const buffers = await Promise.all(files.map((f) => readFile(join(corpus, f))));
const bytes = buffers.reduce((n, b) => n + b.length, 0);
const mb = bytes / 1e6;
function bareSaxesSeconds(): number {
  const t = performance.now();
  bareSaxes(buffers);
  return (performance.now() - t) / 1000;
}

async function importAll(database: Database): Promise<{ seconds: number; imported: number; updated: number; skipped: number; refused: number; projects: number; transactions: number }> {
  const t = performance.now();
  let imported = 0;
  let updated = 0;
  let skipped = 0;
  let refused = 0;
  for (let i = 0; i < buffers.length; i++) {
    const r = await importIatiFile(database.db, systemActor, { name: files[i]!, data: chunks(buffers[i]!) }, { origin: 'script' });
    if (!r.ok) throw new Error(`import refused: ${r.error.code}`);
    imported += r.value.counts.imported;
    updated += r.value.counts.updated;
    skipped += r.value.counts.skipped;
    if (!r.value.readable) refused++;
    sampleRss();
  }
  const seconds = (performance.now() - t) / 1000;
  const result = (await database.db.execute(sql`select (select count(*) from projects)::int as projects, (select count(*) from project_transactions)::int as transactions`)) as unknown as { rows: { projects: number; transactions: number }[] };
  const counts = result.rows[0];
  return { seconds, imported, updated, skipped, refused, projects: counts!.projects, transactions: counts!.transactions };
}

async function run(label: string, open: () => Promise<Database>): Promise<void> {
  const database = await open();
  await migrate(database);
  peakRss = process.memoryUsage.rss();
  const before = peakRss; // the process with its database open (PGlite's WebAssembly memory is part of it)
  const bare = bareSaxesSeconds();
  const r = await importAll(database);
  await database.close();
  const activities = r.imported + r.updated;
  console.log(`${label}: ${files.length} files, ${mb.toFixed(1)} MB; ${r.imported} activities imported, ${r.updated} updated (same identifier twice), ${r.skipped} skipped, ${r.refused} files refused; ${r.projects} projects, ${r.transactions} transactions in the database`);
  console.log(`${label}: import ${r.seconds.toFixed(2)} s = ${Math.round(activities / r.seconds)} activities/s, ${(mb / r.seconds).toFixed(1)} MB/s`);
  console.log(`${label}: bare saxes parse of the same bytes ${bare.toFixed(2)} s = ${(mb / bare).toFixed(1)} MB/s; import / bare parse = ${((bare / r.seconds) * 100).toFixed(0)} % (target ≥ 33 %)`);
  console.log(`${label}: peak RSS ${(peakRss / 1e6).toFixed(0)} MB (target ≤ 300 MB; corpus held in memory: ${mb.toFixed(0)} MB); before the import, database open: ${(before / 1e6).toFixed(0)} MB, so the import added ${((peakRss - before) / 1e6).toFixed(0)} MB`);
}

async function postgresAnswers(): Promise<boolean> {
  const c = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 2000 });
  try {
    await c.connect();
    await c.query(`drop database if exists ${benchDb} with (force)`);
    await c.query(`create database ${benchDb}`);
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => undefined);
  }
}

// PGlite on a data directory, as `npm start` runs it (in memory, the whole database would count in the RSS).
if (!args.has('--postgres-only')) {
  const dataDir = mkdtempSync(join(tmpdir(), 'passerelle-bench-import-'));
  try {
    await run('PGlite', () => openDatabase({ dataDir }));
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
  }
}
if (!args.has('--pglite-only')) {
  if (await postgresAnswers()) {
    const url = new URL(adminUrl);
    url.pathname = `/${benchDb}`;
    await run('PostgreSQL', () => openDatabase({ dataDir: '', databaseUrl: url.toString(), poolSize: 2 }));
  } else console.log(`PostgreSQL: no server answering at ${adminUrl.replace(/\/\/[^@]*@/, '//')}: skipped`);
}
clearInterval(sampler);
