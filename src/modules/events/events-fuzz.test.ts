// Fuzzing of every events form and endpoint (own file: it takes most of a minute).
import { after, before, test } from 'node:test';
import { createTestApp, formBody, type TestApp } from '../../../tests/support/app.ts';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { assertNoServerError, fieldsArbitrary, fuzzRoute, fuzzRuns } from '../../../tests/support/fuzz.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const filters = ['theme', 'organiser', 'series', 'from', 'to', 'view', 'month', 'page', 'pageSize', 'sep'];

test('fuzz: the calendar, its feeds and export, and the API never answer 5xx', async () => {
  for (const url of ['/fr/events', '/en/events/feed.ics', '/fr/events/export.csv']) await fuzzRoute(t.app, { method: 'GET', url, fields: filters }, 150);
  await fuzzRoute(t.app, { method: 'GET', url: '/api/v1/events', fields: filters }, 1000);
});

test('fuzz: the registration form (visitor) and the cancellation endpoints', async () => {
  const list = await t.app.inject({ method: 'GET', url: '/fr/events?organiser=ens-solidarite-sud' });
  const slug = /href="\/fr\/events\/(conference-[^"]+)"/.exec(list.body)![1]!;
  // Each input from another address: the form's rate limit (30 a minute per address) must not answer in its place.
  let n = 0;
  await fc.assert(
    fc.asyncProperty(fieldsArbitrary(['name', 'email']), async (fields) => {
      n++;
      const res = await t.app.inject({ method: 'POST', url: `/fr/events/${slug}/register`, remoteAddress: `10.${(n >> 16) & 255}.${(n >> 8) & 255}.${n & 255}`, headers: { 'content-type': 'application/x-www-form-urlencoded' }, payload: formBody(fields) });
      assert.notEqual(res.statusCode, 429);
      assertNoServerError(res.statusCode, res.body, 'POST register');
    }),
    { numRuns: fuzzRuns },
  );
  await fuzzRoute(t.app, { method: 'POST', url: '/fr/events/registrations/aaaaaaaaaaaaaaaaaaaaaaaa/cancel', fields: ['x'] }, 100);
});
