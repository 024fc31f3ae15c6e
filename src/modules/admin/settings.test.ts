// Platform settings: an administrator sets the name, the logo (checked from its bytes, re-encoded, served with
// safe headers, shown in the header) and the contact address (shown in the footer and on the legal pages); audited.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { desc, eq } from 'drizzle-orm';
import fc from 'fast-check';
import sharp from 'sharp';
import { auditLog } from '../../kernel/tables.ts';
import { createTestApp, makeUser, multipartBody, signIn, type Browser, type TestApp } from '../../../tests/support/app.ts';

let t: TestApp;
let admin: Browser;
before(async () => {
  t = await createTestApp({ withDemo: false });
  admin = await signIn(t.app, (await makeUser(t.db, ['platform_admin'])).email);
});
after(() => t.close());

const png = () => sharp({ create: { width: 300, height: 120, channels: 3, background: '#0b5f78' } }).png().toBuffer();
const fields = { territoryName: 'Cachan Solidaire', defaultLocale: 'fr', contactEmail: 'contact@cachan.example' };
const postSettings = (browser: Browser, values: Record<string, string>, logo?: { name: string; type: string; data: Buffer }) => {
  const body = multipartBody({ _csrf: browser.csrf, ...values }, logo ? { logo } : {});
  return t.app.inject({ method: 'POST', url: '/fr/admin/settings', headers: { cookie: browser.cookie, 'content-type': body.contentType }, payload: body.payload });
};
const headerLogo = async () => /<a class="brand"[^>]*>\s*<img src="([^"]+)"/.exec((await t.app.inject({ method: 'GET', url: '/fr' })).body)?.[1];

test('an administrator uploads a logo: re-encoded, served with safe headers, shown in the header; audited', async () => {
  assert.equal(await headerLogo(), '/assets/logo.svg');
  const form = await admin.get('/fr/admin/settings');
  assert.match(form.body, /enctype="multipart\/form-data"/);
  assert.match(form.body, /type="file"/);

  const saved = await postSettings(admin, fields, { name: '"><script>alert(1)</script>.png', type: 'image/png', data: await png() });
  assert.equal(saved.statusCode, 303);
  const logo = await headerLogo();
  assert.match(logo ?? '', /^\/files\/[0-9a-f-]{36}$/);
  const served = await t.app.inject({ method: 'GET', url: logo! });
  assert.equal(served.statusCode, 200);
  assert.equal(served.headers['content-type'], 'image/webp');
  assert.equal(served.headers['x-content-type-options'], 'nosniff');
  assert.match(String(served.headers['content-security-policy']), /default-src 'self'/);
  assert.match(String(served.headers['content-disposition']), /^inline; filename="[\w.-]+"$/, 'the uploaded name is cleaned');
  const meta = await sharp(served.rawPayload).metadata();
  assert.equal(meta.format, 'webp');
  assert.ok(meta.width! <= 256 && meta.height! <= 256, 'resized to at most 256 pixels a side');

  const [entry] = await t.db.select().from(auditLog).where(eq(auditLog.action, 'settings.updated')).orderBy(desc(auditLog.id)).limit(1);
  assert.equal((entry?.after as { logoFileId: string }).logoFileId, logo!.slice('/files/'.length));
  assert.equal((entry?.after as { contactEmail: string }).contactEmail, 'contact@cachan.example');
  assert.equal(entry?.actorUserId !== null, true);
});

test('SVG and files that are not images are refused with a message, and nothing changes', async () => {
  const before = await headerLogo();
  const svg = await postSettings(admin, fields, { name: 'logo.png', type: 'image/png', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><script>alert(1)</script></svg>') });
  assert.equal(svg.statusCode, 422);
  assert.match(svg.body, /Les images SVG ne sont pas acceptées/);
  assert.match(svg.body, /value="Cachan Solidaire"/, 'what was typed is kept');
  const text = await postSettings(admin, fields, { name: 'logo.jpg', type: 'image/jpeg', data: Buffer.from('GIF89a but not really an image at all') });
  assert.equal(text.statusCode, 422);
  assert.match(text.body, /n’est pas une image lisible/);
  assert.equal(await headerLogo(), before);
  const bad = await postSettings(admin, { ...fields, contactEmail: '"><script>@x' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /value="&#34;><script>@x"/, 'what was typed comes back, its quote escaped: it stays inside the attribute');
});

test('the contact address is shown in the footer and on the legal pages', async () => {
  for (const path of ['/fr', '/fr/legal', '/en/privacy', '/en/accessibility', '/fr/organisations']) {
    const page = await t.app.inject({ method: 'GET', url: path });
    assert.match(page.body, /<footer[\s\S]*href="mailto:contact@cachan\.example"/, path);
  }
  for (const path of ['/fr/legal', '/en/privacy', '/en/accessibility']) {
    const main = /<main[\s\S]*<\/main>/.exec((await t.app.inject({ method: 'GET', url: path })).body)![0];
    assert.match(main, /href="mailto:contact@cachan\.example"/, `${path}: in the page itself`);
  }
  assert.match((await t.app.inject({ method: 'GET', url: '/en/privacy' })).body, /deleted 90 days after they were sent/);
});

test('going back to the default logo; only administrators may change the settings (CSRF checked)', async () => {
  assert.equal((await postSettings(admin, { ...fields, removeLogo: 'on' })).statusCode, 303);
  assert.equal(await headerLogo(), '/assets/logo.svg');
  const member = await signIn(t.app, (await makeUser(t.db)).email);
  assert.equal((await postSettings(member, { ...fields, territoryName: 'Pris' })).statusCode, 403);
  const noToken = multipartBody(fields);
  assert.equal((await t.app.inject({ method: 'POST', url: '/fr/admin/settings', headers: { cookie: admin.cookie, 'content-type': noToken.contentType }, payload: noToken.payload })).statusCode, 403);
  assert.match((await t.app.inject({ method: 'GET', url: '/fr' })).body, /<span>Cachan Solidaire<\/span>/);
});

test('generated files as the logo: refused or stored, never a server error', async () => {
  const real = await png();
  const samples = fc.sample(
    fc.oneof(
      fc.uint8Array({ maxLength: 2048 }).map((a) => Buffer.from(a)),
      fc.nat({ max: real.length }).map((n) => real.subarray(0, n)),
      fc.uint8Array({ minLength: 1, maxLength: 64 }).map((a) => Buffer.concat([real.subarray(0, 33), Buffer.from(a)])),
    ),
    { numRuns: 40, seed: 42 },
  );
  for (const data of samples) {
    const res = await postSettings(admin, fields, { name: 'logo.png', type: 'image/png', data });
    assert.ok([303, 422].includes(res.statusCode), `status ${res.statusCode}`);
  }
});
