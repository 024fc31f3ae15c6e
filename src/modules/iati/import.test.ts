// The IATI import into the database (commands.ts importIatiFile), on a real database:
// - round trip over the corpus: each file imported into database A, its projects exported with the exporter's
//   own code (activityOfProject → writeActivities) and that file imported into database B: every project of the
//   file holds the same record in A and B (a projection of every stored column and child row; ids, timestamps,
//   versions and directory ids aside). Full corpus on PostgreSQL (DATABASE_URL); on PGlite a stratified sample
//   of about twelve files (see `sample`), because the whole corpus takes minutes on the embedded database;
// - a re-import updates and never duplicates; organisations are matched (identifier, then normalised name);
// - hostile files are refused with a report entry and nothing written; the official should-fail schema cases are
//   reported, never a crash.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { createTestDatabase, testDatabaseUrl, type TestDatabase } from '../../../tests/support/database.ts';
import type { Db } from '../../db/client.ts';
import { systemActor, visitor } from '../../kernel/actor.ts';
import { createOrganisation } from '../organisations/commands.ts';
import { findProjectByIatiIdentifier } from '../projects/queries.ts';
import { importIatiFile, type ImportFileReport } from './commands.ts';
import { activityOfProject } from './queries.ts';
import { corpusFiles, differences, sharedIati, type CorpusFile } from './testing.ts';
import { writeActivities } from './write.ts';

let a: TestDatabase;
let b: TestDatabase;
before(async () => {
  a = await createTestDatabase();
  b = await createTestDatabase();
});
after(async () => {
  await a?.close();
  await b?.close();
});

const rows = async <T,>(db: Db, query: ReturnType<typeof sql>): Promise<T[]> => ((await db.execute(query)) as unknown as { rows: T[] }).rows;

async function importBytes(db: Db, name: string, bytes: Buffer | string, options: Partial<Parameters<typeof importIatiFile>[3]> = {}): Promise<ImportFileReport> {
  const data = typeof bytes === 'string' ? Buffer.from(bytes) : bytes;
  const r = await importIatiFile(db, systemActor, { name, data: [data] }, { origin: 'script', ...options });
  assert.ok(r.ok, `import of ${name} refused`);
  return r.value;
}

/** Everything stored about projects, by IATI identifier, without what differs between two databases by nature. */
async function projection(db: Db, identifiers: readonly string[]): Promise<Map<string, unknown>> {
  if (identifiers.length === 0) return new Map();
  const child = (table: string, order = 'position') =>
    sql.raw(`(select coalesce(json_agg(to_jsonb(c) - 'id' - 'project_id' - 'provider_organisation_id' - 'receiver_organisation_id' - 'organisation_id' order by c.${order}), '[]') from ${table} c where c.project_id = p.id)`);
  const list = await rows<{ identifier: string; record: Record<string, unknown> }>(
    db,
    sql`select p.iati_identifier as identifier, jsonb_build_object(
      'project', to_jsonb(p) - 'id' - 'organisation_id' - 'version' - 'created_at' - 'updated_at' - 'published_at' - 'search' - 'funder_ids' - 'partner_ids' - 'iati_extra',
      'extra', p.iati_extra - 'lastUpdated',
      'owner', (select jsonb_build_object('iati', o.iati_id, 'fr', o.name_fr, 'en', o.name_en) from organisations o where o.id = p.organisation_id),
      'funders', (select count(*) from unnest(p.funder_ids)),
      'countries', ${child('project_countries')}, 'regions', ${child('project_regions')}, 'sectors', ${child('project_sectors')},
      'participants', ${child('project_participants')}, 'participantOrgs', (select coalesce(json_agg(o.iati_id order by c.position), '[]') from project_participants c left join organisations o on o.id = c.organisation_id where c.project_id = p.id),
      'locations', ${child('project_locations')}, 'budgets', ${child('project_budgets')}, 'transactions', ${child('project_transactions')},
      'results', ${child('project_results')}, 'documents', ${child('project_documents')}) as record
    from projects p where p.iati_identifier = any(${sql.raw(`array[${identifiers.map((i) => `'${i.replace(/'/g, "''")}'`).join(',')}]`)})`,
  );
  return new Map(list.map((r) => [r.identifier, r.record]));
}

async function exportXml(db: Db, identifiers: readonly string[]): Promise<string> {
  async function* activities() {
    for (const id of identifiers) {
      const project = await findProjectByIatiIdentifier(db, id);
      if (project) yield await activityOfProject(db, project);
    }
  }
  let out = '';
  // Records the 2.03 schema would refuse (a required element missing in the source) are written as they are.
  for await (const chunk of writeActivities(activities(), { incomplete: 'write' })) out += chunk;
  return out;
}

/**
 * The files the round trip covers: the whole corpus on PostgreSQL (DATABASE_URL); on PGlite a stratified sample of
 * about twelve files — per source the smallest activity file, the median file of the largest source (1.0x, a few
 * hundred activities), and per source the smallest organisation file — so that CI on the embedded database stays
 * well under a minute for this test.
 */
function sample(files: CorpusFile[]): CorpusFile[] {
  if (testDatabaseUrl) return files;
  const source = (f: CorpusFile) => f.path.split('/')[0]!;
  const groups = (root: string) => {
    const bySource = new Map<string, CorpusFile[]>();
    for (const f of files.filter((x) => x.root === root)) bySource.set(source(f), [...(bySource.get(source(f)) ?? []), f]);
    for (const list of bySource.values()) list.sort((x, y) => x.bytes - y.bytes || x.path.localeCompare(y.path));
    return [...bySource.values()];
  };
  const picked = new Set<CorpusFile>();
  const activityGroups = groups('iati-activities');
  for (const list of activityGroups) picked.add(list[0]!);
  const largest = activityGroups.sort((x, y) => y.length - x.length)[0];
  if (largest) picked.add(largest[Math.floor(largest.length / 2)]!);
  for (const list of groups('iati-organisations')) picked.add(list[0]!);
  return files.filter((f) => picked.has(f));
}

test('corpus round trip through the database: import → export → import gives the same records', { timeout: 900_000 }, async () => {
  const all = await corpusFiles();
  const files = sample(all);
  let activities = 0;
  let organisations = 0;
  const refusedFiles: string[] = [];
  const diffs: string[] = [];
  const t0 = performance.now();
  const time = { importA: 0, export: 0, importB: 0, compare: 0 };
  let mark = performance.now();
  const lap = (k: keyof typeof time) => {
    const now = performance.now();
    time[k] += (now - mark) / 1000;
    mark = now;
  };
  for (const file of files) {
    mark = performance.now();
    const first = await importBytes(a.database.db, file.path, await readFile(file.absolute));
    lap('importA');
    if (!first.readable) refusedFiles.push(`${file.path} (${first.error?.code})`);
    const identifiers = [...new Set(first.entries.filter((e) => e.record === 'activity' && e.outcome !== 'skipped').map((e) => e.identifier!))];
    organisations += first.entries.filter((e) => e.record === 'organisation').length;
    assert.ok(!first.truncated);
    if (identifiers.length === 0) continue;
    activities += identifiers.length;
    const xml = await exportXml(a.database.db, identifiers);
    lap('export');
    const second = await importBytes(b.database.db, `${file.path}.export.xml`, xml);
    lap('importB');
    assert.ok(second.readable, `${file.path}: the export is readable`);
    assert.equal(second.counts.skipped, 0, `${file.path}: nothing skipped on re-import`);
    const [pa, pb] = await Promise.all([projection(a.database.db, identifiers), projection(b.database.db, identifiers)]);
    for (const id of identifiers) {
      const d = differences(pa.get(id), pb.get(id));
      if (d.length) diffs.push(`${file.path} ${id}: ${d.slice(0, 3).join('; ')}`);
    }
    lap('compare');
  }
  const [counts] = await rows<{ p: number; o: number }>(a.database.db, sql`select (select count(*) from projects)::int p, (select count(*) from organisations)::int o`);
  console.log(
    `round trip (${files.length === all.length ? 'whole corpus' : `stratified sample on PGlite: ${files.length} of ${all.length} files`}): ${files.length} files (${refusedFiles.length} refused as unreadable), ${activities} activities compared, ${organisations} organisation records, ${diffs.length} differences; database A holds ${counts!.p} projects and ${counts!.o} directory entries; ${((performance.now() - t0) / 1000).toFixed(1)} s (${Object.entries(time).map(([k, v]) => `${k} ${v.toFixed(1)} s`).join(', ')})`,
  );
  for (const d of diffs.slice(0, 20)) console.log(`  ${d}`);
  console.log(`  refused: ${refusedFiles.join(', ')}`);
  assert.equal(diffs.length, 0);
});

const sampleFile = (identifier = 'XM-TEST-1', reporting = '<reporting-org ref="XM-TEST" type="22"><narrative xml:lang="fr">Association Test</narrative></reporting-org>', extra = '') => `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03">
 <iati-activity default-currency="EUR" xml:lang="fr">
  <iati-identifier>${identifier}</iati-identifier>
  ${reporting}
  <title><narrative>Puits à Kayes</narrative></title>
  <description type="1"><narrative>Deux puits.</narrative></description>
  <participating-org role="1" ref="FR-RNA-W000000001"><narrative>Conseil départemental</narrative></participating-org>
  <participating-org role="4"><narrative>SOLIDARITÉ Soroma-Cachan ASBL</narrative></participating-org>
  <activity-status code="2"/>
  <activity-date type="1" iso-date="2024-01-01"/>
  <recipient-country code="ML"/>
  <sector vocabulary="1" code="14030"/>
  <transaction><transaction-type code="3"/><transaction-date iso-date="2024-02-01"/><value value-date="2024-02-01">1500.50</value></transaction>
  ${extra}
 </iati-activity>
</iati-activities>`;

test('a re-import updates by identifier: nothing doubled, the same records, every run recorded', async () => {
  const { database, close } = await createTestDatabase();
  try {
    const db = database.db;
    const bytes = await readFile(join(sharedIati, 'corpus/dhsc-govuk/docs/dhsc-activities-ghs.xml'));
    const first = await importBytes(db, 'dhsc.xml', bytes);
    const ids = [...new Set(first.entries.filter((e) => e.outcome !== 'skipped').map((e) => e.identifier!))];
    const before = await projection(db, ids);
    const [c1] = await rows<{ p: number; t: number; s: string; o: number }>(db, sql`select (select count(*) from projects)::int p, (select count(*) from project_transactions)::int t, (select coalesce(sum(amount), 0)::text from project_transactions) s, (select count(*) from organisations)::int o`);
    const second = await importBytes(db, 'dhsc.xml', bytes);
    assert.equal(second.counts.imported, 0);
    assert.equal(second.counts.updated, first.counts.imported + first.counts.updated);
    const [c2] = await rows<typeof c1>(db, sql`select (select count(*) from projects)::int p, (select count(*) from project_transactions)::int t, (select coalesce(sum(amount), 0)::text from project_transactions) s, (select count(*) from organisations)::int o`);
    assert.deepEqual(c2, c1, 'same counts and sums after the second run');
    assert.deepEqual(differences(before, await projection(db, ids)), []);
    const runs = await rows<{ status: string; imported: number; updated: number; file_name: string }>(db, sql`select status, imported, updated, file_name from iati_import_runs order by started_at`);
    assert.deepEqual(runs.map((r) => [r.status, r.imported, r.updated]), [['done', first.counts.imported, first.counts.updated], ['done', 0, second.counts.updated]]);
    const [audit] = await rows<{ n: number }>(db, sql`select count(*)::int n from audit_log where action = 'iati.imported'`);
    assert.equal(audit!.n, 2);
    console.log(`re-import: ${c1!.p} projects, ${c1!.t} transactions, sum ${c1!.s} cents, twice; ${first.counts.imported} imported then ${second.counts.updated} updated`);
  } finally {
    await close();
  }
});

test('organisations are matched by identifier then by normalised name, never duplicated; codes are kept', async () => {
  const { database, close } = await createTestDatabase();
  try {
    const db = database.db;
    const base = { subtype: 'ngo' as const, country: 'FR', countries: [], themes: [], lookingForPartners: false, contactPublic: false };
    const cd = await createOrganisation(db, systemActor, { ...base, nameFr: 'Conseil départemental', iatiId: 'FR-RNA-W000000001' } as never, { logo: { generate: false } });
    const soroma = await createOrganisation(db, systemActor, { ...base, nameFr: 'Solidarité Soroma Cachan' } as never, { logo: { generate: false } });
    const reporting = await createOrganisation(db, systemActor, { ...base, nameFr: 'Association test' } as never, { logo: { generate: false } });
    assert.ok(cd.ok && soroma.ok && reporting.ok);
    const [n0] = await rows<{ n: number }>(db, sql`select count(*)::int n from organisations`);
    // The reporting organisation has a ref the directory does not know, but its name matches (case, accents).
    const r1 = await importBytes(db, 'one.xml', sampleFile('XM-TEST-1', undefined, '<sector vocabulary="99" code="LOCAL-7"/><default-aid-type code="ZZZ"/>'));
    // A second activity of an organisation named differently only by punctuation and legal form.
    const r2 = await importBytes(db, 'two.xml', sampleFile('XM-TEST-2', '<reporting-org type="22"><narrative>ASSOCIATION-TEST SARL</narrative></reporting-org>'));
    // A reporting organisation unknown to the directory: added once, even when named by three activities.
    const unknown = '<reporting-org ref="XM-NEW-1" type="21"><narrative>Nouvelle ONG</narrative></reporting-org>';
    const r3 = await importBytes(db, 'three.xml', sampleFile('XM-TEST-3', unknown).replace('</iati-activities>', sampleFile('XM-TEST-4', unknown).split('<iati-activities version="2.03">')[1]!));
    const r4 = await importBytes(db, 'four.xml', sampleFile('XM-TEST-5', '<reporting-org type="21"><narrative>nouvelle ong</narrative></reporting-org>'));
    assert.deepEqual([r1.counts.organisationsCreated, r2.counts.organisationsCreated, r3.counts.organisationsCreated, r4.counts.organisationsCreated], [0, 0, 1, 0]);
    const [n1] = await rows<{ n: number }>(db, sql`select count(*)::int n from organisations`);
    assert.equal(n1!.n, n0!.n + 1, 'one directory entry added, no duplicate');
    const owners = await rows<{ iati_identifier: string; name: string }>(db, sql`select p.iati_identifier, o.name_fr as name from projects p join organisations o on o.id = p.organisation_id order by 1`);
    assert.deepEqual(owners.map((o) => o.name), ['Association test', 'Association test', 'Nouvelle ONG', 'Nouvelle ONG', 'Nouvelle ONG']);
    const parts = await rows<{ role: string; organisation_id: string | null; name: string | null }>(db, sql`select pp.role, pp.organisation_id, pp.name from project_participants pp join projects p on p.id = pp.project_id where p.iati_identifier = 'XM-TEST-1' order by pp.position`);
    assert.equal(parts[0]!.organisation_id, cd.ok ? cd.value.id : '', 'participant matched by IATI identifier');
    assert.equal(parts[1]!.organisation_id, soroma.ok ? soroma.value.id : '', 'participant matched by normalised name');
    assert.equal(parts[1]!.name, 'SOLIDARITÉ Soroma-Cachan ASBL', 'the name as published is kept');
    // Unknown codes are kept as codes.
    const [p1] = await rows<{ vocabulary: string; code: string; extra: Record<string, unknown> }>(db, sql`select s.vocabulary, s.code, p.iati_extra as extra from project_sectors s join projects p on p.id = s.project_id where p.iati_identifier = 'XM-TEST-1' and s.vocabulary = '99'`);
    assert.equal(p1!.code, 'LOCAL-7');
    assert.deepEqual(p1!.extra.defaultAidTypes, [{ code: 'ZZZ' }]);
    // A member of an organisation imports into it: another organisation's project is left alone.
    const member = { ...visitor, userId: '00000000-0000-4000-8000-000000000001', secondFactorDone: true, memberships: new Map([[soroma.ok ? soroma.value.id : '', 'editor' as const]]) };
    const mine = await importIatiFile(db, member, { name: 'mine.xml', data: [Buffer.from(sampleFile('XM-TEST-1'))] }, { origin: 'upload', organisationId: soroma.ok ? soroma.value.id : '' });
    assert.ok(mine.ok);
    assert.equal(mine.value.counts.skipped, 1);
    assert.equal(mine.value.entries[0]!.reason, 'iati.import.skip.foreign');
    const other = await importIatiFile(db, member, { name: 'x.xml', data: [Buffer.from(sampleFile())] }, { origin: 'upload', organisationId: cd.ok ? cd.value.id : '' });
    assert.ok(!other.ok && other.error.code === 'forbidden', 'a member may not import into an organisation they do not edit');
    const anyone = await importIatiFile(db, member, { name: 'x.xml', data: [Buffer.from(sampleFile())] }, { origin: 'upload' });
    assert.ok(!anyone.ok && anyone.error.code === 'forbidden', 'only platform administrators import without an organisation');
  } finally {
    await close();
  }
});

test('hostile and unreadable files are refused with a report entry, nothing written, memory flat', async () => {
  const { database, close } = await createTestDatabase();
  try {
    const db = database.db;
    const bomb = `<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]><iati-activities version="2.03"><iati-activity><iati-identifier>&lol2;</iati-identifier></iati-activity></iati-activities>`;
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><iati-activities version="2.03"><iati-activity><iati-identifier>&xxe;</iati-identifier></iati-activity></iati-activities>`;
    const cases: [string, string | Buffer, string][] = [
      ['bomb.xml', bomb, 'doctype_forbidden'],
      ['xxe.xml', xxe, 'doctype_forbidden'],
      ['not-xml.xml', '%PDF-1.4 not xml at all', 'not_xml'],
      ['wrong-root.xml', '<?xml version="1.0"?><html><body>hello</body></html>', 'wrong_root'],
      ['empty.xml', '', 'empty'],
      ['truncated.xml', sampleFile().slice(0, 300), 'malformed'],
    ];
    for (const [name, bytes, code] of cases) {
      const r = await importBytes(db, name, bytes);
      assert.equal(r.readable, false, name);
      assert.equal(r.error?.code, code, name);
    }
    // 64 MB of garbage, streamed: refused early, memory flat.
    const rss0 = process.memoryUsage.rss();
    const garbage = Buffer.alloc(1 << 20, 'A');
    async function* stream() {
      yield Buffer.from('<?xml version="1.0"?><iati-activities version="2.03"><iati-activity><iati-identifier>');
      for (let i = 0; i < 64; i++) yield garbage;
    }
    const g = await importIatiFile(db, systemActor, { name: 'garbage.xml', data: stream() }, { origin: 'script' });
    assert.ok(g.ok && !g.value.readable && g.value.error?.code === 'text_too_large');
    assert.ok(process.memoryUsage.rss() - rss0 < 100e6, 'memory stays flat');
    const [n] = await rows<{ p: number; runs: number; refused: number }>(db, sql`select (select count(*) from projects)::int p, (select count(*) from iati_import_runs)::int runs, (select count(*) from iati_import_runs where status = 'refused')::int refused`);
    assert.deepEqual(n, { p: 0, runs: cases.length + 1, refused: cases.length + 1 });
  } finally {
    await close();
  }
});

test('official should-fail schema cases are reported, never a crash; should-pass cases are readable', async () => {
  const { database, close } = await createTestDatabase();
  try {
    const dir = join(sharedIati, 'schemas/tests/tests');
    const files = (await readdir(dir, { recursive: true, withFileTypes: true })).filter((e) => e.isFile() && e.name.endsWith('.xml')).map((e) => join(e.parentPath, e.name));
    const tally = { files: 0, shouldFail: 0, shouldPass: 0, refused: 0, imported: 0, skipped: 0 };
    for (const file of files) {
      const r = await importBytes(database.db, file, await readFile(file));
      tally.files++;
      if (file.includes('registry-tests')) continue; // registry records, not IATI files
      if (file.includes('should-fail')) tally.shouldFail++;
      else {
        tally.shouldPass++;
        assert.ok(r.readable, `${file} is readable`);
      }
      if (!r.readable) tally.refused++;
      tally.imported += r.counts.imported + r.counts.updated;
      tally.skipped += r.counts.skipped;
    }
    console.log(`schema cases through import: ${tally.files} files (${tally.shouldPass} should-pass, ${tally.shouldFail} should-fail), ${tally.refused} refused, ${tally.imported} records imported or updated, ${tally.skipped} skipped with a reason, 0 crashes`);
    assert.ok(tally.files > 50);
  } finally {
    await close();
  }
});
