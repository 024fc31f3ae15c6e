// Faceted project search timings on the embedded database (PGlite): on the demo data, then with 50,000
// generated projects added. Prints p50/p95 of a faceted search (3 facets + text, with every facet's counts)
// and of the same search without text. Usage: npx tsx scripts/bench-projects.ts [count]
import { sql } from 'drizzle-orm';
import { openDatabase } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/demo.ts';
import { visitor } from '../src/kernel/actor.ts';
import { searchProjects } from '../src/modules/search/queries.ts';
import { projectFilterSchema } from '../src/modules/search/schema.ts';

const count = Number(process.argv[2] ?? 50_000);

async function time(label: string, run: () => Promise<unknown>, n = 30): Promise<void> {
  await run();
  const samples: number[] = [];
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    await run();
    samples.push(performance.now() - t0);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
  console.log(`${label.padEnd(58)} p50 ${p(0.5).padStart(7)} ms   p95 ${p(0.95).padStart(7)} ms`);
}

async function main(): Promise<void> {
  const database = await openDatabase({ dataDir: '/tmp/passerelle-bench', inMemory: true });
  await migrate(database);
  const t0 = performance.now();
  await seedDemo(database.db);
  console.log(`demo data seeded in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const db = database.db;
  const faceted = projectFilterSchema.parse({ q: 'ecole', theme: 'education', country: 'ML', status: '2' });
  const facetsOnly = projectFilterSchema.parse({ theme: 'education', country: 'ML', status: '2' });
  const everything = projectFilterSchema.parse({});
  const total = async () => ((await db.execute(sql`select count(*)::int as n from projects`)) as unknown as { rows: { n: number }[] }).rows[0]!.n;

  console.log(`\n— demo data (${await total()} projects)`);
  await time('faceted search: text + theme + country + status, all counts', () => searchProjects(db, visitor, faceted));
  await time('faceted search: theme + country + status, all counts', () => searchProjects(db, visitor, facetsOnly));
  await time('no filter, first page and all facet counts', () => searchProjects(db, visitor, everything));

  // Generated projects: shapes drawn from the demo (countries, themes, funders, budgets, years, texts).
  const g0 = performance.now();
  await db.execute(sql`
    insert into projects (id, slug, organisation_id, iati_identifier, title_fr, title_en, description_fr, description_en, activity_status,
      planned_start, planned_end, start_year, end_year, publication, countries, regions, themes, funder_ids, partner_ids, total_budget, needs_help)
    select gen_random_uuid(), 'gen-' || i, s.orgs[1 + i % s.n], 'XX-GEN-' || i,
      (array['École de','Puits de','Centre de santé de','Maraîchage à','Droits des migrants à'])[1 + i % 5] || ' ' || (array['Soroma','Podor','Tahoua','Abomey','Agadez','Dakar','Oujda'])[1 + i % 7] || ' ' || i,
      (array['School in','Well in','Health centre in','Market gardens in','Migrants’ rights in'])[1 + i % 5] || ' project ' || i,
      (array['Une école et ses fournitures pour les élèves du village','Un puits et un comité de gestion de l’eau','Un centre de santé communautaire et sa maternité','Maraîchage et revenus des femmes de la vallée','Accès aux droits des personnes migrantes et refoulées'])[1 + i % 5],
      (array['A school and its supplies','A well and a water committee','A community health centre','Market gardening and women’s income','Access to rights for migrants'])[1 + i % 5],
      (1 + i % 6)::text,
      make_date(2015 + i % 11, 1 + i % 12, 1), make_date(2017 + i % 11, 1 + i % 12, 1), 2015 + i % 11, 2017 + i % 11,
      case when i % 10 = 0 then 'draft' else 'published' end,
      string_to_array((array['ML','SN','NE,ML','BJ','MG','HT','BF,ML,SN','CI','CM','MA'])[1 + i % 10], ','),
      case when i % 7 = 0 then array['289'] else '{}'::text[] end,
      string_to_array((array['education,education-supplies','water','health,health-centres','women,food','migrants','education,emergency'])[1 + i % 6], ','),
      array[s.orgs[1 + (i * 7) % s.n]], array[s.orgs[1 + i % s.n]], (1000 + (i * 7919) % 500000) * 100, i % 3 = 0
    from generate_series(1, ${count}) i
    cross join (select array_agg(id order by id) as orgs, count(*)::int as n from organisations) s`);
  await db.execute(sql`analyze projects`);
  console.log(`\n— with ${count.toLocaleString('en')} generated projects (${await total()} in all; generated in ${((performance.now() - g0) / 1000).toFixed(1)} s)`);
  await time('faceted search: text + theme + country + status, all counts', () => searchProjects(db, visitor, faceted), 15);
  await time('faceted search: theme + country + status, all counts', () => searchProjects(db, visitor, facetsOnly), 15);
  await time('no filter, first page and all facet counts', () => searchProjects(db, visitor, everything), 10);
  await time('list only (no facet counts): theme + country + status', () => searchProjects(db, visitor, facetsOnly, { withFacets: false }), 15);
  await database.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
