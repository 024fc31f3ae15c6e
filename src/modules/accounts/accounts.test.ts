// Accounts through HTTP on a real database: sign-up with confirmation from the outbox, password reset, changes
// of address and password, sessions (rotation, sign out everywhere), rate limits, two-factor sign-in, API tokens,
// personal data (export, erasure) and the administrators' pages.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { unzipSync, strFromU8 } from 'fflate';
import { auditLog } from '../../kernel/tables.ts';
import { createTestApp, csrfFrom, formBody, makeUser, signIn, testPassword, totpCode, uniqueEmail, type TestApp } from '../../../tests/support/app.ts';
import { lastMailTo, linkIn, mailsTo } from '../../../tests/support/mail.ts';
import { passwordProblem, commonPasswordCount } from './passwords.ts';
import { sessions, users } from './tables.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const form = { 'content-type': 'application/x-www-form-urlencoded' };
const post = (url: string, fields: Record<string, string>, extra: { cookie?: string; remoteAddress?: string } = {}) =>
  t.app.inject({ method: 'POST', url, headers: { ...form, ...(extra.cookie ? { cookie: extra.cookie } : {}) }, payload: formBody(fields), ...(extra.remoteAddress ? { remoteAddress: extra.remoteAddress } : {}) });
const get = (url: string, cookie?: string) => t.app.inject({ method: 'GET', url, headers: cookie ? { cookie } : {} });
const cookieOf = (res: { headers: Record<string, unknown> }) => String(res.headers['set-cookie']).split(';')[0]!;

test('the password rules refuse short and common passwords, and accept a sentence', () => {
  assert.ok(commonPasswordCount >= 400);
  assert.equal(passwordProblem('short'), 'too_short');
  for (const p of ['password1234', 'Password2024!', 'azertyuiop123', '123456789012', 'aaaaaaaaaaaa', 'abcabcabcabc', 'qwertyuiop12', '1234motdepasse']) {
    assert.equal(passwordProblem(p), 'common', p);
  }
  assert.equal(passwordProblem('jean.dupont2024!', 'jean.dupont@example.org'), 'contains_email');
  assert.equal(passwordProblem(testPassword), null);
  assert.equal(passwordProblem('le chat dort sur la valise'), null);
});

test('a new user signs up, confirms the address from the mail, then signs in', async () => {
  const email = uniqueEmail('newcomer');
  const weak = await post('/fr/sign-up', { displayName: 'Awa', email, password: 'motdepasse123' });
  assert.equal(weak.statusCode, 422);
  assert.match(weak.body, /fait partie des plus utilisés/);
  assert.match(weak.body, new RegExp(`value="${email.replace(/\./g, '\\.')}"`), 'what was typed is kept');
  const res = await post('/fr/sign-up', { displayName: 'Awa Diallo', email, password: 'un baobab au bord du fleuve' });
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/fr/sign-up/sent');
  // Not confirmed yet: cannot sign in.
  assert.equal((await post('/fr/sign-in', { email, password: 'un baobab au bord du fleuve' })).statusCode, 422);
  const mail = await lastMailTo(t.db, email);
  assert.equal(mail?.kind, 'account.confirm');
  const confirmed = await get(linkIn(mail!.text));
  assert.equal(confirmed.statusCode, 303);
  assert.equal(confirmed.headers.location, '/fr/sign-in?notice=accounts.email_confirmed');
  assert.equal((await get(linkIn(mail!.text))).statusCode, 410, 'a link works once');
  const signedIn = await post('/fr/sign-in', { email, password: 'un baobab au bord du fleuve' });
  assert.equal(signedIn.statusCode, 303);
  assert.equal(signedIn.headers.location, '/fr/account?notice=accounts.signed_in');
  // The same answer for an address that already has an account; its owner gets a mail instead.
  const again = await post('/fr/sign-up', { displayName: 'Someone', email, password: 'une autre phrase assez longue' });
  assert.equal(again.statusCode, 303);
  assert.equal(again.headers.location, '/fr/sign-up/sent');
  assert.equal((await lastMailTo(t.db, email))?.kind, 'account.exists');
});

test('password reset: same answer for unknown addresses, link valid once, sessions closed', async () => {
  const user = await makeUser(t.db);
  const browser = await signIn(t.app, user.email);
  const unknown = await post('/fr/password-reset', { email: 'nobody@example.org' });
  const known = await post('/fr/password-reset', { email: user.email });
  assert.equal(unknown.statusCode, 303);
  assert.equal(known.statusCode, 303);
  assert.equal(unknown.headers.location, known.headers.location);
  assert.equal((await mailsTo(t.db, 'nobody@example.org')).length, 0);
  const link = linkIn((await lastMailTo(t.db, user.email))!.text);
  const page = await get(link);
  assert.equal(page.statusCode, 200);
  const token = new URL(link, 'http://x').searchParams.get('token')!;
  const weak = await post('/fr/password-reset/new', { token, password: 'password1234' });
  assert.equal(weak.statusCode, 422);
  const done = await post('/fr/password-reset/new', { token, password: 'trois tortues traversent la route' });
  assert.equal(done.statusCode, 303);
  assert.equal((await browser.get('/fr/account')).statusCode, 303, 'the old session is closed');
  assert.equal((await post('/fr/password-reset/new', { token, password: 'encore une autre phrase' })).statusCode, 410);
  await signIn(t.app, user.email, 'trois tortues traversent la route');
});

test('changing the password needs the current one and closes the other sessions; changing the address needs a confirmation', async () => {
  const user = await makeUser(t.db);
  const a = await signIn(t.app, user.email);
  const b = await signIn(t.app, user.email);
  const wrong = await a.post('/fr/account/password', { current: 'not the password', password: 'une nouvelle phrase secrète' });
  assert.equal(wrong.statusCode, 422);
  assert.match(wrong.body, /Le mot de passe actuel est incorrect/);
  assert.equal((await a.post('/fr/account/password', { current: testPassword, password: 'une nouvelle phrase secrète' })).statusCode, 303);
  assert.equal((await a.get('/fr/account')).statusCode, 200, 'this session stays');
  assert.equal((await b.get('/fr/account')).statusCode, 303, 'the other one is closed');

  const newEmail = uniqueEmail('moved');
  assert.equal((await a.post('/fr/account/email', { email: newEmail, current: 'une nouvelle phrase secrète' })).statusCode, 303);
  assert.equal((await lastMailTo(t.db, user.email))?.kind, 'account.change_email_notice');
  const link = linkIn((await lastMailTo(t.db, newEmail))!.text);
  assert.equal((await a.get(link)).statusCode, 303);
  const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
  assert.equal(row?.email, newEmail);
});

test('sign-in opens a new session id (no fixation); sign out everywhere closes them all', async () => {
  const user = await makeUser(t.db);
  const first = await post('/fr/sign-in', { email: user.email, password: testPassword });
  const firstCookie = cookieOf(first);
  const page = await get('/fr/account', firstCookie);
  const second = await t.app.inject({ method: 'POST', url: '/fr/sign-in', headers: { ...form, cookie: firstCookie }, payload: formBody({ _csrf: csrfFrom(page.body), email: user.email, password: testPassword }) });
  const secondCookie = cookieOf(second);
  assert.notEqual(firstCookie, secondCookie);
  assert.equal((await get('/fr/account', firstCookie)).statusCode, 303, 'the previous session of this browser ended');
  const other = await signIn(t.app, user.email);
  const current = await get('/fr/account', secondCookie);
  const out = await t.app.inject({ method: 'POST', url: '/fr/account/sign-out-everywhere', headers: { ...form, cookie: secondCookie }, payload: formBody({ _csrf: csrfFrom(current.body) }) });
  assert.equal(out.statusCode, 303);
  assert.equal((await other.get('/fr/account')).statusCode, 303);
  assert.equal((await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).length, 0);
  // The cookie is HttpOnly and SameSite=Lax.
  assert.match(String(first.headers['set-cookie']), /HttpOnly/);
  assert.match(String(first.headers['set-cookie']), /SameSite=Lax/);
});

test('rate limits: 429 after repeated failures, the same for known and unknown accounts', async () => {
  const user = await makeUser(t.db);
  const statuses = async (email: string, ip: string) => {
    const out: number[] = [];
    for (let i = 0; i < 6; i++) out.push((await post('/fr/sign-in', { email, password: 'wrong password' }, { remoteAddress: ip })).statusCode);
    return out;
  };
  const known = await statuses(user.email, '10.0.0.1');
  const unknown = await statuses('ghost@example.org', '10.0.0.2');
  assert.deepEqual(known, [422, 422, 422, 422, 422, 429]);
  assert.deepEqual(unknown, known);
  // Locked per account: even the right password waits (from another address too).
  const locked = await post('/fr/sign-in', { email: user.email, password: testPassword }, { remoteAddress: '10.0.0.3' });
  assert.equal(locked.statusCode, 429);
  assert.ok(locked.headers['retry-after']);
  assert.match(locked.body, /Trop de tentatives/);
  // Per IP: many accounts from one address.
  const codes: number[] = [];
  for (let i = 0; i < 32; i++) codes.push((await post('/fr/sign-in', { email: `x${i}@example.org`, password: 'nope nope nope' }, { remoteAddress: '10.0.0.9' })).statusCode);
  assert.equal(codes.at(-1), 429);
  // Reset and sign-up: three mails per address per hour, whatever the address.
  const resets: number[] = [];
  for (let i = 0; i < 4; i++) resets.push((await post('/fr/password-reset', { email: 'maybe@example.org' }, { remoteAddress: '10.0.1.1' })).statusCode);
  assert.deepEqual(resets, [303, 303, 303, 429]);
  const signUps: number[] = [];
  for (let i = 0; i < 4; i++) signUps.push((await post('/fr/sign-up', { displayName: 'X', email: user.email, password: 'une phrase assez longue' }, { remoteAddress: '10.0.1.2' })).statusCode);
  assert.equal(signUps[3], 429);
});

test('staff must enrol in two-factor sign-in before they can act; then each sign-in asks the code or a recovery code', async () => {
  const staff = await makeUser(t.db, ['funder_staff'], uniqueEmail('staff'), { twoFactor: false });
  const res = await post('/fr/sign-in', { email: staff.email, password: testPassword });
  assert.equal(res.headers.location, '/fr/account/two-factor?notice=accounts.enrol_required');
  const cookie = cookieOf(res);
  const detour = await get('/fr/organisations', cookie);
  assert.equal(detour.statusCode, 303);
  assert.equal(detour.headers.location, '/fr/account/two-factor?notice=accounts.enrol_required');
  const enrol = await get('/fr/account/two-factor', cookie);
  assert.equal(enrol.statusCode, 200);
  const secret = /<code>([A-Z2-7 ]+)<\/code>/.exec(enrol.body)![1]!.replace(/ /g, '');
  assert.match(enrol.body, /otpauth:\/\/totp\//);
  const csrf = csrfFrom(enrol.body);
  const bad = await t.app.inject({ method: 'POST', url: '/fr/account/two-factor', headers: { ...form, cookie }, payload: formBody({ _csrf: csrf, code: '000000' }) });
  assert.equal(bad.statusCode, 422);
  const good = await t.app.inject({ method: 'POST', url: '/fr/account/two-factor', headers: { ...form, cookie }, payload: formBody({ _csrf: csrf, code: totpCode(secret) }) });
  assert.equal(good.statusCode, 200);
  const codes = [...good.body.matchAll(/<code>([a-z2-9]{5}-[a-z2-9]{5})<\/code>/g)].map((m) => m[1]!);
  assert.equal(codes.length, 10);
  assert.equal((await get('/fr/organisations', cookie)).statusCode, 200, 'enrolled: may go on');
  const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'user.two_factor_enrolled'));
  assert.ok(audit.some((a) => a.actorUserId === staff.id));

  // Next sign-in: the code is asked; a recovery code works once.
  const next = await post('/fr/sign-in', { email: staff.email, password: testPassword });
  assert.equal(next.headers.location, '/fr/two-factor');
  const c2 = cookieOf(next);
  assert.equal((await get('/fr/account', c2)).headers.location, '/fr/two-factor');
  assert.equal((await get('/api/v1/me', c2)).statusCode, 401, 'the API sees a visitor until the code is typed');
  const challenge = await get('/fr/two-factor', c2);
  const useCode = (cookie: string, csrf: string, code: string) => t.app.inject({ method: 'POST', url: '/fr/two-factor', headers: { ...form, cookie }, payload: formBody({ _csrf: csrf, code }) });
  assert.equal((await useCode(c2, csrfFrom(challenge.body), '123456')).statusCode, 422);
  const passed = await useCode(c2, csrfFrom(challenge.body), codes[0]!);
  assert.equal(passed.statusCode, 303);
  assert.equal(passed.headers.location, '/fr/account?notice=accounts.recovery_code_used');
  const third = cookieOf(await post('/fr/sign-in', { email: staff.email, password: testPassword }));
  const ch3 = await get('/fr/two-factor', third);
  assert.equal((await useCode(third, csrfFrom(ch3.body), codes[0]!)).statusCode, 422, 'a recovery code is used once');
  assert.equal((await useCode(third, csrfFrom(ch3.body), totpCode(secret))).statusCode, 303);

  // An administrator resets it (lost phone): the user enrols again at the next sign-in.
  const admin = await makeUser(t.db, ['platform_admin']);
  const adminBrowser = await signIn(t.app, admin.email);
  assert.equal((await adminBrowser.post(`/fr/admin/users/${staff.id}/reset-two-factor`, {})).statusCode, 303);
  const again = await post('/fr/sign-in', { email: staff.email, password: testPassword });
  assert.equal(again.headers.location, '/fr/account/two-factor?notice=accounts.enrol_required');
});

test('a platform administrator without the second factor passed cannot use the administration', async () => {
  const admin = await makeUser(t.db, ['platform_admin'], uniqueEmail('admin'), { twoFactor: false });
  const res = await post('/fr/sign-in', { email: admin.email, password: testPassword });
  const cookie = cookieOf(res);
  assert.equal((await get('/fr/admin/users', cookie)).statusCode, 303);
  const page = await get('/fr/account/two-factor', cookie);
  const refused = await t.app.inject({ method: 'POST', url: '/fr/organisations/new', headers: { ...form, cookie }, payload: formBody({ _csrf: csrfFrom(page.body), nameFr: 'X', subtype: 'citizen' }) });
  assert.equal(refused.statusCode, 403);
});

test('API tokens: created in the settings, shown once, stored hashed, scoped, revocable; Bearer needs no CSRF token', async () => {
  const user = await makeUser(t.db);
  const browser = await signIn(t.app, user.email);
  const make = async (name: string, scope: string) => {
    const res = await browser.post('/fr/account/tokens', { name, scope });
    assert.equal(res.statusCode, 200);
    return /<code>(psr_[\w-]+)<\/code>/.exec(res.body)![1]!;
  };
  const read = await make('lecture', 'read');
  const write = await make('écriture', 'write');
  const api = (method: 'GET' | 'PATCH', token: string, body?: unknown) =>
    t.app.inject({ method, url: '/api/v1/me', headers: { authorization: `Bearer ${token}`, ...(body ? { 'content-type': 'application/json' } : {}) }, ...(body ? { payload: JSON.stringify(body) } : {}) });
  const me = await api('GET', read);
  assert.equal(me.statusCode, 200);
  assert.equal(me.json().email, user.email);
  assert.equal((await api('PATCH', read, { displayName: 'Lecteur' })).statusCode, 403, 'a read token cannot write');
  const patched = await api('PATCH', write, { displayName: 'Écrivain' });
  assert.equal(patched.statusCode, 200);
  assert.equal(patched.json().displayName, 'Écrivain');
  assert.equal((await api('PATCH', write, { displayName: '' })).statusCode, 422);
  assert.equal((await api('GET', 'psr_forged')).statusCode, 401);
  assert.equal((await get('/api/v1/me')).statusCode, 401);
  // A cookie-authenticated API call is a browser: it needs the CSRF token.
  const viaCookie = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: browser.cookie, 'content-type': 'application/json' }, payload: '{"displayName":"Z"}' });
  assert.equal(viaCookie.statusCode, 403);
  const withToken = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { cookie: browser.cookie, 'x-csrf-token': browser.csrf, 'content-type': 'application/json' }, payload: '{"displayName":"Z"}' });
  assert.equal(withToken.statusCode, 200);
  // Stored hashed: the token text is nowhere in the database.
  const stored = JSON.stringify(await t.db.execute('select * from api_tokens'));
  assert.ok(!stored.includes(read.slice(4)));
  // Revoked: refused.
  const page = await browser.get('/fr/account');
  const id = /\/fr\/account\/tokens\/([0-9a-f-]{36})\/revoke/.exec(page.body)![1]!;
  assert.equal((await browser.post(`/fr/account/tokens/${id}/revoke`, {})).statusCode, 303);
  const stillOne = [(await api('GET', read)).statusCode, (await api('GET', write)).statusCode].sort();
  assert.deepEqual(stillOne, [200, 401]);
});

test('download my data: a zip with JSON, CSV and a README', async () => {
  const user = await makeUser(t.db);
  const browser = await signIn(t.app, user.email);
  const res = await browser.get('/fr/account/data.zip');
  assert.equal(res.statusCode, 200);
  assert.equal(res.headers['content-type'], 'application/zip');
  const files = unzipSync(new Uint8Array(res.rawPayload));
  assert.deepEqual(Object.keys(files).sort(), ['README.txt', 'account.csv', 'activity.csv', 'api-tokens.csv', 'data.json', 'organisations.csv', 'sessions.csv']);
  const data = JSON.parse(strFromU8(files['data.json']!));
  assert.equal(data.user.email, user.email);
  assert.ok(!strFromU8(files['data.json']!).includes('argon2'), 'no password hash');
  assert.match(strFromU8(files['README.txt']!), /organisations\.csv/);
  assert.equal((await get('/fr/account/data.zip')).statusCode, 303, 'visitors are sent to sign in');
});

test('erasure: refused while last administrator, then signs out everywhere, blanks the person, keeps the records', async () => {
  const user = await makeUser(t.db);
  const browser = await signIn(t.app, user.email);
  const other = await signIn(t.app, user.email);
  const created = await browser.post('/fr/organisations/new', { nameFr: 'Collectif Effacé', subtype: 'citizen' });
  assert.equal(created.statusCode, 303);
  const refused = await browser.post('/fr/account/delete', { password: testPassword });
  assert.equal(refused.statusCode, 409);
  assert.match(refused.body, /dernier administrateur de : collectif-efface/);
  const colleague = await makeUser(t.db);
  const members = await browser.get('/fr/organisations/collectif-efface/members');
  assert.equal(members.statusCode, 200);
  // Make the colleague an administrator through an invitation.
  assert.equal((await browser.post('/fr/organisations/collectif-efface/members/invite', { email: colleague.email, role: 'admin' })).statusCode, 303);
  const colleagueBrowser = await signIn(t.app, colleague.email);
  const invitation = linkIn((await lastMailTo(t.db, colleague.email))!.text);
  assert.equal((await colleagueBrowser.post(invitation, {})).statusCode, 303);
  assert.equal((await browser.post('/fr/account/delete', { password: 'wrong' })).statusCode, 422);
  const erased = await browser.post('/fr/account/delete', { password: testPassword });
  assert.equal(erased.statusCode, 303);
  assert.equal((await other.get('/fr/account')).statusCode, 303, 'every session ended');
  const [row] = await t.db.select().from(users).where(eq(users.id, user.id));
  assert.equal(row?.status, 'erased');
  assert.equal(row?.displayName, '');
  assert.equal(row?.passwordHash, null);
  assert.ok(!row?.email.includes('example.org'));
  const trail = await t.db.select().from(auditLog).where(eq(auditLog.actorUserId, user.id));
  assert.ok(trail.some((e) => e.action === 'organisation.created'), 'the records stay');
  const log = await colleagueBrowser.get('/fr/organisations/collectif-efface/audit');
  assert.equal(log.statusCode, 200);
  assert.match(log.body, /Compte supprimé/);
  assert.equal((await post('/fr/sign-in', { email: user.email, password: testPassword })).statusCode, 422);
});

test('administration: outbox, audit with filters, users (search, suspend), settings read at request time', async () => {
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  const member = await makeUser(t.db);
  const memberBrowser = await signIn(t.app, member.email);
  for (const path of ['/fr/admin', '/fr/admin/outbox', '/fr/admin/audit', '/fr/admin/users', '/fr/admin/settings', '/fr/admin/claims']) {
    assert.equal((await memberBrowser.get(path)).statusCode, 403, path);
    assert.equal((await browser.get(path)).statusCode, 200, path);
  }
  await post('/fr/password-reset', { email: member.email }, { remoteAddress: '10.9.9.9' });
  const outbox = await browser.get(`/fr/admin/outbox?to=${encodeURIComponent(member.email)}`);
  assert.match(outbox.body, /Choisir un nouveau mot de passe/);
  assert.match(outbox.body, /password-reset\/new\?token=/);

  const search = await browser.get(`/fr/admin/users?q=${encodeURIComponent(member.email.split('@')[0]!)}`);
  assert.match(search.body, /1 utilisateurs/);
  assert.equal((await browser.post(`/fr/admin/users/${member.id}/suspend`, {})).statusCode, 303);
  assert.equal((await memberBrowser.get('/fr/account')).statusCode, 303, 'suspended: signed out');
  assert.equal((await post('/fr/sign-in', { email: member.email, password: testPassword })).statusCode, 422);
  assert.equal((await browser.post(`/fr/admin/users/${member.id}/reactivate`, {})).statusCode, 303);
  await signIn(t.app, member.email);

  const audit = await browser.get(`/fr/admin/audit?action=user.suspended&actor=${encodeURIComponent(admin.email)}`);
  assert.match(audit.body, /1 résultats/);
  assert.match(audit.body, /user\.suspended/);
  assert.match((await browser.get('/fr/admin/audit?action=nothing.like.this')).body, /Aucune entrée/);
  assert.equal((await browser.get('/fr/admin/audit?from=nope&page=-1&organisation=%3Cx%3E')).statusCode, 200);

  const bad = await browser.post('/fr/admin/settings', { territoryName: '', defaultLocale: 'de' });
  assert.equal(bad.statusCode, 422);
  assert.equal((await browser.post('/fr/admin/settings', { territoryName: 'Cachan Solidaire', defaultLocale: 'fr', contactEmail: 'contact@cachan.example' })).statusCode, 303);
  assert.match((await get('/fr')).body, /<span>Cachan Solidaire<\/span>/);
});

test('security headers: CSP without inline script, frame-ancestors, referrer policy, no HSTS over plain HTTP', async () => {
  const res = await get('/fr');
  const csp = String(res.headers['content-security-policy']);
  assert.match(csp, /script-src 'self'(;|$)/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.match(csp, /object-src 'none'/);
  assert.equal(res.headers['referrer-policy'], 'same-origin');
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['strict-transport-security'], undefined);
  assert.equal(res.headers['set-cookie'], undefined, 'no cookie for visitors');
});

test('CSRF: a signed-in form post without the token, or from another site, is refused', async () => {
  const user = await makeUser(t.db);
  const browser = await signIn(t.app, user.email);
  for (const url of ['/fr/account/password', '/fr/account/tokens', '/fr/account/delete', '/fr/account/sign-out-everywhere']) {
    const res = await t.app.inject({ method: 'POST', url, headers: { ...form, cookie: browser.cookie }, payload: 'name=x&scope=read&password=x' });
    assert.equal(res.statusCode, 403, url);
  }
  const cross = await t.app.inject({ method: 'POST', url: '/fr/account/tokens', headers: { ...form, cookie: browser.cookie, 'sec-fetch-site': 'cross-site' }, payload: formBody({ _csrf: browser.csrf, name: 'x', scope: 'read' }) });
  assert.equal(cross.statusCode, 403);
  assert.equal((await t.db.select().from(sessions).where(eq(sessions.userId, user.id))).length, 1, 'nothing happened');
});
