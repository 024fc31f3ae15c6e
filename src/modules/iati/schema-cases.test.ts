// The official IATI schema test cases (../shared/iati/schemas/tests/tests: should-pass and should-fail, for
// activities and organisations) go through the importer: no exception other than a typed IatiParseError ever
// escapes; should-pass files are never refused; what they hold round-trips (parse → write → parse) and, written
// as 2.03, validates with xmllint. Most official cases leave <iati-identifier> empty (they test other
// elements), so each file is also read with the identifier filled in, to exercise everything after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { IatiActivity, IatiOrganisation } from './model.ts';
import { isIatiParseError, parseIati } from './parse.ts';
import { writeActivities, writeOrganisations } from './write.ts';
import { differences, schema203, sharedIati, xmllint } from './testing.ts';

const casesDir = join(sharedIati, 'schemas/tests/tests');

async function xmlFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && e.name.endsWith('.xml'))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

type Outcome =
  | { kind: 'read'; activities: IatiActivity[]; organisations: IatiOrganisation[]; skipped: number }
  | { kind: 'refused'; code: string }
  | { kind: 'crash'; error: string };

async function outcome(text: string): Promise<Outcome> {
  const activities: IatiActivity[] = [];
  const organisations: IatiOrganisation[] = [];
  let skipped = 0;
  try {
    for await (const event of parseIati([Buffer.from(text)])) {
      if (event.kind === 'activity') activities.push(event.activity);
      else if (event.kind === 'organisation') organisations.push(event.organisation);
      else if (event.kind === 'skipped') skipped++;
    }
    return { kind: 'read', activities, organisations, skipped };
  } catch (err) {
    if (isIatiParseError(err)) return { kind: 'refused', code: err.code };
    return { kind: 'crash', error: String((err as Error)?.stack ?? err) };
  }
}

let counter = 0;
const withIdentifiers = (text: string) =>
  text
    .replace(/<iati-identifier\s*\/>|<iati-identifier>\s*<\/iati-identifier>/g, () => `<iati-identifier>CASE-${++counter}</iati-identifier>`)
    .replace(/<organisation-identifier\s*\/>|<organisation-identifier>\s*<\/organisation-identifier>/g, () => `<organisation-identifier>ORG-${++counter}</organisation-identifier>`);

async function text(chunks: AsyncIterable<string>) {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

test('official schema cases: nothing crashes, should-pass is read, and what is read round-trips and validates', async () => {
  const files = await xmlFiles(casesDir);
  assert.ok(files.length > 600, `${files.length} case files`);
  const problems: string[] = [];
  const tally = new Map<string, number>();
  const count = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
  const passActivities: IatiActivity[] = [];
  const passOrganisations: IatiOrganisation[] = [];
  const failActivities: IatiActivity[] = [];
  const failOrganisations: IatiOrganisation[] = [];
  let roundTripped = 0;

  for (const file of files) {
    const name = relative(casesDir, file);
    const shouldPass = /(^|\/)should-pass\//.test(name);
    const registry = name.startsWith('registry-tests/');
    const group = `${registry ? 'registry ' : ''}${shouldPass ? 'should-pass' : 'should-fail'}`;
    const original = await readFile(file, 'utf8');

    const first = await outcome(original);
    if (first.kind === 'crash') problems.push(`${name}: ${first.error}`);
    if (first.kind === 'refused') {
      count(`${group}: refused (${first.code})`);
      // A registry record is not an activity or organisation file: refusing it as such is right.
      if (shouldPass && !(registry && first.code === 'wrong_root')) problems.push(`${name}: should pass, refused ${first.code}`);
      continue;
    }
    if (first.kind === 'read') {
      const records = first.activities.length + first.organisations.length;
      count(`${group}: read${records > 0 ? `, ${records > 1 ? 'records' : 'a record'}` : ''}${first.skipped > 0 ? ', skipped (empty identifier)' : ''}`);
    }

    const filled = await outcome(withIdentifiers(original));
    if (filled.kind === 'crash') problems.push(`${name} (identifier filled): ${filled.error}`);
    if (filled.kind !== 'read') continue;
    if (shouldPass) {
      passActivities.push(...filled.activities);
      passOrganisations.push(...filled.organisations);
    } else {
      failActivities.push(...filled.activities);
      failOrganisations.push(...filled.organisations);
    }
    // parse → write (as is) → parse
    const generatedAt = new Date('2025-01-01T00:00:00Z');
    for (const [records, written] of [
      [filled.activities, await text(writeActivities(filled.activities, { generatedAt, incomplete: 'write' }))],
      [filled.organisations, await text(writeOrganisations(filled.organisations, { generatedAt, incomplete: 'write' }))],
    ] as const) {
      if (records.length === 0) continue;
      const back = await outcome(written);
      if (back.kind !== 'read') {
        problems.push(`${name}: written file not read back (${back.kind})`);
        continue;
      }
      const again = [...back.activities, ...back.organisations];
      records.forEach((record, i) => {
        const diff = differences(record, again[i]);
        if (diff.length > 0) problems.push(`${name}: round trip ${diff.join('; ')}`);
        else roundTripped++;
      });
    }
  }

  // Everything read from should-pass cases, written by the publishing writer, validates in one xmllint run each.
  const skippedByWriter: string[] = [];
  const onSkip = (id: string, ps: { code: string; field: string }[]) =>
    skippedByWriter.push(`${id}: ${ps.map((p) => `${p.field} ${p.code}`).join(', ')}`);
  const generatedAt = new Date('2025-01-01T00:00:00Z');
  const activitiesXml = await text(writeActivities(passActivities, { generatedAt, onSkip }));
  const organisationsXml = await text(writeOrganisations(passOrganisations, { generatedAt, onSkip }));
  const invalid = [
    ...(await xmllint(activitiesXml, schema203.activities)),
    ...(await xmllint(organisationsXml, schema203.organisations)),
  ];

  // Should-fail records are either refused by the writer (a problem reported) or written valid: never invalid.
  let failRefused = 0;
  const failActivitiesXml = await text(writeActivities(failActivities, { generatedAt, onSkip: () => failRefused++ }));
  const failOrganisationsXml = await text(writeOrganisations(failOrganisations, { generatedAt, onSkip: () => failRefused++ }));
  invalid.push(
    ...(await xmllint(failActivitiesXml, schema203.activities)),
    ...(await xmllint(failOrganisationsXml, schema203.organisations)),
  );

  for (const [key, n] of [...tally].sort()) console.log(`${key}: ${n}`);
  console.log(
    `should-fail records (identifier filled in): ${failActivities.length + failOrganisations.length}; ` +
      `refused by the writer with a reported problem: ${failRefused}; written (what was kept is valid): ${
        failActivities.length + failOrganisations.length - failRefused
      }`,
  );
  console.log(
    `${files.length} case files; ${roundTripped} records round-tripped with identifiers filled in; ` +
      `should-pass records written as 2.03: ${passActivities.length + passOrganisations.length - skippedByWriter.length} of ${passActivities.length + passOrganisations.length}, ` +
      `xmllint: ${invalid.length === 0 ? 'valid' : 'INVALID'}`,
  );
  for (const s of skippedByWriter) console.log(`  not written: ${s}`);
  assert.deepEqual(problems, []);
  assert.deepEqual(invalid, []);
  assert.ok(roundTripped > 500);
});
