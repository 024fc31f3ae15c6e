// load — a bounded mixed load on the real server (child process, loopback only): public pages, search, API
// reads and signed-in writes, then the figures (requests/s, p50/p99/max latency, status codes, RSS at start
// and end). Exit code 1 on any error or RSS growth above the bound.
//   LOAD_SECONDS (20–60, default 30)  LOAD_CONNECTIONS (default 10)  LOAD_MAX_RSS_GROWTH_MB (default 80)
//   DATABASE_URL=postgres://…/postgres  run on a fresh PostgreSQL database created next to it (dropped after)
//   LOAD_NODE_OPTIONS='--max-old-space-size=192'  Node options for the server (to tell a leak from lazy heap growth)
import { runLoad } from '../tests/reliability/load-run.ts';
import { freshPostgresDatabase, removeDir, startServer, tempDir } from '../tests/reliability/server.ts';

const seconds = Math.min(60, Math.max(1, Number(process.env.LOAD_SECONDS ?? 30)));
const connections = Number(process.env.LOAD_CONNECTIONS ?? 10);
const maxGrowthMb = Number(process.env.LOAD_MAX_RSS_GROWTH_MB ?? 80);
const dataDir = tempDir('load');
const fresh = process.env.DATABASE_URL ? await freshPostgresDatabase(process.env.DATABASE_URL) : undefined;
const server = await startServer({ dataDir, databaseUrl: fresh?.url, ...(process.env.LOAD_NODE_OPTIONS ? { env: { NODE_OPTIONS: process.env.LOAD_NODE_OPTIONS } } : {}) });
let failed = false;
try {
  const f = await runLoad(server, { seconds, connections, warmupSeconds: 5 });
  console.log(`load on ${fresh ? 'PostgreSQL' : 'embedded PGlite'}: ${f.seconds} s, ${f.connections} connections`);
  console.log(`  requests ${f.requests} (${f.perSecond}/s), latency p50 ${f.p50} ms, p99 ${f.p99} ms, max ${f.max} ms`);
  console.log(`  status codes ${JSON.stringify(f.statusCodes)}, errors ${f.errors}, signed-in writes acknowledged ${f.writesAcked}`);
  console.log(`  RSS ${f.rssStartMb} MB after warm-up → ${f.rssEndMb} MB at the end (max ${f.rssMaxMb} MB)`);
  failed = f.errors > 0 || f.rssEndMb - f.rssStartMb > maxGrowthMb;
} finally {
  await server.kill('SIGTERM');
  await fresh?.drop();
  removeDir(dataDir);
}
process.exit(failed ? 1 : 0);
