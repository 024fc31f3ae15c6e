// News and press releases through HTTP, on a real database with the demo data.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { child, childrenNamed, parseXml, xmllint } from '../../../tests/support/xml.ts';
import { systemActor, type Actor } from '../../kernel/actor.ts';
import { auditLog } from '../../kernel/tables.ts';
import { addOrganisationMember } from '../organisations/commands.ts';
import { findOrganisationBySlug } from '../organisations/queries.ts';
import { can, newsActions, type NewsAction } from './policy.ts';
import { newsArticles } from './tables.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const titles = (html: string) => [...html.matchAll(/<h2(?: lang="\w+")?><a href="\/\w\w\/news\/[^"]+">([^<]+)<\/a><\/h2>/g)].map((m) => m[1]!);

async function orgId(slug: string): Promise<string> {
  return (await findOrganisationBySlug(t.db, slug))!.id;
}

test('the news list shows published news newest first, filtered by theme (with sub-themes), country and author', async () => {
  const all = await get('/fr/news?pageSize=100');
  assert.equal(all.statusCode, 200);
  const list = titles(all.body);
  assert.ok(list.length >= 17);
  assert.ok(!list.some((title) => title.startsWith('Brouillon')), 'drafts are not shown to visitors');
  const migrants = titles((await get('/fr/news?theme=migrants')).body);
  assert.deepEqual(migrants.slice(0, 3), [
    'Droits des personnes migrantes : un observatoire des frontières avec nos partenaires africains',
    'Frontexit : la campagne pour le respect des droits aux frontières extérieures de l’Europe',
    'Boats 4 People : observer et secourir en Méditerranée',
  ]);
  // "health" includes articles tagged only with a health sub-theme
  assert.ok(titles((await get('/fr/news?theme=health')).body).includes('Médicaments essentiels : un nouvel envoi pour Hué'));
  assert.deepEqual(titles((await get('/fr/news?country=VN')).body), ['Médicaments essentiels : un nouvel envoi pour Hué']);
  const cimade = titles((await get('/en/news?author=la-cimade')).body);
  assert.equal(cimade.length, 3);
  assert.ok(cimade.includes('Frontexit: the campaign for rights at Europe’s external borders'));
  assert.match((await get('/fr/news?author=nobody-here')).body, /Aucun article ne correspond/);
  // invalid filters are ignored by pages
  assert.equal((await get('/fr/news?theme=nope&country=XX&page=-1')).statusCode, 200);
});

test('paging keeps the filters', async () => {
  const page1 = await get('/fr/news?theme=migrants&pageSize=2');
  assert.match(page1.body, /href="\/fr\/news\?theme=migrants&(amp;)?page=2"/);
  assert.equal(titles((await get('/fr/news?theme=migrants&pageSize=2&page=2')).body).length, 1);
});

test('the list page announces its feeds (autodiscovery) with the same filters', async () => {
  const res = await get('/fr/news?theme=migrants');
  assert.match(res.body, /<link rel="alternate" type="application\/atom\+xml" title="[^"]+" href="\/fr\/news\/feed.atom\?theme=migrants"/);
  assert.match(res.body, /<link rel="alternate" type="application\/rss\+xml" title="[^"]+" href="\/fr\/news\/feed.rss\?theme=migrants"/);
});

test('the Atom feed of a theme is well-formed Atom with every required element', async () => {
  const res = await get('/fr/news/feed.atom?theme=migrants');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-type']), /^application\/atom\+xml/);
  xmllint(res.body);
  const feed = parseXml(res.body);
  assert.equal(feed.name, 'feed');
  assert.equal(feed.attributes.xmlns, 'http://www.w3.org/2005/Atom');
  for (const name of ['id', 'title', 'updated', 'author']) assert.ok(child(feed, name), `feed has <${name}>`);
  assert.ok(childrenNamed(feed, 'link').some((l) => l.attributes.rel === 'self' && l.attributes.href === 'http://localhost:3000/fr/news/feed.atom?theme=migrants'));
  assert.match(child(feed, 'title')!.text, /Droits des personnes migrantes/);
  const entries = childrenNamed(feed, 'entry');
  assert.equal(entries.length, 3);
  for (const entry of entries) {
    for (const name of ['id', 'title', 'updated', 'author', 'link', 'content']) assert.ok(child(entry, name), `entry has <${name}>`);
    assert.match(child(entry, 'id')!.text, /^urn:uuid:[0-9a-f-]{36}$/);
    assert.ok(!Number.isNaN(Date.parse(child(entry, 'updated')!.text)));
    assert.equal(child(child(entry, 'author')!, 'name')!.text, 'La Cimade');
    assert.match(child(entry, 'link')!.attributes.href!, /^http:\/\/localhost:3000\/fr\/news\//);
  }
  // the HTML body travels escaped, and is the safe rendering
  assert.match(child(entries[0]!, 'content')!.text, /<h2>Un réseau d’observation<\/h2>/);
});

test('the RSS feed is well-formed RSS 2.0 and follows the author filter', async () => {
  const res = await get('/en/news/feed.rss?author=la-cimade');
  assert.equal(res.statusCode, 200);
  xmllint(res.body);
  const rss = parseXml(res.body);
  assert.equal(rss.name, 'rss');
  assert.equal(rss.attributes.version, '2.0');
  const channel = child(rss, 'channel')!;
  for (const name of ['title', 'link', 'description']) assert.ok(child(channel, name));
  const items = childrenNamed(channel, 'item');
  assert.equal(items.length, 3);
  for (const item of items) {
    assert.ok(child(item, 'title')!.text);
    assert.ok(!Number.isNaN(Date.parse(child(item, 'pubDate')!.text)));
    assert.equal(child(item, 'guid')!.text, child(item, 'link')!.text);
  }
  assert.equal(child(items[0]!, 'title')!.text, 'Migrants’ rights: a border observatory with our African partners');
});

test('feeds stay well-formed whatever people typed (control characters, markup, lone surrogates)', async () => {
  const admin = await makeUser(t.db, ['platform_admin']);
  const browser = await signIn(t.app, admin.email);
  const nasty = 'Titre <b>&amp; "quotes" \u0001\u0008 \ud800 ]]> fin';
  const res = await browser.post('/fr/news/new', { titleFr: nasty, bodyFr: '<script>alert(1)</script> ]]>', themes: 'peace', status: 'published' });
  assert.equal(res.statusCode, 303);
  for (const url of ['/fr/news/feed.atom?theme=peace', '/fr/news/feed.rss?theme=peace']) {
    const feed = await get(url);
    xmllint(feed.body);
    assert.doesNotMatch(feed.body, /<script>/);
  }
});

test('an article page renders its body safely, with its author linked and its themes', async () => {
  const list = await get('/fr/news?author=la-cimade');
  const slug = /href="\/fr\/news\/(frontexit[^"]*)"/.exec(list.body)![1]!;
  const res = await get(`/fr/news/${slug}`);
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<strong>Frontexit<\/strong>/);
  assert.match(res.body, /<a href="\/fr\/organisations\/la-cimade">La Cimade<\/a>/);
  assert.match(res.body, /<a href="\/fr\/news\?theme=migrants">Droits des personnes migrantes<\/a>/);
  assert.equal((await get('/fr/news/does-not-exist')).statusCode, 404);
});

test('the press room lists the Education Alliance’s founding release with its dateline and press contacts', async () => {
  const press = await get('/fr/press');
  assert.equal(press.statusCode, 200);
  assert.deepEqual(titles(press.body), ['Aide et Action et Solidarité Laïque fondent l’Alliance Éducation']);
  const slug = /href="\/fr\/news\/([^"]+)"/.exec(press.body.slice(press.body.indexOf('class="cards"')))![1]!;
  const page = await get(`/fr/news/${slug}`);
  assert.match(page.body, /Paris, le 1 décembre 2021/);
  assert.match(page.body, /Contacts presse/);
  assert.match(page.body, /<a href="mailto:presse@aide-et-action.example.org">presse@aide-et-action.example.org<\/a>/);
  assert.match(page.body, /<a href="tel:\+33155000001">\+33 1 55 00 00 01<\/a>/);
  assert.match((await get(`/en/news/${slug}`)).body, /Paris, 1 December 2021/);
  xmllint((await get('/fr/press/feed.atom')).body);
});

test('the organisation page links to its news', async () => {
  const res = await get('/fr/organisations/la-cimade');
  assert.match(res.body, /<a href="\/fr\/news\?author=la-cimade">Les actualités de La Cimade<\/a>/);
});

test('CSV export of a filtered list, with formula escaping', async () => {
  const res = await get('/fr/news/export.csv?theme=migrants&sep=semicolon');
  assert.equal(res.statusCode, 200);
  assert.match(String(res.headers['content-disposition']), /attachment; filename="news-fr.csv"/);
  const lines = res.body.replace(/^\ufeff/, '').trim().split('\r\n');
  assert.equal(lines[0], 'Titre;Type;Auteur;Publié le;Thèmes;Pays;Résumé;Adresse');
  assert.equal(lines.length, 4);
});

test('the JSON API lists (with project/campaign filters) and shows articles; OpenAPI describes it', async () => {
  const list = await get('/api/v1/news?theme=migrants&lang=en');
  assert.equal(list.statusCode, 200);
  const body = list.json();
  assert.equal(body.total, 3);
  assert.equal(body.items[0].author.slug, 'la-cimade');
  assert.match(body.items[0].bodyHtml.fr, /^<h2>/);
  const one = await get(`/api/v1/news/${body.items[0].slug}`);
  assert.equal(one.json().id, body.items[0].id);
  assert.equal((await get('/api/v1/news?country=XX')).statusCode, 400);
  assert.equal((await get('/api/v1/news?project=not-a-uuid')).statusCode, 400);
  // linked project / campaign ids are queryable for the other modules
  const projectId = '6f1c1d7e-0000-4000-8000-000000000001';
  const [article] = await t.db.select().from(newsArticles).where(eq(newsArticles.type, 'press_release'));
  await t.db.update(newsArticles).set({ projectIds: [projectId] }).where(eq(newsArticles.id, article!.id));
  const linked = (await get(`/api/v1/news?project=${projectId}`)).json();
  assert.deepEqual(linked.items.map((i: { id: string }) => i.id), [article!.id]);
  const openapi = (await get('/api/openapi.json')).json();
  assert.ok(openapi.paths['/api/v1/news'] && openapi.paths['/api/v1/news/{slug}']);
});

test('an editor writes a draft for their organisation, publishes it, and the publication is audited', async () => {
  const user = await makeUser(t.db);
  const soroma = await orgId('solidarite-cachan-soroma');
  await addOrganisationMember(t.db, systemActor, soroma, user.id, 'editor');
  const browser = await signIn(t.app, user.email);
  const form = await browser.get('/fr/news/new');
  assert.equal(form.statusCode, 200);
  // only their own organisation is offered
  assert.match(form.body, new RegExp(`<option value="${soroma}" selected`));
  const refused = await browser.post('/fr/news/new', { authorOrganisationId: soroma, type: 'press_release', bodyFr: 'x' });
  assert.equal(refused.statusCode, 422);
  assert.match(refused.body, /Donnez un titre/);
  assert.match(refused.body, /Un communiqué de presse indique son lieu et sa date/);
  const created = await browser.post('/fr/news/new', { authorOrganisationId: soroma, titleFr: 'Mission de décembre', bodyFr: '## Bilan\n\nTout va bien.', themes: 'education', status: 'draft' });
  assert.equal(created.statusCode, 303);
  const path = String(created.headers.location).split('?')[0]!;
  assert.equal((await get(path)).statusCode, 404, 'a draft is not public');
  const own = await browser.get(path);
  assert.equal(own.statusCode, 200);
  const edit = await browser.get(`${path}/edit`);
  const version = /name="version" value="(\d+)"/.exec(edit.body)![1]!;
  const published = await browser.post(`${path}/edit`, { version, authorOrganisationId: soroma, titleFr: 'Mission de décembre', bodyFr: 'Tout va bien.', themes: 'education', status: 'published' });
  assert.equal(published.statusCode, 303);
  assert.equal((await get(path)).statusCode, 200);
  const stale = await browser.post(`${path}/edit`, { version, authorOrganisationId: soroma, titleFr: 'Autre', status: 'published' });
  assert.equal(stale.statusCode, 409);
  const audit = await t.db.select().from(auditLog).where(eq(auditLog.action, 'news.published'));
  assert.ok(audit.some((a) => a.organisationId === soroma));
  // writing for another organisation is refused
  const other = await browser.post('/fr/news/new', { authorOrganisationId: await orgId('la-cimade'), titleFr: 'Usurpation', status: 'published' });
  assert.equal(other.statusCode, 422);
  assert.match(other.body, /Vous ne pouvez pas écrire au nom de cette organisation/);
  // a visitor is sent to sign in; a member without a role is refused
  assert.equal((await get('/fr/news/new')).statusCode, 303);
  const plain = await signIn(t.app, (await makeUser(t.db)).email);
  assert.equal((await plain.get('/fr/news/new')).statusCode, 403);
});

test('policy: role × action × state', () => {
  const org = 'org-1';
  const actor = (over: Partial<Actor>): Actor => ({ userId: 'u', displayName: 'u', email: null, platformRoles: new Set(), memberships: new Map(), secondFactorDone: true, ...over });
  const visitor = actor({ userId: null, secondFactorDone: false });
  const admin = actor({ platformRoles: new Set(['platform_admin']) });
  const adminNo2fa = actor({ platformRoles: new Set(['platform_admin']), secondFactorDone: false });
  const editor = actor({ memberships: new Map([[org, 'editor']]) });
  const orgAdmin = actor({ memberships: new Map([[org, 'admin']]) });
  const member = actor({ memberships: new Map([[org, 'member']]) });
  const otherEditor = actor({ memberships: new Map([['org-2', 'editor']]) });
  const editorNo2fa = actor({ memberships: new Map([[org, 'editor']]), secondFactorDone: false });
  const draft = { authorOrganisationId: org, status: 'draft' as const };
  const published = { authorOrganisationId: org, status: 'published' as const };
  const platformNews = { authorOrganisationId: null, status: 'published' as const };
  const rows: [string, Actor, NewsAction, typeof draft | typeof published | typeof platformNews | undefined, boolean][] = [
    ['visitor views published', visitor, 'view', published, true],
    ['visitor views draft', visitor, 'view', draft, false],
    ['member views draft', member, 'view', draft, false],
    ['editor views draft', editor, 'view', draft, true],
    ['other editor views draft', otherEditor, 'view', draft, false],
    ['visitor creates', visitor, 'create', undefined, false],
    ['member creates', member, 'create', undefined, false],
    ['editor creates', editor, 'create', undefined, true],
    ['editor without 2nd factor creates', editorNo2fa, 'create', undefined, false],
    ['admin creates', admin, 'create', undefined, true],
    ['admin without 2nd factor creates', adminNo2fa, 'create', undefined, false],
    ['editor updates own', editor, 'update', published, true],
    ['org admin updates own', orgAdmin, 'update', draft, true],
    ['other editor updates', otherEditor, 'update', published, false],
    ['member updates', member, 'update', published, false],
    ['editor updates platform news', editor, 'update', platformNews, false],
    ['admin updates platform news', admin, 'update', platformNews, true],
    ['editor publishes own', editor, 'publish', draft, true],
    ['visitor publishes', visitor, 'publish', draft, false],
  ];
  for (const [label, who, action, thing, expected] of rows) assert.equal(can(who, action, thing), expected, label);
  assert.equal(can(admin, 'nope' as NewsAction), false, 'unknown actions are denied');
  assert.deepEqual([...newsActions], ['view', 'create', 'update', 'publish']);
});
