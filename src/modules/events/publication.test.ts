// Publication pieces through HTTP on the demo data: the event series form, events on organisation pages and on
// the events map, news on project pages, organisations proposed for a project, the home page's map block, and the
// demo's registrations taken as of a fixed day (the same counts whatever the day the tests run).
// Dates: what depends on "today" (upcoming events of an organisation) uses an event created relative to now; what
// reads the demo names its fixed dates (from=2026-11-01), so the tests pass on any day.
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { systemActor, type OrganisationRole } from '../../kernel/actor.ts';
import { addOrganisationMember } from '../organisations/commands.ts';
import { findOrganisationBySlug } from '../organisations/queries.ts';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { createEvent } from './commands.ts';
import { findSeriesBySlug, listAllEvents, registrationCounts } from './queries.ts';
import { instantToZoned } from './time.ts';

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

describe('event series', () => {
  test('an editor creates a series with the form; refusals keep what was typed; its page exists', async () => {
    assert.equal((await get('/fr/events/series/new')).statusCode, 303, 'a visitor is sent to sign in');
    const { browser } = await editorOf('niger-avenir');
    assert.match((await browser.get('/fr/events')).body, /Nouvelle série/);
    assert.equal((await browser.get('/fr/events/series/new')).statusCode, 200);
    const bad = await browser.post('/fr/events/series/new', { titleFr: '', descriptionFr: 'Chaque mai, une quinzaine', website: 'javascript:alert(1)' });
    assert.equal(bad.statusCode, 422);
    assert.match(bad.body, /Chaque mai, une quinzaine/);
    const ok = await browser.post('/fr/events/series/new', { titleFr: 'Quinzaine du commerce équitable', titleEn: 'Fair Trade Fortnight', descriptionFr: 'Chaque mai, une quinzaine de rencontres.', website: 'https://www.commercequitable.org' });
    assert.equal(ok.statusCode, 303);
    assert.match(ok.headers.location as string, /\/fr\/events\/series\/quinzaine-du-commerce-equitable/);
    assert.ok(await findSeriesBySlug(t.db, 'quinzaine-du-commerce-equitable'));
    assert.match(text((await get('/en/events/series/quinzaine-du-commerce-equitable')).body), /Fair Trade Fortnight/);
    assert.match((await browser.get('/fr/events/new')).body, /Quinzaine du commerce équitable/, 'the event form offers the new series');
  });
});

describe('events on organisation pages and on the map', () => {
  test('an organisation’s page lists its upcoming events', async () => {
    const org = (await findOrganisationBySlug(t.db, 'tetraktys'))!;
    const start = new Date(Date.now() + 20 * 86_400_000);
    const created = await createEvent(t.db, systemActor, {
      titleFr: 'Balade solidaire en Chartreuse', titleEn: undefined, descriptionFr: undefined, descriptionEn: undefined,
      startsAt: instantToZoned(start, 'Europe/Paris'), endsAt: instantToZoned(new Date(start.getTime() + 3 * 3_600_000), 'Europe/Paris'), timeZone: 'Europe/Paris',
      placeName: undefined, address: undefined, city: 'Grenoble', latitude: undefined, longitude: undefined, onlineUrl: undefined,
      organiserIds: [org.id], themes: [], capacity: undefined, seriesId: undefined, status: 'published',
    });
    assert.ok(created.ok);
    const page = text((await get('/fr/organisations/tetraktys')).body);
    assert.match(page, /Événements à venir .*Balade solidaire en Chartreuse/);
    assert.doesNotMatch(text((await get('/fr/organisations/niger-avenir')).body), /Balade solidaire/);
  });

  test('the map view draws the located events as links, and lists every event of the period', async () => {
    const res = await get('/fr/events?view=map&from=2026-11-01');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<svg [^>]*class="atlas-map events-map"/);
    assert.match(res.body, /<title id="events-map-title">Carte des événements<\/title>/);
    const rows = await listAllEvents(t.db, systemActor, {}, { from: new Date('2026-11-01T00:00:00Z') });
    const located = rows.filter((r) => r.latitude !== null && r.status !== 'draft');
    assert.equal((res.body.match(/<circle /g) ?? []).length, located.length);
    assert.match(res.body, /<a href="\/fr\/events\/cine-debat-jeunesse-et-engagement-international"><circle/);
    assert.match(text(res.body), /Webinaire : migrations/, 'the online event is in the list under the map');
    assert.match(res.body, /href="\/assets\/atlas.css"/);
  });

  test('the demo’s registrations are taken as of a fixed day: the same counts whatever today is', async () => {
    const rows = await listAllEvents(t.db, systemActor, {}, { from: new Date('2026-11-01T00:00:00Z'), to: new Date('2026-11-30T00:00:00Z') });
    const counts = await registrationCounts(t.db, rows.map((r) => r.id));
    const bySlug = new Map(rows.map((r) => [r.slug, counts.get(r.id)?.confirmed ?? 0]));
    assert.equal(bySlug.get('forum-regional-de-la-solidarite-internationale'), 3, 'the forum of 14 November keeps its registrations');
    assert.equal(bySlug.get('cine-debat-jeunesse-et-engagement-international'), 28);
  });
});

describe('news on project pages and organisations proposed for a project', () => {
  test('the project page lists the news linked to it', async () => {
    const page = text((await get('/fr/projects/fournitures-scolaires-soroma')).body);
    assert.match(page, /Actualités du projet Soroma : la nouvelle école accueille ses premiers élèves/);
    assert.match((await get('/fr/projects/fournitures-scolaires-soroma')).body, /href="\/fr\/news\?project=[0-9a-f-]{36}"/);
  });

  test('the editors of the project’s organisation see organisations proposed for it, with the reasons', async () => {
    assert.equal((await get('/fr/projects/fournitures-scolaires-soroma/matches')).statusCode, 303);
    const other = await editorOf('tetraktys');
    assert.equal((await other.browser.get('/fr/projects/fournitures-scolaires-soroma/matches')).statusCode, 403);
    assert.doesNotMatch((await other.browser.get('/fr/projects/fournitures-scolaires-soroma')).body, /Organisations proposées pour ce projet/);
    const { browser, org } = await editorOf('solidarite-cachan-soroma');
    assert.match((await browser.get('/fr/projects/fournitures-scolaires-soroma')).body, /Organisations proposées pour ce projet/);
    const res = await browser.get('/fr/projects/fournitures-scolaires-soroma/matches');
    assert.equal(res.statusCode, 200);
    const body = text(res.body);
    assert.match(body, /Organisations proposées pour le projet/);
    assert.match(body, /Mali/, 'a reason names a shared country');
    assert.doesNotMatch(res.body, new RegExp(`/organisations/${org.slug}"`), 'never the project’s own organisation');
  });
});

describe('home page', () => {
  test('a compact map shades the countries of the projects, each a link to its list, with the list beside it', async () => {
    const res = await get('/en');
    assert.equal(res.statusCode, 200);
    assert.match(res.body, /<svg [^>]*class="atlas-map home-map"/);
    assert.match(res.body, /<a href="\/en\/projects\?country=ML"><path [^>]*class="shade-[1-5]"><title>Mali: \d+ projects?<\/title>/);
    assert.match(text(res.body), /Mali: \d+ projects?/);
    assert.match(res.body, /href="\/en\/events\?view=map"/);
  });
});
