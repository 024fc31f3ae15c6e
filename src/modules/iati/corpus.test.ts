// The whole corpus of real IATI files (../shared/iati/corpus, see MANIFEST.csv): every file is read without an
// exception escaping (a refused file gives a typed IatiParseError); every record read is written as 2.03 and read
// back to the same model (parse → write → parse); and every file written validates against the official 2.03
// schema with xmllint. Records the 2.03 schema cannot take as they are (a required element missing in the
// source) are left out of the validated file by the writer, and counted with their reasons.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createReadStream } from 'node:fs';
import type { IatiActivity, IatiOrganisation } from './model.ts';
import { isIatiParseError, parseIati, type IatiParseEvent } from './parse.ts';
import { writeActivities, writeOrganisations } from './write.ts';
import { corpusFiles, differences, mapLimit, schema203, wellFormed, xmllint, type CorpusFile } from './testing.ts';

async function collect(chunks: AsyncIterable<string>): Promise<string> {
  let out = '';
  for await (const chunk of chunks) out += chunk;
  return out;
}

async function read(input: AsyncIterable<Uint8Array | string> | Iterable<string>) {
  const activities: IatiActivity[] = [];
  const organisations: IatiOrganisation[] = [];
  const skipped: Extract<IatiParseEvent, { kind: 'skipped' }>[] = [];
  let root: string | undefined;
  for await (const event of parseIati(input)) {
    if (event.kind === 'start') root = event.root;
    else if (event.kind === 'activity') activities.push(event.activity);
    else if (event.kind === 'organisation') organisations.push(event.organisation);
    else skipped.push(event);
  }
  return { root, activities, organisations, skipped };
}

interface FileReport {
  file: CorpusFile;
  refused?: string;
  refusedCode?: string;
  records: number;
  skipped: number;
  written: number;
  blocked: Map<string, number>;
  differences: string[];
  invalid: string[];
  unexpected?: string;
}

async function roundTrip(file: CorpusFile): Promise<FileReport> {
  const report: FileReport = { file, records: 0, skipped: 0, written: 0, blocked: new Map(), differences: [], invalid: [] };
  let first: Awaited<ReturnType<typeof read>>;
  try {
    first = await read(createReadStream(file.absolute));
  } catch (err) {
    if (isIatiParseError(err)) {
      report.refused = `${err.code} at ${err.line}:${err.column}`;
      report.refusedCode = err.code;
    }
    else report.unexpected = String((err as Error)?.stack ?? err);
    return report;
  }
  report.skipped = first.skipped.length;
  const isOrg = first.root === 'iati-organisations';
  const records: (IatiActivity | IatiOrganisation)[] = isOrg ? first.organisations : first.activities;
  report.records = records.length;
  let blockedCount = 0;
  const countBlocked = (_id: string, problems: { code: string }[]) => {
    blockedCount++;
    for (const code of new Set(problems.map((p) => p.code))) report.blocked.set(code, (report.blocked.get(code) ?? 0) + 1);
  };
  const generatedAt = new Date('2025-01-01T00:00:00Z');
  // 1. Faithful: write every record as it is, read it back, compare.
  const everything = isOrg
    ? await collect(writeOrganisations(first.organisations, { generatedAt, incomplete: 'write' }))
    : await collect(writeActivities(first.activities, { generatedAt, incomplete: 'write' }));
  const second = await read([everything]);
  const back: (IatiActivity | IatiOrganisation)[] = isOrg ? second.organisations : second.activities;
  if (back.length !== records.length) report.differences.push(`${records.length} records written, ${back.length} read back`);
  records.forEach((record, i) => {
    const diff = differences(record, back[i]);
    if (diff.length > 0) report.differences.push(`${record.identifier}: ${diff.join('; ')}`);
  });
  // 2. Valid: what the writer publishes passes the official schema.
  const published = isOrg
    ? await collect(writeOrganisations(first.organisations, { generatedAt, onSkip: countBlocked }))
    : await collect(writeActivities(first.activities, { generatedAt, onSkip: countBlocked }));
  report.written = records.length - blockedCount;
  if (report.written > 0) {
    report.invalid = (await xmllint(published, isOrg ? schema203.organisations : schema203.activities)).slice(0, 5);
  }
  return report;
}

test('every corpus file: parse → write 2.03 → parse gives the same records, and the written file validates', async () => {
  const files = await corpusFiles();
  assert.ok(files.length > 100, 'the corpus manifest lists the files');
  const reports = await mapLimit(files, 2, roundTrip);

  const problems: string[] = [];
  const blockedTotal = new Map<string, number>();
  let activities = 0;
  let organisations = 0;
  let written = 0;
  let skipped = 0;
  let refused = 0;
  let diffs = 0;
  console.log('file | IATI version | records read | skipped | written (valid 2.03) | differences | xmllint');
  for (const r of reports) {
    const f = r.file;
    if (r.unexpected) problems.push(`${f.path}: unexpected exception ${r.unexpected}`);
    if (r.refused) {
      refused++;
      console.log(`${f.path} | ${f.version || '-'} | refused: ${r.refused}`);
      continue;
    }
    if (f.root === 'iati-organisations') organisations += r.records;
    else activities += r.records;
    written += r.written;
    skipped += r.skipped;
    diffs += r.differences.length;
    for (const [code, n] of r.blocked) blockedTotal.set(code, (blockedTotal.get(code) ?? 0) + n);
    const expected = f.root === 'iati-organisations' ? f.organisations : f.activities;
    if (r.records + r.skipped !== expected) problems.push(`${f.path}: ${r.records}+${r.skipped} records, manifest says ${expected}`);
    if (r.differences.length > 0) problems.push(`${f.path}: ${r.differences.slice(0, 3).join(' | ')}`);
    if (r.invalid.length > 0) problems.push(`${f.path}: written file invalid: ${r.invalid.join(' | ')}`);
    console.log(
      `${f.path} | ${f.version || '-'} | ${r.records} | ${r.skipped} | ${r.written} | ${r.differences.length} | ${
        r.written === 0 ? 'nothing to validate' : r.invalid.length === 0 ? 'valid' : 'INVALID'
      }`,
    );
  }
  console.log(
    `corpus: ${files.length} files, ${files.length - refused} read, ${refused} refused with a typed error; ` +
      `${activities} activities and ${organisations} organisations read, ${skipped} skipped (no identifier, or out of place); ` +
      `${diffs} round-trip differences; ${written} records written as valid 2.03`,
  );
  console.log(
    `not publishable as they stand (a 2.03-required element missing in the source): ${activities + organisations - written}: ` +
      [...blockedTotal].sort((a, b) => b[1] - a[1]).map(([code, n]) => `${code} ${n}`).join(', '),
  );
  // Only files that are not IATI documents, or not well-formed XML (as xmllint confirms), are refused.
  for (const r of reports.filter((x) => x.refused)) {
    const iatiRoot = r.file.root === 'iati-activities' || r.file.root === 'iati-organisations';
    if (iatiRoot && (r.refusedCode !== 'malformed' || (await wellFormed(r.file.absolute)))) {
      problems.push(`${r.file.path}: an IATI file refused (${r.refused}) although xmllint finds it well-formed`);
    }
  }
  assert.deepEqual(problems, []);
  assert.ok(activities > 6000, `${activities} activities read`);
  assert.equal(diffs, 0);
});
