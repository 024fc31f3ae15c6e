// The directory through HTTP, on a real database with the demo data.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import sharp from 'sharp';
import { eq, sql } from 'drizzle-orm';
import { auditLog } from '../../kernel/tables.ts';
import { createTestApp, makeUser, multipartBody, signIn, type TestApp } from '../../../tests/support/app.ts';
import { organisations } from './tables.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const names = (html: string) => [...html.matchAll(/<h2><a href="\/\w\w\/organisations\/[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]);

test('the directory lists the demo organisations, each logo linking to its website', async () => {
  const res = await get('/fr/organisations?pageSize=100');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /32 organisations/);
  assert.match(res.body, /<a class="card-logo" href="https:\/\/www.lacimade.org" target="_blank" rel="noopener" aria-label="Site web de La Cimade \(nouvelle fenêtre\)">/);
  assert.ok(names(res.body).includes('Solidarité Cachan Soroma'));
});

test('filters by country, sub-type, theme (with its sub-themes) and "looking for partners"', async () => {
  const mali = names((await get('/fr/organisations?country=ML&pageSize=100')).body);
  assert.ok(mali.includes('Solidarité Cachan Soroma') && mali.includes('La Cimade'));
  assert.ok(!mali.includes('Amitiés Cachan-Vietnam'));
  const students = names((await get('/fr/organisations?subtype=student&pageSize=100')).body);
  assert.deepEqual(students.sort(), ['Bâtisseurs solidaires de l’École des travaux publics', 'ENS Solidarité Sud', 'IUT de Cachan sans frontières'].sort());
  // "education" includes organisations tagged only with an education sub-theme, like IUT (education-books)
  const education = names((await get('/fr/organisations?theme=education&pageSize=100')).body);
  assert.ok(education.includes('IUT de Cachan sans frontières'));
  const partners = names((await get('/fr/organisations?partners=yes&pageSize=100')).body);
  assert.ok(partners.includes('Association Djiguiya de Soroma'));
  assert.ok(!partners.includes('La Cimade'));
});

test('search is accent-insensitive, by name prefix and by description words, in French and English', async () => {
  // Ranked: the name match comes first, then organisations that mention Senegal (French stemming).
  const senegal = names((await get('/fr/organisations?q=senegalais')).body);
  assert.equal(senegal[0], 'Association des Sénégalais de Cachan pour le développement de Podor');
  assert.ok(!senegal.includes('Amitiés Cachan-Vietnam'));
  assert.ok(names((await get('/fr/organisations?q=SOROM')).body).includes('Solidarité Cachan Soroma'));
  assert.ok(names((await get('/fr/organisations?q=maraîchage')).body).includes('GIE des femmes maraîchères de Podor'));
  assert.ok(names((await get('/en/organisations?q=wells')).body).includes('Solidarité Cachan Soroma'));
  assert.match((await get('/fr/organisations?q=zzzzqqq')).body, /Aucune organisation ne correspond/);
});

test('paging keeps the filters', async () => {
  const res = await get('/fr/organisations?country=ML&pageSize=2');
  assert.match(res.body, /href="\/fr\/organisations\?country=ML&amp;page=2"|href="\/fr\/organisations\?country=ML&page=2"/);
  const page2 = await get('/fr/organisations?country=ML&pageSize=2&page=2');
  assert.equal(names(page2.body).length, 2);
});

test('invalid filters on a page are ignored, on the API refused with per-field errors', async () => {
  assert.equal((await get('/fr/organisations?country=XX&page=-3&subtype=nope')).statusCode, 200);
  const api = await get('/api/v1/organisations?country=XX&lang=fr');
  assert.equal(api.statusCode, 400);
  assert.equal(api.json().error.fields.country, 'Choisissez un pays de la liste.');
});

test('an organisation page in both languages, with the language switcher on the same page', async () => {
  const fr = await get('/fr/organisations/la-cimade');
  assert.equal(fr.statusCode, 200);
  assert.match(fr.body, /<h1>La Cimade<\/h1>/);
  assert.match(fr.body, /href="\/en\/organisations\/la-cimade"/);
  const en = await get('/en/organisations/la-cimade');
  assert.match(en.body, /International Solidarities department/);
  assert.match(en.body, /Algeria/);
  assert.equal((await get('/fr/organisations/does-not-exist')).statusCode, 404);
});

test('the JSON API lists, filters and shows organisations with their output shape', async () => {
  const list = await get('/api/v1/organisations?country=NE&pageSize=50');
  assert.equal(list.statusCode, 200);
  const body = list.json();
  assert.ok(body.total >= 3);
  const cimade = body.items.find((o: { slug: string }) => o.slug === 'la-cimade');
  assert.equal(cimade.website, 'https://www.lacimade.org');
  assert.deepEqual(cimade.identifiers, { siret: null, rna: 'W751000265', iati: null });
  const one = await get('/api/v1/organisations/ville-de-cachan-comite-des-relations-internationales-et-du-jumelage-crij');
  assert.equal(one.statusCode, 200);
  assert.equal(one.json().identifiers.iati, 'FR-INSEE-219400165');
  assert.equal((await get('/api/v1/organisations/nope')).statusCode, 404);
  const doc = (await get('/api/openapi.json')).json();
  assert.ok(doc.paths['/api/v1/organisations'].get);
  assert.ok(doc.paths['/api/v1/organisations/{slug}'].get);
});

test('CSV export of the filtered directory: BOM, readable labels, semicolon option', async () => {
  const res = await get('/fr/organisations/export.csv?country=SN&sep=semicolon');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /text\/csv/);
  assert.ok(res.body.startsWith('\ufeffNom;Type d’organisation;'));
  assert.match(res.body, /Association des Sénégalais de Cachan pour le développement de Podor;Association de la diaspora;ONG nationale;Cachan;Sénégal;/);
  const en = await get('/en/organisations/export.csv?country=SN');
  assert.ok(en.body.startsWith('\ufeffName,Type of organisation,'));
});

test('the back-office needs a signed-in administrator; visitors are sent to sign in', async () => {
  const res = await get('/fr/organisations/new');
  assert.equal(res.statusCode, 303);
  assert.equal(res.headers.location, '/fr/sign-in?next=%2Ffr%2Forganisations%2Fnew');
  // Any signed-in user with a confirmed address may list an organisation (they become its administrator).
  const member = await makeUser(t.db);
  const browser = await signIn(t.app, member.email);
  assert.equal((await browser.get('/fr/organisations/new')).statusCode, 200);
});

test('an administrator creates an organisation; invalid input is shown again with what was typed', async () => {
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  const bad = await browser.post('/fr/organisations/new', { nameFr: '', nameEn: '', subtype: 'student', website: 'pas une adresse', siret: '123', rna: 'W75', summaryFr: 'Résumé gardé <b>tel quel</b>', countries: ['ML', 'ZZ'] });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /Le formulaire contient 5 erreurs/);
  assert.match(bad.body, /Indiquez le nom en français ou en anglais/);
  assert.match(bad.body, /Ce SIRET n’est pas valide/);
  assert.match(bad.body, /Résumé gardé &lt;b>tel quel&lt;\/b>/, 'typed text is kept, escaped');
  assert.match(bad.body, /value="pas une adresse"/);
  const badEn = await browser.post('/en/organisations/new', { subtype: 'nope' });
  assert.match(badEn.body, /Give the name in French or in English/);

  const ok = await browser.post('/fr/organisations/new', { nameFr: 'Élan Solidaire Cachan', subtype: 'citizen', website: 'https://elan.example.org', siret: '732 829 320 00074', countries: ['ML', 'SN'], themes: ['water'], lookingForPartners: 'on' });
  assert.equal(ok.statusCode, 303);
  assert.equal(ok.headers.location, '/fr/organisations/elan-solidaire-cachan?notice=organisations.saved');
  const page = await browser.get('/fr/organisations/elan-solidaire-cachan?notice=organisations.saved');
  assert.match(page.body, /Organisation enregistrée/);
  const [row] = await t.db.select().from(organisations).where(eq(organisations.slug, 'elan-solidaire-cachan'));
  assert.equal(row?.siret, '73282932000074');
  assert.ok(row?.logoFileId, 'a logo was generated from the initials');
  const duplicate = await browser.post('/fr/organisations/new', { nameFr: 'Autre', subtype: 'citizen', siret: '73282932000074' });
  assert.equal(duplicate.statusCode, 422);
  assert.match(duplicate.body, /a déjà ce SIRET/);
  const audit = await t.db.select().from(auditLog).where(eq(auditLog.subjectId, row!.id));
  assert.equal(audit[0]?.action, 'organisation.created');
  assert.equal(audit[0]?.actorUserId, admin.id);
});

test('concurrent edits: the second save from a stale form is told, not silently lost', async () => {
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  const [row] = await t.db.select().from(organisations).where(eq(organisations.slug, 'niger-avenir'));
  const fields = { nameFr: 'Niger Avenir', subtype: 'diaspora', version: String(row!.version) };
  assert.equal((await browser.post('/fr/organisations/niger-avenir/edit', { ...fields, city: 'Cachan' })).statusCode, 303);
  const stale = await browser.post('/fr/organisations/niger-avenir/edit', { ...fields, city: 'Arcueil' });
  assert.equal(stale.statusCode, 409);
  assert.match(stale.body, /Quelqu’un a modifié ces données en même temps que vous/);
  assert.match(stale.body, /value="Arcueil"/, 'what was typed is kept');
});

test('logo upload: an image is re-encoded without metadata; SVG and non-images are refused', async () => {
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  const [row] = await t.db.select().from(organisations).where(eq(organisations.slug, 'amis-de-cusco'.replace('amis', 'les-amis')));
  const base = { _csrf: browser.csrf, nameFr: 'Les Amis de Cusco', subtype: 'citizen', version: String(row!.version) };
  const jpeg = await sharp({ create: { width: 900, height: 600, channels: 3, background: '#3366aa' } })
    .jpeg()
    .withMetadata({ exif: { IFD0: { Copyright: 'secret GPS place' } } })
    .toBuffer();
  const post = (file: { name: string; type: string; data: Buffer }, version: string) => {
    const body = multipartBody({ ...base, version }, { logo: file });
    return t.app.inject({ method: 'POST', url: '/fr/organisations/les-amis-de-cusco/edit', headers: { cookie: browser.cookie, 'content-type': body.contentType }, payload: body.payload });
  };
  const ok = await post({ name: 'logo.jpg', type: 'image/jpeg', data: jpeg }, base.version);
  assert.equal(ok.statusCode, 303);
  const [updated] = await t.db.select().from(organisations).where(eq(organisations.id, row!.id));
  const file = await get(`/files/${updated!.logoFileId}`);
  assert.equal(file.headers['content-type'], 'image/webp');
  const meta = await sharp(file.rawPayload).metadata();
  assert.equal(meta.width, 512);
  assert.equal(meta.exif, undefined, 'EXIF stripped');
  const svg = await post({ name: 'logo.png', type: 'image/png', data: Buffer.from('<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>') }, String(updated!.version));
  assert.equal(svg.statusCode, 422);
  assert.match(svg.body, /Les images SVG ne sont pas acceptées/);
  const junk = await post({ name: 'logo.png', type: 'image/png', data: Buffer.from('MZ this is not an image at all') }, String(updated!.version));
  assert.equal(junk.statusCode, 422);
  assert.match(junk.body, /n’est pas une image acceptée/);
});

test('archiving hides an organisation from the public directory and is audited', async () => {
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  assert.equal((await browser.post('/fr/organisations/amities-cachan-vietnam/archive', {})).statusCode, 303);
  assert.equal((await get('/fr/organisations/amities-cachan-vietnam')).statusCode, 404);
  assert.ok(!names((await get('/fr/organisations?country=VN')).body).includes('Amitiés Cachan-Vietnam'));
  assert.equal((await browser.get('/fr/organisations/amities-cachan-vietnam')).statusCode, 200, 'still visible to the administrator');
  const entries = await t.db.select().from(auditLog).where(eq(auditLog.action, 'organisation.archived'));
  assert.equal(entries.length, 1);
  assert.equal((await browser.post('/fr/organisations/amities-cachan-vietnam/restore', {})).statusCode, 303);
  assert.equal((await get('/fr/organisations/amities-cachan-vietnam')).statusCode, 200);
});

test('the audit log is append-only in the database itself', async () => {
  const appendOnly = (err: unknown) => /append-only/.test(String((err as Error).cause ?? err));
  await assert.rejects(t.db.execute(sql`update audit_log set action = 'forged'`), appendOnly);
  await assert.rejects(t.db.execute(sql`delete from audit_log`), appendOnly);
});

test('unsafe requests without the session’s CSRF token, or from another site, are refused', async () => {
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  const noToken = await t.app.inject({ method: 'POST', url: '/fr/organisations/new', headers: { cookie: browser.cookie, 'content-type': 'application/x-www-form-urlencoded' }, payload: 'nameFr=X&subtype=citizen' });
  assert.equal(noToken.statusCode, 403);
  assert.match(noToken.body, /Le formulaire a expiré/);
  const crossSite = await t.app.inject({ method: 'POST', url: '/fr/sign-in', headers: { origin: 'https://evil.example', 'content-type': 'application/x-www-form-urlencoded' }, payload: 'email=a@b.c&password=x' });
  assert.equal(crossSite.statusCode, 403);
});
