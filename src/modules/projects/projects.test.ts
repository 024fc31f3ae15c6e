// Projects through HTTP on the demo data: the public page, related projects, drafts, the back-office,
// shares validation, partners accepting, "help this project" with the inbox, and the retention purge.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, sql } from 'drizzle-orm';
import { systemActor } from '../../kernel/actor.ts';
import { mailOutbox } from '../../kernel/tables.ts';
import { createTestApp, makeUser, multipartBody, signIn, type TestApp } from '../../../tests/support/app.ts';
import { addOrganisationMember } from '../organisations/commands.ts';
import { findOrganisationBySlug } from '../organisations/queries.ts';
import { addSectionRow, checkShares, createProject, purgeOldOffers, setPublication } from './commands.ts';
import { findProjectBySlug } from './queries.ts';
import { projectInputSchema } from './schema.ts';
import { helpOffers, projectDocuments, projects } from './tables.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const orgId = async (slug: string) => (await findOrganisationBySlug(t.db, slug))!.id;
async function memberOf(slug: string, role: 'admin' | 'editor' | 'member' = 'editor') {
  const user = await makeUser(t.db);
  const added = await addOrganisationMember(t.db, systemActor, await orgId(slug), user.id, role);
  assert.ok(added.ok);
  return { ...user, browser: await signIn(t.app, user.email) };
}
const form = (fields: Record<string, string>) => fields;

test('a project page says what, where, who, how much, results, updates, documents and needs', async () => {
  const res = await get('/fr/projects/maraichage-femmes-podor');
  assert.equal(res.statusCode, 200);
  const html = res.body;
  assert.match(html, /<h1>Maraîchage des femmes de Podor<\/h1>/);
  assert.match(html, /Sénégal \(100 %\)/);
  assert.match(html, /Podor \(16\.652, -14\.960\)/);
  assert.match(html, /GIE des femmes maraîchères de Podor<\/a><span class="meta"> — Mise en œuvre/);
  assert.match(html, /Ville de Cachan — Comité des relations internationales et du jumelage \(CRIJ\)<\/a><span class="meta"> — Financeur/);
  // Budget 14 000 + 9 000; funds received 12 000 + 11 000; disbursed 13 500 + 8 000.
  assert.match(html, /23\u202f000\s€<\/span><span class="kpi-label">Budget/);
  assert.match(html, /23\u202f000\s€<\/span><span class="kpi-label">Fonds reçus/);
  assert.match(html, /21\u202f500\s€<\/span><span class="kpi-label">Dépensé ou décaissé/);
  assert.match(html, /Revenu mensuel moyen \(FCFA\)<\/td><td>35000 \(2023\)<\/td>/);
  assert.match(html, /La chambre froide est en service/);
  assert.match(html, /Bénévoles pour le repas solidaire de mars/);
  assert.match(html, /<h2 id="help">Aider ce projet<\/h2>/);
  const en = await get('/en/projects/maraichage-femmes-podor');
  assert.match(en.body, /<h1>Women’s market gardening in Podor<\/h1>/);
  assert.match(en.body, /Implementing/);
  assert.equal((await get('/fr/projects/nope')).statusCode, 404);
});

test('related projects are ranked by shared partners, countries and themes, and say why', async () => {
  const html = (await get('/fr/projects/alertes-desert-agadez')).body;
  const section = /<section aria-labelledby="related">(.*?)<\/section>/s.exec(html)![1]!;
  const order = [...section.matchAll(/href="\/fr\/projects\/([^"]+)"/g)].map((m) => m[1]);
  // Sahel (La Cimade + Niger + migrants) 6 > Oujda (La Cimade + migrants) 4 > crisis education (Niger + emergency) 3 > Tahoua water (Niger) 2
  assert.deepEqual(order.slice(0, 4), ['protection-migrants-sahel', 'droits-migrants-oujda', 'crisis-resilient-public-education', 'eau-potable-tahoua']);
  assert.match(section, /Protéger les droits des personnes migrantes au Sahel<\/a><span class="meta"> — mêmes partenaires : La Cimade · mêmes pays : Niger · mêmes thématiques : Droits des personnes migrantes<\/span>/);
  // The alliance's projects find each other (the seed alliance page once said "No results found").
  const haiti = (await get('/en/projects/ecole-changement-social-haiti')).body;
  assert.match(haiti, /href="\/en\/projects\/skills-for-tomorrow"/);
  assert.doesNotMatch(haiti, /No project shares/);
});

test('drafts are invisible to visitors and other organisations, visible to the organisation’s members', async () => {
  const url = '/fr/projects/bibliotheques-scolaires-gitega';
  assert.equal((await get(url)).statusCode, 404);
  assert.equal((await get('/api/v1/projects/bibliotheques-scolaires-gitega')).statusCode, 404);
  assert.doesNotMatch((await get('/fr/projects?pageSize=100')).body, /Bibliothèques scolaires à Gitega/);
  assert.doesNotMatch((await get('/fr/search?q=gitega')).body, /Bibliothèques scolaires/);
  assert.equal((await get('/api/v1/projects?country=BI')).json().total, 0);
  const stranger = await memberOf('niger-avenir');
  assert.equal((await stranger.browser.get(url)).statusCode, 404);
  const member = await memberOf('iut-de-cachan-sans-frontieres', 'member');
  const page = await member.browser.get(url);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /Brouillon : seuls les membres/);
  assert.match((await member.browser.get('/fr/projects?country=BI')).body, /1 projet/);
});

test('shares: none given, or all given adding up to 100 (countries and regions together, sectors)', async () => {
  const cases: [(number | null)[], boolean][] = [
    [[], true],
    [[null, null], true],
    [[100], true],
    [[60, 40], true],
    [[33.33, 33.33, 33.34], true],
    [[50], false],
    [[60, null], false],
    [[70, 40], false],
  ];
  for (const [shares, ok] of cases) assert.equal(checkShares(shares).ok, ok, JSON.stringify(shares));
  const org = await orgId('niger-avenir');
  const input = projectInputSchema.parse({ titleFr: 'Parts à vérifier', descriptionFr: 'Un projet pour tester les parts.', activityStatus: '2' });
  const created = await createProject(t.db, systemActor, org, input);
  assert.ok(created.ok);
  const id = created.value.id;
  for (const [code, percentage] of [['NE', '60'], ['ML', '30']] as const) assert.ok((await addSectionRow(t.db, systemActor, id, 'countries', { code, percentage: Number(percentage) })).ok);
  assert.ok((await addSectionRow(t.db, systemActor, id, 'sectors', { theme: 'water', percentage: 100 })).ok);
  const refused = await setPublication(t.db, systemActor, id, 'published');
  assert.deepEqual(refused, { ok: false, error: { code: 'validation', fields: { countries: 'projects.problem.shares_sum' } } });
  assert.ok((await addSectionRow(t.db, systemActor, id, 'regions', { code: '289', percentage: 10 })).ok);
  assert.ok((await setPublication(t.db, systemActor, id, 'published')).ok);
  // A share above 100 or not a number is refused by the form, field by field.
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  const bad = await browser.post(`/fr/projects/${created.value.slug}/parts/sectors`, form({ theme: 'food', percentage: '140' }));
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Une part est un nombre entre 0 et 100/);
});

test('a member creates a project, fills its parts, previews it and publishes it', async () => {
  const editor = await memberOf('niger-avenir');
  const b = editor.browser;
  const org = await orgId('niger-avenir');
  assert.equal((await b.get('/fr/projects/new')).statusCode, 200);
  const bad = await b.post('/fr/projects/new', form({ organisationId: org, titleFr: '', activityStatus: '2', plannedStart: '2025-05-01', plannedEnd: '2024-01-01' }));
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Indiquez le titre en français ou en anglais/);
  assert.match(bad.body, /La fin doit venir après le début/);
  assert.match(bad.body, /value="2025-05-01"/);
  // Not an organisation of theirs: refused.
  const other = await b.post('/fr/projects/new', form({ organisationId: await orgId('la-cimade'), titleFr: 'Intrus', activityStatus: '2' }));
  assert.equal(other.statusCode, 422);
  const created = await b.post('/fr/projects/new', form({ organisationId: org, titleFr: 'Jardins scolaires à Tahoua', descriptionFr: 'Des jardins dans trois écoles.', activityStatus: '1', plannedStart: '2026-01-01', plannedEnd: '2026-12-31' }));
  assert.equal(created.statusCode, 303);
  assert.equal(created.headers.location, '/fr/projects/jardins-scolaires-a-tahoua/edit?notice=projects.created');
  const project = (await findProjectBySlug(t.db, 'jardins-scolaires-a-tahoua'))!;
  assert.equal(project.iatiIdentifier, 'XX-PASSERELLE-niger-avenir-jardins-scolaires-a-tahoua');
  assert.equal(project.publication, 'draft');
  const edit = await b.get('/fr/projects/jardins-scolaires-a-tahoua/edit');
  assert.match(edit.body, /Ajoutez un pays ou une région/);
  assert.match(edit.body, /Ajoutez une thématique/);
  assert.equal((await b.post('/fr/projects/jardins-scolaires-a-tahoua/publish', {})).statusCode, 422);
  assert.equal((await b.post('/fr/projects/jardins-scolaires-a-tahoua/parts/countries', form({ code: 'NE' }))).statusCode, 303);
  assert.equal((await b.post('/fr/projects/jardins-scolaires-a-tahoua/parts/sectors', form({ theme: 'food' }))).statusCode, 303);
  assert.equal((await b.post('/fr/projects/jardins-scolaires-a-tahoua/parts/locations', form({ name: 'Tahoua', lat: '14,8888', lng: '5.2692' }))).statusCode, 303);
  assert.equal((await b.post('/fr/projects/jardins-scolaires-a-tahoua/parts/budgets', form({ type: '1', periodStart: '2026-01-01', periodEnd: '2026-12-31', amount: '4 500,50', currency: 'EUR' }))).statusCode, 303);
  const badLoc = await b.post('/fr/projects/jardins-scolaires-a-tahoua/parts/locations', form({ name: 'Nulle part', lat: '95', lng: 'abc' }));
  assert.equal(badLoc.statusCode, 422);
  assert.match(badLoc.body, /degrés décimaux/);
  const parts = await b.get('/fr/projects/jardins-scolaires-a-tahoua/parts/budgets');
  assert.match(parts.body, /4\u202f500,50\s€/);
  assert.equal((await findProjectBySlug(t.db, 'jardins-scolaires-a-tahoua'))!.totalBudget, 450050);
  // Preview before publishing: the member sees the page with the draft banner; a visitor does not.
  assert.match((await b.get('/fr/projects/jardins-scolaires-a-tahoua')).body, /Brouillon/);
  assert.equal((await get('/fr/projects/jardins-scolaires-a-tahoua')).statusCode, 404);
  const published = await b.post('/fr/projects/jardins-scolaires-a-tahoua/publish', {});
  assert.equal(published.statusCode, 303);
  assert.equal((await get('/fr/projects/jardins-scolaires-a-tahoua')).statusCode, 200);
  assert.match((await get('/fr/projects?country=NE&pageSize=100')).body, /Jardins scolaires à Tahoua/);
  assert.match((await get('/fr/organisations/niger-avenir')).body, /Jardins scolaires à Tahoua/);
  // A stale form is refused (optimistic version).
  const stale = await b.post('/fr/projects/jardins-scolaires-a-tahoua/edit', form({ version: '1', titleFr: 'Autre titre', activityStatus: '2' }));
  assert.equal(stale.statusCode, 409);
  // The audit log has the publication.
  const audit = await t.db.execute(sql`select action from audit_log where subject_id = ${project.id} order by id`);
  const actions = ((audit as { rows?: { action: string }[] }).rows ?? (audit as unknown as { action: string }[])).map((r) => r.action);
  assert.ok(actions.includes('project.created') && actions.includes('project.published') && actions.includes('project.budgets.added'));
  // Other people cannot edit.
  const stranger = await memberOf('la-cimade');
  assert.equal((await stranger.browser.get('/fr/projects/jardins-scolaires-a-tahoua/edit')).statusCode, 403);
  assert.equal((await stranger.browser.post('/fr/projects/jardins-scolaires-a-tahoua/unpublish', {})).statusCode, 403);
  assert.equal((await get('/fr/projects/jardins-scolaires-a-tahoua/edit')).statusCode, 303);
});

test('a partner named on a project sees it on its page once it accepts', async () => {
  const owner = await memberOf('les-amis-de-cusco');
  const created = await owner.browser.post('/fr/projects/new', form({ organisationId: await orgId('les-amis-de-cusco'), titleFr: 'Coopératives de Cusco', descriptionFr: 'Soutien aux coopératives.', activityStatus: '2' }));
  assert.equal(created.statusCode, 303);
  const partner = await orgId('les-tisserands-de-l-amitie');
  const base = '/fr/projects/cooperatives-de-cusco/parts';
  assert.equal((await owner.browser.post(`${base}/participants`, form({ role: '4', organisationId: partner }))).statusCode, 303);
  assert.equal((await owner.browser.post(`${base}/participants`, form({ role: '1', name: 'Fondation Andes', ref: 'XM-OCHA-123' }))).statusCode, 303);
  assert.equal((await owner.browser.post(`${base}/participants`, form({ role: '4' }))).statusCode, 422);
  assert.match((await owner.browser.get(`${base}/participants`)).body, /Les Tisserands de l’amitié — Mise en œuvre — en attente de réponse/);
  assert.equal((await owner.browser.post(`${base}/countries`, form({ code: 'PE' }))).statusCode, 303);
  assert.equal((await owner.browser.post(`${base}/sectors`, form({ theme: 'women' }))).statusCode, 303);
  assert.equal((await owner.browser.post('/fr/projects/cooperatives-de-cusco/publish', {})).statusCode, 303);
  // Pending: the project page does not list the partner yet.
  assert.doesNotMatch((await get('/fr/projects/cooperatives-de-cusco')).body, /Tisserands/);
  assert.doesNotMatch((await get('/fr/organisations/les-tisserands-de-l-amitie')).body, /Coopératives de Cusco/);
  const member = await memberOf('les-tisserands-de-l-amitie');
  const orgPage = await member.browser.get('/fr/organisations/les-tisserands-de-l-amitie');
  assert.match(orgPage.body, /1 participations à confirmer/);
  const inbox = await member.browser.get(`/fr/projects/inbox/${partner}`);
  const participantId = /\/fr\/projects\/participations\/([0-9a-f-]+)\/accept/.exec(inbox.body)![1]!;
  assert.equal((await member.browser.post(`/fr/projects/participations/${participantId}/accept`, {})).statusCode, 303);
  assert.match((await get('/fr/organisations/les-tisserands-de-l-amitie')).body, /Coopératives de Cusco<\/a><span class="meta"> — En cours · en tant que partenaire/);
  // Someone else cannot answer for them.
  const stranger = await memberOf('niger-avenir');
  assert.equal((await stranger.browser.post(`/fr/projects/participations/${participantId}/decline`, {})).statusCode, 403);
});

test('a visitor offers help: the members get an e-mail and an inbox entry they can answer and close', async () => {
  const member = await memberOf('solidarite-cachan-soroma', 'member');
  const url = '/fr/projects/fournitures-scolaires-soroma/help';
  const post = (fields: Record<string, string>) => t.app.inject({ method: 'POST', url, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
  const missing = await post({ kind: 'financial', name: 'Awa', email: 'pas-un-email', message: '' });
  assert.equal(missing.statusCode, 422);
  assert.match(missing.body, /Cochez la case/);
  assert.match(missing.body, /value="Awa"/);
  const ok = await post({ kind: 'volunteer', name: 'Awa Diallo', email: 'awa@example.org', message: 'Je peux trier des livres en septembre.', consent: 'on' });
  assert.equal(ok.statusCode, 303);
  assert.match(String(ok.headers.location), /notice=projects.help_sent/);
  const [mail] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, member.email));
  assert.ok(mail);
  assert.equal(mail.kind, 'project.help_offer');
  assert.match(mail.text, /Awa Diallo/);
  assert.match(mail.text, /Je peux trier des livres/);
  // The honeypot keeps nothing but answers the same.
  const before = (await t.db.select().from(helpOffers)).length;
  assert.equal((await post({ kind: 'message', name: 'Bot', email: 'bot@example.org', message: 'buy', consent: 'on', website: 'http://spam' })).statusCode, 303);
  assert.equal((await t.db.select().from(helpOffers)).length, before);
  const org = await orgId('solidarite-cachan-soroma');
  const inbox = await member.browser.get(`/fr/projects/inbox/${org}`);
  assert.equal(inbox.statusCode, 200);
  assert.match(inbox.body, /Du temps bénévole — Awa Diallo/);
  const offerId = /id="offer-([0-9a-f-]+)"/.exec(inbox.body)![1]!;
  assert.equal((await member.browser.post(`/fr/projects/offers/${offerId}/answer`, { text: '' })).statusCode, 422);
  assert.equal((await member.browser.post(`/fr/projects/offers/${offerId}/answer`, { text: 'Merci Awa, rendez-vous le 3 septembre.' })).statusCode, 303);
  assert.equal((await member.browser.post(`/fr/projects/offers/${offerId}/handled`, {})).statusCode, 303);
  const after = await member.browser.get(`/fr/projects/inbox/${org}`);
  assert.match(after.body, /Réponse envoyée/);
  assert.match(after.body, /Marquée comme traitée/);
  assert.match(after.body, /Merci Awa, rendez-vous le 3 septembre/);
  const answers = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, 'awa@example.org'));
  assert.equal(answers.length, 1);
  // Other people see nothing of it.
  assert.equal((await get(`/fr/projects/inbox/${org}`)).statusCode, 303);
  const stranger = await memberOf('niger-avenir');
  assert.equal((await stranger.browser.get(`/fr/projects/inbox/${org}`)).statusCode, 403);
  assert.equal((await stranger.browser.post(`/fr/projects/offers/${offerId}/reopen`, {})).statusCode, 403);
});

test('offers from one address are rate-limited', async () => {
  const post = () =>
    t.app.inject({
      method: 'POST',
      url: '/fr/projects/centre-de-sante-abomey/help',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ kind: 'message', name: 'Zoé', email: 'zoe@example.org', message: 'Bonjour', consent: 'on' }).toString(),
    });
  for (let i = 0; i < 5; i++) assert.equal((await post()).statusCode, 303);
  const refused = await post();
  assert.equal(refused.statusCode, 429);
  assert.match(refused.body, /beaucoup de propositions/);
});

test('offers are deleted after the retention period', async () => {
  const [project] = await t.db.execute(sql`select id, organisation_id from projects limit 1`).then((r) => (r as { rows?: { id: string; organisation_id: string }[] }).rows ?? (r as unknown as { id: string; organisation_id: string }[]));
  const old = new Date(Date.now() - (t.config.pledgeRetentionDays + 1) * 86_400_000);
  await t.db.insert(helpOffers).values({ id: '00000000-0000-4000-8000-00000000beef', projectId: project!.id, organisationId: project!.organisation_id, kind: 'financial', name: 'Ancien', email: 'old@example.org', message: 'vieux', amount: 5000, consent: true, createdAt: old });
  const total = (await t.db.select().from(helpOffers)).length;
  const removed = await purgeOldOffers(t.db, t.config.pledgeRetentionDays);
  assert.equal(removed, 1);
  assert.equal((await t.db.select().from(helpOffers)).length, total - 1);
  assert.match((await get('/fr/privacy')).body, new RegExp(`après ${t.config.pledgeRetentionDays} jours`));
});

test('documents: a link or an uploaded file (PDF, ODT, DOCX checked from the bytes), shown on the page and in the IATI file', async () => {
  const editor = await memberOf('niger-avenir');
  const b = editor.browser;
  const project = (await t.db.select().from(projects).where(eq(projects.organisationId, await orgId('niger-avenir'))))[0]!;
  const url = `/fr/projects/${project.slug}/parts/documents`;
  const upload = async (fields: Record<string, string>, file?: { name: string; type: string; data: Buffer }) => {
    const body = multipartBody({ _csrf: b.csrf, ...fields }, file ? { file } : {});
    return t.app.inject({ method: 'POST', url, headers: { cookie: b.cookie, 'content-type': body.contentType }, payload: body.payload });
  };
  const page = await b.get(url);
  assert.match(page.body, /enctype="multipart\/form-data"/);
  assert.match(page.body, /name="file"/);

  const neither = await upload({ titleFr: 'Rapport', category: 'A07' });
  assert.equal(neither.statusCode, 422);
  assert.match(neither.body, /Donnez l’adresse du document ou joignez le fichier/);
  assert.match(neither.body, /value="Rapport"/, 'what was typed is kept');

  const notADocument = await upload({ titleFr: 'Rapport', category: 'A07' }, { name: 'rapport.pdf', type: 'application/pdf', data: Buffer.from('MZ\x90\x00 not a pdf') });
  assert.equal(notADocument.statusCode, 422);
  assert.match(notADocument.body, /ni un PDF, ni un ODT, ni un DOCX/);

  const pdf = Buffer.from('%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n');
  const saved = await upload({ titleFr: 'Rapport d’étape 2026', category: 'A07' }, { name: '../../rapport étape.pdf', type: 'application/octet-stream', data: pdf });
  assert.equal(saved.statusCode, 303);
  const [row] = await t.db.select().from(projectDocuments).where(and(eq(projectDocuments.projectId, project.id), eq(projectDocuments.titleFr, 'Rapport d’étape 2026')));
  assert.ok(row?.fileId, 'stored as a file');
  assert.equal(row.url, null);
  assert.equal(row.format, 'application/pdf');
  const served = await get(`/files/${row.fileId}`);
  assert.equal(served.statusCode, 200);
  assert.equal(served.headers['content-type'], 'application/pdf');
  assert.equal(served.headers['x-content-type-options'], 'nosniff');
  assert.deepEqual(served.rawPayload, pdf);

  if (project.publication === 'published') {
    assert.match((await get(`/fr/projects/${project.slug}`)).body, new RegExp(`href="/files/${row.fileId}"[^>]*>Rapport d’étape 2026`));
    const xml = (await get(`/iati/activities/${project.id}.xml`)).body;
    assert.match(xml, new RegExp(`<document-link url="http://[^"]+/files/${row.fileId}" format="application/pdf">`));
  }
  const both = await upload({ titleFr: 'Les deux', category: 'A07', url: 'https://example.org/r.pdf' }, { name: 'r.pdf', type: 'application/pdf', data: pdf });
  assert.equal(both.statusCode, 422);
});

test('each section of a project page appears once (no id given twice), with the other modules’ sections', async () => {
  for (const slug of ['crisis-resilient-public-education', 'maraichage-femmes-podor', 'fournitures-scolaires-soroma']) {
    const html = (await get(`/fr/projects/${slug}`)).body;
    const ids = [...html.matchAll(/\sid="([^"]+)"/g)].map((m) => m[1]!);
    assert.deepEqual(ids.filter((id, i) => ids.indexOf(id) !== i), [], `${slug}: ids given twice`);
  }
});
