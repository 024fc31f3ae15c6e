// Campaigns and networks through HTTP on the demo data: co-signing, supporters (confirmation, public display,
// erasure), the kit, the network pages, policy tables and fuzzing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { and, desc, eq } from 'drizzle-orm';
import { systemActor, type Actor, type OrganisationRole } from '../../kernel/actor.ts';
import { auditLog, mailOutbox } from '../../kernel/tables.ts';
import { addOrganisationMember } from '../organisations/commands.ts';
import { findOrganisationBySlug } from '../organisations/queries.ts';
import { can as canNetwork } from '../networks/policy.ts';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';
import { addKitDocument } from './commands.ts';
import { can, type CampaignAction, type CampaignRef } from './policy.ts';
import { findCampaignBySlug } from './queries.ts';
import { campaignSupporters } from './tables.ts';

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
  return { browser: await signIn(t.app, user.email), org };
}

describe('campaigns', () => {
  test('the demo campaigns of La Cimade with their co-signers, in both languages', async () => {
    const list = text((await get('/fr/campaigns')).body);
    assert.match(list, /Frontexit/);
    assert.match(list, /Boats 4 People/);
    const b4p = text((await get('/en/campaigns/boats-4-people')).body);
    assert.match(b4p, /Organised by La Cimade/);
    assert.match(b4p, /3 co-signing organisations Boza Fii/);
    assert.equal((await get('/fr/campaigns/nope')).statusCode, 404);
  });

  test('an organisation signs on once, is listed, may withdraw; the organiser cannot withdraw; audited', async () => {
    const { browser, org } = await editorOf('tetraktys');
    assert.equal((await browser.post('/fr/campaigns/boats-4-people/sign', { organisationId: org.id })).statusCode, 303);
    assert.match(text((await get('/fr/campaigns/boats-4-people')).body), /4 organisations cosignataires .*Tétraktys/);
    const twice = await browser.post('/fr/campaigns/boats-4-people/sign', { organisationId: org.id });
    assert.equal(twice.statusCode, 422);
    assert.match(twice.body, /n’a pas déjà signé/);
    const other = await browser.post('/fr/campaigns/boats-4-people/sign', { organisationId: (await findOrganisationBySlug(t.db, 'la-cimade'))!.id });
    assert.equal(other.statusCode, 422, 'not for an organisation the user does not edit');
    const member = await editorOf('niger-avenir', 'member');
    assert.equal((await member.browser.post('/fr/campaigns/boats-4-people/sign', { organisationId: member.org.id })).statusCode, 422, 'a plain member cannot sign for the organisation');
    const audit = await t.db.select().from(auditLog).where(and(eq(auditLog.action, 'campaign.signed'), eq(auditLog.organisationId, org.id)));
    assert.equal(audit.length, 1);
    assert.equal((await browser.post('/fr/campaigns/boats-4-people/withdraw', { organisationId: org.id })).statusCode, 303);
    assert.doesNotMatch(text((await get('/fr/campaigns/boats-4-people')).body), /Tétraktys/);
    const cimade = await editorOf('la-cimade');
    assert.equal((await cimade.browser.post('/fr/campaigns/boats-4-people/withdraw', { organisationId: cimade.org.id })).statusCode, 403);
  });

  test('a supporter appears only once confirmed and only if they chose to; erasure deletes name and address', async () => {
    const post = (fields: Record<string, string>) => t.app.inject({ method: 'POST', url: '/en/campaigns/frontexit/support', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
    const bad = await post({ name: 'Ana', email: 'nope' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /value="Ana"/);
    assert.equal((await post({ name: 'Ana Lopez', email: 'ana@example.org', displayPublicly: 'on' })).statusCode, 303);
    assert.equal((await post({ name: 'Private Person', email: 'private@example.org' })).statusCode, 303);
    assert.match(text((await get('/en/campaigns/frontexit')).body), /0 individual supporters/);
    const linkOf = async (to: string, kind: 'confirm' | 'erase') => {
      const [mail] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, to)).orderBy(desc(mailOutbox.createdAt));
      return new URL(new RegExp(`https?://\\S+/${kind}/\\S+`).exec(mail!.text)![0]).pathname;
    };
    for (const to of ['ana@example.org', 'private@example.org']) {
      const url = await linkOf(to, 'confirm');
      assert.equal((await get(url)).statusCode, 200, 'following the link changes nothing by itself');
      assert.equal((await t.app.inject({ method: 'POST', url })).statusCode, 303);
      assert.equal((await t.app.inject({ method: 'POST', url })).statusCode, 404, 'a link confirms once');
    }
    const page = text((await get('/en/campaigns/frontexit')).body);
    assert.match(page, /2 individual supporters Ana Lopez/);
    assert.doesNotMatch(page, /Private Person/);
    assert.equal((await t.app.inject({ method: 'POST', url: await linkOf('ana@example.org', 'erase') })).statusCode, 303);
    assert.equal((await t.db.select().from(campaignSupporters).where(eq(campaignSupporters.email, 'ana@example.org'))).length, 0);
    assert.doesNotMatch(text((await get('/en/campaigns/frontexit')).body), /Ana Lopez/);
    assert.equal((await t.app.inject({ method: 'POST', url: '/en/campaigns/frontexit/erase/xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx' })).statusCode, 404);
  });

  test('the kit downloads as an attachment; only PDF and ZIP files are accepted', async () => {
    const page = (await get('/fr/campaigns/frontexit')).body;
    const href = /href="(\/fr\/campaigns\/frontexit\/kit\/[0-9a-f-]+)"/.exec(page)![1]!;
    const file = await get(href);
    assert.equal(file.headers['content-type'], 'application/pdf');
    assert.match(String(file.headers['content-disposition']), /^attachment; filename="frontexit-kit.pdf"/);
    assert.ok(file.rawPayload.subarray(0, 5).equals(Buffer.from('%PDF-')));
    const campaign = (await findCampaignBySlug(t.db, 'frontexit'))!;
    const html = await addKitDocument(t.db, systemActor, campaign.id, { titleFr: 'x', titleEn: 'x', fileName: 'x.pdf', data: Buffer.from('<html><script>alert(1)</script>') });
    assert.equal(html.ok, false);
    assert.equal((await get('/fr/campaigns/frontexit/kit/not-a-uuid')).statusCode, 404);
  });
});

describe('networks', () => {
  test('RESACOOP lists its members with joining and leaving dates', async () => {
    const page = text((await get('/fr/networks/resacoop')).body);
    assert.match(page, /5 membres/);
    assert.match(page, /Institut Bioforce Vénissieux 15 mars 2011/);
    assert.match(page, /Secours savoyard international Chambéry 1 mai 2014 30 juin 2023/);
    assert.match(text((await get('/en/networks')).body), /Loujna Tounkaranké/);
  });

  test('policy: who manages a network’s members', () => {
    const N = 'a0000000-0000-4000-8000-000000000001';
    const base: Actor = { ...systemActor, userId: 'u', platformRoles: new Set(), memberships: new Map(), secondFactorDone: true };
    const cases: [string, Actor, boolean][] = [
      ['visitor', { ...base, userId: null }, false],
      ['stranger', base, false],
      ['platform admin', { ...base, platformRoles: new Set(['platform_admin']) }, true],
      ['network coordinator', { ...base, platformRoles: new Set(['network_coordinator']) }, true],
      ['admin of the network body', { ...base, memberships: new Map([[N, 'admin']]) }, true],
      ['editor of the network body', { ...base, memberships: new Map([[N, 'editor']]) }, false],
      ['admin without second factor', { ...base, memberships: new Map([[N, 'admin']]), secondFactorDone: false }, false],
    ];
    for (const [name, actor, allowed] of cases) {
      assert.equal(canNetwork(actor, 'manage_members', { organisationId: N }), allowed, name);
      assert.equal(canNetwork(actor, 'view', { organisationId: N }), true, name);
      assert.equal(canNetwork(actor, 'delete' as never, { organisationId: N }), false, name);
    }
  });
});

describe('campaign policy', () => {
  const O = 'a0000000-0000-4000-8000-000000000001';
  const S = 'b0000000-0000-4000-8000-000000000002';
  const X = 'c0000000-0000-4000-8000-000000000003';
  const ref: CampaignRef = { organiserIds: [O], signatoryIds: [O, S] };
  const actor = (memberships: [string, OrganisationRole][] = [], roles: string[] = [], userId: string | null = 'u'): Actor => ({ ...systemActor, userId, platformRoles: new Set(roles as never[]), memberships: new Map(memberships), secondFactorDone: true });
  const actors: Record<string, Actor> = {
    visitor: actor([], [], null),
    admin: actor([], ['platform_admin']),
    organiserEditor: actor([[O, 'editor']]),
    signatoryEditor: actor([[S, 'editor']]),
    otherEditor: actor([[X, 'editor']]),
    otherMember: actor([[X, 'member']]),
  };
  const table: [CampaignAction, string | undefined, string[]][] = [
    ['view', undefined, Object.keys(actors)],
    ['support', undefined, Object.keys(actors)],
    ['sign', X, ['otherEditor']],
    ['sign', S, []],
    ['withdraw_signature', S, ['signatoryEditor']],
    ['withdraw_signature', O, []],
    ['withdraw_signature', X, []],
    ['manage', undefined, ['admin', 'organiserEditor']],
  ];
  for (const [action, org, allowed] of table) {
    test(`${action} for ${org?.slice(0, 1) ?? '-'}: ${allowed.join(', ') || 'nobody'}`, () => {
      for (const [name, who] of Object.entries(actors)) assert.equal(can(who, action, ref, org), allowed.includes(name), `${name} ${action}`);
    });
  }
});

describe('fuzz', () => {
  test('support, sign, withdraw, confirm and erase', async () => {
    await fuzzRoute(t.app, { method: 'POST', url: '/fr/campaigns/frontexit/support', fields: ['name', 'email', 'displayPublicly'] });
    const { browser } = await editorOf('equi-sol');
    const headers = { cookie: browser.cookie };
    const extra = { _csrf: browser.csrf };
    await fuzzRoute(t.app, { method: 'POST', url: '/fr/campaigns/boats-4-people/sign', fields: ['organisationId'], headers, extra }, 300);
    await fuzzRoute(t.app, { method: 'POST', url: '/fr/campaigns/boats-4-people/withdraw', fields: ['organisationId'], headers, extra }, 300);
    await fuzzRoute(t.app, { method: 'POST', url: '/fr/campaigns/frontexit/confirm/abcdefghijklmnopqrstuvwxyz0123456789', fields: ['x'] }, 200);
  });
});
