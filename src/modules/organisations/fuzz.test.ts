// Generated input against every directory form and endpoint: never a 5xx, never a stack trace.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, makeUser, signIn, type Browser, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';

let t: TestApp;
let admin: Browser;
const formFields = ['nameFr', 'nameEn', 'subtype', 'kind', 'website', 'summaryFr', 'summaryEn', 'descriptionFr', 'descriptionEn', 'address', 'postcode', 'city', 'country', 'countries', 'themes', 'siret', 'rna', 'iatiId', 'lookingForPartners', 'contactEmail', 'contactPublic', 'staffCount', 'volunteerCount', 'version'];
const filterFields = ['q', 'subtype', 'country', 'theme', 'partners', 'page', 'pageSize', 'sep', 'lang', 'notice'];

before(async () => {
  t = await createTestApp({ withDemo: true });
  const user = await makeUser(t.db, ['platform_admin']);
  admin = await signIn(t.app, user.email);
});
after(() => t.close());

test('directory page, CSV export and JSON API take any query string', async () => {
  for (const url of ['/fr/organisations', '/en/organisations/export.csv', '/api/v1/organisations']) {
    const { statuses } = await fuzzRoute(t.app, { method: 'GET', url, fields: filterFields });
    assert.ok(statuses.get(200), `${url} answered 200 to some inputs`);
  }
});

test('the create and edit forms refuse bad input with 422 and write nothing half-done', async () => {
  const count = async (query: ReturnType<typeof sql>) => ((await t.db.execute(query)) as unknown as { rows: { n: number }[] }).rows[0]?.n ?? 0;
  const before = await count(sql`select count(*)::int as n from organisations`);
  const headers = { cookie: admin.cookie };
  const { statuses } = await fuzzRoute(t.app, { method: 'POST', url: '/fr/organisations/new', fields: formFields, headers, extra: { _csrf: admin.csrf } });
  assert.ok(statuses.get(422), 'most generated forms are refused with 422');
  const afterCount = await count(sql`select count(*)::int as n from organisations`);
  // Generated forms that happen to be valid create entries; each created entry is whole (has a slug and a name).
  assert.equal(await count(sql`select count(*)::int as n from organisations where slug = '' or (name_fr is null and name_en is null)`), 0);
  assert.ok(afterCount >= before);
  await fuzzRoute(t.app, { method: 'POST', url: '/en/organisations/la-cimade/edit', fields: formFields, headers, extra: { _csrf: admin.csrf } });
});

test('sign-in refuses any generated input without a server error', async () => {
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/sign-in', fields: ['email', 'password', 'next'] }, 300);
});

test('wrong content types, oversized and malformed bodies get a clear 4xx', async () => {
  const headers = { cookie: admin.cookie };
  const cases = [
    { 'content-type': 'application/xml', payload: '<x/>' },
    { 'content-type': 'application/json', payload: '{"nameFr": ' },
    { 'content-type': 'multipart/form-data; boundary=zzz', payload: '--zzz\r\nContent-Disposition: form-data; name="a"\r\n\r\nb' },
    { 'content-type': 'application/x-www-form-urlencoded', payload: `nameFr=${'x'.repeat(3 * 1024 * 1024)}` },
    { 'content-type': 'application/x-www-form-urlencoded', payload: 'nameFr=%E0%A4%A&subtype=%ZZ' },
  ];
  for (const c of cases) {
    const res = await t.app.inject({ method: 'POST', url: '/fr/organisations/new', headers: { ...headers, 'content-type': c['content-type'] }, payload: c.payload });
    assert.ok(res.statusCode >= 400 && res.statusCode < 500, `${c['content-type']} → ${res.statusCode}`);
    assert.ok(!/at .+\(.+:\d+:\d+\)/.test(res.body));
  }
});
