// Concurrency through HTTP (the whole app in-process, real database): the races the module tests prove at the
// command level, sent as simultaneous requests. Already proven elsewhere and not repeated here:
//   - two committee sessions deciding one application (recordDecisions) — src/modules/funding/funding.test.ts
//   - two concurrent payments with one key (recordPayment) — src/modules/funding/funding.test.ts
//   - 50 registrations for 10 seats (registerForEvent) — src/modules/events/events.test.ts
//   - a stale organisation form saved after another save — src/modules/organisations/organisations.test.ts
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { createTestApp, makeUser, signIn, type TestApp } from '../support/app.ts';
import { createEvent } from '../../src/modules/events/commands.ts';
import { eventRegistrations } from '../../src/modules/events/tables.ts';
import { systemActor } from '../../src/kernel/actor.ts';
import { instantToZoned } from '../../src/modules/events/time.ts';
import { DEMO_PASSWORD, demoAccounts } from '../../src/modules/funding/seed.ts';
import { organisations } from '../../src/modules/organisations/tables.ts';
import { findOrganisationBySlug } from '../../src/modules/organisations/queries.ts';
import { payableTranche, recommendedApplication } from './fixtures.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const count = (statuses: number[]) => statuses.reduce<Record<number, number>>((m, s) => ({ ...m, [s]: (m[s] ?? 0) + 1 }), {});

test('200 identical payment requests at once over HTTP: one payment row, every request answered 303', async () => {
  const finance = await signIn(t.app, demoAccounts.finance, DEMO_PASSWORD);
  const tranche = await payableTranche(t.db, 123_456);
  const fields = { trancheId: tranche.id, idempotencyKey: 'concurrent-http-200', paidOn: '2026-11-23', reference: 'VIR-200' };
  const answers = await Promise.all(Array.from({ length: 200 }, () => finance.post(`/fr/funding/applications/${tranche.app}/pay`, fields)));
  const statuses = count(answers.map((a) => a.statusCode));
  assert.deepEqual(statuses, { 303: 200 }, JSON.stringify(statuses));
  const rows = ((await t.db.execute(sql`select count(*)::int n, sum(amount_cents)::bigint s from funding_payments where tranche_id = ${tranche.id}`)) as unknown as { rows: { n: number; s: string }[] }).rows[0]!;
  assert.equal(rows.n, 1);
  assert.equal(Number(rows.s), 123_456);
  const audits = ((await t.db.execute(sql`select count(*)::int n from audit_log where action = 'funding.payment_recorded' and subject_id = ${tranche.app}`)) as unknown as { rows: { n: number }[] }).rows[0]!;
  assert.equal(audits.n, 1, 'one audit entry');
});

test('two committee members decide one application at once over HTTP: one 303, the other 409 and told; one award', async () => {
  const app = await recommendedApplication(t.db, 50_000);
  const a = await signIn(t.app, demoAccounts.staff, DEMO_PASSWORD);
  const b = await signIn(t.app, demoAccounts.staff, DEMO_PASSWORD); // a second session (the second committee member's seat)
  const form = (decision: string) => ({ reference: `CP-RACE-${decision}`, heldOn: '2026-11-23', [`decision_${app.id}`]: decision, [`amount_${app.id}`]: '250', [`version_${app.id}`]: String(app.version) });
  const [r1, r2] = await Promise.all([a.post(`/fr/funding/calls/${app.callId}/committee`, form('award')), b.post(`/fr/funding/calls/${app.callId}/committee`, form('reject'))]);
  assert.deepEqual([r1.statusCode, r2.statusCode].sort(), [303, 409]);
  const loser = r1.statusCode === 409 ? r1 : r2;
  assert.match(loser.body, /Certaines décisions n’ont pas été enregistrées/, 'the loser is told its decision was not recorded');
  const awards = ((await t.db.execute(sql`select count(*)::int n from funding_awards where application_id = ${app.id}`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;
  const state = ((await t.db.execute(sql`select state from funding_applications where id = ${app.id}`)) as unknown as { rows: { state: string }[] }).rows[0]!.state;
  assert.equal(awards, state === 'awarded' ? 1 : 0);
  assert.ok(state === 'awarded' || state === 'rejected');
});

test('two editors save one organisation at once over HTTP: one 303, the other 409 with what was typed kept', async () => {
  const admin1 = await makeUser(t.db, ['platform_admin']);
  const admin2 = await makeUser(t.db, ['platform_admin']);
  const [e1, e2] = await Promise.all([signIn(t.app, admin1.email), signIn(t.app, admin2.email)]);
  const [row] = await t.db.select().from(organisations).where(eq(organisations.slug, 'niger-avenir'));
  const fields = { nameFr: 'Niger Avenir', subtype: 'diaspora', version: String(row!.version) };
  const [r1, r2] = await Promise.all([e1.post('/fr/organisations/niger-avenir/edit', { ...fields, city: 'Cachan' }), e2.post('/fr/organisations/niger-avenir/edit', { ...fields, city: 'Arcueil' })]);
  assert.deepEqual([r1.statusCode, r2.statusCode].sort(), [303, 409]);
  const loser = r1.statusCode === 409 ? r1 : r2;
  const loserCity = loser === r1 ? 'Cachan' : 'Arcueil';
  assert.match(loser.body, new RegExp(`value="${loserCity}"`));
  const after = (await findOrganisationBySlug(t.db, 'niger-avenir'))!;
  assert.equal(after.city, loserCity === 'Cachan' ? 'Arcueil' : 'Cachan', 'the winner’s save is the one kept');
  assert.equal(after.version, row!.version + 1, 'one save, not two');
});

test('50 people register at once over HTTP for 10 seats: every one answered 303, exactly 10 confirmed and 40 waiting', async () => {
  const soroma = (await findOrganisationBySlug(t.db, 'solidarite-cachan-soroma'))!.id;
  const future = (days: number) => instantToZoned(new Date(Date.now() + days * 86_400_000), 'Europe/Paris');
  const created = await createEvent(t.db, systemActor, {
    titleFr: 'Course aux places', titleEn: undefined, descriptionFr: 'Dix places.', descriptionEn: undefined, startsAt: future(10), endsAt: future(10.1), timeZone: 'Europe/Paris',
    placeName: 'Salle', address: '1 place de la Mairie', city: 'Cachan', latitude: 48.79, longitude: 2.33, onlineUrl: undefined, organiserIds: [soroma], themes: ['education'],
    capacity: 10, seriesId: undefined, status: 'published',
  });
  assert.ok(created.ok);
  const { id, slug } = created.value;
  const answers = await Promise.all(
    Array.from({ length: 50 }, (_, i) =>
      t.app.inject({ method: 'POST', url: `/fr/events/${slug}/register`, remoteAddress: `10.9.0.${i + 1}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ name: `Personne ${i}`, email: `http-race.${i}@example.org` }).toString() }),
    ),
  );
  assert.deepEqual(count(answers.map((a) => a.statusCode)), { 303: 50 });
  const notices = answers.map((a) => String(a.headers.location));
  assert.equal(notices.filter((l) => l.includes('registered_confirmed')).length, 10, 'ten are told they have a seat');
  assert.equal(notices.filter((l) => l.includes('registered_waiting')).length, 40, 'forty are told they are waiting');
  const rows = await t.db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, id));
  assert.equal(rows.filter((r) => r.status === 'confirmed').length, 10);
  assert.equal(rows.filter((r) => r.status === 'waiting').length, 40);
});
