// The IATI upload page through HTTP on the demo data: who may import into which organisation, the report
// (counts, line numbers, reasons) in both languages, a re-upload updating rather than duplicating, and files
// refused with the form re-rendered (no file, too large, not XML, hostile) and nothing written.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, makeUser, multipartBody, signIn, type Browser, type TestApp } from '../../../tests/support/app.ts';
import { systemActor } from '../../kernel/actor.ts';
import { addOrganisationMember } from '../organisations/commands.ts';
import { findOrganisationBySlug } from '../organisations/queries.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const orgId = async (slug: string) => (await findOrganisationBySlug(t.db, slug))!.id;
async function memberOf(slug: string, role: 'admin' | 'editor' | 'member' = 'editor'): Promise<Browser> {
  const user = await makeUser(t.db);
  assert.ok((await addOrganisationMember(t.db, systemActor, await orgId(slug), user.id, role)).ok);
  return signIn(t.app, user.email);
}
const count = async (query: ReturnType<typeof sql>) => ((await t.db.execute(query)) as unknown as { rows: { n: number }[] }).rows[0]!.n;

const activity = (id: string, extra = '') => `
 <iati-activity default-currency="EUR" xml:lang="fr">
  <iati-identifier>${id}</iati-identifier>
  <reporting-org ref="XM-UPLOAD" type="22"><narrative>Association Envoi</narrative></reporting-org>
  <title><narrative>Puits à Kayes ${id}</narrative></title>
  <description type="1"><narrative>Deux puits.</narrative></description>
  <participating-org role="4"><narrative>Partenaire local</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2024-01-01"/>
  <recipient-country code="ML"/>
  <sector vocabulary="1" code="14030"/>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2024-02-01"/><value value-date="2024-02-01">1500.50</value></transaction>
  ${extra}
 </iati-activity>`;
const file = (...activities: string[]) => Buffer.from(`<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities version="2.03">${activities.join('')}\n</iati-activities>\n`);

function upload(app: TestApp['app'], browser: Browser | null, fields: Record<string, string>, data?: Buffer, url = '/fr/iati/import') {
  const { payload, contentType } = multipartBody({ ...(browser ? { _csrf: browser.csrf } : {}), publish: 'on', ...fields }, data ? { file: { name: 'activites.xml', type: 'application/xml', data } } : {});
  return app.inject({ method: 'POST', url, headers: { 'content-type': contentType, ...(browser ? { cookie: browser.cookie } : {}) }, payload });
}

test('a visitor is sent to sign in; a simple member and a stranger are refused', async () => {
  const res = await t.app.inject({ method: 'GET', url: '/fr/iati/import' });
  assert.equal(res.statusCode, 303);
  assert.match(String(res.headers.location), /sign-in/);
  const posted = await upload(t.app, null, { organisation: 'niger-avenir' }, file(activity('XM-UPLOAD-V')));
  assert.equal(posted.statusCode, 401);
  const plain = await signIn(t.app, (await makeUser(t.db)).email);
  assert.equal((await plain.get('/fr/iati/import')).statusCode, 403);
  const member = await memberOf('niger-avenir', 'member');
  assert.equal((await member.get('/fr/iati/import')).statusCode, 403);
  assert.equal((await upload(t.app, member, { organisation: 'niger-avenir' }, file(activity('XM-UPLOAD-M')))).statusCode, 403);
  assert.equal(await count(sql`select count(*)::int n from projects where iati_identifier like 'XM-UPLOAD-%'`), 0);
});

test('an editor imports into their organisation, sees the report, and a re-upload updates without duplicating', async () => {
  const editor = await memberOf('niger-avenir');
  const orgPage = await editor.get('/fr/organisations/niger-avenir');
  assert.match(orgPage.body, /href="\/fr\/iati\/import\?organisation=niger-avenir">Importer un fichier IATI</);
  assert.doesNotMatch((await t.app.inject({ method: 'GET', url: '/fr/organisations/niger-avenir' })).body, /iati\/import/, 'no link for visitors');
  const form = await editor.get('/fr/iati/import?organisation=niger-avenir');
  assert.equal(form.statusCode, 200);
  assert.match(form.body, /enctype="multipart\/form-data"/);
  assert.match(form.body, /<option value="niger-avenir" selected>/);

  // Two activities, the second without an identifier (skipped with its line).
  const bytes = file(activity('XM-UPLOAD-1'), activity('').replace('<iati-identifier></iati-identifier>', ''));
  const first = await upload(t.app, editor, { organisation: 'niger-avenir' }, bytes);
  assert.equal(first.statusCode, 200, first.body.slice(0, 2000));
  assert.match(first.body, /<h1>Rapport d’import<\/h1>/);
  assert.match(first.body, /activites\.xml : 1 importées, 0 mises à jour, 1 ignorées/);
  assert.match(first.body, /<td>3<\/td><td><code>XM-UPLOAD-1<\/code><\/td><td>importée<\/td>/);
  assert.match(first.body, /Enregistrement ignoré ligne 16 : il n’a pas d’identifiant IATI\./);
  const owner = await count(sql`select count(*)::int n from projects p join organisations o on o.id = p.organisation_id where p.iati_identifier = 'XM-UPLOAD-1' and o.slug = 'niger-avenir'`);
  assert.equal(owner, 1);

  const again = await upload(t.app, editor, { organisation: 'niger-avenir' }, bytes, '/en/iati/import');
  assert.equal(again.statusCode, 200);
  assert.match(again.body, /activites\.xml: 0 imported, 1 updated, 1 skipped/);
  assert.match(again.body, /<td>XM-UPLOAD-1|<code>XM-UPLOAD-1<\/code><\/td><td>updated<\/td>/);
  assert.equal(await count(sql`select count(*)::int n from projects where iati_identifier = 'XM-UPLOAD-1'`), 1);
  assert.equal(await count(sql`select count(*)::int n from project_transactions pt join projects p on p.id = pt.project_id where p.iati_identifier = 'XM-UPLOAD-1'`), 1);
  assert.equal(await count(sql`select count(*)::int n from iati_import_runs where source = 'upload' and status = 'done'`), 2);
});

test('an editor cannot import into another organisation; the form comes back with the error', async () => {
  const editor = await memberOf('niger-avenir');
  const res = await upload(t.app, editor, { organisation: 'iut-de-cachan-sans-frontieres' }, file(activity('XM-UPLOAD-X')));
  assert.equal(res.statusCode, 422);
  assert.match(res.body, /class="error-summary"/);
  assert.match(res.body, /id="f-organisation-error"[^>]*>Choisissez une organisation dont vous pouvez importer les projets\./);
  // Without the session's CSRF token: refused, nothing written.
  const { payload, contentType } = multipartBody({ organisation: 'niger-avenir' }, { file: { name: 'a.xml', type: 'application/xml', data: file(activity('XM-UPLOAD-X')) } });
  const forged = await t.app.inject({ method: 'POST', url: '/fr/iati/import', headers: { 'content-type': contentType, cookie: editor.cookie }, payload });
  assert.equal(forged.statusCode, 403);
  assert.equal(await count(sql`select count(*)::int n from projects where iati_identifier = 'XM-UPLOAD-X'`), 0);
});

test('no file, not XML and hostile files: 422 with the error on the file field, nothing written', async () => {
  const editor = await memberOf('niger-avenir');
  const none = await upload(t.app, editor, { organisation: 'niger-avenir' });
  assert.equal(none.statusCode, 422);
  assert.match(none.body, /id="f-file-error"[^>]*>Choisissez un fichier XML IATI\./);
  assert.match(none.body, /<option value="niger-avenir" selected>/, 'what was chosen is kept');
  const cases: [Buffer, RegExp][] = [
    [Buffer.from('%PDF-1.4 not xml at all'), /n’est pas un fichier XML/],
    [Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><iati-activities version="2.03"><iati-activity><iati-identifier>&b;</iati-identifier></iati-activity></iati-activities>'), /DOCTYPE, refusée par sécurité/],
    [Buffer.from('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><iati-activities version="2.03"><iati-activity><iati-identifier>&xxe;</iati-identifier></iati-activity></iati-activities>'), /DOCTYPE/],
    [Buffer.from('<html><body>hello</body></html>'), /n’est pas un fichier IATI/],
  ];
  const before = await count(sql`select count(*)::int n from projects`);
  for (const [bytes, message] of cases) {
    const res = await upload(t.app, editor, { organisation: 'niger-avenir' }, bytes);
    assert.equal(res.statusCode, 422);
    assert.match(res.body, new RegExp(`id="f-file-error"[^>]*>[^<]*${message.source}`));
  }
  assert.equal(await count(sql`select count(*)::int n from projects`), before);
  assert.equal(await count(sql`select count(*)::int n from iati_import_runs where status = 'refused'`), cases.length, 'each refusal is recorded');
});

test('a platform administrator imports into any organisation or none (reporting organisation)', async () => {
  const admin = await signIn(t.app, (await makeUser(t.db, ['platform_admin'])).email);
  assert.match((await admin.get('/fr/admin')).body, /href="\/fr\/iati\/import">Importer un fichier IATI</);
  const form = await admin.get('/en/iati/import');
  assert.match(form.body, /Leave empty to attach each activity to its reporting organisation/);
  const none = await upload(t.app, admin, { organisation: '' }, file(activity('XM-UPLOAD-A1')));
  assert.equal(none.statusCode, 200);
  assert.match(none.body, /1 organisations ajoutées à l’annuaire/);
  const into = await upload(t.app, admin, { organisation: 'iut-de-cachan-sans-frontieres' }, file(activity('XM-UPLOAD-A2')));
  assert.equal(into.statusCode, 200);
  const owners = ((await t.db.execute(sql`select p.iati_identifier id, o.name_fr name from projects p join organisations o on o.id = p.organisation_id where p.iati_identifier like 'XM-UPLOAD-A%' order by 1`)) as unknown as { rows: { id: string; name: string }[] }).rows;
  assert.deepEqual(owners.map((o) => o.name), ['Association Envoi', (await findOrganisationBySlug(t.db, 'iut-de-cachan-sans-frontieres'))!.nameFr]);
  const unknown = await upload(t.app, admin, { organisation: 'no-such-org' }, file(activity('XM-UPLOAD-A3')));
  assert.equal(unknown.statusCode, 422);
});

test('a file over UPLOAD_MAX_BYTES re-renders the form with the error on the file field', async () => {
  const small = await createTestApp({ withDemo: true, env: { UPLOAD_MAX_BYTES: '20000' } });
  try {
    const user = await makeUser(small.db);
    assert.ok((await addOrganisationMember(small.db, systemActor, (await findOrganisationBySlug(small.db, 'niger-avenir'))!.id, user.id, 'editor')).ok);
    const editor = await signIn(small.app, user.email);
    const big = file(...Array.from({ length: 40 }, (_, i) => activity(`XM-UPLOAD-BIG-${i}`)));
    assert.ok(big.length > 20_000);
    const res = await upload(small.app, editor, { organisation: 'niger-avenir' }, big);
    assert.equal(res.statusCode, 413);
    assert.match(res.body, /id="f-file-error"[^>]*>Ce fichier dépasse la taille autorisée \(20\sko\)\./);
    const huge = await upload(small.app, editor, { organisation: 'niger-avenir' }, Buffer.concat([big, Buffer.alloc(700_000, 32)]));
    assert.equal(huge.statusCode, 413);
    assert.match(huge.body, /id="f-file-error"/);
    assert.equal(((await small.db.execute(sql`select count(*)::int n from projects where iati_identifier like 'XM-UPLOAD-BIG-%'`)) as unknown as { rows: { n: number }[] }).rows[0]!.n, 0);
  } finally {
    await small.close();
  }
});

test('a project page: its IATI file for everyone once published; for its editors, what IATI would refuse, field by field', async () => {
  const editor = await memberOf('niger-avenir');
  // A draft without a sector, imported into the association (kept as a draft: publication needs a sector).
  const imported = await upload(t.app, editor, { organisation: 'niger-avenir' }, file(activity('XM-CHECK-1').replace('<sector vocabulary="1" code="14030"/>', '')));
  assert.equal(imported.statusCode, 200);
  const [row] = ((await t.db.execute(sql`select id, slug, publication from projects where iati_identifier = 'XM-CHECK-1'`)) as unknown as { rows: { id: string; slug: string; publication: string }[] }).rows;
  assert.equal(row!.publication, 'draft');

  const page = await editor.get(`/fr/projects/${row!.slug}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /<h2 id="project-iati">Données ouvertes \(IATI\)<\/h2>/);
  assert.match(page.body, /À corriger pour que le projet entre dans les fichiers IATI/);
  assert.match(page.body, /Ajoutez un secteur \(une thématique\)\.<\/span> <code>sectors<\/code>/);
  assert.ok(!page.body.includes(`/iati/activities/${row!.id}.xml`), 'a draft has no public file');
  const english = await editor.get(`/en/projects/${row!.slug}`);
  assert.match(english.body, /To fix for the project to go into the IATI files/);

  // A published project: the link for a visitor, no check; a complete demo project passes the check for its editor.
  const published = ((await t.db.execute(sql`select p.id, p.slug from projects p join organisations o on o.id = p.organisation_id where o.slug = 'niger-avenir' and p.publication = 'published' order by p.slug limit 1`)) as unknown as { rows: { id: string; slug: string }[] }).rows[0]!;
  const visitorPage = await t.app.inject({ method: 'GET', url: `/fr/projects/${published.slug}` });
  assert.ok(visitorPage.body.includes(`href="/iati/activities/${published.id}.xml"`));
  assert.ok(!visitorPage.body.includes('À corriger') && !visitorPage.body.includes('Le projet respecte'), 'a visitor is not shown the check');
  const own = await editor.get(`/fr/projects/${published.slug}`);
  assert.match(own.body, /Le projet respecte le schéma IATI 2\.03|À vérifier|À corriger/);
  const xml = await t.app.inject({ method: 'GET', url: `/iati/activities/${published.id}.xml` });
  assert.equal(xml.statusCode, 200);
});
