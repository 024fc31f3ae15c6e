// Generated input against every account form and endpoint: never a 5xx, never a stack trace.
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import { createTestApp, makeUser, signIn, type Browser, type TestApp } from '../../../tests/support/app.ts';
import { assertNoServerError, fuzzRuns, hostileString } from '../../../tests/support/fuzz.ts';

let t: TestApp;
let user: Browser;
before(async () => {
  t = await createTestApp({ withDemo: false });
  user = await signIn(t.app, (await makeUser(t.db)).email);
});
after(() => t.close());

test('PATCH /api/v1/me takes any JSON body', async () => {
  const page = await user.post('/fr/account/tokens', { name: 'fuzz', scope: 'write' });
  const token = /<code>(psr_[\w-]+)<\/code>/.exec(page.body)![1]!;
  const body = fc.oneof(
    fc.dictionary(fc.oneof(fc.constant('displayName'), fc.string({ maxLength: 8 })), fc.oneof(hostileString(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(hostileString(), { maxLength: 3 }))),
    hostileString(),
    fc.jsonValue(),
  );
  await fc.assert(
    fc.asyncProperty(body, async (payload) => {
      const res = await t.app.inject({ method: 'PATCH', url: '/api/v1/me', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: typeof payload === 'string' ? payload : JSON.stringify(payload) });
      assertNoServerError(res.statusCode, res.body, 'PATCH /api/v1/me');
    }),
    { numRuns: fuzzRuns },
  );
  await fc.assert(
    fc.asyncProperty(hostileString(), async (bearer) => {
      const res = await t.app.inject({ method: 'GET', url: '/api/v1/me', headers: { authorization: `Bearer psr_${bearer.replace(/[^\x21-\x7e]/g, '')}` } });
      assertNoServerError(res.statusCode, res.body, 'GET /api/v1/me');
    }),
    { numRuns: fuzzRuns },
  );
});
