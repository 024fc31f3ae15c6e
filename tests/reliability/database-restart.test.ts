// Database restart: a private PostgreSQL 15 cluster (initdb in a temporary directory, its own port, run as the
// postgres user — never the machine's own service) is stopped and started again while a load of reads and
// signed-in writes runs against the real server. During the gap the app answers 503 (no crash, no hang: every
// request gets an answer within its timeout); it serves again within seconds by itself; every write that got
// a 2xx/303 is in the database. Skipped with a message when initdb or the postgres user is not available.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, test } from 'node:test';
import pg from 'pg';
import { DEMO_PASSWORD, demoAccounts } from '../../src/modules/funding/seed.ts';
import { removeDir, stablePort, signInHttp, startServer, tempDir, type Server } from './server.ts';

const BIN = process.env.PG_BIN ?? '/usr/lib/postgresql/15/bin';
const GAP_MS = Number(process.env.DB_GAP_MS ?? 4000);
const RECOVERY_LIMIT_MS = 10_000;
const REQUEST_TIMEOUT_MS = 15_000;

function postgresUser(): { uid: number; gid: number } | undefined {
  try {
    return { uid: Number(execFileSync('id', ['-u', 'postgres']).toString()), gid: Number(execFileSync('id', ['-g', 'postgres']).toString()) };
  } catch {
    return undefined;
  }
}
const owner = postgresUser();
const skip = !existsSync(path.join(BIN, 'initdb')) ? `initdb not found in ${BIN}` : !owner ? 'no postgres user to run initdb as' : process.getuid?.() !== 0 && process.getuid?.() !== owner.uid ? 'needs root (to run initdb as postgres) or the postgres user' : false;
if (skip) console.log(`database-restart: SKIPPED — ${skip}`);

const root = tempDir('pgcluster');
const clusterDir = path.join(root, 'data');
const asPostgres = (cmd: string, args: string[]) => (process.getuid?.() === 0 ? execFileSync('runuser', ['-u', 'postgres', '--', path.join(BIN, cmd), ...args], { stdio: 'pipe' }) : execFileSync(path.join(BIN, cmd), args, { stdio: 'pipe' }));
let port = 0;
let server: Server | undefined;
const pgCtl = (action: 'start' | 'stop') =>
  action === 'start'
    ? asPostgres('pg_ctl', ['-D', clusterDir, '-l', path.join(root, 'postgres.log'), '-w', '-t', '30', '-o', `-p ${port} -k ${root} -c listen_addresses=127.0.0.1 -c fsync=off`, 'start'])
    : asPostgres('pg_ctl', ['-D', clusterDir, '-m', 'fast', '-w', 'stop']);

after(async () => {
  await server?.kill('SIGKILL');
  if (!skip && existsSync(path.join(clusterDir, 'postmaster.pid'))) {
    try {
      pgCtl('stop');
    } catch {
      // already stopped
    }
  }
  removeDir(root);
});

test('PostgreSQL stopped and restarted under load: 503 during the gap, 200 again within seconds, no acknowledged write lost', { skip, timeout: 300_000 }, async () => {
  chownSync(root, owner!.uid, owner!.gid);
  mkdirSync(clusterDir);
  chownSync(clusterDir, owner!.uid, owner!.gid);
  asPostgres('initdb', ['-D', clusterDir, '-A', 'trust', '-U', 'postgres', '--no-sync', '-E', 'UTF8', '--locale=C.UTF-8']);
  port = await stablePort();
  pgCtl('start');
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  server = await startServer({ dataDir: path.join(root, 'unused'), databaseUrl: url });
  const soroma = await signInHttp(server.base, demoAccounts.soroma, DEMO_PASSWORD);
  const list = await (await soroma.get('/fr/partnerships/inbox')).text();
  const requestPath = /\/fr\/partnerships\/requests\/[0-9a-f-]{36}/.exec(list)?.[0];
  assert.ok(requestPath, 'Soroma has a partnership request to write in');

  type Phase = 'before' | 'gap' | 'after';
  let phase: Phase = 'before';
  const seen: { phase: Phase; kind: string; status: number | 'timeout' | 'network'; body?: string }[] = [];
  let n = 0;
  let running = true;
  const one = async (kind: 'write' | 'page' | 'api') => {
    const at = phase;
    const body = `Écrit pendant le redémarrage ${++n}`;
    try {
      const signal = AbortSignal.timeout(REQUEST_TIMEOUT_MS);
      const res =
        kind === 'write'
          ? await soroma.post(`${requestPath}/messages`, { body }, signal)
          : await fetch(`${server!.base}${kind === 'page' ? '/fr/organisations' : '/api/v1/organisations'}`, { signal });
      await res.arrayBuffer();
      seen.push({ phase: at, kind, status: res.status, ...(kind === 'write' ? { body } : {}) });
    } catch (err) {
      seen.push({ phase: at, kind, status: (err as Error).name === 'TimeoutError' ? 'timeout' : 'network' });
    }
  };
  const client = async (kind: 'write' | 'page' | 'api') => {
    while (running) {
      await one(kind);
      await new Promise((r) => setTimeout(r, 50));
    }
  };
  const load = Promise.all([client('write'), client('write'), client('page'), client('api')]);

  await new Promise((r) => setTimeout(r, 2000));
  pgCtl('stop');
  phase = 'gap';
  const stoppedAt = Date.now();
  await new Promise((r) => setTimeout(r, GAP_MS));
  const health = await fetch(`${server.base}/healthz`);
  assert.equal(health.status, 503, 'health says unavailable during the gap');
  pgCtl('start');
  phase = 'after';
  const startedAt = Date.now();
  let recoveredMs = -1;
  while (Date.now() - startedAt < RECOVERY_LIMIT_MS * 2) {
    const res = await fetch(`${server.base}/fr/organisations`).catch(() => undefined);
    if (res?.status === 200) {
      recoveredMs = Date.now() - startedAt;
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  await new Promise((r) => setTimeout(r, 2000));
  running = false;
  await load;

  const tally = (p: Phase) => seen.filter((s) => s.phase === p).reduce<Record<string, number>>((m, s) => ({ ...m, [String(s.status)]: (m[String(s.status)] ?? 0) + 1 }), {});
  // Printed before the assertions, so that a failure in CI shows what was seen.
  console.log(`database-restart: seen before ${JSON.stringify(tally('before'))}, gap ${JSON.stringify(tally('gap'))}, after ${JSON.stringify(tally('after'))}; served again after ${recoveredMs} ms`);
  assert.equal(server.child.exitCode, null, 'the server is still running');
  assert.ok(recoveredMs >= 0 && recoveredMs <= RECOVERY_LIMIT_MS, `served again ${recoveredMs} ms after the database came back`);
  const unexpected = seen.filter((s) => !(s.status === 200 || s.status === 303 || s.status === 503));
  assert.deepEqual(unexpected, [], 'only 200, 303 or 503: no crash page, no timeout, no connection reset');
  assert.ok(seen.some((s) => s.phase === 'gap' && s.status === 503), 'requests during the gap were answered 503');
  assert.ok(seen.some((s) => s.phase === 'after' && s.status === 303), 'writes succeed again after the restart');

  const acknowledged = seen.filter((s) => s.kind === 'write' && s.status === 303).map((s) => s.body!);
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const stored = new Set((await c.query<{ body: string }>(`select body from partnership_messages where body like 'Écrit pendant le redémarrage %'`)).rows.map((r) => r.body));
  await c.end();
  const lost = acknowledged.filter((b) => !stored.has(b));
  assert.deepEqual(lost, [], 'every acknowledged write is in the database');
  console.log(
    `database-restart: gap ${Date.now() - stoppedAt - (Date.now() - startedAt)} ms; before ${JSON.stringify(tally('before'))}, gap ${JSON.stringify(tally('gap'))}, after ${JSON.stringify(tally('after'))}; ` +
      `served again ${recoveredMs} ms after the cluster was up; ${acknowledged.length} acknowledged writes, ${stored.size} rows, 0 lost`,
  );
});
