// Fuzz (part 2 of 4) of the figures pages' query strings and downloads: no 5xx and no stack trace, whatever is asked.
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute, fuzzRuns } from '../../../tests/support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

test('fuzz: the territory’s CSV downloads', async () => {
  await fuzzRoute(t.app, { method: 'GET', url: '/fr/figures/export.csv', fields: ['table', 'sep'] }, fuzzRuns);
});
