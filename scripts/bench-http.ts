// bench:http — server-rendered pages under a bounded load on loopback (autocannon, 10 s per page): home,
// directory, project list (with facets), project page, search — on the embedded database (PGlite, in memory)
// and on PostgreSQL (a recreated database `passerelle_bench_http`), both with the demo data. Prints pages/s and
// latency percentiles against QUALITY.md: PostgreSQL ≥ 2,000 pages/s with p99 ≤ 100 ms at 50 connections; the
// embedded database p99 ≤ 300 ms at 10 connections. A benchmark, not a test: it prints, it asserts nothing.
//   BENCH_SECONDS (default 10)   BENCH_PG_URL (default postgres://postgres@127.0.0.1:5432/postgres; "skip": no PostgreSQL)
//   BENCH_CONNECTIONS_PG (default 50)   BENCH_CONNECTIONS_PGLITE (default 10)
import type { AddressInfo } from 'node:net';
import { loadavg } from 'node:os';
import autocannon from 'autocannon';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Database } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/demo.ts';
import { testConfig } from '../tests/support/app.ts';

const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const pgUrl = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const pages: [string, string][] = [
  ['home', '/fr'],
  ['directory', '/fr/organisations'],
  ['project list (facets)', '/fr/projects'],
  ['project list, 2 facets', '/fr/projects?theme=education&country=ML'],
  ['project page', '/fr/projects/maraichage-femmes-podor'],
  ['search', '/fr/search?q=senegal'],
];

interface Row {
  where: string;
  page: string;
  path: string;
  connections: number;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  bytes: number;
}
const rows: Row[] = [];
// The visitors' page cache as a deployment has it (PAGE_CACHE_SECONDS, default 5); BENCH_PAGE_CACHE=0 measures rendering.
const pageCacheSeconds = process.env.BENCH_PAGE_CACHE ?? '5';

async function run(where: string, database: Database, connections: number): Promise<void> {
  await seedDemo(database.db);
  const app = await buildApp({ config: testConfig({ PAGE_CACHE_SECONDS: pageCacheSeconds }), database, logLevel: 'silent' });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const { port } = app.server.address() as AddressInfo;
  console.log(`\n${where}: ${connections} connections, ${seconds} s per page (load average before: ${loadavg()[0]!.toFixed(1)})`);
  for (const [page, path] of pages) {
    await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections: 2, duration: 1 }); // warm-up
    const r = await autocannon({ url: `http://127.0.0.1:${port}${path}`, connections, duration: seconds });
    const row: Row = {
      where,
      page,
      path,
      connections,
      rps: r.requests.average,
      p50: r.latency.p50,
      p99: r.latency.p99,
      errors: r.errors + r.non2xx + r.timeouts,
      bytes: Math.round(r.throughput.total / Math.max(1, r.requests.total)),
    };
    rows.push(row);
    console.log(`  ${page.padEnd(26)} ${row.rps.toFixed(0).padStart(6)} pages/s  p50 ${String(row.p50).padStart(4)} ms  p99 ${String(row.p99).padStart(4)} ms  errors ${row.errors}`);
  }
  await app.close();
  await database.close();
}

const embedded = await openDatabase({ dataDir: '', inMemory: true });
await migrate(embedded);
await run('embedded PGlite', embedded, Number(process.env.BENCH_CONNECTIONS_PGLITE ?? 10));

if (pgUrl !== 'skip') {
  const name = 'passerelle_bench_http';
  const admin = new pg.Client({ connectionString: pgUrl });
  await admin.connect();
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.query(`create database ${name}`);
  const url = new URL(pgUrl);
  url.pathname = `/${name}`;
  const server = await openDatabase({ dataDir: '', databaseUrl: url.toString(), poolSize: 10 });
  await migrate(server);
  await run('PostgreSQL', server, Number(process.env.BENCH_CONNECTIONS_PG ?? 50));
  await admin.query(`drop database if exists ${name} with (force)`);
  await admin.end();
}

console.log(`\nbench:http — demo data, loopback, autocannon ${seconds} s per page, visitors' page cache ${pageCacheSeconds} s (load average now: ${loadavg()[0]!.toFixed(1)} on this 2-core machine)`);
console.log('database'.padEnd(17) + 'page'.padEnd(26) + 'conn'.padStart(5) + 'pages/s'.padStart(9) + 'p50 ms'.padStart(8) + 'p99 ms'.padStart(8) + 'bytes'.padStart(8) + '  target                          result');
for (const r of rows) {
  const pgTarget = r.where === 'PostgreSQL';
  const target = pgTarget ? '≥ 2,000 pages/s, p99 ≤ 100 ms' : 'p99 ≤ 300 ms';
  const pass = pgTarget ? r.rps >= 2000 && r.p99 <= 100 && r.errors === 0 : r.p99 <= 300 && r.errors === 0;
  console.log(
    r.where.padEnd(17) + r.page.padEnd(26) + String(r.connections).padStart(5) + r.rps.toFixed(0).padStart(9) + String(r.p50).padStart(8) + String(r.p99).padStart(8) + String(r.bytes).padStart(8) + `  ${target.padEnd(32)}${pass ? 'PASS' : 'FAIL'}${r.errors ? ` (${r.errors} errors)` : ''}`,
  );
}
