// What every page shares: language routing, health check, error pages that never leak a stack, headers.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../tests/support/app.ts';
import { testDatabaseUrl } from '../tests/support/database.ts';

let t: TestApp;
before(async () => {
  // A route that fails unexpectedly, to see what a visitor would get.
  t = await createTestApp({
    extraRoutes: (app) =>
      app.get('/fr/boom', { config: { page: true } }, async () => {
        throw new Error('secret internal detail');
      }),
  });
});
after(() => t.close());

test('the bare address sends each visitor to their language', async () => {
  const en = await t.app.inject({ url: '/', headers: { 'accept-language': 'en-US,en;q=0.9' } });
  assert.equal(en.statusCode, 302);
  assert.equal(en.headers.location, '/en');
  const fr = await t.app.inject({ url: '/', headers: { 'accept-language': 'de-DE' } });
  assert.equal(fr.headers.location, '/fr');
});

test('the health check reports the database', async () => {
  const res = await t.app.inject({ url: '/healthz' });
  assert.equal(res.statusCode, 200);
  assert.deepEqual(res.json(), { status: 'ok', database: testDatabaseUrl ? 'postgres' : 'pglite' });
});

test('unknown pages get a 404 page in the right language, API calls a JSON error', async () => {
  const fr = await t.app.inject({ url: '/fr/nulle-part' });
  assert.equal(fr.statusCode, 404);
  assert.match(fr.body, /<html lang="fr">/);
  assert.match(fr.body, /Page introuvable/);
  const en = await t.app.inject({ url: '/en/nowhere' });
  assert.match(en.body, /Page not found/);
  const api = await t.app.inject({ url: '/api/v1/nothing', headers: { 'accept-language': 'en' } });
  assert.equal(api.statusCode, 404);
  assert.equal(api.json().error.code, 'not_found');
});

test('an unexpected failure shows an apology, never the error or a stack trace', async () => {
  const res = await t.app.inject({ url: '/fr/boom' });
  assert.equal(res.statusCode, 500);
  assert.match(res.body, /Erreur inattendue/);
  assert.doesNotMatch(res.body, /secret internal detail|at .+:\d+:\d+/);
});

test('pages carry the security headers and set no cookie for visitors', async () => {
  const res = await t.app.inject({ url: '/fr' });
  const csp = String(res.headers['content-security-policy']);
  assert.match(csp, /default-src 'self'/);
  assert.match(csp, /script-src 'self'/);
  assert.doesNotMatch(csp, /unsafe-inline/);
  assert.match(csp, /frame-ancestors 'none'/);
  assert.equal(res.headers['x-content-type-options'], 'nosniff');
  assert.equal(res.headers['referrer-policy'], 'same-origin');
  assert.equal(res.headers['set-cookie'], undefined);
  assert.equal(res.headers['strict-transport-security'], undefined, 'HSTS only when served over HTTPS');
  const https = await createTestApp({ env: { BASE_URL: 'https://solidarite.example.org' } });
  const secure = await https.app.inject({ url: '/fr' });
  assert.match(String(secure.headers['strict-transport-security']), /max-age=31536000/);
  await https.close();
});

test('the language switcher stays on the same page, query included', async () => {
  const res = await t.app.inject({ url: '/fr/organisations?country=ML&notice=organisations.saved' });
  assert.match(res.body, /<a href="\/en\/organisations\?country=ML" hreflang="en" lang="en">English<\/a>/);
  assert.match(res.body, /Organisation enregistrée/);
  const forged = await t.app.inject({ url: '/fr/organisations?notice=<script>' });
  assert.doesNotMatch(forged.body, /<script>/);
});

test('the OpenAPI document and its readable page are served', async () => {
  const doc = await t.app.inject({ url: '/api/openapi.json' });
  assert.equal(doc.json().openapi, '3.0.3');
  const page = await t.app.inject({ url: '/api/docs', headers: { 'accept-language': 'en' } });
  assert.match(page.body, /GET \/api\/v1\/organisations/);
});
