// Crash during an IATI import (issue 9, item 1a): `passerelle import-iati` is killed with SIGKILL in the middle of
// an activity file of the corpus (after its first committed batches), then run again to the end. The file is the
// one with the most activities among those of at most 300 KB (about 190 activities, batches of 20, killed after
// 40): mid-file, and short enough for CI (the largest file made this test take minutes on PGlite). The
// database must then hold exactly what a clean import of the same file gives: same projects, transactions and
// sums, nothing doubled. PGlite data directory by default; fresh PostgreSQL databases when DATABASE_URL is set.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase, type Database } from '../../src/db/client.ts';
import { corpusFiles } from '../../src/modules/iati/testing.ts';
import { freshPostgresDatabase, removeDir, repoRoot, tempDir } from './server.ts';

const pgUrl = process.env.DATABASE_URL || undefined;
const crashed = { dir: tempDir('import-crash'), pg: pgUrl ? await freshPostgresDatabase(pgUrl) : undefined };
const clean = { dir: tempDir('import-clean'), pg: pgUrl ? await freshPostgresDatabase(pgUrl) : undefined };
after(async () => {
  for (const t of [crashed, clean]) {
    await t.pg?.drop();
    removeDir(t.dir);
  }
});

type Target = typeof crashed;

/** Runs the CLI; `killAfter`: SIGKILL once that many activities are reported committed. */
function cli(target: Target, args: string[], killAfter?: number): Promise<{ code: string; out: string }> {
  const env: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '/tmp', DATA_DIR: target.dir, LOG_LEVEL: 'warn', ...(target.pg ? { DATABASE_URL: target.pg.url } : {}) };
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...args], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  const seen = (d: Buffer) => {
    out += d.toString();
    const committed = [...out.matchAll(/(\d+) activities committed/g)].map((m) => Number(m[1]));
    if (killAfter !== undefined && committed.some((n) => n >= killAfter) && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  child.stdout.on('data', seen);
  child.stderr.on('data', seen);
  return new Promise((resolve) => child.on('exit', (code, signal) => resolve({ code: signal ?? String(code), out })));
}

async function totals(target: Target) {
  const database: Database = await openDatabase({ dataDir: target.dir, databaseUrl: target.pg?.url, poolSize: 2 });
  try {
    const q = async (query: ReturnType<typeof sql>) => ((await database.db.execute(query)) as unknown as { rows: Record<string, unknown>[] }).rows[0]!;
    const counts = await q(sql`select (select count(*) from projects)::int projects, (select count(distinct iati_identifier) from projects)::int identifiers,
      (select count(*) from project_transactions)::int transactions, (select coalesce(sum(amount), 0)::text from project_transactions) sum,
      (select count(*) from project_budgets)::int budgets, (select count(*) from project_participants)::int participants,
      (select count(*) from project_sectors)::int sectors, (select count(*) from organisations)::int organisations`);
    const runs = await q(sql`select count(*) filter (where status = 'running')::int running, count(*) filter (where status = 'done')::int done from iati_import_runs`);
    return { counts, runs };
  } finally {
    await database.close();
  }
}

test('SIGKILL during `passerelle import-iati` of a corpus file; run again: same totals as a clean import, nothing doubled', { timeout: 600_000 }, async () => {
  const file = (await corpusFiles()).filter((f) => f.root === 'iati-activities' && f.bytes <= 300_000).sort((x, y) => y.activities - x.activities || x.path.localeCompare(y.path))[0]!;
  assert.ok(file.activities >= 100, `a file with enough activities to be killed mid-file: ${file.path}`);
  const args = ['import-iati', '--progress', '--batch-size', '20', file.absolute];

  const killed = await cli(crashed, args, 40);
  assert.equal(killed.code, 'SIGKILL', `the import was killed mid-file:\n${killed.out}`);
  const committedBeforeKill = Math.max(...[...killed.out.matchAll(/(\d+) activities committed/g)].map((m) => Number(m[1])));
  assert.ok(committedBeforeKill < file.activities, 'killed before the end of the file');
  const partial = await totals(crashed);

  const rerun = await cli(crashed, args);
  assert.equal(rerun.code, '0', rerun.out);
  const reference = await cli(clean, args);
  assert.equal(reference.code, '0', reference.out);

  const [after, expected] = [await totals(crashed), await totals(clean)];
  assert.deepEqual(after.counts, expected.counts, 'same projects, rows and sums as a clean import');
  assert.equal(after.counts.projects, after.counts.identifiers, 'one project per activity identifier');
  assert.deepEqual(after.runs, { running: 1, done: 1 }, 'the killed run stays visible as running; the rerun is done');
  console.log(
    `import crash (${pgUrl ? 'PostgreSQL' : 'PGlite'}): ${file.path} (${file.activities} activities); SIGKILL after ${committedBeforeKill} committed (database then held ${String(partial.counts.projects)} projects, ${String(partial.counts.transactions)} transactions); ` +
      `rerun: ${String(after.counts.projects)} projects, ${String(after.counts.transactions)} transactions, sum ${String(after.counts.sum)} cents = clean import ${String(expected.counts.projects)} / ${String(expected.counts.transactions)} / ${String(expected.counts.sum)}`,
  );
});
