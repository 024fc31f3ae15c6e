// The real server as a child process (`node --import tsx src/main.ts`), driven over loopback HTTP with fetch:
// what a deployment does. Used by the reliability tests (crash, database restart, load) and scripts/load.ts.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { totpCode, totpSecrets } from '../support/app.ts';

export const repoRoot = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

/**
 * A free port below the kernel's ephemeral range (32768–60999 here), for a listener that stops and starts again on
 * the same port: a port from `freePort()` may be handed by the kernel to another test's server or to an outgoing
 * connection while ours is down.
 */
export async function stablePort(): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolve) => {
      const srv = createServer();
      srv.once('error', () => resolve(false));
      srv.listen(port, '127.0.0.1', () => srv.close(() => resolve(true)));
    });
    if (free) return port;
  }
  throw new Error('no free port found between 20000 and 32000');
}

export function tempDir(prefix: string): string {
  return mkdtempSync(path.join(os.tmpdir(), `passerelle-${prefix}-`));
}

/** A fresh empty PostgreSQL database next to `adminUrl` (the server migrates and seeds it on first start). */
export async function freshPostgresDatabase(adminUrl: string): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `passerelle_rel_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

export interface Server {
  port: number;
  base: string;
  child: ChildProcess;
  output(): string;
  /** Resolves with the exit code or signal. */
  exited: Promise<string>;
  kill(signal?: NodeJS.Signals): Promise<string>;
}

export interface ServerOptions {
  dataDir: string;
  databaseUrl?: string | undefined;
  port?: number;
  env?: Record<string, string>;
  /** How long to wait for "Passerelle is serving" (first start migrates and seeds the demo data). */
  readyTimeoutMs?: number;
}

export async function startServer(options: ServerOptions): Promise<Server> {
  const port = options.port ?? (await freePort());
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? '/tmp',
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(port),
    BASE_URL: `http://127.0.0.1:${port}`,
    DATA_DIR: options.dataDir,
    LOG_LEVEL: 'warn',
    DEMO_DATA: '1',
    ...(options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : {}),
    ...options.env,
  };
  const child = spawn(process.execPath, ['--max-old-space-size=192', '--import', 'tsx', 'src/main.ts'], { cwd: repoRoot, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const exited = new Promise<string>((resolve) => child.on('exit', (code, signal) => resolve(signal ?? String(code))));
  const deadline = Date.now() + (options.readyTimeoutMs ?? 120_000);
  let gone = false;
  void exited.then(() => (gone = true));
  while (!/Passerelle is serving/.test(out)) {
    if (gone) throw new Error(`server exited before it was ready:\n${out}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`server not ready in time:\n${out}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    port,
    base: `http://127.0.0.1:${port}`,
    child,
    output: () => out,
    exited,
    async kill(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** A signed-in client over HTTP: keeps the session cookie and the CSRF token. */
export interface HttpClient {
  cookie: string;
  csrf: string;
  get(url: string): Promise<Response>;
  post(url: string, fields: Record<string, string>, signal?: AbortSignal): Promise<Response>;
}

export function formBody(fields: Record<string, string>): string {
  return new URLSearchParams(fields).toString();
}

/** Signs in over HTTP; types the current TOTP code when the account is enrolled (`totpSecrets` of the test support). */
export async function signInHttp(base: string, email: string, password: string): Promise<HttpClient> {
  const res = await fetch(`${base}/fr/sign-in`, { method: 'POST', redirect: 'manual', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: formBody({ email, password }) });
  if (res.status !== 303) throw new Error(`sign-in of ${email} failed: ${res.status}`);
  const cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
  const secret = totpSecrets.get(email.toLowerCase());
  const location = res.headers.get('location') ?? '';
  if (location.includes('/account/two-factor') && !secret) {
    // A staff account not enrolled yet (demo accounts): enrol from the page, as the person would.
    const form = await (await fetch(`${base}/fr/account/two-factor`, { headers: { cookie } })).text();
    const shown = /<code>([A-Z2-7 ]+)<\/code>/.exec(form)?.[1]?.replace(/\s/g, '');
    const token = /name="_csrf" value="([^"]*)"/.exec(form)?.[1] ?? '';
    if (!shown) throw new Error(`no two-factor secret shown to ${email}`);
    const enrolled = await fetch(`${base}/fr/account/two-factor`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: formBody({ _csrf: token, code: totpCode(shown) }) });
    if (enrolled.status !== 200) throw new Error(`two-factor enrolment of ${email} failed: ${enrolled.status}`);
    totpSecrets.set(email.toLowerCase(), shown);
  } else if (location.includes('/two-factor') && secret) {
    const form = await (await fetch(`${base}/fr/two-factor`, { headers: { cookie } })).text();
    const token = /name="_csrf" value="([^"]*)"/.exec(form)?.[1] ?? '';
    const passed = await fetch(`${base}/fr/two-factor`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: formBody({ _csrf: token, code: totpCode(secret) }) });
    if (passed.status !== 303) throw new Error(`second factor of ${email} failed: ${passed.status}`);
  }
  const page = await (await fetch(`${base}/fr/account`, { headers: { cookie } })).text();
  const csrf = /name="_csrf" value="([^"]*)"/.exec(page)?.[1] ?? '';
  if (!csrf) throw new Error('no CSRF token on the account page');
  return {
    cookie,
    csrf,
    get: (url) => fetch(`${base}${url}`, { headers: { cookie }, redirect: 'manual' }),
    post: (url, fields, signal) =>
      fetch(`${base}${url}`, { method: 'POST', redirect: 'manual', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, body: formBody({ _csrf: csrf, ...fields }), ...(signal ? { signal } : {}) }),
  };
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}
