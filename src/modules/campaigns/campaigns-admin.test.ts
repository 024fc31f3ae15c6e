// Campaign and network administration through HTTP on the demo data: the campaign's edit screen (texts, goals,
// dates, signatories' roles), its linked events and news, the network's edit screen (dates and roles of members)
// and its mail to the members, with the policy rows of the new actions.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, eq } from 'drizzle-orm';
import { systemActor, visitor, type Actor, type OrganisationRole } from '../../kernel/actor.ts';
import { auditLog, mailOutbox } from '../../kernel/tables.ts';
import { can as canNetwork } from '../networks/policy.ts';
import { findNetworkBySlug } from '../networks/queries.ts';
import { addOrganisationMember } from '../organisations/commands.ts';
import { findOrganisationById, findOrganisationBySlug } from '../organisations/queries.ts';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { can } from './policy.ts';
import { findCampaignBySlug } from './queries.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ');
async function editorOf(slug: string, role: OrganisationRole = 'editor') {
  const user = await makeUser(t.db);
  const org = (await findOrganisationBySlug(t.db, slug))!;
  assert.ok((await addOrganisationMember(t.db, systemActor, org.id, user.id, role)).ok);
  return { browser: await signIn(t.app, user.email), org, email: user.email };
}
const actor = (memberships: [string, OrganisationRole][], extra: Partial<Actor> = {}): Actor => ({ ...visitor, userId: 'u', secondFactorDone: true, memberships: new Map(memberships), platformRoles: new Set(), ...extra });

describe('policy rows', () => {
  test('campaign edit: organisers’ editors; network edit and mail: admins of its entry, network coordinators', () => {
    const ref = { organiserIds: ['o1'], signatoryIds: ['o1', 'c1'] };
    assert.equal(can(actor([['o1', 'editor']]), 'edit', ref), true);
    assert.equal(can(actor([['o1', 'member']]), 'edit', ref), false);
    assert.equal(can(actor([['c1', 'admin']]), 'edit', ref), false, 'a co-signer does not edit');
    assert.equal(can(visitor, 'edit', ref), false);
    const network = { organisationId: 'n1' };
    assert.equal(canNetwork(actor([['n1', 'admin']]), 'edit', network), true);
    assert.equal(canNetwork(actor([['n1', 'editor']]), 'edit', network), false);
    assert.equal(canNetwork(actor([['n1', 'admin']], { secondFactorDone: false }), 'mail_members', network), false);
    assert.equal(canNetwork(actor([], { platformRoles: new Set(['network_coordinator']) }), 'mail_members', network), true);
    assert.equal(canNetwork(visitor, 'mail_members', network), false);
  });
});

describe('campaigns', () => {
  test('the campaign page shows the demo’s linked event and news', async () => {
    const page = text((await get('/fr/campaigns/frontexit')).body);
    assert.match(page, /Événements liés Webinaire : migrations, déconstruire les idées reçues/);
    assert.match(page, /Actualités liées Frontexit : la campagne pour le respect des droits/);
    const api = JSON.parse((await get('/api/v1/campaigns/frontexit')).body) as { links: { kind: string; url: string }[] };
    assert.ok(api.links.some((l) => l.kind === 'event' && l.url.includes('/events/')));
  });

  test('an organiser edits texts, goals, dates and a co-signer’s role; refusals keep what was typed; audited', async () => {
    const { browser } = await editorOf('la-cimade');
    assert.equal((await browser.get('/fr/campaigns/boats-4-people/edit')).statusCode, 200);
    const cosigner = await editorOf('boza-fii');
    assert.equal((await cosigner.browser.get('/fr/campaigns/boats-4-people/edit')).statusCode, 403);
    const c = (await findCampaignBySlug(t.db, 'boats-4-people'))!;
    const base = { version: String(c.version), titleFr: 'Boats 4 People', titleEn: 'Boats 4 People', textFr: c.textFr!, startsOn: '2012-07-01', themes: ['migrants'], countries: 'SN MA', [`role_${(await findOrganisationBySlug(t.db, 'la-cimade'))!.id}`]: 'organiser' };
    const bad = await browser.post('/fr/campaigns/boats-4-people/edit', { ...base, startsOn: '2013-01-01', endsOn: '2012-01-01', goalsFr: 'Un objectif tapé' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /La fin précède le début/);
    assert.match(bad.body, /Un objectif tapé/);
    const noOrganiser = await browser.post('/fr/campaigns/boats-4-people/edit', { ...base, [`role_${(await findOrganisationBySlug(t.db, 'la-cimade'))!.id}`]: 'cosigner' });
    assert.equal(noOrganiser.statusCode, 422);
    const saved = await browser.post('/fr/campaigns/boats-4-people/edit', { ...base, goalsFr: 'Faire respecter le devoir de secours en mer\nDocumenter les violations', endsOn: '2027-06-30', [`role_${cosigner.org.id}`]: 'organiser' });
    assert.equal(saved.statusCode, 303);
    const page = text((await get('/fr/campaigns/boats-4-people')).body);
    assert.match(page, /Objectifs Faire respecter le devoir de secours en mer Documenter les violations/);
    assert.match(page, /30 juin 2027/);
    assert.match(page, /Organisée par .*Boza Fii/);
    const roleAudit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'campaign.signatory_role'), eq(auditLog.organisationId, cosigner.org.id)));
    assert.equal(roleAudit.length, 1);
    assert.equal((await cosigner.browser.get('/fr/campaigns/boats-4-people/edit')).statusCode, 200, 'now an organiser, it edits');
    const stale = await browser.post('/fr/campaigns/boats-4-people/edit', base);
    assert.equal(stale.statusCode, 409);
  });
});

describe('networks', () => {
  /** The slug of RESACOOP's own entry in the directory (its administrators run the network). */
  let resacoop = '';
  before(async () => {
    resacoop = (await findOrganisationById(t.db, (await findNetworkBySlug(t.db, 'resacoop'))!.organisationId!))!.slug;
  });
  test('its administrators edit dates and roles of members; audited; others are refused', async () => {
    assert.equal((await get('/fr/networks/resacoop/edit')).statusCode, 303);
    const editor = await editorOf(resacoop, 'editor');
    assert.equal((await editor.browser.get('/fr/networks/resacoop/edit')).statusCode, 403);
    const { browser } = await editorOf(resacoop, 'admin');
    const form = await browser.get('/fr/networks/resacoop/edit');
    assert.equal(form.statusCode, 200);
    const network = (await findNetworkBySlug(t.db, 'resacoop'))!;
    const bioforce = (await findOrganisationBySlug(t.db, 'institut-bioforce'))!;
    const fields: Record<string, string> = {};
    for (const m of form.body.matchAll(/<input[^>]*name="([^"]+)"[^>]*value="([^"]*)"/g)) if (m[1] !== '_csrf') fields[m[1]!] = m[2]!;
    for (const m of form.body.matchAll(/<select[^>]*name="([^"]+)"[^>]*>([\s\S]*?)<\/select>/g)) fields[m[1]!] = /<option value="([^"]*)" selected/.exec(m[2]!)?.[1] ?? '';
    assert.equal(fields[`joined_${bioforce.id}`], '2011-03-15');
    const bad = await browser.post('/fr/networks/resacoop/edit', { ...fields, [`left_${bioforce.id}`]: '2010-01-01' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /La date de départ précède la date d’adhésion/);
    const saved = await browser.post('/fr/networks/resacoop/edit', { ...fields, region: 'Auvergne-Rhône-Alpes (ex-Rhône-Alpes)', [`role_${bioforce.id}`]: 'coordinator' });
    assert.equal(saved.statusCode, 303);
    const page = text((await get('/fr/networks/resacoop')).body);
    assert.match(page, /Institut Bioforce Vénissieux 15 mars 2011 Coordination/);
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.subjectId, network.id), eq(auditLog.action, 'network.member_changed')));
    assert.equal(audit.length, 1);
    assert.equal(((audit[0]!.after as { role: string }).role), 'coordinator');
  });

  test('mail to the current members: outbox, audit, at most three a day', async () => {
    const { browser } = await editorOf(resacoop, 'admin');
    const member = await editorOf('tetraktys');
    const former = await editorOf('secours-savoyard-international');
    const before = (await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'network.members_mail'))).length;
    assert.equal((await browser.post('/en/networks/resacoop/mail', { subject: 'Forum', body: 'See you on 14 November.' })).statusCode, 303);
    const batch = (await t.db.select().from(mailOutbox).where(eq(mailOutbox.kind, 'network.members_mail'))).slice(before);
    assert.ok(batch.some((m) => m.to === member.email));
    assert.ok(!batch.some((m) => m.to === former.email), 'a former member is not written to');
    const network = (await findNetworkBySlug(t.db, 'resacoop'))!;
    assert.equal((await t.db.select().from(auditLog).where(and(eq(auditLog.subjectId, network.id), eq(auditLog.action, 'network.members_mailed')))).length, 1);
    for (let i = 0; i < 2; i++) assert.equal((await browser.post('/en/networks/resacoop/mail', { subject: `Again ${i}`, body: 'x' })).statusCode, 303);
    assert.equal((await browser.post('/en/networks/resacoop/mail', { subject: 'Fourth', body: 'x' })).statusCode, 429);
    assert.equal((await member.browser.post('/en/networks/resacoop/mail', { subject: 'Hi', body: 'x' })).statusCode, 403);
  });
});
