// Generated hostile input at every project form and endpoint: never a server error, never a stack trace.
import { after, before, test } from 'node:test';
import { systemActor } from '../../kernel/actor.ts';
import { createTestApp, makeUser, signIn, type Browser, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute, fuzzRuns } from '../../../tests/support/fuzz.ts';
import { addOrganisationMember } from '../organisations/commands.ts';
import { findOrganisationBySlug } from '../organisations/queries.ts';

let t: TestApp;
let editor: Browser;
const runs = fuzzRuns;
before(async () => {
  t = await createTestApp({ withDemo: true });
  const user = await makeUser(t.db);
  const org = (await findOrganisationBySlug(t.db, 'niger-avenir'))!;
  await addOrganisationMember(t.db, systemActor, org.id, user.id, 'editor');
  editor = await signIn(t.app, user.email);
});
after(() => t.close());

const auth = () => ({ cookie: editor.cookie, 'x-csrf-token': editor.csrf });
const filterFields = ['q', 'theme', 'country', 'region', 'status', 'organisation', 'kind', 'funder', 'year', 'needs', 'sort', 'page', 'pageSize', 'zoom', 'cx', 'cy', 'sep'];

test('the project list, map, search, CSV and JSON endpoints take any query', { timeout: 600_000 }, async () => {
  for (const url of ['/fr/projects', '/fr/map', '/fr/search', '/fr/projects/export.csv', '/api/v1/projects', '/api/v1/projects/locations.geojson']) {
    await fuzzRoute(t.app, { method: 'GET', url, fields: filterFields }, Math.ceil(runs / 2));
  }
});

test('the help form takes any input (visitor)', { timeout: 300_000 }, async () => {
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/projects/eau-potable-tahoua/help', fields: ['kind', 'name', 'email', 'message', 'amount', 'consent', 'website'] }, runs);
});

test('the back-office forms take any input (editor)', { timeout: 600_000 }, async () => {
  const mainFields = ['organisationId', 'titleFr', 'titleEn', 'descriptionFr', 'activityStatus', 'plannedStart', 'plannedEnd', 'actualStart', 'actualEnd', 'humanitarian', 'defaultCurrency', 'sdgs', 'version'];
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/projects/new', fields: mainFields, headers: auth() }, Math.ceil(runs / 4));
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/projects/eau-potable-tahoua/edit', fields: mainFields, headers: auth() }, Math.ceil(runs / 4));
  const parts: Record<string, string[]> = {
    countries: ['code', 'percentage'],
    sectors: ['theme', 'code', 'percentage'],
    participants: ['role', 'organisationId', 'name', 'ref'],
    locations: ['name', 'lat', 'lng', 'exactness'],
    budgets: ['type', 'status', 'periodStart', 'periodEnd', 'amount', 'currency'],
    transactions: ['type', 'date', 'amount', 'currency', 'description', 'providerOrganisationId', 'providerName', 'receiverOrganisationId', 'receiverName'],
    results: ['type', 'titleFr', 'indicatorTitleFr', 'measure', 'baselineYear', 'baseline', 'periodStart', 'periodEnd', 'target', 'actual'],
    documents: ['titleFr', 'category', 'url'],
    updates: ['date', 'titleFr', 'bodyFr'],
    needs: ['kind', 'textFr', 'textEn'],
  };
  for (const [part, fields] of Object.entries(parts)) {
    await fuzzRoute(t.app, { method: 'POST', url: `/fr/projects/eau-potable-tahoua/parts/${part}`, fields, headers: auth() }, Math.ceil(runs / 10));
  }
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/projects/eau-potable-tahoua/parts/nope/x/remove', fields: ['a'], headers: auth() }, 50);
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/projects/offers/not-a-uuid/answer', fields: ['text'], headers: auth() }, 50);
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/projects/%00%3Cx%3E', fields: ['lang'] }, 50);
});
