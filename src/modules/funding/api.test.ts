// Funding open data through HTTP on the demo data: calls (filters, one call, 404), a funder's envelopes with
// live line figures, public awards (beneficiary, amount, date, project, funder), CSV variants, 400 with
// per-field errors on bad filters, the OpenAPI document, and a fuzz of every endpoint.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';
import { organisations } from '../organisations/tables.ts';
import { calls } from './tables.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());
const get = (url: string) => t.app.inject({ method: 'GET', url });
const regionSlug = async () => {
  const [call] = await t.db.select().from(calls).where(eq(calls.slug, 'projets-de-jeunes-solidaires'));
  return (await t.db.select().from(organisations).where(eq(organisations.id, call!.funderId)))[0]!.slug;
};

test('GET /api/v1/calls lists open and closed calls with filters; one call by id; 404', async () => {
  const all = await get('/api/v1/calls?lang=fr');
  assert.equal(all.statusCode, 200);
  const body = all.json();
  assert.ok(body.total >= 3);
  const statuses = new Set(body.items.map((c: { status: string }) => c.status));
  assert.ok(statuses.has('open') && statuses.has('closed'));
  const open = (await get('/api/v1/calls?status=open')).json();
  assert.ok(open.items.length > 0 && open.items.every((c: { status: string }) => c.status === 'open'));
  assert.ok(open.items.some((c: { slug: string }) => c.slug === 'projets-de-jeunes-solidaires'));
  const closed = (await get('/api/v1/calls?status=closed')).json();
  assert.ok(closed.items.some((c: { slug: string }) => c.slug === 'projets-de-solidarite-internationale-session-d-hiver'));
  const slug = await regionSlug();
  const region = (await get(`/api/v1/calls?funder=${slug}`)).json();
  assert.ok(region.items.length > 0 && region.items.every((c: { funder: { slug: string } }) => c.funder.slug === slug));
  const paged = (await get('/api/v1/calls?pageSize=1&page=2')).json();
  assert.equal(paged.items.length, 1);
  assert.equal(paged.total, body.total);

  const bad = await get('/api/v1/calls?status=soon&country=XX&theme=nope&pageSize=0&lang=en');
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['country', 'pageSize', 'status', 'theme']);
  assert.equal(bad.json().error.fields.status, 'Choose a value from the list.');
  const unknownFunder = await get('/api/v1/calls?funder=personne');
  assert.equal(unknownFunder.statusCode, 400);
  assert.ok(unknownFunder.json().error.fields.funder);

  const one = body.items.find((c: { slug: string }) => c.slug === 'projets-de-jeunes-solidaires');
  const en = await get(`/api/v1/calls/${one.id}?lang=en`);
  assert.equal(en.statusCode, 200);
  assert.equal(en.json().title, 'Young people’s solidarity projects');
  assert.ok(en.json().criteria.length > 0);
  assert.equal((await get('/api/v1/calls/00000000-0000-4000-8000-000000000000')).statusCode, 404);
  assert.equal((await get('/api/v1/calls/not-a-uuid')).statusCode, 404);

  const csv = await get('/api/v1/calls.csv?status=open&sep=semicolon');
  assert.equal(csv.statusCode, 200);
  assert.match(String(csv.headers['content-type']), /text\/csv/);
  assert.match(csv.body, /^\ufeffid;slug;title;status/);
  assert.match(csv.body, /projets-de-jeunes-solidaires/);
});

test('GET /api/v1/funders/{slug}/envelopes gives lines with earmarked, committed, paid and remaining', async () => {
  const slug = await regionSlug();
  const res = await get(`/api/v1/funders/${slug}/envelopes`);
  assert.equal(res.statusCode, 200);
  const { funder, items } = res.json();
  assert.equal(funder.slug, slug);
  assert.ok(items.length > 0);
  const lines = items.flatMap((e: { lines: unknown[] }) => e.lines) as { earmarkedCents: number; committedCents: number; paidCents: number; remainingCents: number }[];
  assert.ok(lines.some((l) => l.committedCents > 0 && l.paidCents > 0));
  for (const l of lines) assert.equal(l.remainingCents, l.earmarkedCents - l.committedCents);
  const year = items[0].year;
  const byYear = (await get(`/api/v1/funders/${slug}/envelopes?year=${year}`)).json();
  assert.ok(byYear.items.every((e: { year: number }) => e.year === year));
  assert.equal((await get(`/api/v1/funders/${slug}/envelopes?year=1999`)).statusCode, 400);
  assert.equal((await get(`/api/v1/funders/${slug}/envelopes?year=abcd`)).json().error.fields.year !== undefined, true);
  assert.equal((await get('/api/v1/funders/nobody/envelopes')).statusCode, 404);
  const csv = await get(`/api/v1/funders/${slug}/envelopes.csv`);
  assert.equal(csv.statusCode, 200);
  assert.match(csv.body, /earmarked,committed,paid,remaining/);
});

test('GET /api/v1/awards lists public awards (beneficiary, amount, date, project, funder); filters; CSV', async () => {
  const res = await get('/api/v1/awards?lang=fr');
  assert.equal(res.statusCode, 200);
  const { items, total } = res.json();
  assert.ok(total > 0);
  const award = items.find((a: { project: { title: string } }) => a.project.title === 'Écotourisme solidaire au pays dogon');
  assert.ok(award, 'the running grant is public');
  assert.ok(award.beneficiary.name.length > 0 && award.funder.name.length > 0);
  assert.ok(award.amountCents > 0);
  assert.match(award.decidedOn, /^\d{4}-\d{2}-\d{2}$/);
  const slug = await regionSlug();
  const region = (await get(`/api/v1/awards?funder=${slug}&year=${award.decidedOn.slice(0, 4)}`)).json();
  assert.ok(region.items.every((a: { funder: { slug: string }; decidedOn: string }) => a.funder.slug === slug && a.decidedOn.startsWith(award.decidedOn.slice(0, 4))));
  assert.equal((await get('/api/v1/awards?year=2150')).statusCode, 400);
  const bad = (await get('/api/v1/awards?year=x&page=0&funder=BAD SLUG')).json();
  assert.deepEqual(Object.keys(bad.error.fields).sort(), ['funder', 'page', 'year']);
  const csv = await get('/api/v1/awards.csv');
  assert.equal(csv.statusCode, 200);
  assert.match(csv.body, /beneficiary,beneficiary_slug,amount/);
  assert.match(csv.body, /Écotourisme solidaire au pays dogon/);
});

test('the OpenAPI document describes the funding endpoints', async () => {
  const doc = (await get('/api/openapi.json')).json();
  for (const p of ['/api/v1/calls', '/api/v1/calls.csv', '/api/v1/calls/{id}', '/api/v1/funders/{slug}/envelopes', '/api/v1/funders/{slug}/envelopes.csv', '/api/v1/awards', '/api/v1/awards.csv']) assert.ok(doc.paths[p]?.get, p);
  assert.ok(doc.paths['/api/v1/awards'].get.responses['200'].content['application/json'].schema.properties.items);
});

test('fuzz: one call and a funder’s envelopes (the lists are fuzzed in api-fuzz.test.ts)', async () => {
  const slug = await regionSlug();
  const [call] = await t.db.select().from(calls).limit(1);
  await fuzzRoute(t.app, { method: 'GET', url: `/api/v1/calls/${call!.id}`, fields: ['lang'] });
  await fuzzRoute(t.app, { method: 'GET', url: `/api/v1/funders/${slug}/envelopes`, fields: ['year', 'lang'] });
  await fuzzRoute(t.app, { method: 'GET', url: `/api/v1/funders/${slug}/envelopes.csv`, fields: ['year', 'sep'] });
});
