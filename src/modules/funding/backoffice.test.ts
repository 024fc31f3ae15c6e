// Funding back office through HTTP on the demo data: envelope with its lines (create, edit, floors and totals),
// funder team (add by e-mail, refusals, remove, last staff kept), call edit before it opens; a table of who may
// open each page; audit entries; fuzz of the three forms.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { createTestApp, makeUser, signIn, type Browser, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute as fuzzAll, fuzzRuns } from '../../../tests/support/fuzz.ts';
import { auditLog } from '../../kernel/tables.ts';
import { createCall } from './commands.ts';
import { DEMO_PASSWORD, demoAccounts } from './seed.ts';
import { calls, envelopes, funderTeam, lines } from './tables.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const browsers = new Map<string, Promise<Browser>>();
const as = (email: string, password = DEMO_PASSWORD) => {
  if (!browsers.has(email)) browsers.set(email, signIn(t.app, email, password));
  return browsers.get(email)!;
};
const userId = async (email: string) => ((await t.db.execute(sql`select id from users where email = ${email}`)) as unknown as { rows: { id: string }[] }).rows[0]!.id;
const regionFunder = async () => (await t.db.select().from(calls).where(eq(calls.slug, 'projets-de-jeunes-solidaires')))[0]!.funderId;
const solidarityLine = async () => (await t.db.select().from(lines).where(eq(lines.nameFr, 'Projets de solidarité internationale')))[0]!;
const staffActor = async (email: string) => ({ userId: await userId(email), displayName: email, email, platformRoles: new Set<never>(), memberships: new Map(), secondFactorDone: true });

/** A call of the Region that opens in ten days (so it can still be edited). */
async function futureCall(title: string) {
  const line = await solidarityLine();
  const opens = new Date(Date.now() + 10 * 86_400_000);
  const created = await createCall(t.db, await staffActor(demoAccounts.staff), {
    lineId: line.id, titleFr: title, textFr: 'Texte', opensAt: opens, closesAt: new Date(opens.getTime() + 30 * 86_400_000), eligibleSubtypes: [], countries: [], themes: [],
    coFinancingMinPercent: 0, criteria: [{ key: 'pertinence', labelFr: 'Pertinence', labelEn: 'Relevance', weight: 2 }], requiredDocuments: [], questions: [], trancheShares: [50, 50], trancheIntervalMonths: 12,
  });
  assert.ok(created.ok);
  return created.value;
}

test('who may open the back-office pages: staff of the funder only', async () => {
  const funder = await regionFunder();
  const [envelope] = await t.db.select().from(envelopes).where(eq(envelopes.funderId, funder));
  const call = await futureCall('Appel de test des droits');
  const stranger = await makeUser(t.db);
  const urls = [`/fr/funding/funders/${funder}/envelopes/new`, `/fr/funding/envelopes/${envelope!.id}/edit`, `/fr/funding/funders/${funder}/team`, `/fr/funding/calls/${call.id}/edit`];
  const cases: [who: string, browser: () => Promise<Browser | null>, status: number][] = [
    ['visitor', async () => null, 303],
    ['signed-in stranger', () => as(stranger.email, stranger.password), 403],
    ['Region staff', () => as(demoAccounts.staff), 200],
    ['Region finance', () => as(demoAccounts.finance), 403],
    ['Region reviewer', () => as(demoAccounts.reviewer), 403],
    ['staff of another funder (city)', () => as(demoAccounts.cityStaff), 403],
    ['applicant association', () => as(demoAccounts.tetraktys), 403],
  ];
  for (const [who, browser, status] of cases) {
    const b = await browser();
    for (const url of urls) {
      const res = b ? await b.get(url) : await t.app.inject({ method: 'GET', url });
      const got = res.statusCode === 302 ? 303 : res.statusCode;
      assert.equal(got, status, `${who} GET ${url}`);
    }
  }
});

test('staff create an envelope with earmarked lines; per-field errors come back with what was typed', async () => {
  const funder = await regionFunder();
  const staff = await as(demoAccounts.staff);
  const bad = await staff.post(`/fr/funding/funders/${funder}/envelopes/new`, {
    year: '1850', nameFr: 'Enveloppe 2027', amountCents: 'beaucoup', grantorName: 'Région', grantorSiret: '123', line0_nameFr: 'Ligne A', line0_earmarked: 'dix', line1_nameEn: 'Only English',
  });
  assert.equal(bad.statusCode, 422);
  for (const id of ['f-year', 'f-amountCents', 'f-grantorSiret', 'f-line0_earmarked', 'f-line1_nameFr']) assert.match(bad.body, new RegExp(`href="#${id}"`), id);
  assert.match(bad.body, /value="Enveloppe 2027"/);
  assert.match(bad.body, /value="Only English"/);

  const over = await staff.post(`/fr/funding/funders/${funder}/envelopes/new`, {
    year: '2027', nameFr: 'Enveloppe 2027', amountCents: '100 000', grantorName: 'Région', grantorSiret: '23380000100015', line0_nameFr: 'Ligne A', line0_earmarked: '80 000', line1_nameFr: 'Ligne B', line1_earmarked: '30 000',
  });
  assert.equal(over.statusCode, 422);
  assert.match(over.body, /Les lignes dépassent le montant/);

  const empty = await staff.post(`/fr/funding/funders/${funder}/envelopes/new`, { year: '2027', nameFr: 'Enveloppe 2027', amountCents: '100 000', grantorName: 'Région', grantorSiret: '23380000100015' });
  assert.equal(empty.statusCode, 422);
  assert.match(empty.body, /Ajoutez au moins une ligne/);

  const ok = await staff.post(`/fr/funding/funders/${funder}/envelopes/new`, {
    year: '2027', nameFr: 'Enveloppe 2027', amountCents: '100 000', grantorName: 'Région', grantorSiret: '233 800 001 00015', line0_nameFr: 'Ligne A', line0_earmarked: '70 000', line2_nameFr: 'Urgences', line2_earmarked: '30 000', line2_emergency: 'on',
  });
  assert.equal(ok.statusCode, 303, ok.body);
  const [created] = await t.db.select().from(envelopes).where(and(eq(envelopes.funderId, funder), eq(envelopes.nameFr, 'Enveloppe 2027')));
  assert.equal(created!.amountCents, 10_000_000);
  assert.equal(created!.grantorSiret, '23380000100015');
  const made = await t.db.select().from(lines).where(eq(lines.envelopeId, created!.id)).orderBy(lines.position);
  assert.deepEqual(made.map((l) => [l.nameFr, l.earmarkedCents, l.isEmergency]), [['Ligne A', 7_000_000, false], ['Urgences', 3_000_000, true]]);
  const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'funding.envelope_created'), eq(auditLog.subjectId, created!.id)));
  assert.equal(audit.length, 1);

  const again = await staff.post(`/fr/funding/funders/${funder}/envelopes/new`, { year: '2027', nameFr: 'Enveloppe 2027', amountCents: '1000', grantorName: 'Région', grantorSiret: '23380000100015', line0_nameFr: 'X', line0_earmarked: '10' });
  assert.equal(again.statusCode, 422);
  assert.match(again.body, /existe déjà/);
});

test('staff edit an envelope: a line never below what is committed, lines within the envelope, stale version refused', async () => {
  const staff = await as(demoAccounts.staff);
  const line = await solidarityLine();
  const envelope = (await t.db.select().from(envelopes).where(eq(envelopes.id, line.envelopeId)))[0]!;
  const form = await staff.get(`/fr/funding/envelopes/${envelope.id}/edit`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Déjà engagé/);
  const lineFields = (over: Record<string, string>) => {
    const all: Record<string, string> = { year: String(envelope.year), nameFr: envelope.nameFr, amountCents: String(envelope.amountCents / 100), currency: 'EUR', grantorName: envelope.grantorName, grantorSiret: envelope.grantorSiret, version: String(envelope.version) };
    const rows = await0(line.envelopeId);
    return rows.then((ls) => {
      ls.forEach((l, i) => Object.assign(all, { [`line${i}_id`]: l.id, [`line${i}_nameFr`]: l.nameFr, [`line${i}_earmarked`]: String(l.earmarkedCents / 100), ...(l.isEmergency ? { [`line${i}_emergency`]: 'on' } : {}) }));
      return { ...all, ...over };
    });
  };
  const rows = await await0(line.envelopeId);
  const i = rows.findIndex((l) => l.id === line.id);
  const low = await staff.post(`/fr/funding/envelopes/${envelope.id}/edit`, await lineFields({ [`line${i}_earmarked`]: '1' }));
  assert.equal(low.statusCode, 422);
  assert.match(low.body, new RegExp(`href="#f-line${i}_earmarked"`));
  assert.match(low.body, /inférieur à ce qui est déjà engagé/);

  const renamed = await staff.post(`/fr/funding/envelopes/${envelope.id}/edit`, await lineFields({ [`line${i}_nameEn`]: 'International solidarity projects (renamed)', amountCents: String(envelope.amountCents / 100 + 5000), [`line${rows.length}_nameFr`]: 'Éducation à la citoyenneté', [`line${rows.length}_earmarked`]: '5000' }));
  assert.equal(renamed.statusCode, 303, renamed.body);
  const after = await await0(line.envelopeId);
  assert.equal(after.length, rows.length + 1);
  assert.equal(after.find((l) => l.id === line.id)!.nameEn, 'International solidarity projects (renamed)');
  assert.equal((await t.db.select().from(envelopes).where(eq(envelopes.id, envelope.id)))[0]!.version, envelope.version + 1);
  assert.equal((await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'funding.envelope_updated'), eq(auditLog.subjectId, envelope.id)))).length, 1);

  const stale = await staff.post(`/fr/funding/envelopes/${envelope.id}/edit`, await lineFields({}));
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /modifié cet élément entre-temps/);
});
const await0 = (envelopeId: string) => t.db.select().from(lines).where(eq(lines.envelopeId, envelopeId)).orderBy(lines.position);

test('staff manage the funder team: add by e-mail with a role, refusals per field, remove, the last staff member stays', async () => {
  const funder = await regionFunder();
  const staff = await as(demoAccounts.staff);
  const newcomer = await makeUser(t.db);
  const unknown = await staff.post(`/fr/funding/funders/${funder}/team`, { email: 'personne@example.org', role: 'reviewer' });
  assert.equal(unknown.statusCode, 422);
  assert.match(unknown.body, /Aucun compte actif/);
  assert.match(unknown.body, /value="personne@example.org"/);
  const badRole = await staff.post(`/fr/funding/funders/${funder}/team`, { email: 'pas-une-adresse', role: 'boss' });
  assert.equal(badRole.statusCode, 422);
  assert.match(badRole.body, /href="#f-email"/);
  assert.match(badRole.body, /href="#f-role"/);

  const added = await staff.post(`/fr/funding/funders/${funder}/team`, { email: newcomer.email.toUpperCase(), role: 'reviewer' });
  assert.equal(added.statusCode, 303);
  const page = await staff.get(`/fr/funding/funders/${funder}/team`);
  assert.ok(page.body.includes(newcomer.email));
  const twice = await staff.post(`/fr/funding/funders/${funder}/team`, { email: newcomer.email, role: 'reviewer' });
  assert.equal(twice.statusCode, 422);
  assert.match(twice.body, /a déjà ce rôle/);
  assert.equal((await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'funding.team_member_added'), eq(auditLog.subjectId, newcomer.id)))).length, 1);

  const removed = await staff.post(`/fr/funding/funders/${funder}/team/remove`, { userId: newcomer.id, role: 'reviewer' });
  assert.equal(removed.statusCode, 303);
  assert.equal((await t.db.select().from(funderTeam).where(and(eq(funderTeam.funderId, funder), eq(funderTeam.userId, newcomer.id)))).length, 0);
  assert.equal((await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'funding.team_member_removed'), eq(auditLog.subjectId, newcomer.id)))).length, 1);
  const notThere = await staff.post(`/fr/funding/funders/${funder}/team/remove`, { userId: newcomer.id, role: 'reviewer' });
  assert.equal(notThere.statusCode, 404);

  // The city's staff: remove every staff member but one, then the last one is refused.
  const city = (await t.db.execute(sql`select funder_id from funding_funder_team t join users u on u.id = t.user_id where u.email = ${demoAccounts.cityStaff} and t.role = 'staff'`)) as unknown as { rows: { funder_id: string }[] };
  const cityFunder = city.rows[0]!.funder_id;
  const cityStaff = await as(demoAccounts.cityStaff);
  const others = await t.db.select().from(funderTeam).where(and(eq(funderTeam.funderId, cityFunder), eq(funderTeam.role, 'staff')));
  const me = await userId(demoAccounts.cityStaff);
  for (const o of others.filter((o) => o.userId !== me)) assert.equal((await cityStaff.post(`/fr/funding/funders/${cityFunder}/team/remove`, { userId: o.userId, role: 'staff' })).statusCode, 303);
  const last = await cityStaff.post(`/fr/funding/funders/${cityFunder}/team/remove`, { userId: me, role: 'staff' });
  assert.equal(last.statusCode, 422);
  assert.match(last.body, /au moins une personne à l’instruction/);
  assert.equal((await t.db.select().from(funderTeam).where(and(eq(funderTeam.funderId, cityFunder), eq(funderTeam.userId, me), eq(funderTeam.role, 'staff')))).length, 1);
});

test('staff edit a call before it opens; per-field errors; an open call cannot be edited', async () => {
  const staff = await as(demoAccounts.staff);
  const call = await futureCall('Appel à corriger avant ouverture');
  const form = await staff.get(`/fr/funding/calls/${call.id}/edit`);
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /Pertinence \| Relevance \| 2/);
  const row = (await t.db.select().from(calls).where(eq(calls.id, call.id)))[0]!;
  const base = { version: '1', titleFr: 'Appel corrigé', textFr: 'Nouveau texte', opensAt: '2099-03-01T09:00', closesAt: '2099-04-01T12:00', criteria: 'Pertinence | Relevance | 3', trancheShares: '60, 40', trancheIntervalMonths: '6' };
  const bad = await staff.post(`/fr/funding/calls/${call.id}/edit`, { ...base, titleFr: '', closesAt: 'demain', trancheIntervalMonths: '99' });
  assert.equal(bad.statusCode, 422);
  for (const id of ['f-titleFr', 'f-closesAt', 'f-trancheIntervalMonths']) assert.match(bad.body, new RegExp(`href="#${id}"`), id);
  const reversed = await staff.post(`/fr/funding/calls/${call.id}/edit`, { ...base, closesAt: '2099-02-01T12:00' });
  assert.equal(reversed.statusCode, 422);
  const saved = await staff.post(`/fr/funding/calls/${call.id}/edit`, base);
  assert.equal(saved.statusCode, 303, saved.body);
  const updated = (await t.db.select().from(calls).where(eq(calls.id, call.id)))[0]!;
  assert.equal(updated.titleFr, 'Appel corrigé');
  assert.equal(updated.slug, row.slug);
  assert.deepEqual(updated.trancheShares, [60, 40]);
  assert.equal(updated.criteria[0]!.weight, 3);
  assert.equal(updated.version, 2);
  const stale = await staff.post(`/fr/funding/calls/${call.id}/edit`, base);
  assert.equal(stale.statusCode, 409);
  assert.equal((await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'funding.call_updated'), eq(auditLog.subjectId, call.id)))).length, 1);
  const open = (await t.db.select().from(calls).where(eq(calls.slug, 'projets-de-jeunes-solidaires')))[0]!;
  assert.equal((await staff.get(`/fr/funding/calls/${open.id}/edit`)).statusCode, 409);
  assert.equal((await staff.post(`/fr/funding/calls/${open.id}/edit`, { ...base, version: String(open.version) })).statusCode, 409);
});

test('fuzz: envelope, team and call-edit forms', async () => {
  const runs = fuzzRuns > 1000 ? fuzzRuns : 250;
  const staff = await signIn(t.app, demoAccounts.staff, DEMO_PASSWORD);
  const session = { headers: { cookie: staff.cookie }, extra: { _csrf: staff.csrf } };
  const funder = await regionFunder();
  const line = await solidarityLine();
  const call = await futureCall('Appel soumis au fuzz');
  await fuzzAll(t.app, { method: 'POST', url: `/fr/funding/funders/${funder}/envelopes/new`, fields: ['year', 'nameFr', 'nameEn', 'amountCents', 'currency', 'grantorName', 'grantorSiret', 'line0_id', 'line0_nameFr', 'line0_earmarked', 'line0_emergency', 'line1_nameFr', 'line1_earmarked'], ...session }, runs);
  await fuzzAll(t.app, { method: 'POST', url: `/fr/funding/envelopes/${line.envelopeId}/edit`, fields: ['version', 'year', 'nameFr', 'amountCents', 'grantorName', 'grantorSiret', 'line0_id', 'line0_nameFr', 'line0_earmarked', 'line5_nameFr', 'line5_earmarked'], headers: session.headers, extra: { ...session.extra, line0_id: line.id } }, runs);
  await fuzzAll(t.app, { method: 'POST', url: `/fr/funding/funders/${funder}/team`, fields: ['email', 'role'], ...session }, runs);
  await fuzzAll(t.app, { method: 'POST', url: `/fr/funding/funders/${funder}/team/remove`, fields: ['userId', 'role'], ...session }, runs);
  await fuzzAll(t.app, { method: 'POST', url: `/fr/funding/calls/${call.id}/edit`, fields: ['version', 'titleFr', 'textFr', 'opensAt', 'closesAt', 'countries', 'themes', 'minAmountCents', 'maxAmountCents', 'criteria', 'questions', 'trancheShares', 'trancheIntervalMonths'], ...session }, runs);
});
