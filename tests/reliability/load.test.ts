// Load (short CI version of scripts/load.ts): 10 s of mixed traffic on the real server over loopback — public
// pages, search, API reads and signed-in writes. No error, p99 printed, RSS growth bounded, every acknowledged
// write kept. LOAD_SECONDS / LOAD_CONNECTIONS / LOAD_MAX_RSS_GROWTH_MB override the defaults.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.ts';
import { runLoad } from './load-run.ts';
import { freshPostgresDatabase, removeDir, startServer, tempDir, type Server } from './server.ts';

const seconds = Number(process.env.LOAD_SECONDS ?? 10);
const connections = Number(process.env.LOAD_CONNECTIONS ?? 10);
const maxGrowthMb = Number(process.env.LOAD_MAX_RSS_GROWTH_MB ?? 80);
const dataDir = tempDir('load');
const fresh = process.env.DATABASE_URL ? await freshPostgresDatabase(process.env.DATABASE_URL) : undefined;
let server: Server | undefined;
after(async () => {
  await server?.kill('SIGKILL');
  await fresh?.drop();
  removeDir(dataDir);
});

test(`${seconds} s of mixed load on ${connections} connections: no error, bounded memory, every acknowledged write kept`, { timeout: 300_000 }, async () => {
  server = await startServer({ dataDir, databaseUrl: fresh?.url });
  const figures = await runLoad(server, { seconds, connections, warmupSeconds: 3 });
  console.log(`load: ${JSON.stringify(figures)}`);
  assert.equal(figures.errors, 0, `errors: ${JSON.stringify(figures.statusCodes)}`);
  assert.ok(figures.requests > 100, 'the load ran');
  assert.ok(figures.writePath, 'a signed-in write was part of the mix');
  assert.ok(figures.writesAcked > 0);
  assert.ok(figures.rssEndMb - figures.rssStartMb <= maxGrowthMb, `RSS grew from ${figures.rssStartMb} to ${figures.rssEndMb} MB`);
  await server.kill('SIGTERM');
  const database = await openDatabase({ dataDir, databaseUrl: fresh?.url, poolSize: 1 });
  const rows = ((await database.db.execute(sql`select count(*)::int n from partnership_messages where body like 'Message de charge %'`)) as unknown as { rows: { n: number }[] }).rows;
  await database.close();
  // Every acknowledged write is a row; a write still in flight when the run stopped may be a row too.
  assert.ok(rows[0]!.n >= figures.writesAcked && rows[0]!.n <= figures.writesSent, `${rows[0]!.n} rows for ${figures.writesAcked} acknowledged and ${figures.writesSent} sent`);
  console.log(`load: ${rows[0]!.n} message rows for ${figures.writesAcked} acknowledged writes (${figures.writesSent} sent)`);
});
