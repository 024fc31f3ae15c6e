// Two-factor codes are accepted once (no replay), the enrolment page shows the key as a QR code drawn on the
// server, and a user sees their open sessions and closes one of them.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { Secret, TOTP } from 'otpauth';
import { createTestApp, csrfFrom, formBody, makeUser, signIn, testPassword, totpSecrets, uniqueEmail, type TestApp } from '../../../tests/support/app.ts';
import { runDueJobs, scheduleRecurring } from '../../kernel/jobs.ts';
import { lastMailTo, linkIn } from '../../../tests/support/mail.ts';
import { accountJobHandlers } from './commands.ts';
import { describeUserAgent, qrCodePath } from './present.ts';
import { accountTokens, sessions, users } from './tables.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: false });
});
after(() => t.close());

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0]!;
/** The code of a given time step (30 s) for a secret, as an authenticator app would show it then. */
const codeAt = (secret: string, step: number) => new TOTP({ secret: Secret.fromBase32(secret), digits: 6, period: 30, algorithm: 'SHA1' }).generate({ timestamp: step * 30_000 });
const currentStep = () => Math.floor(Date.now() / 30_000);

/** Signs in with the password: a session waiting for its code, and the CSRF token of its challenge page. */
async function pendingSession(email: string, userAgent?: string): Promise<{ cookie: string; csrf: string }> {
  const res = await t.app.inject({ method: 'POST', url: '/fr/sign-in', headers: { ...form, ...(userAgent ? { 'user-agent': userAgent } : {}) }, payload: formBody({ email, password: testPassword }) });
  assert.equal(res.headers.location, '/fr/two-factor');
  const cookie = cookieOf(res);
  const page = await t.app.inject({ method: 'GET', url: '/fr/two-factor', headers: { cookie } });
  return { cookie, csrf: csrfFrom(page.body) };
}
const typeCode = (s: { cookie: string; csrf: string }, code: string) =>
  t.app.inject({ method: 'POST', url: '/fr/two-factor', headers: { ...form, cookie: s.cookie }, payload: formBody({ _csrf: s.csrf, code }) });

test('a two-factor code is accepted once: the same code, or an older one, is refused for that account', async () => {
  const staff = await makeUser(t.db, ['funder_staff']);
  const secret = totpSecrets.get(staff.email.toLowerCase())!;
  const step = currentStep();
  const code = codeAt(secret, step);
  assert.equal((await typeCode(await pendingSession(staff.email), code)).statusCode, 303);

  // Seen over someone's shoulder, or replayed from a phishing page: refused within its 30 seconds.
  const replay = await typeCode(await pendingSession(staff.email), code);
  assert.equal(replay.statusCode, 422);
  assert.match(replay.body, /pas valable/);
  assert.equal((await typeCode(await pendingSession(staff.email), codeAt(secret, step - 1))).statusCode, 422, 'an older code (still within the drift window) is refused too');
  assert.equal((await typeCode(await pendingSession(staff.email), codeAt(secret, step + 1))).statusCode, 303, 'the next code works');

  // Two sessions racing with the same unused code: one wins (the step is taken in one conditional update).
  await t.db.update(users).set({ totpLastStep: null }).where(eq(users.id, staff.id));
  const a = await pendingSession(staff.email);
  const b = await pendingSession(staff.email);
  const fresh = codeAt(secret, currentStep());
  const raced = (await Promise.all([typeCode(a, fresh), typeCode(b, fresh)])).map((r) => r.statusCode).sort();
  assert.deepEqual(raced, [303, 422]);

  // Another account with the same code is not affected (the record is per account).
  const other = await makeUser(t.db, ['finance']);
  await t.db.update(users).set({ totpSecret: secret }).where(eq(users.id, other.id));
  assert.equal((await typeCode(await pendingSession(other.email), code)).statusCode, 303);
});

test('the code that confirmed the enrolment cannot be used again to sign in', async () => {
  const email = uniqueEmail('enrol');
  await makeUser(t.db, ['reviewer'], email, { twoFactor: false });
  const res = await t.app.inject({ method: 'POST', url: '/fr/sign-in', headers: form, payload: formBody({ email, password: testPassword }) });
  const cookie = cookieOf(res);
  const page = await t.app.inject({ method: 'GET', url: '/fr/account/two-factor', headers: { cookie } });
  const secret = /<code>([A-Z2-7 ]+)<\/code>/.exec(page.body)![1]!.replace(/ /g, '');
  const code = codeAt(secret, currentStep());
  const enrolled = await t.app.inject({ method: 'POST', url: '/fr/account/two-factor', headers: { ...form, cookie }, payload: formBody({ _csrf: csrfFrom(page.body), code }) });
  assert.equal(enrolled.statusCode, 200);
  assert.equal((await typeCode(await pendingSession(email), code)).statusCode, 422);
});

test('the enrolment page shows the key as a QR code drawn on the server, next to the key in text', async () => {
  const email = uniqueEmail("o'neil");
  await makeUser(t.db, ['platform_admin'], email, { twoFactor: false });
  const res = await t.app.inject({ method: 'POST', url: '/en/sign-in', headers: form, payload: formBody({ email, password: testPassword }) });
  const page = await t.app.inject({ method: 'GET', url: '/en/account/two-factor', headers: { cookie: cookieOf(res) } });
  assert.equal(page.statusCode, 200);
  const svg = /<svg class="qr-code" role="img" aria-label="([^"]+)" viewBox="(-?\d+) (-?\d+) (\d+) (\d+)"[^>]*>.*?<path d="([^"]+)"/s.exec(page.body);
  assert.ok(svg, 'an inline SVG image with a text alternative');
  assert.equal(svg[1], 'QR code to set up two-factor sign-in');
  const d = svg[6]!;
  assert.match(d, /^(M\d+ \d+h\d+v1h-\d+z)+$/, 'only numbers and path commands: nothing from the user goes into the SVG');
  const uri = /<code class="break">([^<]+)<\/code>/.exec(page.body)![1]!.replace(/&amp;/g, '&').replace(/&#39;/g, "'");
  assert.match(uri, /^otpauth:\/\/totp\/Passerelle:/);
  assert.ok(!page.body.includes(`${email.split('@')[0]}'`) || page.body.includes('&#39;'), 'the apostrophe of the address is escaped');
  // It is the QR code of the URI shown in text: same modules, a QR code's size and its three finder patterns.
  const qr = qrCodePath(uri);
  assert.equal(d, qr.d);
  assert.equal((qr.size - 17) % 4, 0);
  assert.equal(Number(svg[4]), qr.size + 8, 'a quiet zone of four modules');
  for (const [x, y] of [[0, 0], [qr.size - 7, 0], [0, qr.size - 7]] as [number, number][]) {
    assert.ok(d.includes(`M${x} ${y}h7v1h-7z`), `finder pattern at ${x},${y}`);
    assert.ok(d.includes(`M${x} ${y + 6}h7v1h-7z`), `finder pattern at ${x},${y + 6}`);
  }
  // The key is still given in text, for people who cannot scan.
  assert.match(page.body, /<code>([A-Z2-7]{4} )+[A-Z2-7]{1,4}<\/code>/);
});

test('the account page lists the open sessions; one of them can be closed, not someone else’s', async () => {
  const user = await makeUser(t.db);
  const here = await signIn(t.app, user.email);
  const phone = await t.app.inject({ method: 'POST', url: '/fr/sign-in', headers: { ...form, 'user-agent': 'Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Mobile Safari/537.36' }, payload: formBody({ email: user.email, password: testPassword }) });
  const phoneCookie = cookieOf(phone);
  const page = await here.get('/fr/account');
  assert.match(page.body, /Sessions ouvertes : 2\./);
  assert.match(page.body, /Ce navigateur/);
  assert.match(page.body, /Chrome · Android/);
  const handles = [...page.body.matchAll(/\/fr\/account\/sessions\/([0-9a-f]{32})\/revoke/g)].map((m) => m[1]!);
  assert.equal(handles.length, 1, 'only the other session has a button');
  const stored = await t.db.select({ id: sessions.id }).from(sessions).where(eq(sessions.userId, user.id));
  assert.ok(stored.every((s) => !page.body.includes(s.id)), 'the stored session ids are not in the page');

  // Someone else cannot close it.
  const stranger = await signIn(t.app, (await makeUser(t.db)).email);
  assert.equal((await stranger.post(`/fr/account/sessions/${handles[0]}/revoke`, {})).statusCode, 404);
  assert.equal((await t.app.inject({ method: 'GET', url: '/fr/account', headers: { cookie: phoneCookie } })).statusCode, 200);

  const closed = await here.post(`/fr/account/sessions/${handles[0]}/revoke`, {});
  assert.equal(closed.statusCode, 303);
  assert.equal(closed.headers.location, '/fr/account?notice=accounts.session_revoked');
  assert.equal((await t.app.inject({ method: 'GET', url: '/fr/account', headers: { cookie: phoneCookie } })).statusCode, 303, 'the phone is signed out');
  assert.equal((await here.get('/fr/account')).statusCode, 200, 'this browser stays signed in');
  assert.equal((await here.post(`/fr/account/sessions/${handles[0]}/revoke`, {})).statusCode, 404, 'already closed');
  assert.equal((await here.post('/fr/account/sessions/not-a-handle/revoke', {})).statusCode, 404);
});

test('user agents are summarised for the session list', () => {
  assert.equal(describeUserAgent('Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0'), 'Firefox · Linux');
  assert.equal(describeUserAgent('Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15'), 'Safari · macOS');
  assert.equal(describeUserAgent('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0 Safari/537.36 Edg/130.0'), 'Edge · Windows');
  assert.equal(describeUserAgent('lightMyRequest'), null);
  assert.equal(describeUserAgent(null), null);
});

test('sessions end after the idle and the absolute timeouts; the hourly job deletes them', async () => {
  const user = await makeUser(t.db);
  const idle = await signIn(t.app, user.email);
  const old = await signIn(t.app, user.email);
  const fresh = await signIn(t.app, user.email);
  const rows = await t.db.select({ id: sessions.id, lastSeenAt: sessions.lastSeenAt }).from(sessions).where(eq(sessions.userId, user.id));
  assert.equal(rows.length, 3);
  const minutes = (n: number) => new Date(Date.now() - n * 60_000);
  // Sessions are in the order of the sign-ins: make the first idle for longer than allowed, the second too old.
  const byCookie = async (cookie: string) => createHash('sha256').update(decodeURIComponent(cookie.split('=')[1]!)).digest('hex');
  await t.db.update(sessions).set({ lastSeenAt: minutes(t.config.session.idleMinutes + 1) }).where(eq(sessions.id, await byCookie(idle.cookie)));
  await t.db.update(sessions).set({ createdAt: minutes(t.config.session.absoluteHours * 60 + 1) }).where(eq(sessions.id, await byCookie(old.cookie)));
  assert.equal((await idle.get('/fr/account')).statusCode, 303, 'idle too long: signed out');
  assert.equal((await old.get('/fr/account')).statusCode, 303, 'older than the absolute limit: signed out');
  assert.equal((await fresh.get('/fr/account')).statusCode, 200);

  // Sessions nobody comes back to are deleted by the housekeeping job.
  const other = await makeUser(t.db);
  const left = await signIn(t.app, other.email);
  await t.db.update(sessions).set({ lastSeenAt: minutes(t.config.session.idleMinutes + 5) }).where(eq(sessions.id, await byCookie(left.cookie)));
  const now = new Date();
  await scheduleRecurring(t.db, 'accounts.purge_sessions', 3_600_000, now);
  assert.equal(await runDueJobs(t.db, accountJobHandlers(t.config.session), now), 1);
  assert.equal((await t.db.select().from(sessions).where(eq(sessions.userId, other.id))).length, 0);
  assert.equal((await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).length, 1, 'the active session stays');
});

test('a password-reset link expires after an hour', async () => {
  const user = await makeUser(t.db);
  const asked = await t.app.inject({ method: 'POST', url: '/fr/password-reset', headers: form, payload: formBody({ email: user.email }), remoteAddress: '10.3.0.1' });
  assert.equal(asked.statusCode, 303);
  const link = linkIn((await lastMailTo(t.db, user.email))!.text);
  const [token] = await t.db.select().from(accountTokens).where(eq(accountTokens.userId, user.id));
  const lifetime = token!.expiresAt.getTime() - token!.createdAt.getTime();
  assert.ok(lifetime > 59 * 60_000 && lifetime <= 61 * 60_000, `valid one hour (${lifetime} ms)`);
  assert.equal((await t.app.inject({ method: 'GET', url: link })).statusCode, 200);
  await t.db.update(accountTokens).set({ expiresAt: new Date(Date.now() - 1000) }).where(eq(accountTokens.userId, user.id));
  const expired = await t.app.inject({ method: 'GET', url: link });
  assert.equal(expired.statusCode, 410);
  const tokenValue = new URL(link, 'http://x').searchParams.get('token')!;
  const used = await t.app.inject({ method: 'POST', url: '/fr/password-reset/new', headers: form, payload: formBody({ token: tokenValue, password: 'trois tortues traversent la route' }) });
  assert.equal(used.statusCode, 410, 'an expired link cannot set the password');
  assert.equal((await t.app.inject({ method: 'POST', url: '/fr/sign-in', headers: form, payload: formBody({ email: user.email, password: testPassword }) })).statusCode, 303, 'the old password still works');
});
