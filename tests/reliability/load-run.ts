// A bounded mixed load on the real server (child process, loopback): public pages, search, API reads and
// signed-in writes (partnership messages, each a new row, marked `Message de charge N`). Samples the
// server's RSS after a warm-up and at the end. Used by tests/reliability/load.test.ts (10 s) and scripts/load.ts.
import { readFileSync } from 'node:fs';
import autocannon from 'autocannon';
import { DEMO_PASSWORD, demoAccounts } from '../../src/modules/funding/seed.ts';
import { formBody, signInHttp, type Server } from './server.ts';

export interface LoadFigures {
  seconds: number;
  connections: number;
  requests: number;
  perSecond: number;
  p50: number;
  p99: number;
  max: number;
  errors: number;
  statusCodes: Record<string, number>;
  rssStartMb: number;
  rssEndMb: number;
  rssMaxMb: number;
  /** Signed-in writes answered 303 (each must be a row: the caller checks after stopping the server). */
  writesAcked: number;
  /** Writes sent (those in flight when the run stopped may be written without their answer being counted). */
  writesSent: number;
  writePath: string | undefined;
}

export function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

export async function runLoad(server: Server, options: { seconds: number; connections: number; warmupSeconds?: number }): Promise<LoadFigures> {
  const finance = await signInHttp(server.base, demoAccounts.finance, DEMO_PASSWORD);
  const soroma = await signInHttp(server.base, demoAccounts.soroma, DEMO_PASSWORD);
  // A partnership request Soroma takes part in (from the demo data): each message posted is a new row.
  const list = await (await soroma.get('/fr/partnerships/inbox')).text();
  const requestPath = /\/fr\/partnerships\/requests\/([0-9a-f-]{36})/.exec(list)?.[0];

  const requests: autocannon.Request[] = [
    { method: 'GET', path: '/fr' },
    { method: 'GET', path: '/fr/organisations' },
    { method: 'GET', path: '/fr/organisations?q=solidarite' },
    { method: 'GET', path: '/fr/organisations?country=ML&theme=education' },
    { method: 'GET', path: '/en/events' },
    { method: 'GET', path: '/fr/calls' },
    { method: 'GET', path: '/api/v1/organisations' },
    { method: 'GET', path: '/api/v1/events' },
    { method: 'GET', path: '/api/v1/news' },
    { method: 'GET', path: '/fr/funding', headers: { cookie: finance.cookie } },
  ];
  let n = 0;
  let acked = 0;
  if (requestPath) {
    requests.push({
      method: 'POST',
      path: `${requestPath}/messages`,
      headers: { cookie: soroma.cookie, 'content-type': 'application/x-www-form-urlencoded' },
      setupRequest: (req) => ({ ...req, body: formBody({ _csrf: soroma.csrf, body: `Message de charge ${++n}` }) }),
      onResponse: (status) => {
        if (status === 303) acked++;
      },
    });
  }
  const run = (seconds: number) => autocannon({ url: server.base, connections: options.connections, duration: seconds, requests });

  if (options.warmupSeconds) await run(options.warmupSeconds);
  const rssStartMb = rssMb(server.child.pid!);
  let rssMaxMb = rssStartMb;
  const sampler = setInterval(() => (rssMaxMb = Math.max(rssMaxMb, rssMb(server.child.pid!))), 1000);
  const result = await run(options.seconds);
  clearInterval(sampler);
  const rssEndMb = rssMb(server.child.pid!);
  const statusCodes: Record<string, number> = {};
  for (const [code, s] of Object.entries(result.statusCodeStats ?? {})) statusCodes[code] = (s as { count: number }).count;
  const bad = Object.entries(statusCodes).filter(([code]) => Number(code) >= 400).reduce((sum, [, c]) => sum + c, 0);
  return {
    seconds: options.seconds,
    connections: options.connections,
    requests: result.requests.total,
    perSecond: Math.round(result.requests.average),
    p50: result.latency.p50,
    p99: result.latency.p99,
    max: result.latency.max,
    errors: result.errors + result.timeouts + bad,
    statusCodes,
    rssStartMb,
    rssEndMb,
    rssMaxMb,
    writesAcked: acked,
    writesSent: n,
    writePath: requestPath,
  };
}
