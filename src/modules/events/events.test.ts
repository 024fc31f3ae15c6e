// Events through HTTP and through their commands, on a real database with the demo data
// (PGlite by default; PostgreSQL when DATABASE_URL is set).
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { and, eq, like } from 'drizzle-orm';
import { createTestApp, makeUser, signIn, type TestApp } from '../../../tests/support/app.ts';
import { events as icsEvents, parseIcs, prop } from '../../../tests/support/ics.ts';
import { systemActor, visitor, type Actor } from '../../kernel/actor.ts';
import { createCatalogue } from '../../kernel/i18n.ts';
import { mailOutbox } from '../../kernel/tables.ts';
import { addOrganisationMember } from '../organisations/commands.ts';
import { findOrganisationBySlug } from '../organisations/queries.ts';
import { cancelRegistration, createEvent, eraseRegistration, registerForEvent, updateEvent, type MailContext } from './commands.ts';
import { escapeText, foldLine, icsCalendar } from './ical.ts';
import { eventMessages } from './messages.ts';
import { findEventById } from './queries.ts';
import { can, type EventAction, type EventRef } from './policy.ts';
import type { EventInput } from './schema.ts';
import { eventRegistrations } from './tables.ts';
import { formValues } from './present.ts';
import { eventInputSchema } from './schema.ts';
import { instantToZoned, zonedToInstant } from './time.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });
const mail: MailContext = { catalogue: createCatalogue([eventMessages]), baseUrl: 'http://localhost:3000', siteName: 'Passerelle' };
const orgId = async (slug: string) => (await findOrganisationBySlug(t.db, slug))!.id;

const future = (days: number) => instantToZoned(new Date(Date.now() + days * 86_400_000), 'Europe/Paris');
async function newEvent(capacity: number | undefined, over: Partial<EventInput> = {}): Promise<{ id: string; slug: string }> {
  const input: EventInput = {
    titleFr: `Réunion test ${Math.random().toString(36).slice(2, 8)}`,
    titleEn: undefined,
    descriptionFr: 'Ordre du jour : **tout**.',
    descriptionEn: undefined,
    startsAt: future(10),
    endsAt: future(10.1),
    timeZone: 'Europe/Paris',
    placeName: 'Salle des fêtes',
    address: '1 place de la Mairie',
    city: 'Cachan',
    latitude: 48.79,
    longitude: 2.33,
    onlineUrl: undefined,
    organiserIds: [await orgId('solidarite-cachan-soroma')],
    themes: ['education'],
    capacity,
    seriesId: undefined,
    status: 'published',
    ...over,
  };
  const created = await createEvent(t.db, systemActor, input);
  assert.ok(created.ok, JSON.stringify(!created.ok && created.error));
  return created.value;
}

const statuses = async (eventId: string) => {
  const rows = await t.db.select().from(eventRegistrations).where(eq(eventRegistrations.eventId, eventId));
  return { confirmed: rows.filter((r) => r.status === 'confirmed').length, waiting: rows.filter((r) => r.status === 'waiting').length, rows };
};

test('time zones: wall-clock times in a zone round-trip, across daylight saving', () => {
  assert.equal(zonedToInstant('2026-11-26T19:00', 'Europe/Paris')!.toISOString(), '2026-11-26T18:00:00.000Z');
  assert.equal(zonedToInstant('2026-07-01T19:00', 'Europe/Paris')!.toISOString(), '2026-07-01T17:00:00.000Z');
  assert.equal(zonedToInstant('2026-11-26T19:00', 'America/Lima')!.toISOString(), '2026-11-27T00:00:00.000Z');
  assert.equal(instantToZoned(new Date('2026-11-26T18:00:00Z'), 'Europe/Paris'), '2026-11-26T19:00');
  assert.equal(zonedToInstant('2026-02-30T10:00', 'Europe/Paris'), null);
});

test('iCalendar writer: escaping, folding at 75 octets without cutting a character, CRLF', () => {
  assert.equal(escapeText('a,b;c\\d\ne'), 'a\\,b\\;c\\\\d\\ne');
  const long = `DESCRIPTION:${'é'.repeat(100)}`;
  const folded = foldLine(long);
  for (const line of folded.split('\r\n')) assert.ok(Buffer.byteLength(line) <= 75);
  assert.equal(folded.replace(/\r\n /g, ''), long);
  const cal = parseIcs(icsCalendar('Test, agenda', [{ uid: 'x@h', title: 'Réunion ; débat, échanges', description: 'ligne 1\nligne 2 '.repeat(20), start: new Date('2026-11-26T18:00:00Z'), end: new Date('2026-11-26T21:00:00Z'), updated: new Date(), location: 'Grenoble' }]));
  const [ev] = icsEvents(cal);
  assert.equal(prop(ev!, 'SUMMARY'), 'Réunion ; débat, échanges');
  assert.equal(prop(ev!, 'DTSTART'), '20261126T180000Z');
});

test('the calendar lists upcoming events by date, filtered by theme, organiser, series and period', async () => {
  const res = await get('/fr/events?from=2026-11-01');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /Forum régional de la solidarité internationale/);
  assert.match(res.body, /Ciné-débat : jeunesse et engagement international/);
  assert.ok(res.body.indexOf('Forum régional') < res.body.indexOf('Ciné-débat'), 'date order');
  const grenoble = (await get('/fr/events?from=2026-11-01&organiser=tetraktys')).body;
  assert.match(grenoble, /Ciné-débat/);
  assert.doesNotMatch(grenoble, /Forum régional/);
  const fairTrade = (await get('/fr/events?from=2026-11-01&theme=fair-trade')).body;
  assert.match(fairTrade, /Marché du commerce équitable/);
  assert.doesNotMatch(fairTrade, /Ciné-débat/);
  const december = (await get('/fr/events?from=2026-12-01&to=2026-12-31')).body;
  assert.match(december, /Repas solidaire sénégalais/);
  assert.doesNotMatch(december, /Grande collecte de livres/);
  const series = (await get('/fr/events?from=2026-11-01&series=semaine-de-la-solidarite-internationale')).body;
  assert.match(series, /5 événements/);
  // the nearly full event shows its seats
  assert.match(res.body, /Plus que 2 places|2 places restantes/);
});

test('the month view is an accessible table with a caption and weekday headers', async () => {
  const res = await get('/en/events?view=month&month=2026-11');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<table class="data month-grid"><caption>Events of November 2026<\/caption>/);
  assert.equal((res.body.match(/<th scope="col"><abbr title="\w+day">/g) ?? []).length, 7);
  // 26 November 2026 is a Thursday: the film evening is in that cell
  assert.match(res.body, /<span class="day-number">26<\/span><ul><li><a href="\/en\/events\/cine-debat[^"]*"><span>19:00 <\/span><span>Film and debate/);
  assert.match(res.body, /rel="next" href="\/en\/events\?view=month&amp;month=2026-12"|rel="next" href="\/en\/events\?view=month&month=2026-12"/);
});

test('the series has its own page and feed', async () => {
  const res = await get('/fr/events/series/semaine-de-la-solidarite-internationale');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<h1>Semaine de la solidarité internationale<\/h1>/);
  assert.match(res.body, /Soirée Cachan–Soroma/);
  const feed = await get('/en/events/series/semaine-de-la-solidarite-internationale/feed.ics');
  assert.match(String(feed.headers['content-type']), /^text\/calendar/);
  const cal = parseIcs(feed.body);
  assert.equal(icsEvents(cal).length, 5);
  assert.ok(icsEvents(cal).some((e) => prop(e, 'SUMMARY') === 'Cachan–Soroma evening: twenty years of friendship'));
});

test('an event page: when, where, map link, organisers, add-to-calendar .ics that parses', async () => {
  const list = await get('/fr/events?from=2026-11-01&organiser=tetraktys');
  const slug = /href="\/fr\/events\/(cine-debat[^"]*)"/.exec(list.body)![1]!;
  const page = await get(`/fr/events/${slug}`);
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /jeudi 26 novembre 2026, 19:00–22:00/);
  assert.match(page.body, /Maison de l’International, 1 rue Hector Berlioz, Grenoble/);
  assert.match(page.body, /openstreetmap.org\/\?mlat=45.1885&amp;mlon=5.7245|openstreetmap.org\/\?mlat=45.1885&mlon=5.7245/);
  assert.match(page.body, /<a href="\/fr\/events\/[^"]+\/event.ics" download="[^"]+.ics" type="text\/calendar">Ajouter à mon agenda \(.ics\)<\/a>/);
  const ics = await get(`/fr/events/${slug}/event.ics`);
  assert.match(String(ics.headers['content-disposition']), /attachment; filename="cine-debat[^"]*.ics"/);
  const [ev] = icsEvents(parseIcs(ics.body));
  assert.equal(prop(ev!, 'DTSTART'), '20261126T180000Z');
  assert.equal(prop(ev!, 'DTEND'), '20261126T210000Z');
  assert.equal(prop(ev!, 'GEO'), '45.188500;5.724500');
  assert.match(prop(ev!, 'UID')!, /@localhost:3000$/);
  assert.equal(prop(ev!, 'LOCATION'), 'Maison de l’International, 1 rue Hector Berlioz, Grenoble');
  const filtered = parseIcs((await get('/fr/events/feed.ics?theme=migrants')).body);
  assert.ok(icsEvents(filtered).every((e) => /migrations/i.test(prop(e, 'SUMMARY')!)));
});

test('registration through the page: confirmation mail with a cancellation link; duplicates and bad input refused', async () => {
  const { slug } = await newEvent(5);
  const email = `visiteur.${Date.now()}@example.org`;
  const post = (fields: Record<string, string>) =>
    t.app.inject({ method: 'POST', url: `/fr/events/${slug}/register`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: new URLSearchParams(fields).toString() });
  const bad = await post({ name: '', email: 'pas-un-courriel' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /class="error-summary"/);
  assert.match(bad.body, /value="pas-un-courriel"/);
  const ok = await post({ name: 'Awa Diop', email });
  assert.equal(ok.statusCode, 303);
  assert.match(String(ok.headers.location), /notice=events.registered_confirmed/);
  const [sent] = await t.db.select().from(mailOutbox).where(eq(mailOutbox.to, email));
  assert.equal(sent!.kind, 'event.confirmed');
  assert.match(sent!.subject, /^Inscription confirmée : Réunion test/);
  const cancelUrl = /http:\/\/localhost:3000(\/fr\/events\/registrations\/[A-Za-z0-9_-]+)/.exec(sent!.text)![1]!;
  assert.match(sent!.text, /\/fr\/events\/[^/]+\/event.ics/);
  const again = await post({ name: 'Awa Diop', email: email.toUpperCase() });
  assert.equal(again.statusCode, 422);
  assert.match(again.body, /déjà inscrite/);
  const mine = await get(cancelUrl);
  assert.equal(mine.statusCode, 200);
  assert.match(mine.body, /Inscription de Awa Diop : confirmée/);
  const cancelled = await t.app.inject({ method: 'POST', url: `${cancelUrl}/cancel` });
  assert.equal(cancelled.statusCode, 303);
  assert.match((await get(cancelUrl)).body, /annulée/);
  assert.equal((await get('/fr/events/registrations/not-a-real-token-at-all')).statusCode, 404);
});

test('50 people register at once for 10 seats: exactly 10 confirmed, 40 on the waiting list in order', async () => {
  const { id } = await newEvent(10);
  const results = await Promise.all(
    Array.from({ length: 50 }, (_, i) => registerForEvent(t.db, visitor, id, { name: `Personne ${i}`, email: `race.${i}.${id.slice(0, 8)}@example.org` }, 'fr', mail)),
  );
  assert.ok(results.every((r) => r.ok));
  assert.equal(results.filter((r) => r.ok && r.value.status === 'confirmed').length, 10);
  const { confirmed, waiting } = await statuses(id);
  assert.equal(confirmed, 10);
  assert.equal(waiting, 40);
  const mails = await t.db.select().from(mailOutbox).where(like(mailOutbox.to, `race.%.${id.slice(0, 8)}@example.org`));
  assert.equal(mails.filter((m) => m.kind === 'event.confirmed').length, 10);
  assert.equal(mails.filter((m) => m.kind === 'event.waiting').length, 40);
});

test('the same e-mail posted twice at once registers once', async () => {
  const { id } = await newEvent(10);
  const results = await Promise.all(Array.from({ length: 5 }, () => registerForEvent(t.db, visitor, id, { name: 'Double', email: `double.${id.slice(0, 8)}@example.org` }, 'fr', mail)));
  assert.equal(results.filter((r) => r.ok).length, 1);
  assert.equal((await statuses(id)).rows.length, 1);
});

test('a cancellation gives the seat to the first person waiting, who is mailed; erasure removes the data', async () => {
  const { id } = await newEvent(2);
  const reg = async (name: string) => {
    const r = await registerForEvent(t.db, visitor, id, { name, email: `${name.toLowerCase()}.${id.slice(0, 8)}@example.org` }, 'en', mail);
    assert.ok(r.ok);
    return r.value;
  };
  const a = await reg('Alice');
  await reg('Bruno');
  const c = await reg('Chloe');
  const d = await reg('Diane');
  assert.equal(c.status, 'waiting');
  assert.ok((await cancelRegistration(t.db, a.token, mail)).ok);
  let now = await statuses(id);
  assert.deepEqual(now.rows.filter((r) => r.status === 'confirmed').map((r) => r.name).sort(), ['Bruno', 'Chloe']);
  const [promotedMail] = await t.db.select().from(mailOutbox).where(and(eq(mailOutbox.to, `chloe.${id.slice(0, 8)}@example.org`), eq(mailOutbox.kind, 'event.promoted')));
  assert.match(promotedMail!.subject, /^A seat is free: /);
  assert.match(promotedMail!.text, /\/en\/events\/registrations\//);
  // Diane erases her waiting registration with her link: her name and e-mail are gone
  assert.ok((await eraseRegistration(t.db, visitor, { token: d.token }, mail)).ok);
  now = await statuses(id);
  assert.ok(!now.rows.some((r) => r.name === 'Diane' || r.email.startsWith('diane.')));
  // an organiser erases Bruno (confirmed): nobody is waiting any more, so nobody is promoted
  const editor = await makeUser(t.db);
  await addOrganisationMember(t.db, systemActor, await orgId('solidarite-cachan-soroma'), editor.id, 'editor');
  const browser = await signIn(t.app, editor.email);
  const bruno = now.rows.find((r) => r.name === 'Bruno')!;
  const ev = await findEventById(t.db, id);
  const list = await browser.get(`/fr/events/${ev!.slug}/registrations`);
  assert.equal(list.statusCode, 200);
  assert.match(list.body, /Bruno/);
  const erased = await browser.post(`/fr/events/${ev!.slug}/registrations/${bruno.id}/erase`, {});
  assert.equal(erased.statusCode, 303);
  assert.ok(!(await statuses(id)).rows.some((r) => r.name === 'Bruno'));
  // someone else may not see or erase registrations
  const stranger = await signIn(t.app, (await makeUser(t.db)).email);
  assert.equal((await stranger.get(`/fr/events/${ev!.slug}/registrations`)).statusCode, 403);
  assert.equal((await get(`/fr/events/${ev!.slug}/registrations`)).statusCode, 303);
});

test('raising the capacity moves the waiting list up, in order of arrival', async () => {
  const { id } = await newEvent(1);
  for (const name of ['Un', 'Deux', 'Trois', 'Quatre']) {
    assert.ok((await registerForEvent(t.db, visitor, id, { name, email: `${name.toLowerCase()}.${id.slice(0, 8)}@example.org` }, 'fr', mail)).ok);
  }
  const row = (await findEventById(t.db, id))!;
  const input = eventInputSchema.parse({ ...formValues(row), capacity: '3' });
  assert.ok((await updateEvent(t.db, systemActor, id, row.version, input, mail)).ok);
  const now = await statuses(id);
  assert.deepEqual(now.rows.filter((r) => r.status === 'confirmed').map((r) => r.name).sort(), ['Deux', 'Trois', 'Un']);
  assert.deepEqual(now.rows.filter((r) => r.status === 'waiting').map((r) => r.name), ['Quatre']);
  const promoted = await t.db.select().from(mailOutbox).where(and(like(mailOutbox.to, `%.${id.slice(0, 8)}@example.org`), eq(mailOutbox.kind, 'event.promoted')));
  assert.equal(promoted.length, 2);
});

test('registration is closed for events that ended, are cancelled or take none', async () => {
  const past = await newEvent(10, { startsAt: future(-3), endsAt: future(-2.9) });
  const r = await registerForEvent(t.db, visitor, past.id, { name: 'Tard', email: 'tard@example.org' }, 'fr', mail);
  assert.ok(!r.ok && r.error.code === 'conflict');
  const open = await newEvent(undefined);
  assert.match((await get(`/fr/events/${open.slug}`)).body, /Entrée libre, sans inscription/);
  const res = await t.app.inject({ method: 'POST', url: `/fr/events/${open.slug}/register`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: 'name=A&email=a%40example.org' });
  assert.equal(res.statusCode, 409);
});

test('an editor announces an event for their organisation; the form re-displays what was typed', async () => {
  const user = await makeUser(t.db);
  const podor = await orgId('association-des-senegalais-de-cachan-pour-le-developpement-de-podor');
  await addOrganisationMember(t.db, systemActor, podor, user.id, 'editor');
  const browser = await signIn(t.app, user.email);
  const form = await browser.get('/fr/events/new');
  assert.equal(form.statusCode, 200);
  const bad = await browser.post('/fr/events/new', { titleFr: 'Fête', startsAt: '2027-03-10T18:00', endsAt: '2027-03-10T17:00', organiserIds: podor, latitude: '95' });
  assert.equal(bad.statusCode, 422);
  assert.match(bad.body, /La fin doit venir après le début/);
  assert.match(bad.body, /Indiquez une adresse, une ville ou un lien en ligne/);
  assert.match(bad.body, /value="Fête"/);
  const ok = await browser.post('/fr/events/new', { titleFr: 'Fête de Podor', startsAt: '2027-03-10T18:00', endsAt: '2027-03-10T22:00', timeZone: 'Europe/Paris', city: 'Cachan', organiserIds: podor, capacity: '40', status: 'published' });
  assert.equal(ok.statusCode, 303);
  const path = String(ok.headers.location).split('?')[0]!;
  assert.match((await get(path)).body, /mercredi 10 mars 2027, 18:00–22:00/);
  const foreign = await browser.post('/fr/events/new', { titleFr: 'Usurpation', startsAt: '2027-03-10T18:00', endsAt: '2027-03-10T22:00', city: 'Lyon', organiserIds: await orgId('la-cimade') });
  assert.equal(foreign.statusCode, 422);
  assert.match(foreign.body, /Vous devez faire partie d’au moins un des organisateurs/);
});

test('CSV export and JSON API of the calendar; OpenAPI describes them', async () => {
  const csv = await get('/fr/events/export.csv?from=2026-11-01&series=semaine-de-la-solidarite-internationale');
  assert.equal(csv.statusCode, 200);
  const lines = csv.body.replace(/^\ufeff/, '').trim().split('\r\n');
  assert.equal(lines.length, 6);
  assert.match(lines[0]!, /^Titre,Début,Fin,Fuseau horaire/);
  const api = await get('/api/v1/events?series=semaine-de-la-solidarite-internationale&lang=en');
  assert.equal(api.statusCode, 200);
  const body = api.json();
  assert.equal(body.total, 5);
  const cine = body.items.find((e: { slug: string }) => e.slug.startsWith('cine-debat'));
  assert.equal(cine.seatsLeft, 2);
  assert.equal(cine.timeZone, 'Europe/Paris');
  assert.equal(cine.series.title, 'International Solidarity Week');
  assert.equal((await get(`/api/v1/events/${cine.slug}`)).json().id, cine.id);
  assert.equal((await get('/api/v1/events?from=yesterday')).statusCode, 400);
  const openapi = (await get('/api/openapi.json')).json();
  assert.ok(openapi.paths['/api/v1/events'] && openapi.paths['/api/v1/events/{slug}']);
});

test('policy: role × action × state', () => {
  const org = 'org-1';
  const actor = (over: Partial<Actor>): Actor => ({ userId: 'u', displayName: 'u', email: null, platformRoles: new Set(), memberships: new Map(), secondFactorDone: true, ...over });
  const anon = actor({ userId: null, secondFactorDone: false });
  const admin = actor({ platformRoles: new Set(['platform_admin']) });
  const editor = actor({ memberships: new Map([[org, 'editor']]) });
  const member = actor({ memberships: new Map([[org, 'member']]) });
  const other = actor({ memberships: new Map([['org-2', 'admin']]) });
  const noTwoFactor = actor({ memberships: new Map([[org, 'admin']]), secondFactorDone: false });
  const now = new Date('2026-11-23T12:00:00Z');
  const ev = (over: Partial<EventRef>): EventRef => ({ organiserIds: [org], status: 'published', capacity: 10, endsAt: new Date('2026-12-01T00:00:00Z'), ...over });
  const rows: [string, Actor, EventAction, EventRef | undefined, boolean][] = [
    ['visitor views published', anon, 'view', ev({}), true],
    ['visitor views cancelled', anon, 'view', ev({ status: 'cancelled' }), true],
    ['visitor views draft', anon, 'view', ev({ status: 'draft' }), false],
    ['member views draft', member, 'view', ev({ status: 'draft' }), false],
    ['editor views draft', editor, 'view', ev({ status: 'draft' }), true],
    ['visitor creates', anon, 'create', undefined, false],
    ['member creates', member, 'create', undefined, false],
    ['editor creates', editor, 'create', undefined, true],
    ['admin creates', admin, 'create', undefined, true],
    ['editor updates', editor, 'update', ev({}), true],
    ['other org updates', other, 'update', ev({}), false],
    ['org admin without 2nd factor updates', noTwoFactor, 'update', ev({}), false],
    ['admin updates', admin, 'update', ev({}), true],
    ['editor manages registrations', editor, 'manage_registrations', ev({}), true],
    ['member manages registrations', member, 'manage_registrations', ev({}), false],
    ['visitor registers (open)', anon, 'register', ev({}), true],
    ['visitor registers (ended)', anon, 'register', ev({ endsAt: new Date('2026-11-01T00:00:00Z') }), false],
    ['visitor registers (cancelled)', anon, 'register', ev({ status: 'cancelled' }), false],
    ['visitor registers (draft)', anon, 'register', ev({ status: 'draft' }), false],
    ['visitor registers (no registration)', anon, 'register', ev({ capacity: null }), false],
  ];
  for (const [label, who, action, thing, expected] of rows) assert.equal(can(who, action, thing, now), expected, label);
  assert.equal(can(admin, 'delete' as EventAction, ev({})), false, 'unknown actions are denied');
});
