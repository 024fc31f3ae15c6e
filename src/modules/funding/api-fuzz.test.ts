// Fuzz of the funding open-data lists (calls, awards, JSON and CSV): ≥ 1,000 generated query strings each,
// no 5xx and no stack trace. The other endpoints are fuzzed in api.test.ts.
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

test('fuzz: calls and awards lists, JSON and CSV', async () => {
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/calls', fields: ['status', 'funder', 'theme', 'country', 'page', 'pageSize', 'lang'] });
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/calls.csv', fields: ['status', 'funder', 'page', 'pageSize', 'sep'] });
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/awards', fields: ['funder', 'year', 'page', 'pageSize'] });
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/awards.csv', fields: ['funder', 'year', 'sep'] });
});
