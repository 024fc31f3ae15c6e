// bench:scale — the public reads at the scale of the whole IATI corpus, on PostgreSQL.
//  1. Shapes: every activity of ../shared/iati/corpus is parsed (src/modules/iati/parse.ts) and mapped
//     (fromIatiActivity) into a "shape": its countries and shares, sectors and themes, regions, participants,
//     budgets, transactions, locations, dates, status and texts (real lengths).
//  2. Load: SCALE_N synthetic activities (default 1,000,000) into a recreated database `passerelle_bench_scale`,
//     each one a real shape chosen by a hash of its number, with two title words drawn from the corpus'
//     vocabulary, published by one of N/500 synthetic organisations (skewed: the largest publishes ~2 % of all),
//     60 % with a directory funder, 5 % drafts. Multi-row `insert … select … from generate_series` in chunks of
//     50,000 (the facet-count triggers run per chunk), secondary indexes dropped during the load and rebuilt after.
//  3. Measure p50/p95 of what a visitor does, through the real routes (`app.inject`, rendering included) and
//     through the queries: faceted search (3 facets + text), facet counts, a project page, an organisation page
//     with its projects, the key-figures page, and a streamed IATI export of 10,000 activities.
// A benchmark, not a test: it prints figures against QUALITY.md's targets and asserts nothing.
//   SCALE_N=200000                 size of the corpus (default 1,000,000)
//   SCALE_URL=postgres://postgres@127.0.0.1:5432/postgres   the server (a database beside `postgres`)
//   SCALE_REUSE=1                  measure the database loaded by a previous run (no reload)
import { createReadStream } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { openDatabase, type Db } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/demo.ts';
import { visitor } from '../src/kernel/actor.ts';
import { fromIatiActivity } from '../src/modules/iati/map.ts';
import { parseIati } from '../src/modules/iati/parse.ts';
import { filteredActivities } from '../src/modules/iati/queries.ts';
import { corpusFiles, sharedIati } from '../src/modules/iati/testing.ts';
import { writeActivities } from '../src/modules/iati/write.ts';
import { activityStatuses } from '../src/modules/projects/queries.ts';
import { projectFilterSchema, searchProjects } from '../src/modules/search/queries.ts';
import { isCountryCode } from '../src/modules/taxonomy/countries.ts';
import { findTheme, isThemeCode } from '../src/modules/taxonomy/themes.ts';
import { testConfig } from '../tests/support/app.ts';

const N = Number(process.env.SCALE_N ?? 1_000_000);
const serverUrl = process.env.SCALE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const dbName = 'passerelle_bench_scale';
const reuse = process.env.SCALE_REUSE === '1';
const CHUNK = 50_000;
const dbUrl = (() => {
  const u = new URL(serverUrl);
  u.pathname = `/${dbName}`;
  return u.toString();
})();

const seconds = (t0: number) => ((performance.now() - t0) / 1000).toFixed(1);
const rowsOf = (r: unknown) => (r as { rows: Record<string, unknown>[] }).rows;

// ── 1. Shapes from the real corpus ───────────────────────────────────────────────────────────────────────
interface Shape {
  t: string | null; tf: string | null; d: string | null; df: string | null;
  st: string; ps: string | null; as: string | null; pe: string | null; ae: string | null; hum: boolean; cur: string;
  c: [string, number | null][]; r: [string, string, number | null][]; s: [string | null, string, string, number | null][]; th: string[];
  p: [string, string | null, string | null, string | null][]; b: [string, string, string, string, number, string][];
  tx: [string, string, number, string, string | null, string | null, string | null][]; l: [string, number | null, number | null][]; tb: number;
}

const cap = (s: string | null, n: number) => (s && s.length > n ? s.slice(0, n) : s);

async function corpusShapes(): Promise<{ shapes: Shape[]; words: string[]; stats: Record<string, string> }> {
  const shapes: Shape[] = [];
  const wordCount = new Map<string, number>();
  const files = (await corpusFiles()).filter((f) => f.root === 'iati-activities' && f.activities > 0);
  for (const file of files) {
    try {
      for await (const ev of parseIati(createReadStream(join(sharedIati, 'corpus', file.path)))) {
        if (ev.kind !== 'activity') continue;
        const rec = fromIatiActivity(ev.activity);
        const p = rec.project;
        const themes = [...new Set(rec.sectors.flatMap((s) => (s.theme ? [s.theme, findTheme(s.theme)?.parent ?? null] : [])).filter((x): x is string => !!x))];
        // Per period, a revised budget replaces the original (as the projects module derives total_budget).
        const periods = new Map<string, { type: string; amount: number }>();
        for (const b of rec.budgets) {
          const key = `${b.periodStart}/${b.periodEnd}`;
          const seen = periods.get(key);
          if (!seen || (b.type === '2' && seen.type !== '2')) periods.set(key, { type: b.type, amount: b.amount });
          else if (seen.type === b.type) seen.amount += b.amount;
        }
        const tb = Math.max(0, Math.min(9e15, [...periods.values()].reduce((a, b) => a + b.amount, 0)));
        const title = p.titleEn ?? p.titleFr;
        for (const w of (title ?? '').toLowerCase().split(/[^a-zà-ÿ]+/)) if (w.length >= 5) wordCount.set(w, (wordCount.get(w) ?? 0) + 1);
        shapes.push({
          t: cap(p.titleEn, 300), tf: cap(p.titleFr, 300), d: cap(p.descriptionEn, 4000), df: cap(p.descriptionFr, 4000),
          st: p.activityStatus, ps: p.plannedStart, as: p.actualStart, pe: p.plannedEnd, ae: p.actualEnd, hum: p.humanitarian, cur: p.defaultCurrency,
          c: rec.countries.map((c) => [c.code, c.percentage]),
          r: rec.regions.map((r) => [r.code, r.vocabulary, r.percentage]),
          s: rec.sectors.slice(0, 20).map((s) => [s.theme, s.vocabulary, s.code, s.percentage]),
          th: themes,
          p: rec.participants.slice(0, 10).map((x) => [x.role, cap(x.name, 200), x.ref, x.type]),
          b: rec.budgets.slice(0, 20).map((b) => [b.type, b.status, b.periodStart, b.periodEnd, Math.min(9e15, b.amount), b.currency]),
          tx: rec.transactions.slice(0, 60).map((x) => [x.type, x.date, Math.max(-9e15, Math.min(9e15, x.amount)), x.currency, cap(x.description, 300), cap(x.providerName, 200), cap(x.receiverName, 200)]),
          l: rec.locations.slice(0, 10).map((l) => [cap(l.name, 200) ?? '', l.lat, l.lng]),
          tb,
        });
      }
    } catch {
      // A corpus file the parser refuses contributes the activities read before the fault.
    }
  }
  const avg = (f: (s: Shape) => number) => (shapes.reduce((a, s) => a + f(s), 0) / Math.max(1, shapes.length)).toFixed(2);
  const words = [...wordCount.entries()].filter(([, n]) => n >= 2).sort((a, b) => b[1] - a[1]).map(([w]) => w).slice(0, 4000);
  return {
    shapes,
    words,
    stats: {
      activities: String(shapes.length),
      'countries/activity': avg((s) => s.c.length),
      'sectors/activity': avg((s) => s.s.length),
      'with a theme': `${((100 * shapes.filter((s) => s.th.length).length) / Math.max(1, shapes.length)).toFixed(0)} %`,
      'participants/activity': avg((s) => s.p.length),
      'budgets/activity': avg((s) => s.b.length),
      'transactions/activity': avg((s) => s.tx.length),
      'locations/activity': avg((s) => s.l.length),
      'title chars': avg((s) => (s.t ?? s.tf ?? '').length),
      'description chars': avg((s) => (s.d ?? s.df ?? '').length),
    },
  };
}

// ── 2. Load ──────────────────────────────────────────────────────────────────────────────────────────────
// Deterministic draws per activity number i: a hash, as a fraction in [0, 1).
const frac = (salt: number) => sql.raw(`((hashint4(i * 7 + ${salt}) & 2147483647)::float8 / 2147483648)`);
const pid = sql.raw(`('00000000-0000-4000-b000-' || lpad(to_hex(i), 12, '0'))::uuid`);
const oid = (expr: string) => sql.raw(`('00000000-0000-4000-a000-' || lpad(to_hex(${expr}), 12, '0'))::uuid`);
const FUNDERS = 50;

async function load(db: Db, shapes: Shape[], words: string[]): Promise<void> {
  const P = Math.max(60, Math.round(N / 500));
  const tl = performance.now();
  await db.execute(sql`create table bench_shapes (k int primary key, s jsonb not null)`);
  for (let i = 0; i < shapes.length; i += 500) {
    const batch = shapes.slice(i, i + 500).map((s, j) => ({ k: i + j, s }));
    await db.execute(sql`insert into bench_shapes select (e->>'k')::int, e->'s' from jsonb_array_elements(${JSON.stringify(batch)}::jsonb) e`);
  }
  const K = shapes.length;
  const kinds = ['10', '21', '22', '23', '40', '60', '80'];
  const subtypes = ['ngo', 'ngo', 'foundation', 'local_authority', 'network', 'partner_abroad'];
  await db.execute(sql`insert into organisations (id, slug, name_fr, name_en, kind, subtype, country, countries, themes, iati_id, status, summary_fr)
    select ${oid('j')}, 'syn-org-' || j, initcap(w[1 + j % ${words.length}]) || ' ' || initcap(w[1 + (j * 13) % ${words.length}]) || ' ' || j,
      null, (string_to_array(${kinds.join(',')}, ','))[1 + j % ${kinds.length}], (string_to_array(${subtypes.join(',')}, ','))[1 + j % ${subtypes.length}], 'FR', '{}', '{}', 'XM-SYN-' || j, 'active',
      'Organisation de synthèse ' || j
    from generate_series(1, ${P}) j, (select string_to_array(${words.join(' ')}, ' ') as w) words`);

  // Secondary indexes of the big tables: dropped during the load, rebuilt after (what a bulk restore does).
  const big = ['projects', 'project_countries', 'project_regions', 'project_sectors', 'project_participants', 'project_budgets', 'project_transactions', 'project_locations'];
  const indexes = rowsOf(await db.execute(sql`select i.indexname, i.indexdef from pg_indexes i where i.schemaname = 'public' and i.tablename in (${sql.join(big.map((t) => sql`${t}`), sql`, `)})
    and not exists (select 1 from pg_constraint c where c.conname = i.indexname)`)) as { indexname: string; indexdef: string }[];
  for (const ix of indexes) await db.execute(sql.raw(`drop index "${ix.indexname}"`));

  const x = (lo: number, hi: number) => sql`(select i, s.s, 1 + floor(${P} * power(${frac(1)}, 2))::int as pub, 1 + (hashint4(i * 7 + 2) & 2147483647) % ${FUNDERS} as fun,
      ${frac(3)} < 0.6 as funded, ${frac(4)} < 0.05 as draft, ${frac(5)} < 0.05 as needs,
      w[1 + (hashint4(i * 7 + 6) & 2147483647) % ${words.length}] || ' ' || w[1 + (hashint4(i * 7 + 7) & 2147483647) % ${words.length}] as extra
    from generate_series(${lo}::int, ${hi}::int) i join bench_shapes s on s.k = (hashint4(i) & 2147483647) % ${K}, (select string_to_array(${words.join(' ')}, ' ') as w) words) x`;
  const jsonArr = (path: string) => sql.raw(`array(select distinct jsonb_array_elements_text(${path}))`);
  let rows = 0;
  for (let lo = 1; lo <= N; lo += CHUNK) {
    const hi = Math.min(N, lo + CHUNK - 1);
    const t0 = performance.now();
    await db.execute(sql`insert into projects (id, slug, organisation_id, iati_identifier, title_fr, title_en, description_fr, description_en, activity_status,
        planned_start, actual_start, planned_end, actual_end, start_year, end_year, humanitarian, default_currency, publication, published_at,
        countries, regions, themes, funder_ids, partner_ids, total_budget, needs_help)
      select ${pid}, 'syn-' || i, ${oid('pub')}, 'XM-SYN-' || pub || '-' || i,
        case when x.s->>'tf' is not null then (x.s->>'tf') || ' ' || extra end, coalesce(x.s->>'t', 'Activity') || ' ' || extra,
        x.s->>'df', x.s->>'d', coalesce(x.s->>'st', '2'),
        (x.s->>'ps')::date, (x.s->>'as')::date, (x.s->>'pe')::date, (x.s->>'ae')::date,
        extract(year from coalesce((x.s->>'as')::date, (x.s->>'ps')::date))::int, extract(year from coalesce((x.s->>'ae')::date, (x.s->>'pe')::date))::int,
        (x.s->>'hum')::boolean, coalesce(x.s->>'cur', 'EUR'), case when draft then 'draft' else 'published' end, case when draft then null else now() end,
        array(select distinct e->>0 from jsonb_array_elements(x.s->'c') e), array(select distinct e->>0 from jsonb_array_elements(x.s->'r') e), ${jsonArr("x.s->'th'")},
        case when funded then array[${oid('fun')}] else '{}' end, array[${oid('pub')}] || case when funded and fun <> pub then array[${oid('fun')}] else '{}' end,
        (x.s->>'tb')::bigint, needs
      from ${x(lo, hi)}`);
    await db.execute(sql`insert into project_countries (id, project_id, position, code, percentage)
      select gen_random_uuid(), ${pid}, o::int - 1, e->>0, (e->>1)::float8 from ${x(lo, hi)}, jsonb_array_elements(x.s->'c') with ordinality t(e, o)`);
    await db.execute(sql`insert into project_regions (id, project_id, position, code, vocabulary, percentage)
      select gen_random_uuid(), ${pid}, o::int - 1, e->>0, e->>1, (e->>2)::float8 from ${x(lo, hi)}, jsonb_array_elements(x.s->'r') with ordinality t(e, o)`);
    await db.execute(sql`insert into project_sectors (id, project_id, position, theme, vocabulary, code, percentage)
      select gen_random_uuid(), ${pid}, o::int - 1, e->>0, e->>1, e->>2, (e->>3)::float8 from ${x(lo, hi)}, jsonb_array_elements(x.s->'s') with ordinality t(e, o)`);
    await db.execute(sql`insert into project_participants (id, project_id, position, role, organisation_id, name, ref, type, acceptance)
      select gen_random_uuid(), ${pid}, 0, '2', ${oid('pub')}, null, null, null, 'accepted' from ${x(lo, hi)}
      union all select gen_random_uuid(), ${pid}, 1, '1', ${oid('fun')}, null, null, null, 'accepted' from ${x(lo, hi)} where funded and fun <> pub
      union all select gen_random_uuid(), ${pid}, 1 + o::int, e->>0, null, e->>1, e->>2, e->>3, 'pending' from ${x(lo, hi)}, jsonb_array_elements(x.s->'p') with ordinality t(e, o)`);
    await db.execute(sql`insert into project_budgets (id, project_id, position, type, status, period_start, period_end, amount, currency)
      select gen_random_uuid(), ${pid}, o::int - 1, e->>0, e->>1, (e->>2)::date, (e->>3)::date, (e->>4)::bigint, e->>5 from ${x(lo, hi)}, jsonb_array_elements(x.s->'b') with ordinality t(e, o)`);
    await db.execute(sql`insert into project_transactions (id, project_id, position, type, date, amount, currency, description, provider_name, receiver_name)
      select gen_random_uuid(), ${pid}, o::int - 1, e->>0, (e->>1)::date, (e->>2)::bigint, e->>3, e->>4, e->>5, e->>6 from ${x(lo, hi)}, jsonb_array_elements(x.s->'tx') with ordinality t(e, o)`);
    await db.execute(sql`insert into project_locations (id, project_id, position, name, lat, lng)
      select gen_random_uuid(), ${pid}, o::int - 1, e->>0, (e->>1)::float8, (e->>2)::float8 from ${x(lo, hi)}, jsonb_array_elements(x.s->'l') with ordinality t(e, o)`);
    rows = hi;
    const rate = ((hi - lo + 1) / ((performance.now() - t0) / 1000)).toFixed(0);
    console.log(`  loaded ${rows.toLocaleString('en')} / ${N.toLocaleString('en')} activities (${rate} activities/s for this chunk, ${seconds(tl)} s so far)`);
  }
  const ti = performance.now();
  await db.execute(sql`set maintenance_work_mem = '1GB'`);
  for (const ix of indexes) await db.execute(sql.raw(ix.indexdef));
  console.log(`  ${indexes.length} secondary indexes rebuilt in ${seconds(ti)} s`);
  const tv = performance.now();
  for (const t of [...big, 'organisations', 'project_facet_counts']) await db.execute(sql.raw(`vacuum analyze ${t}`));
  console.log(`  vacuum analyze in ${seconds(tv)} s; load total ${seconds(tl)} s`);
  await db.execute(sql`drop table bench_shapes`);
}

// ── 3. Measure ───────────────────────────────────────────────────────────────────────────────────────────
interface Line {
  what: string;
  p50: number;
  p95: number;
  n: number;
  target?: number;
  note?: string;
}
const lines: Line[] = [];

async function measure(what: string, runs: number, job: (i: number) => Promise<unknown>, target?: number, note?: string): Promise<void> {
  for (let i = 0; i < Math.min(5, runs); i++) await job(i + 1000); // warm-up: plans and caches, as a running server has
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await job(i);
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const q = (p: number) => samples[Math.min(samples.length - 1, Math.ceil(p * samples.length) - 1)]!;
  const line: Line = { what, p50: q(0.5), p95: q(0.95), n: runs, ...(target !== undefined ? { target } : {}), ...(note ? { note } : {}) };
  lines.push(line);
  console.log(`  ${what}: p50 ${line.p50.toFixed(1)} ms, p95 ${line.p95.toFixed(1)} ms (${runs} runs)`);
}

async function main(): Promise<void> {
  console.log(`bench:scale — ${N.toLocaleString('en')} activities on PostgreSQL (${dbName}); load average ${loadavg().map((l) => l.toFixed(1)).join(' ')} on ${cpus().length} cores`);
  const t0 = performance.now();
  const { shapes, words, stats } = await corpusShapes();
  console.log(`shapes from ../shared/iati/corpus in ${seconds(t0)} s: ${Object.entries(stats).map(([k, v]) => `${k} ${v}`).join(', ')}`);

  if (!reuse) {
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${dbName} with (force)`);
    await admin.query(`create database ${dbName}`);
    await admin.end();
  }
  const database = await openDatabase({ dataDir: '', databaseUrl: dbUrl, poolSize: 4 });
  const db = database.db;
  if (!reuse) {
    await migrate(database);
    const ts = performance.now();
    await seedDemo(db);
    console.log(`migrated and demo data seeded in ${seconds(ts)} s; loading…`);
    await db.execute(sql`set synchronous_commit = off`);
    await load(db, shapes, words);
  }
  const size = rowsOf(await db.execute(sql`select (select count(*) from projects)::int as projects, (select count(*) from project_transactions)::int as transactions,
    (select count(*) from project_participants)::int as participants, (select count(*) from project_sectors)::int as sectors, (select count(*) from organisations)::int as organisations,
    pg_size_pretty(pg_database_size(current_database())) as size`))[0]!;
  console.log(`database: ${Object.entries(size).map(([k, v]) => `${k} ${typeof v === 'number' ? v.toLocaleString('en') : String(v)}`).join(', ')}`);

  // Inputs drawn from the data: each search combines the theme, country, status and a title word of a real row.
  const sample = rowsOf(await db.execute(sql`select slug, themes[1] as theme, countries[1] as country, activity_status as status, title_en, organisation_id
    from projects tablesample system (1) repeatable (42) where publication = 'published' and cardinality(themes) > 0 and cardinality(countries) > 0 limit 400`)) as {
    slug: string; theme: string; country: string; status: string; title_en: string | null; organisation_id: string;
  }[];
  for (let i = sample.length - 1; i >= 0; i--) if (!isCountryCode(sample[i]!.country) || !isThemeCode(sample[i]!.theme) || !(activityStatuses as readonly string[]).includes(sample[i]!.status)) sample.splice(i, 1);
  const slugs = rowsOf(await db.execute(sql`select slug from projects tablesample system (1) repeatable (7) where publication = 'published' limit 400`)).map((r) => String(r.slug));
  const orgs = rowsOf(await db.execute(sql`select o.slug, c.n from project_facet_counts c join organisations o on o.id::text = c.value
    where c.publication = 'published' and c.facet = 'organisation' and c.n > 0 order by c.n desc`)) as { slug: string; n: number }[];
  const wordOf = (title: string | null, i: number) => {
    const ws = (title ?? '').toLowerCase().split(/[^a-z]+/).filter((w) => w.length >= 5);
    return ws.length ? ws[i % ws.length]! : 'water';
  };
  const combo = (i: number) => {
    const r = sample[i % sample.length]!;
    return { q: wordOf(r.title_en, i), theme: r.theme, country: r.country, status: r.status };
  };
  const qs = (o: Record<string, string>) => new URLSearchParams(o).toString();

  const app = await buildApp({ config: testConfig(), database, logLevel: 'silent' });
  await app.ready();
  const page = async (url: string) => {
    const res = await app.inject({ method: 'GET', url });
    if (res.statusCode !== 200) throw new Error(`${url} → ${res.statusCode}`);
    return res;
  };

  console.log('\nmeasuring…');
  const runs = 60;
  await measure('faceted search page: 3 facets + text (/fr/projects, rendered)', runs, (i) => page(`/fr/projects?${qs(combo(i))}`), 50);
  await measure('faceted search query: 3 facets + text, list + all facet counts', runs, (i) => searchProjects(db, visitor, projectFilterSchema.parse(combo(i))), 50);
  await measure('facet counts, no filter (maintained counts)', runs, () => searchProjects(db, visitor, projectFilterSchema.parse({})));
  await measure('facet counts, one facet (a country)', 15, (i) => searchProjects(db, visitor, projectFilterSchema.parse({ country: combo(i).country })));
  await measure('facet counts, two facets (theme + country)', 15, (i) => searchProjects(db, visitor, projectFilterSchema.parse({ theme: combo(i).theme, country: combo(i).country })));
  await measure('facet counts, text only', 20, (i) => searchProjects(db, visitor, projectFilterSchema.parse({ q: combo(i).q })));
  await measure('project page (/fr/projects/:slug, rendered)', 200, (i) => page(`/fr/projects/${slugs[i % slugs.length]}`), 20);
  const largest = orgs[0]!;
  const median = orgs[Math.floor(orgs.length / 2)]!;
  await measure(`organisation page, largest publisher (${largest.n.toLocaleString('en')} projects)`, 50, () => page(`/fr/organisations/${largest.slug}`));
  await measure('organisation page, any publisher (rendered)', 100, (i) => page(`/fr/organisations/${orgs[(i * 37) % orgs.length]!.slug}`), undefined, `median publisher: ${median.n} projects`);
  await measure('key figures page (/fr/figures, rendered)', 50, () => page('/fr/figures'), 100);
  await measure('home page (/fr)', 50, () => page('/fr'));

  // IATI export of 10,000 activities, streamed as the public export streams it (filteredActivities → XML).
  const exportRounds = Number(process.env.SCALE_EXPORT_RUNS ?? 1);
  const exportRuns: number[] = [];
  let bytes = 0;
  let skipped = 0;
  for (let r = 0; r < exportRounds; r++) {
    const te = performance.now();
    bytes = 0;
    skipped = 0;
    for await (const chunk of writeActivities(filteredActivities(db, projectFilterSchema.parse({}), 10_000), { onSkip: () => skipped++ })) bytes += Buffer.byteLength(chunk);
    exportRuns.push(performance.now() - te);
  }
  const written = 10_000 - skipped;
  exportRuns.sort((a, b) => a - b);
  lines.push({ what: 'IATI export of 10,000 activities (streamed XML)', p50: exportRuns[Math.floor((exportRuns.length - 1) / 2)]!, p95: exportRuns[exportRuns.length - 1]!, n: exportRuns.length, note: `${(bytes / 1e6).toFixed(1)} MB, ${written} written + ${skipped} left out by the schema check, ${(10_000 / (exportRuns[0]! / 1000)).toFixed(0)} activities/s` });
  console.log(`  export: ${exportRuns.map((r) => `${(r / 1000).toFixed(1)} s`).join(', ')}`);

  await app.close();
  await database.close();

  console.log(`\nbench:scale on PostgreSQL, ${Number(size.projects).toLocaleString('en')} projects (${N.toLocaleString('en')} synthetic + demo), ${Number(size.transactions).toLocaleString('en')} transactions, ${String(size.size)}`);
  console.log(`load average at the end: ${loadavg().map((l) => l.toFixed(1)).join(' ')} (the machine is shared: other processes ran during the measures)`);
  console.log('what'.padEnd(72) + 'p50 ms'.padStart(10) + 'p95 ms'.padStart(10) + 'target'.padStart(12) + '  result');
  for (const l of lines) {
    const verdict = l.target === undefined ? '—' : l.p95 <= l.target ? 'PASS' : 'FAIL';
    console.log(l.what.padEnd(72) + l.p50.toFixed(1).padStart(10) + l.p95.toFixed(1).padStart(10) + (l.target === undefined ? '' : `p95 ≤ ${l.target}`).padStart(12) + `  ${verdict}${l.note ? `  (${l.note})` : ''}`);
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
