// Fuzz of the cooperation API's query strings (alliances, networks, campaigns): never a 5xx nor a stack trace.
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from './support/app.ts';
import { fuzzRoute } from './support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

test('fuzz: every cooperation endpoint', async () => {
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/alliances', fields: ['country', 'member', 'lang'] });
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/alliances.csv', fields: ['country', 'member', 'sep'] });
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/alliances/alliance-education', fields: ['lang'] });
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/networks/resacoop', fields: ['status', 'lang'] });
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/networks/resacoop/members.csv', fields: ['status', 'sep'] });
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/campaigns', fields: ['status', 'theme', 'country'] });
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/campaigns.csv', fields: ['status', 'theme', 'country', 'sep'] });
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/campaigns/frontexit', fields: ['lang'] });
});
