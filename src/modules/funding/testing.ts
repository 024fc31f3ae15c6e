// Test support for the funding module (used by its fuzz-*.test.ts files only): a demo app per test file, a demo
// account's session as the fuzzer's headers and CSRF field, an application's id by its title.
import { after, before } from 'node:test';
import { eq } from 'drizzle-orm';
import { createTestApp, signIn, type TestApp } from '../../../tests/support/app.ts';
import { DEMO_PASSWORD } from './seed.ts';
import { applications } from './tables.ts';

/** Registers the file's before/after hooks; `app` and `db` are read once the app is built (inside the tests). */
export function demoFundingApp() {
  let built: TestApp | undefined;
  before(async () => {
    built = await createTestApp({ withDemo: true });
  });
  after(() => built?.close());
  const ready = () => {
    if (!built) throw new Error('the demo app is built in before(): use it inside a test');
    return built;
  };
  return {
    get app() {
      return ready().app;
    },
    get db() {
      return ready().db;
    },
    async session(email: string) {
      const b = await signIn(ready().app, email, DEMO_PASSWORD);
      return { headers: { cookie: b.cookie }, extra: { _csrf: b.csrf } };
    },
    async appId(title: string) {
      return (await ready().db.select({ id: applications.id }).from(applications).where(eq(applications.title, title)))[0]!.id;
    },
  };
}
