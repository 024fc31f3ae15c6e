// Cooperation through HTTP on the demo data: matchmaking and its reasons, the public form of an association
// abroad (honeypot, rate limit, mail, inbox), partnership requests, joint projects, the network filter, fuzzing.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { eq, sql } from 'drizzle-orm';
import { systemActor, type Actor, type OrganisationRole } from '../../kernel/actor.ts';
import { mailOutbox } from '../../kernel/tables.ts';
import { addOrganisationMember } from '../organisations/commands.ts';
import { findOrganisationBySlug } from '../organisations/queries.ts';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { rankCandidates, scoreCandidate, type Candidate, type Seeker } from './matching.ts';
import { can, partnershipActions, type PartnershipAction, type RequestRef } from './policy.ts';
import { listNeeds, matchesForNeed, matchesForOrganisation } from './queries.ts';
import { partnershipRequests } from './tables.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const text = (html: string) => html.replace(/<[^>]+>/g, ' ').replace(/&#39;|&#x27;/g, "'").replace(/\s+/g, ' ');
const orgId = async (slug: string) => (await findOrganisationBySlug(t.db, slug))!.id;
async function member(slug: string, role: OrganisationRole = 'editor') {
  const user = await makeUser(t.db);
  const added = await addOrganisationMember(t.db, systemActor, await orgId(slug), user.id, role);
  assert.ok(added.ok);
  return signIn(t.app, user.email);
}

describe('matchmaking', () => {
  const seeker: Seeker = { organisationId: 's', countries: ['ML'], themes: ['water'], seeksSkills: ['engineering'], seeksCofunder: true, seeksLocalPartnerIn: ['ML'], offersSkills: ['fundraising'], languages: ['fr'] };
  const candidate = (id: string, c: Partial<Candidate>): Candidate => ({ organisationId: id, country: 'FR', countries: [], themes: [], offersSkills: [], offersCofinancing: false, seeksSkills: [], languages: [], ...c });

  test('ranks by shared countries and themes and complementary needs and offers, never the seeker itself', () => {
    const ranked = rankCandidates(seeker, [
      candidate('only-country', { countries: ['ML'] }),
      candidate('country-theme-skill', { countries: ['ML'], themes: ['water'], offersSkills: ['engineering'] }),
      candidate('local', { country: 'ML', themes: ['water'] }),
      candidate('nothing', { countries: ['PE'], themes: ['fair-trade'] }),
      candidate('s', { countries: ['ML'], themes: ['water'] }),
      candidate('sub-theme', { themes: ['health'], countries: ['SN'] }),
    ]);
    // A local partner based where one is sought (5) outranks a skill offered (4) when the rest is equal.
    assert.deepEqual(ranked.map((m) => m.organisationId), ['local', 'country-theme-skill', 'only-country']);
    assert.deepEqual(ranked.map((m) => m.score), [3 + 2 + 5, 3 + 2 + 4, 3]);
    assert.deepEqual(ranked[1]!.reasons, [
      { kind: 'works_in', countries: ['ML'], themes: ['water'] },
      { kind: 'offers_skills', skills: ['engineering'] },
    ]);
  });

  test('a theme matches its sub-themes; co-financing, skills sought in return and languages count', () => {
    const m = scoreCandidate(
      { ...seeker, themes: ['education'] },
      candidate('c', { themes: ['education-books'], offersCofinancing: true, seeksSkills: ['fundraising'], languages: ['fr'] }),
    );
    assert.deepEqual(
      m.reasons.map((r) => r.kind),
      ['works_in', 'cofinancing', 'seeks_your_skills', 'languages'],
    );
    assert.equal(m.score, 2 + 4 + 2 + 1);
  });

  test('for the demo need "a borehole for the Soroma health centre", the engineering students come first, with the reasons in words', async () => {
    const soroma = await orgId('solidarite-cachan-soroma');
    const [need] = await listNeeds(t.db, soroma);
    const matches = await matchesForNeed(t.db, need!.id);
    assert.equal(matches[0]!.organisation.slug, 'batisseurs-solidaires-de-l-ecole-des-travaux-publics');
    assert.ok(!matches.some((m) => m.organisation.id === soroma));
    const browser = await member('solidarite-cachan-soroma');
    const page = text((await browser.get(`/en/partnerships/needs/${need!.id}/matches`)).body);
    assert.match(page, /Solidarity Builders of the Public Works School Score 13 works in Mali on water and sanitation offers water engineering and engineering skills you seek/);
    assert.match(page, /offers water engineering and engineering skills you seek/);
    const fr = text((await browser.get(`/fr/partnerships/needs/${need!.id}/matches`)).body);
    assert.match(fr, /propose des compétences que vous recherchez : ingénierie de l’eau et ingénierie/);
  });

  test('for an organisation: the Podor diaspora association is proposed the women market gardeners (local partner in Senegal)', async () => {
    const matches = await matchesForOrganisation(t.db, await orgId('association-des-senegalais-de-cachan-pour-le-developpement-de-podor'));
    const gie = matches.find((m) => m.organisation.slug === 'gie-des-femmes-maraicheres-de-podor');
    assert.ok(gie);
    assert.ok(gie.reasons.some((r) => r.kind === 'based_in' && r.country === 'SN'));
    assert.equal(matches[0]!.organisation.slug, 'gie-des-femmes-maraicheres-de-podor');
  });

  test('proposed partners are shown only to the organisation’s editors', async () => {
    assert.equal((await get('/fr/organisations/solidarite-cachan-soroma/matches')).statusCode, 303);
    const other = await member('niger-avenir');
    assert.equal((await other.get('/fr/organisations/solidarite-cachan-soroma/matches')).statusCode, 403);
  });
});

describe('an association abroad contacts local associations', () => {
  test('finds associations of the territory by country and theme, writes to one; the mail is queued and the request is in the inbox', async () => {
    const search = text((await get('/fr/partnerships?country=ML&theme=water')).body);
    assert.match(search, /Ressortissants de la région de Kayes à Cachan/);
    assert.match(search, /Solidarité Cachan Soroma/);
    assert.doesNotMatch(search, /Association Djiguiya/, 'partners abroad are not local associations');
    const form = await get('/fr/partnerships/contact/niger-avenir');
    assert.equal(form.statusCode, 200);
    const fields = { senderName: 'Aïcha Moussa', senderOrganisation: 'Eau pour Tahoua', senderEmail: 'aicha@tahoua.example', senderCountry: 'NE', themes: 'water', subject: 'Partenariat forage', message: 'Bonjour, nous cherchons un partenaire.', consent: 'on' };
    const bad = await t.app.inject({ method: 'POST', url: '/fr/partnerships/contact/niger-avenir', headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': '1.1.1.1' }, payload: new URLSearchParams({ ...fields, senderEmail: 'pas un mail', consent: '' }).toString() });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /value="Aïcha Moussa"/);
    const sent = await t.app.inject({ method: 'POST', url: '/fr/partnerships/contact/niger-avenir', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
    assert.equal(sent.statusCode, 303);
    assert.equal(sent.headers.location, '/fr/partnerships/join?notice=partnerships.contact_sent');
    assert.match(text((await get(String(sent.headers.location))).body), /Créez la fiche de votre association/);
    const receipts = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'aicha@tahoua.example'));
    assert.equal(receipts.length, 1, 'the sender is invited to create a profile');
    assert.match(receipts[0]!.text, /partnerships\/join/);
    const browser = await member('niger-avenir', 'member');
    const inbox = text((await browser.get('/fr/partnerships/inbox')).body);
    assert.match(inbox, /Eau pour Tahoua \(Niger\)/);
    assert.match(inbox, /Partenariat forage/);
  });

  test('a filled honeypot is dropped silently; more than 5 messages an hour from one address are refused', async () => {
    const niger = await orgId('niger-avenir');
    const count = async () => (await t.db.select({ n: sql<number>`count(*)::int` }).from(partnershipRequests).where(eq(partnershipRequests.toOrganisationId, niger)))[0]!.n;
    const before = await count();
    const fields = { senderName: 'Bot', senderOrganisation: 'Spam', senderEmail: 'bot@spam.example', senderCountry: 'NE', subject: 'Buy', message: 'Buy now', consent: 'on' };
    const post = (extra: Record<string, string> = {}) =>
      t.app.inject({ method: 'POST', url: '/fr/partnerships/contact/niger-avenir', remoteAddress: '203.0.113.7', headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams({ ...fields, ...extra }).toString() });
    assert.equal((await post({ website: 'http://spam.example' })).statusCode, 303);
    assert.equal(await count(), before, 'honeypot: nothing stored');
    for (let i = 0; i < 5; i++) assert.equal((await post()).statusCode, 303);
    assert.equal((await post()).statusCode, 429);
    assert.equal(await count(), before + 5);
  });
});

describe('partnership requests and joint projects', () => {
  test('send, decline, send again, accept, message; partners on both pages; joint project with shares summing to 100', async () => {
    const amis = await member('les-amis-de-cusco');
    const tisserands = await member('les-tisserands-de-l-amitie');
    const from = await orgId('les-amis-de-cusco');
    const sent = await amis.post('/fr/organisations/les-tisserands-de-l-amitie/request', { fromOrganisationId: from, subject: 'Coopératives de femmes', message: 'Échangeons nos pratiques.' });
    assert.equal(sent.statusCode, 303);
    const requestUrl = String(sent.headers.location).replace(/\?.*/, '');
    const again = await amis.post('/fr/organisations/les-tisserands-de-l-amitie/request', { fromOrganisationId: from, subject: 'Encore', message: 'x' });
    assert.equal(again.statusCode, 422);
    assert.match(again.body, /déjà en cours/);
    assert.equal((await amis.post(`${requestUrl}/decision`, { decision: 'accept' })).statusCode, 409, 'the sender cannot accept its own request');
    assert.equal((await tisserands.post(`${requestUrl}/messages`, { body: 'Avec plaisir, parlons-en.' })).statusCode, 303);
    assert.equal((await tisserands.post(`${requestUrl}/decision`, { decision: 'accept' })).statusCode, 303);
    assert.match(text((await amis.get(requestUrl)).body), /Avec plaisir, parlons-en\./);
    for (const [slug, partner] of [['les-amis-de-cusco', 'Les Tisserands de l’amitié'], ['les-tisserands-de-l-amitie', 'Les Amis de Cusco']]) {
      assert.match(text((await get(`/fr/organisations/${slug}/partners`)).body), new RegExp(partner!));
    }
    assert.match((await get('/fr/organisations/les-amis-de-cusco')).body, /href="\/fr\/organisations\/les-amis-de-cusco\/partners"/);
    const other = await orgId('les-tisserands-de-l-amitie');
    const wrongSum = await amis.post(`${requestUrl}/joint-project`, { titleFr: 'Tissage et maraîchage', org_1: from, role_1: 'lead', share_1: '50', org_2: other, role_2: 'local_partner', share_2: '40' });
    assert.equal(wrongSum.statusCode, 422);
    assert.match(wrongSum.body, /doivent faire 100 %/);
    const created = await amis.post(`${requestUrl}/joint-project`, { titleFr: 'Tissage et maraîchage', budgetCents: '10 000', org_1: from, role_1: 'lead', share_1: '60', org_2: other, role_2: 'local_partner', share_2: '40' });
    assert.equal(created.statusCode, 303);
    const project = text((await get(String(created.headers.location))).body);
    assert.match(project, /Les Amis de Cusco Chef de file 60 % 6 000 €/);
  });

  test('the demo: Soroma and Djiguiya are partners with a joint project, shown on both pages', async () => {
    for (const slug of ['solidarite-cachan-soroma', 'association-djiguiya-de-soroma']) {
      const page = text((await get(`/fr/organisations/${slug}/partners`)).body);
      assert.match(page, /École et centre de santé de Soroma/);
    }
    assert.match(text((await get('/en/organisations/gie-des-femmes-maraicheres-de-podor/partners')).body), /Podor women’s market gardens/);
  });

  test('the directory filters by network, current members only', async () => {
    const page = text((await get('/fr/organisations?network=resacoop&pageSize=100')).body);
    assert.match(page, /Institut Bioforce/);
    assert.match(page, /5 organisations/);
    assert.doesNotMatch(page, /Secours savoyard international Chambéry/, 'left the network in 2023');
    assert.equal((await get('/fr/organisations?network=%3Cscript%3E')).statusCode, 200);
  });
});

describe('policy', () => {
  const A = 'a0000000-0000-4000-8000-000000000001';
  const B = 'b0000000-0000-4000-8000-000000000002';
  const actor = (memberships: [string, OrganisationRole][] = [], platform: Actor['platformRoles'] = new Set(), userId: string | null = 'u'): Actor => ({ ...systemActor, userId, platformRoles: platform, memberships: new Map(memberships), secondFactorDone: true });
  const actors: Record<string, Actor> = {
    visitor: actor([], new Set(), null),
    stranger: actor(),
    admin: actor([], new Set(['platform_admin'])),
    coordinator: actor([], new Set(['network_coordinator'])),
    editorA: actor([[A, 'editor']]),
    memberA: actor([[A, 'member']]),
    editorB: actor([[B, 'editor']]),
    memberB: actor([[B, 'member']]),
  };
  const request = (status: RequestRef['status']): RequestRef => ({ fromOrganisationId: A, toOrganisationId: B, status });
  // [action, thing, actors allowed]
  const table: [PartnershipAction, string | RequestRef | undefined, string[]][] = [
    ['contact_publicly', undefined, Object.keys(actors)],
    ['edit_cooperation', A, ['admin', 'editorA']],
    ['send_request', A, ['admin', 'editorA']],
    ['send_request', undefined, []],
    ['view_request', request('pending'), ['admin', 'editorA', 'memberA', 'editorB', 'memberB']],
    ['decide_request', request('pending'), ['editorB']],
    ['decide_request', request('accepted'), []],
    ['withdraw_request', request('pending'), ['editorA']],
    ['withdraw_request', request('declined'), []],
    ['post_message', request('pending'), ['editorA', 'memberA', 'editorB', 'memberB']],
    ['post_message', request('declined'), []],
    ['create_joint_project', request('accepted'), ['editorA', 'editorB']],
    ['create_joint_project', request('pending'), []],
    ['create_joint_project', { fromOrganisationId: null, toOrganisationId: B, status: 'accepted' }, []],
  ];
  for (const [action, thing, allowed] of table) {
    test(`${action} on ${typeof thing === 'object' ? thing.status : (thing ?? 'nothing')}: only ${allowed.join(', ') || 'nobody'}`, () => {
      for (const [name, who] of Object.entries(actors)) assert.equal(can(who, action, thing), allowed.includes(name), `${name} ${action}`);
    });
  }
  test('an action outside the list is refused', () => {
    assert.equal(can(actors.admin!, 'delete_everything' as PartnershipAction, A), false);
    assert.ok(partnershipActions.length === 8);
  });
  test('an editor without the second factor done may not act', () => {
    assert.equal(can({ ...actors.editorA!, secondFactorDone: false }, 'send_request', A), false);
  });
});

