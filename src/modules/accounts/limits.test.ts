// Rate limits kept in the database: a limit reached through one app instance still holds in a new instance built
// on the same database (a restart, or another process behind the same load balancer).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../app.ts';
import { rateLimits } from '../../kernel/tables.ts';
import { createStoredThrottle } from '../../kernel/throttle.ts';
import { formBody, makeUser, testConfig, testPassword } from '../../../tests/support/app.ts';
import { createTestDatabase, type TestDatabase } from '../../../tests/support/database.ts';

let database: TestDatabase;
const apps: FastifyInstance[] = [];
const newInstance = async (): Promise<FastifyInstance> => {
  const app = await buildApp({ config: testConfig(), database: database.database, logLevel: 'silent' });
  await app.ready();
  apps.push(app);
  return app;
};
before(async () => {
  database = await createTestDatabase();
});
after(async () => {
  for (const app of apps) await app.close();
  await database.close();
});

const post = (app: FastifyInstance, url: string, fields: Record<string, string>, remoteAddress: string) =>
  app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody(fields), remoteAddress });

test('sign-in, password reset and sign-up limits hold after a restart and across instances', async () => {
  const db = database.database.db;
  const user = await makeUser(db);
  const first = await newInstance();
  const failures: number[] = [];
  for (let i = 0; i < 5; i++) failures.push((await post(first, '/fr/sign-in', { email: user.email, password: 'wrong password' }, '10.1.0.1')).statusCode);
  assert.deepEqual(failures, [422, 422, 422, 422, 422]);
  for (let i = 0; i < 3; i++) assert.equal((await post(first, '/fr/password-reset', { email: user.email }, '10.1.0.2')).statusCode, 303);
  for (let i = 0; i < 3; i++) assert.equal((await post(first, '/fr/sign-up', { displayName: 'X', email: 'someone@example.org', password: 'une phrase assez longue' }, '10.1.0.3')).statusCode, 303);
  await first.close();

  // A new process on the same database: the counters are still there.
  const second = await newInstance();
  const locked = await post(second, '/fr/sign-in', { email: user.email, password: testPassword }, '10.1.0.4');
  assert.equal(locked.statusCode, 429, 'even the right password waits, from another address');
  assert.match(locked.body, /Trop de tentatives/);
  assert.equal((await post(second, '/fr/password-reset', { email: user.email }, '10.1.0.5')).statusCode, 429);
  assert.equal((await post(second, '/fr/sign-up', { displayName: 'X', email: 'someone@example.org', password: 'une phrase assez longue' }, '10.1.0.6')).statusCode, 429);

  // Two instances at once share the counters: failures through either count together.
  const other = await makeUser(db);
  const third = await newInstance();
  for (let i = 0; i < 5; i++) await post(i % 2 ? second : third, '/fr/sign-in', { email: other.email, password: 'wrong password' }, '10.1.0.7');
  assert.equal((await post(second, '/fr/sign-in', { email: other.email, password: testPassword }, '10.1.0.7')).statusCode, 429);
  assert.equal((await post(third, '/fr/sign-in', { email: other.email, password: testPassword }, '10.1.0.7')).statusCode, 429);

  // Nothing in clear: the addresses and IPs are hashed.
  const rows = await db.select().from(rateLimits);
  assert.ok(rows.length > 0);
  const dump = JSON.stringify(rows);
  for (const secret of [user.email, other.email, '10.1.0.1', 'someone@example.org']) assert.ok(!dump.includes(secret), secret);
});

test('public forms (per-route limits) hold after a restart', async () => {
  const first = await newInstance();
  // The offer-of-help form allows 20 posts per 10 minutes per address (counted before the page is looked up).
  for (let i = 0; i < 20; i++) assert.notEqual((await post(first, '/fr/projects/no-such-project/help', { name: 'A' }, '10.2.0.1')).statusCode, 429);
  assert.equal((await post(first, '/fr/projects/no-such-project/help', { name: 'A' }, '10.2.0.1')).statusCode, 429);
  await first.close();
  const second = await newInstance();
  const refused = await post(second, '/fr/projects/no-such-project/help', { name: 'A' }, '10.2.0.1');
  assert.equal(refused.statusCode, 429);
  assert.ok(refused.headers['retry-after']);
  assert.notEqual((await post(second, '/fr/projects/no-such-project/help', { name: 'A' }, '10.2.0.2')).statusCode, 429, 'another address is not limited');
});

test('a stored counter opens a window, counts in it, starts again after it, and forgets on reset', async () => {
  let now = new Date('2030-01-01T00:00:00Z');
  const throttle = createStoredThrottle(database.database.db, { scope: 'test.window', max: 2, windowMs: 60_000, now: () => now });
  assert.equal(await throttle.blocked('k'), false);
  await throttle.hit('k');
  await throttle.hit('k');
  assert.equal(await throttle.blocked('k'), true);
  assert.equal(await throttle.blocked('other'), false);
  now = new Date(now.getTime() + 61_000);
  assert.equal(await throttle.blocked('k'), false, 'the window ended');
  await throttle.hit('k');
  assert.equal(await throttle.blocked('k'), false, 'a new window counts from one');
  await throttle.hit('k');
  assert.equal(await throttle.blocked('k'), true);
  await throttle.reset('k');
  assert.equal(await throttle.blocked('k'), false);
});
