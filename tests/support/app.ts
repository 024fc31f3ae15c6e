// The whole application on a fresh database, driven through HTTP with inject(): what a user's browser does.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { buildApp } from '../../src/app.ts';
import { loadConfig, type Config } from '../../src/config.ts';
import type { Db } from '../../src/db/client.ts';
import { requiresSecondFactor, systemActor, type PlatformRole } from '../../src/kernel/actor.ts';
import { createUser } from '../../src/modules/accounts/commands.ts';
import { users } from '../../src/modules/accounts/tables.ts';
import { createTestDatabase, type TestDatabase } from './database.ts';

export interface TestApp {
  app: FastifyInstance;
  db: Db;
  config: Config;
  close(): Promise<void>;
}

export function testConfig(overrides: Record<string, string> = {}): Config {
  return loadConfig({ NODE_ENV: 'test', DATA_DIR: '/nonexistent', LOG_LEVEL: 'silent', BASE_URL: 'http://localhost:3000', ...overrides });
}

export async function createTestApp(options: { withDemo?: boolean; env?: Record<string, string>; extraRoutes?: (app: FastifyInstance) => void } = {}): Promise<TestApp> {
  const testDb: TestDatabase = await createTestDatabase({ withDemo: options.withDemo ?? false });
  const config = testConfig(options.env);
  const app = await buildApp({ config, database: testDb.database, logLevel: 'silent', ...(options.extraRoutes ? { extraRoutes: options.extraRoutes } : {}) });
  await app.ready();
  return {
    app,
    db: testDb.database.db,
    config,
    async close() {
      await app.close();
      await testDb.close();
    },
  };
}

let counter = 0;
export const uniqueEmail = (prefix = 'user'): string => `${prefix}.${Date.now().toString(36)}.${++counter}@example.org`;
export const testPassword = 'correct horse battery staple';

/** TOTP secrets of the test users enrolled in two-factor sign-in, by e-mail (signIn types their code). */
export const totpSecrets = new Map<string, string>();

const handedOutStep = new Map<string, number>();

/**
 * A six-digit code for a TOTP secret (what the user's authenticator app shows). The platform accepts a code once,
 * and never one older than the last it accepted, so each call gives the code of a time step not handed out yet:
 * the current one, else the next (accepted as clock drift), else it waits for the clock to move on.
 */
export const totpCode = (secret: string): string => {
  const periodMs = 30_000;
  const current = Math.floor(Date.now() / periodMs);
  const step = Math.max(current, (handedOutStep.get(secret) ?? -1) + 1);
  const waitMs = (step - 1) * periodMs - Date.now();
  if (waitMs > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, waitMs + 50);
  handedOutStep.set(secret, step);
  return new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: step * periodMs });
};

/**
 * A user with platform roles. Roles that require two-factor sign-in (staff, finance, reviewers, administrators)
 * come enrolled, and `signIn` types their code, so tests act as a fully signed-in user; pass `{ twoFactor: false }`
 * for a user who has not enrolled yet.
 */
export async function makeUser(db: Db, roles: PlatformRole[] = [], email = uniqueEmail(), options: { twoFactor?: boolean } = {}): Promise<{ id: string; email: string; password: string }> {
  const created = await createUser(db, systemActor, { email, displayName: email.split('@')[0]!, password: testPassword }, roles);
  if (!created.ok) throw new Error(created.error);
  if (options.twoFactor ?? requiresSecondFactor(roles)) {
    const secret = new Secret({ size: 20 }).base32;
    await db.update(users).set({ totpSecret: secret }).where(eq(users.id, created.value.id));
    totpSecrets.set(email.toLowerCase(), secret);
  }
  return { id: created.value.id, email, password: testPassword };
}

/** A signed-in browser: keeps the session cookie and the CSRF token of its session. */
export interface Browser {
  cookie: string;
  csrf: string;
  get(url: string): Promise<LightMyRequestResponse>;
  post(url: string, fields: Record<string, string | string[]>): Promise<LightMyRequestResponse>;
}

export function formBody(fields: Record<string, string | string[]>): string {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const value of Array.isArray(v) ? v : [v]) params.append(k, value);
  return params.toString();
}

export const csrfFrom = (html: string): string => /name="_csrf" value="([^"]*)"/.exec(html)?.[1] ?? '';

export async function signIn(app: FastifyInstance, email: string, password: string = testPassword): Promise<Browser> {
  const res = await app.inject({ method: 'POST', url: '/fr/sign-in', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ email, password }) });
  if (res.statusCode !== 303) throw new Error(`sign-in failed: ${res.statusCode}`);
  const setCookie = String(res.headers['set-cookie']);
  const cookie = setCookie.split(';')[0]!;
  const secret = totpSecrets.get(email.toLowerCase());
  if (String(res.headers.location).includes('/two-factor') && secret) {
    const form = await app.inject({ method: 'GET', url: '/fr/two-factor', headers: { cookie } });
    const passed = await app.inject({ method: 'POST', url: '/fr/two-factor', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: csrfFrom(form.body), code: totpCode(secret) }) });
    if (passed.statusCode !== 303) throw new Error(`second factor failed: ${passed.statusCode}`);
  }
  if (String(res.headers.location).includes('/account/two-factor') && !secret) {
    // A staff account without two-factor yet (demo accounts): enrol as the person would, from the enrolment page.
    const form = await app.inject({ method: 'GET', url: '/fr/account/two-factor', headers: { cookie } });
    const shown = /<code>([A-Z2-7 ]+)<\/code>/.exec(form.body)?.[1]?.replace(/\s/g, '');
    if (!shown) throw new Error('two-factor enrolment page without a secret');
    const enrolled = await app.inject({ method: 'POST', url: '/fr/account/two-factor', headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: csrfFrom(form.body), code: totpCode(shown) }) });
    if (enrolled.statusCode !== 200) throw new Error(`two-factor enrolment failed: ${enrolled.statusCode}`);
    totpSecrets.set(email.toLowerCase(), shown);
  }
  let page = await app.inject({ method: 'GET', url: '/fr/account', headers: { cookie } });
  // A session that must still enrol in two-factor sign-in is sent to the enrolment page (which has the token too).
  if (page.statusCode === 303) page = await app.inject({ method: 'GET', url: String(page.headers.location), headers: { cookie } });
  const csrf = csrfFrom(page.body);
  return {
    cookie,
    csrf,
    get: (url) => app.inject({ method: 'GET', url, headers: { cookie } }),
    post: (url, fields) =>
      app.inject({ method: 'POST', url, headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody({ _csrf: csrf, ...fields }) }),
  };
}

/** Builds a multipart body (for forms with a file field). */
export function multipartBody(fields: Record<string, string | string[]>, files: Record<string, { name: string; type: string; data: Buffer }> = {}): { payload: Buffer; contentType: string } {
  const boundary = `----passerelle${Math.random().toString(16).slice(2)}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    for (const value of Array.isArray(v) ? v : [v]) parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${value}\r\n`));
  }
  for (const [k, f] of Object.entries(files)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"; filename="${f.name}"\r\nContent-Type: ${f.type}\r\n\r\n`), f.data, Buffer.from('\r\n'));
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}
