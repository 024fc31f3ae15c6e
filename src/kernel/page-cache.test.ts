// The visitors' page cache: a public page is rendered once and served again within the delay; a signed-in
// person, a token, an error, a cookie-setting answer and a non-page URL are never served from it; a write through
// this process empties it; it expires by itself.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createTestApp, makeUser, signIn } from '../../tests/support/app.ts';

test('visitors’ pages are cached for a few seconds, never what is personal, and a write empties the cache', async () => {
  const t = await createTestApp({ withDemo: true, env: { PAGE_CACHE_SECONDS: '1' } });
  try {
    const get = (url: string, headers: Record<string, string> = {}) => t.app.inject({ method: 'GET', url, headers });

    const first = await get('/fr/organisations');
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['x-page-cache'], undefined, 'rendered the first time');
    const second = await get('/fr/organisations');
    assert.equal(second.headers['x-page-cache'], 'hit');
    assert.equal(second.body, first.body, 'the same page');
    for (const name of ['content-type', 'content-security-policy', 'x-content-type-options', 'referrer-policy']) {
      assert.equal(second.headers[name], first.headers[name], `${name} served again`);
    }
    assert.notEqual(second.headers['content-length'], undefined);

    // A query string is another page.
    assert.equal((await get('/fr/organisations?country=ML')).headers['x-page-cache'], undefined);

    // Never for a signed-in person, nor for what is not a page.
    const user = await makeUser(t.db);
    const browser = await signIn(t.app, user.email, user.password);
    const signedIn = await browser.get('/fr/organisations');
    assert.equal(signedIn.statusCode, 200);
    assert.equal(signedIn.headers['x-page-cache'], undefined, 'a session is never served a cached page');
    assert.ok(signedIn.body !== first.body, 'the signed-in page is their own');
    await get('/api/v1/organisations');
    assert.equal((await get('/api/v1/organisations')).headers['x-page-cache'], undefined, 'API answers are not cached');
    await get('/fr/nowhere');
    assert.equal((await get('/fr/nowhere')).headers['x-page-cache'], undefined, 'a 404 is not cached');

    // A write handled by this process empties the cache (signing in above did; here a refused one: any unsafe
    // method does).
    await get('/fr/organisations');
    assert.equal((await get('/fr/organisations')).headers['x-page-cache'], 'hit');
    await t.app.inject({ method: 'POST', url: '/fr/sign-in', payload: 'email=x%40example.org&password=nope', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    assert.equal(t.app.pageCache.size(), 0);
    assert.equal((await get('/fr/organisations')).headers['x-page-cache'], undefined);

    // It expires by itself.
    assert.equal((await get('/fr/organisations')).headers['x-page-cache'], 'hit');
    await new Promise((resolve) => setTimeout(resolve, 1100));
    assert.equal((await get('/fr/organisations')).headers['x-page-cache'], undefined, 'rendered again after the delay');
  } finally {
    await t.close();
  }
});

test('the cache is off unless configured in tests, and PAGE_CACHE_SECONDS=0 turns it off', async () => {
  const t = await createTestApp({ env: { PAGE_CACHE_SECONDS: '0' } });
  try {
    await t.app.inject({ method: 'GET', url: '/fr' });
    assert.equal((await t.app.inject({ method: 'GET', url: '/fr' })).headers['x-page-cache'], undefined);
    assert.equal(t.app.pageCache.size(), 0);
  } finally {
    await t.close();
  }
});
