// Cooperation open data through HTTP on the demo data: alliances (list, filters, one with charter, members and
// signatures), networks (members current/former), campaigns (list, filters, one with co-signers and only the
// supporters who chose public display); CSV lists; 400 with per-field errors; 404; OpenAPI; fuzz of each.
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { campaigns, campaignSupporters } from '../src/modules/campaigns/tables.ts';
import { createTestApp, type TestApp } from './support/app.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());
const get = (url: string) => t.app.inject({ method: 'GET', url });

test('alliances: list with filters, one alliance with its charter, members and signatures; CSV; 400; 404', async () => {
  const list = await get('/api/v1/alliances?lang=fr');
  assert.equal(list.statusCode, 200);
  const a = list.json().items.find((x: { slug: string }) => x.slug === 'alliance-education');
  assert.ok(a);
  assert.ok(a.memberCount >= 2);
  assert.ok(a.charterVersion >= 1);
  assert.equal((await get('/api/v1/alliances?country=MG')).json().items.length >= 1, true);
  assert.equal((await get('/api/v1/alliances?country=IS')).json().items.length, 0);
  const bad = await get('/api/v1/alliances?country=XX&member=Not%20A%20Slug&lang=en');
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['country', 'member']);
  assert.equal((await get('/api/v1/alliances?member=nobody-here')).statusCode, 400);

  const one = await get('/api/v1/alliances/alliance-education?lang=en');
  assert.equal(one.statusCode, 200);
  const body = one.json();
  assert.ok(body.charter && body.charter.version === a.charterVersion);
  assert.ok(['member_vote', 'coordinator'].includes(body.charter.decisionRule));
  assert.ok(body.charter.admissionCriteria.length > 0);
  assert.ok(body.members.length === a.memberCount);
  assert.ok(body.members.some((m: { signatures: unknown[]; signedCurrentCharter: boolean }) => m.signatures.length > 0 && m.signedCurrentCharter));
  const memberSlug = body.members[0].organisation.slug;
  assert.ok((await get(`/api/v1/alliances?member=${memberSlug}`)).json().items.some((x: { slug: string }) => x.slug === 'alliance-education'));
  assert.equal((await get('/api/v1/alliances/nope')).statusCode, 404);
  const csv = await get('/api/v1/alliances.csv');
  assert.match(csv.body, /alliance-education/);
  const members = await get('/api/v1/alliances/alliance-education/members.csv?sep=semicolon');
  assert.equal(members.statusCode, 200);
  assert.match(members.body, /^\ufefforganisation;slug;founding/);
});

test('networks: members with joining dates; current by default, former on request; 400; 404; CSV', async () => {
  const current = await get('/api/v1/networks/resacoop');
  assert.equal(current.statusCode, 200);
  const n = current.json();
  assert.ok(n.members.length > 0);
  assert.ok(n.members.every((m: { leftOn: string | null }) => m.leftOn === null || m.leftOn > new Date().toISOString().slice(0, 10)));
  const all = (await get('/api/v1/networks/resacoop?status=all')).json();
  const former = (await get('/api/v1/networks/resacoop?status=former')).json();
  assert.equal(all.members.length, n.members.length + former.members.length);
  const bad = await get('/api/v1/networks/resacoop?status=gone');
  assert.equal(bad.statusCode, 400);
  assert.ok(bad.json().error.fields.status);
  assert.equal((await get('/api/v1/networks/nope')).statusCode, 404);
  const csv = await get('/api/v1/networks/resacoop/members.csv?status=all');
  assert.match(csv.body, /organisation,slug,joined_on,left_on/);
});

test('campaigns: list with filters; one campaign with organisers, co-signers and only the public supporters', async () => {
  const [frontexit] = await t.db.select().from(campaigns).where(eq(campaigns.slug, 'frontexit'));
  const supporter = (name: string, displayPublicly: boolean, confirmed: boolean) => ({
    id: randomUUID(), campaignId: frontexit!.id, name, email: `${randomUUID()}@example.org`, displayPublicly, confirmTokenHash: randomUUID(), eraseTokenHash: randomUUID(), confirmedAt: confirmed ? new Date() : null,
  });
  await t.db.insert(campaignSupporters).values([supporter('Alice Publique', true, true), supporter('Bruno Discret', false, true), supporter('Chloé Pas Confirmée', true, false)]);

  const list = await get('/api/v1/campaigns');
  assert.equal(list.statusCode, 200);
  assert.ok(list.json().items.some((c: { slug: string }) => c.slug === 'frontexit'));
  assert.ok((await get('/api/v1/campaigns?country=ML')).json().items.some((c: { slug: string }) => c.slug === 'frontexit'));
  assert.ok(!(await get('/api/v1/campaigns?country=IS')).json().items.length);
  const bad = await get('/api/v1/campaigns?status=forever&theme=zzz&country=XX');
  assert.equal(bad.statusCode, 400);
  assert.deepEqual(Object.keys(bad.json().error.fields).sort(), ['country', 'status', 'theme']);

  const one = await get('/api/v1/campaigns/frontexit?lang=en');
  assert.equal(one.statusCode, 200);
  const c = one.json();
  assert.ok(c.organisers.length > 0);
  assert.ok(c.cosigners.length > 0);
  assert.deepEqual(c.supporters.publicNames, ['Alice Publique']);
  assert.equal(c.supporters.count, 2);
  assert.doesNotMatch(one.body, /Bruno|Chloé|@example\.org/);
  assert.equal((await get('/api/v1/campaigns/nope')).statusCode, 404);
  const csv = await get('/api/v1/campaigns.csv');
  assert.match(csv.body, /frontexit/);
});

test('the OpenAPI document describes the cooperation endpoints', async () => {
  const doc = (await get('/api/openapi.json')).json();
  for (const p of ['/api/v1/alliances', '/api/v1/alliances.csv', '/api/v1/alliances/{slug}', '/api/v1/alliances/{slug}/members.csv', '/api/v1/networks/{slug}', '/api/v1/networks/{slug}/members.csv', '/api/v1/campaigns', '/api/v1/campaigns.csv', '/api/v1/campaigns/{slug}']) assert.ok(doc.paths[p]?.get, p);
});
