// A new embedded data directory can start from a copy of a prepared database (the demo snapshot made by
// `npm install`), and an existing one is never overwritten by it.
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDatabaseUrl } from '../../tests/support/database.ts';
import { openDatabase } from './client.ts';
import { migrate } from './migrate.ts';

const count = async (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Number(((await db.execute(sql`select count(*)::int as n from organisations`)) as unknown as { rows: { n: number }[] }).rows[0]!.n);

test('a new data directory starts from the initial database; an existing one resumes and ignores it', { skip: testDatabaseUrl ? 'embedded database only' : false }, async () => {
  const demo = await createTestDatabase({ withDemo: true });
  const expected = await count(demo.database.db);
  const dump = await demo.database.dump!();
  await demo.close();
  assert.ok(expected > 10, 'the demo has organisations');

  const dir = mkdtempSync(path.join(os.tmpdir(), 'passerelle-initial-dir-'));
  try {
    // A closed PGlite data directory, as scripts/prepare-demo.ts leaves one.
    const initial = path.join(dir, 'snapshot');
    const maker = new PGlite(initial, { loadDataDir: dump });
    await maker.waitReady;
    await maker.close();

    const dataDir = path.join(dir, 'data');
    let asked = 0;
    const first = await openDatabase({ dataDir, initialDataDir: () => (asked++, initial) });
    await migrate(first);
    assert.equal(await count(first.db), expected, 'the demo rows are there');
    await first.db.execute(sql`create table written_after_start (x int)`);
    await first.close();
    assert.equal(asked, 1);
    assert.ok(!existsSync(path.join(dataDir, 'pglite.copying')), 'no staging copy left behind');

    const second = await openDatabase({ dataDir, initialDataDir: () => (asked++, initial) });
    assert.equal(await count(second.db), expected);
    await second.db.execute(sql`select * from written_after_start`); // throws if the snapshot had replaced the database
    await second.close();
    assert.equal(asked, 1, 'the snapshot is not even looked for when a database exists');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
