// A new embedded data directory can start from a dump (the demo snapshot prepared by `npm install`), and an
// existing one is never overwritten by it.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDatabaseUrl } from '../../tests/support/database.ts';
import { openDatabase } from './client.ts';
import { migrate } from './migrate.ts';

const count = async (db: Awaited<ReturnType<typeof openDatabase>>['db']) => Number(((await db.execute(sql`select count(*)::int as n from organisations`)) as unknown as { rows: { n: number }[] }).rows[0]!.n);

test('a new data directory starts from the initial dump; an existing one resumes and ignores it', { skip: testDatabaseUrl ? 'embedded database only' : false }, async () => {
  const demo = await createTestDatabase({ withDemo: true });
  const expected = await count(demo.database.db);
  const dump = await demo.database.dump!();
  await demo.close();
  assert.ok(expected > 10, 'the demo has organisations');

  const dir = mkdtempSync(path.join(os.tmpdir(), 'passerelle-initial-dump-'));
  try {
    let asked = 0;
    const first = await openDatabase({ dataDir: dir, initialDump: () => (asked++, dump) });
    await migrate(first);
    assert.equal(await count(first.db), expected, 'the demo rows are there');
    await first.db.execute(sql`create table written_after_start (x int)`);
    await first.close();
    assert.equal(asked, 1);

    const second = await openDatabase({ dataDir: dir, initialDump: () => (asked++, dump) });
    assert.equal(await count(second.db), expected);
    await second.db.execute(sql`select * from written_after_start`); // throws if the dump had replaced the database
    await second.close();
    assert.equal(asked, 1, 'the dump is not even read for an existing database');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
