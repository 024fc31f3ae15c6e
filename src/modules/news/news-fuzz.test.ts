// Fuzzing of every news form and endpoint (own file: it takes most of a minute).
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute } from '../../../tests/support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

test('fuzz: the list, the feeds, the export and the API never answer 5xx', async () => {
  const filters = ['theme', 'country', 'author', 'type', 'project', 'campaign', 'page', 'pageSize', 'sep'];
  for (const url of ['/fr/news', '/fr/press', '/fr/news/feed.atom', '/en/news/feed.rss', '/fr/news/export.csv', '/api/v1/news']) {
    await fuzzRoute(t.app, { method: 'GET', url, fields: filters }, url.startsWith('/api/') ? 1000 : 150);
  }
});
