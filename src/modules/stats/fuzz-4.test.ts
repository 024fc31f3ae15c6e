// Fuzz (part 4 of 4) of the figures pages' query strings and downloads: no 5xx and no stack trace, whatever is asked.
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { fuzzRoute, fuzzRuns } from '../../../tests/support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const funderSlug = async () => ((await t.db.execute(sql`select distinct o.slug from organisations o join funding_envelopes e on e.funder_id = o.id order by o.slug`)) as unknown as { rows: { slug: string }[] }).rows[0]!.slug;

test('fuzz: a funder’s CSV downloads and leaflet', async () => {
  const slug = await funderSlug();
  await fuzzRoute(t.app, { method: 'GET', url: `/en/funders/${slug}/figures/export.csv`, fields: ['table', 'sep'] }, fuzzRuns);
  await fuzzRoute(t.app, { method: 'GET', url: `/fr/funders/${slug}/leaflet.pdf`, fields: ['lang'] }, fuzzRuns);
});
