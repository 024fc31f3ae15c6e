// Throws generated input at a route and asserts the answer is never a server error nor a stack trace.
// QUALITY.md: ≥ 1,000 inputs per endpoint in the suite (FUZZ_RUNS raises it for `npm run fuzz`).
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FastifyInstance } from 'fastify';
import { formBody } from './app.ts';

export const fuzzRuns = Number(process.env.FUZZ_RUNS ?? 1000);

/**
 * Strings people and attackers type: unicode, control characters, NUL, markup, SQL, path traversal, long runs.
 * Built once and shared: an arbitrary is immutable, and a new one per call rebuilt fast-check's table of every
 * code point for the binary and grapheme strings (a tenth of the fuzz suite's CPU time).
 */
export const hostileString = (): fc.Arbitrary<string> => (sharedHostileString ??= buildHostileString());
let sharedHostileString: fc.Arbitrary<string> | undefined;

const buildHostileString = (): fc.Arbitrary<string> =>
  fc.oneof(
    fc.string({ maxLength: 40 }),
    fc.string({ unit: 'grapheme', maxLength: 40 }),
    fc.string({ unit: 'binary', maxLength: 40 }),
    fc.constantFrom(
      '',
      ' ',
      '\u0000',
      'a\u0000b',
      '<script>alert(1)</script>',
      '"><img src=x onerror=alert(1)>',
      "' or 1=1 --",
      '%00',
      '../../etc/passwd',
      '..\\..\\windows',
      '=cmd|calc!A1',
      '\ud800',
      'é'.repeat(300),
      'x'.repeat(100_000),
      '9'.repeat(40),
      '-1',
      '0',
      'NaN',
      'null',
      '{}',
      '[]',
      'W751234567',
      'FR-RNA-W751234567',
      '12345678901234',
      'https://example.org',
      'javascript:alert(1)',
      'ML',
      'education',
    ),
  );

export function fieldsArbitrary(names: readonly string[]): fc.Arbitrary<Record<string, string | string[]>> {
  const value = fc.oneof(hostileString(), fc.array(hostileString(), { maxLength: 4 }));
  return fc.dictionary(fc.oneof(fc.constantFrom(...names), fc.string({ maxLength: 12 })), value, { maxKeys: names.length + 3 });
}

export function assertNoServerError(status: number, body: string, label: string): void {
  assert.ok(status < 500, `${label} answered ${status}: ${body.slice(0, 300)}`);
  assert.ok(!/\n\s+at .+\(.+:\d+:\d+\)/.test(body), `${label} leaked a stack trace`);
}

/** Fuzzes a form (urlencoded) or a query string. `headers` carry a session cookie when the form needs one. */
export async function fuzzRoute(
  app: FastifyInstance,
  route: { method: 'GET' | 'POST'; url: string; fields: readonly string[]; headers?: Record<string, string>; extra?: Record<string, string> },
  runs = fuzzRuns,
): Promise<{ statuses: Map<number, number> }> {
  const statuses = new Map<number, number>();
  await fc.assert(
    fc.asyncProperty(fieldsArbitrary(route.fields), async (fields) => {
      const all = { ...fields, ...route.extra };
      const res =
        route.method === 'GET'
          ? await app.inject({ method: 'GET', url: `${route.url}?${formBody(all)}`, headers: route.headers })
          : await app.inject({ method: 'POST', url: route.url, headers: { 'content-type': 'application/x-www-form-urlencoded', ...route.headers }, payload: formBody(all) });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      assertNoServerError(res.statusCode, res.body, `${route.method} ${route.url}`);
    }),
    { numRuns: runs },
  );
  return { statuses };
}
