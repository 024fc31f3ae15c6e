// Read-only search over projects and organisations: the project list with its facets (shared by the list page,
// the map, the JSON API and the CSV export) and the one search page across organisations and projects.
// Facet counts are "disjunctive": a value's count is the number of results the list shows once that value is
// chosen (every other filter kept), so a count is always the total of the list it links to.
import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../../db/client.ts';
import type { Actor } from '../../kernel/actor.ts';
import { isPlatformAdmin } from '../../kernel/actor.ts';
import { organisationTextMatch } from '../organisations/queries.ts';
import { organisations } from '../organisations/tables.ts';
import { projects } from '../projects/tables.ts';
import { facetNames, type FacetName, type ProjectFilter } from './schema.ts';
/** The list filters, for other modules' exports of the same list (IATI). */
export { projectFilterSchema, type ProjectFilter } from './schema.ts';

export type ProjectListRow = typeof projects.$inferSelect & { organisationName: string; organisationSlug: string; organisationKind: string };

/** Words of a query, unaccented, as prefix terms joined by AND ("soro cach" → soro:* & cach:*). */
export function prefixTerms(q: string): string | null {
  const words = q
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w.length > 0)
    .slice(0, 8);
  return words.length ? words.map((w) => `${w}:*`).join(' & ') : null;
}

function textQuery(q: string | undefined): SQL | null {
  if (!q) return null;
  const prefix = prefixTerms(q);
  if (!prefix) return null;
  return sql`(to_tsquery('simple', ${prefix}) || websearch_to_tsquery('french', passerelle_unaccent(${q})) || websearch_to_tsquery('english', passerelle_unaccent(${q})))`;
}

function visible(actor: Actor): SQL {
  if (isPlatformAdmin(actor)) return sql`true`;
  const mine = [...actor.memberships.keys()];
  if (mine.length === 0) return sql`p.publication = 'published'`;
  return sql`(p.publication = 'published' or p.organisation_id in (${sql.join(mine.map((id) => sql`${id}::uuid`), sql`, `)}))`;
}

/** One SQL condition per filter; facets drop their own. */
function conditions(filter: Omit<ProjectFilter, 'page' | 'pageSize' | 'sort'>): Partial<Record<FacetName | 'q', SQL>> {
  const c: Partial<Record<FacetName | 'q', SQL>> = {};
  if (filter.theme) c.theme = sql`p.themes @> array[${filter.theme}]::text[]`;
  if (filter.country) c.country = sql`p.countries @> array[${filter.country}]::text[]`;
  if (filter.region) c.region = sql`p.regions @> array[${filter.region}]::text[]`;
  if (filter.status) c.status = sql`p.activity_status = ${filter.status}`;
  if (filter.organisation) c.organisation = sql`p.organisation_id = ${filter.organisation}::uuid`;
  if (filter.kind) c.kind = sql`o.kind = ${filter.kind}`;
  if (filter.funder) c.funder = sql`p.funder_ids @> array[${filter.funder}]::uuid[]`;
  if (filter.year) c.year = sql`(p.start_year <= ${filter.year} and coalesce(p.end_year, p.start_year) >= ${filter.year})`;
  if (filter.needs) c.needs = sql`p.needs_help`;
  const tq = textQuery(filter.q);
  if (tq) {
    // The organisation's name as an array computed first (trigram index on the directory), so that both sides of the
    // `or` are index scans (`in (subquery)` would make it a filter over every project).
    const like = '%' + (filter.q ?? '').normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[%_\\]/g, '') + '%';
    c.q = sql`(p.search @@ ${tq} or p.organisation_id = any(array(select n.id from organisations n where passerelle_unaccent(lower(coalesce(n.name_fr, '') || ' ' || coalesce(n.name_en, ''))) like ${like})))`;
  }
  return c;
}

const and = (parts: SQL[]): SQL => (parts.length ? sql.join(parts, sql` and `) : sql`true`);
const or = (parts: SQL[]): SQL => (parts.length ? sql`(${sql.join(parts.map((p) => sql`(${p})`), sql` or `)})` : sql`false`);

export interface FacetValue {
  value: string;
  count: number;
}

export interface ProjectSearch {
  items: ProjectListRow[];
  total: number;
  facets: Record<FacetName, FacetValue[]>;
}

/** A facet's values for one candidate row (`c`: the columns gathered below). */
const facetExpr: Record<FacetName, SQL> = {
  theme: sql`unnest(c.themes)`,
  country: sql`unnest(c.countries)`,
  region: sql`unnest(c.regions)`,
  status: sql`c.activity_status`,
  organisation: sql`c.organisation_id::text`,
  kind: sql`c.kind`,
  funder: sql`unnest(c.funder_ids)::text`,
  year: sql`generate_series(c.start_year, least(coalesce(c.end_year, c.start_year), c.start_year + 30))::text`,
  needs: sql`case when c.needs_help then 'yes' end`,
};
const facetColumns = sql`p.id, p.themes, p.countries, p.regions, p.activity_status, p.organisation_id, o.kind, p.funder_ids, p.start_year, p.end_year, p.needs_help`;

const listColumns = sql`p.*, coalesce(nullif(o.name_fr, ''), o.name_en) as organisation_name, o.slug as organisation_slug, o.kind as organisation_kind`;

/** The sort as (key columns over `p`, order over those keys named k1, k2). */
function sortKeys(filter: ProjectFilter, tq: SQL | null): { keys: SQL; order: SQL; plain: SQL } {
  const sort = filter.sort ?? (tq ? 'relevance' : 'date');
  if (sort === 'budget') return { keys: sql`p.total_budget as k1, null::timestamptz as k2`, order: sql`k1 desc, id`, plain: sql`p.total_budget desc, p.id` };
  if (sort === 'relevance' && tq) return { keys: sql`ts_rank(p.search, ${tq}) as k1, p.updated_at as k2`, order: sql`k1 desc, k2 desc, id`, plain: sql`ts_rank(p.search, ${tq}) desc, p.updated_at desc, p.id` };
  return {
    keys: sql`coalesce(p.actual_start, p.planned_start) as k1, null::timestamptz as k2`,
    order: sql`k1 desc nulls last, id`,
    plain: sql`coalesce(p.actual_start, p.planned_start) desc nulls last, p.id`,
  };
}

/** Turns snake_case SQL rows into the camelCase project shape. */
function toListRow(r: Record<string, unknown>): ProjectListRow {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(r)) out[k.replace(/_([a-z])/g, (_m, c: string) => c.toUpperCase())] = v;
  for (const k of ['createdAt', 'updatedAt', 'publishedAt']) if (typeof out[k] === 'string') out[k] = new Date(out[k] as string);
  for (const k of ['totalBudget']) if (typeof out[k] === 'string') out[k] = Number(out[k]);
  return out as ProjectListRow;
}

const rowsOf = (result: unknown): Record<string, unknown>[] => ((result as { rows?: Record<string, unknown>[] }).rows ?? (result as Record<string, unknown>[]));

/** Who sees what, split so that the published part can be read from the maintained counts. */
function scopeOf(actor: Actor): { drafts: 'none' | 'all' | string[] } {
  if (isPlatformAdmin(actor)) return { drafts: 'all' };
  const mine = [...actor.memberships.keys()];
  return { drafts: mine.length ? mine : 'none' };
}

/**
 * Unfiltered counts of the listed facets over what the actor sees: the maintained `project_facet_counts`
 * (published, and every draft for an administrator), plus a member's own drafts counted live (a few rows).
 * Organisation kinds come from the per-organisation counts joined to the directory (a kind change needs no recount).
 */
async function storedFacetCounts(db: DbOrTx, actor: Actor, names: readonly (FacetName | '_all')[]): Promise<Map<string, Map<string, number>>> {
  const out = new Map<string, Map<string, number>>(names.map((n) => [n, new Map()]));
  if (names.length === 0) return out;
  const scope = scopeOf(actor);
  const publications = scope.drafts === 'all' ? sql`c.publication in ('published', 'draft')` : sql`c.publication = 'published'`;
  const stored = names.filter((n) => n !== 'kind');
  const wantKind = names.includes('kind');
  const parts: SQL[] = [];
  if (stored.length) parts.push(sql`select c.facet, c.value, sum(c.n)::int as n from project_facet_counts c where ${publications} and c.facet in (${sql.join(stored.map((n) => sql`${n}`), sql`, `)}) and c.n > 0 group by c.facet, c.value`);
  if (wantKind) parts.push(sql`select 'kind' as facet, o.kind as value, sum(c.n)::int as n from project_facet_counts c join organisations o on o.id::text = c.value where ${publications} and c.facet = 'organisation' and c.n > 0 and o.kind is not null group by o.kind`);
  if (Array.isArray(scope.drafts)) {
    const drafts = sql`p.publication <> 'published' and p.organisation_id in (${sql.join(scope.drafts.map((id) => sql`${id}::uuid`), sql`, `)})`;
    for (const name of names) {
      const expr = name === '_all' ? sql`''` : facetExpr[name];
      parts.push(sql`select ${name}::text as facet, v as value, count(*)::int as n from (select ${expr} as v from (select ${facetColumns} from projects p join organisations o on o.id = p.organisation_id where ${drafts}) c) s where v is not null group by v`);
    }
  }
  for (const r of rowsOf(await db.execute(sql.join(parts, sql` union all `)))) {
    const m = out.get(String(r.facet))!;
    m.set(String(r.value), (m.get(String(r.value)) ?? 0) + Number(r.n));
  }
  return out;
}

/**
 * The filtered list (one page), its total, and the counts of every facet value.
 *
 * At scale (docs/scaling.md): with no filter, the page is read in index order and the total and counts come from
 * `project_facet_counts`. With filters, one statement gathers the candidate rows once — those that pass every
 * condition but at most one facet's own (what disjunctive counts need), through the GIN indexes — and counts every
 * facet over them with the per-row flags, and picks the page; a facet whose only condition is its own is read from
 * the maintained counts. The page's rows are then read by primary key.
 */
export async function searchProjects(db: DbOrTx, actor: Actor, filter: ProjectFilter, options: { withFacets?: boolean; limit?: number; offset?: number } = {}): Promise<ProjectSearch> {
  const c = conditions(filter);
  const vis = visible(actor);
  const tq = textQuery(filter.q);
  const limit = options.limit ?? filter.pageSize;
  const offset = options.offset ?? (filter.page - 1) * filter.pageSize;
  const withFacets = options.withFacets !== false;
  const from = sql`projects p join organisations o on o.id = p.organisation_id`;
  const facets = Object.fromEntries(facetNames.map((k) => [k, [] as FacetValue[]])) as unknown as Record<FacetName, FacetValue[]>;
  const sortFacets = () => {
    for (const name of facetNames) facets[name].sort((a, b) => b.count - a.count || a.value.localeCompare(b.value));
    facets.year.sort((a, b) => Number(b.value) - Number(a.value));
  };
  const keys = sortKeys(filter, tq);
  const facetFilters = facetNames.filter((n) => c[n] !== undefined);
  const readPage = async (ids: string[]): Promise<ProjectListRow[]> => {
    if (ids.length === 0) return [];
    const rows = rowsOf(await db.execute(sql`select ${listColumns} from ${from} where p.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`));
    const byId = new Map(rows.map((r) => [String(r.id), r]));
    return ids.map((id) => byId.get(id)).filter((r) => r !== undefined).map(toListRow);
  };

  // No filter at all: the page in index order, the total and the counts maintained.
  if (!c.q && facetFilters.length === 0) {
    const [list, stored] = await Promise.all([
      db.execute(sql`select ${listColumns} from ${from} where ${vis} order by ${keys.plain} limit ${limit} offset ${offset}`),
      storedFacetCounts(db, actor, withFacets ? ['_all', ...facetNames] : ['_all']),
    ]);
    for (const [name, values] of stored) if (name !== '_all') for (const [value, count] of values) facets[name as FacetName].push({ value, count });
    sortFacets();
    return { items: rowsOf(list).map(toListRow), total: stored.get('_all')!.get('') ?? 0, facets };
  }

  // Facets whose only condition is their own: the maintained counts (no text, one facet chosen).
  const fromStore = withFacets && !c.q && facetFilters.length === 1 ? [facetFilters[0]!] : [];
  const counted = withFacets ? facetNames.filter((n) => !fromStore.includes(n)) : [];
  // Candidate rows: the text (when given) and all facet conditions but at most one (only those counted need it).
  const flagNames = facetFilters;
  const cond = (n: FacetName) => c[n]!;
  // A chosen facet counted live needs the rows passing every other condition; any other facet, and the list, the
  // rows passing them all.
  const terms = flagNames.filter((n) => counted.includes(n)).map((skip) => and(flagNames.filter((n) => n !== skip).map(cond)));
  if (terms.length === 0 || counted.some((n) => !flagNames.includes(n))) terms.push(and(flagNames.map(cond)));
  const relaxed = or(terms);
  const candidate = and([vis, ...(c.q ? [c.q] : []), relaxed]);
  const flags = flagNames.length ? sql`, ${sql.join(flagNames.map((n) => sql`coalesce(${cond(n)}, false) as f_${sql.raw(n)}`), sql`, `)}` : sql``;
  const passes = (except?: FacetName) => and(flagNames.filter((n) => n !== except).map((n) => sql.raw(`c.f_${n}`)));
  const parts: SQL[] = [
    sql`select 'total' as facet, '' as value, count(*)::int as n, null::int as pos from cand c where ${passes()}`,
    sql`select 'page', id::text, 0, (row_number() over (order by ${keys.order}))::int from (select * from cand c where ${passes()} order by ${keys.order} limit ${limit} offset ${offset}) c`,
    ...counted.map(
      (name) => sql`select ${name}::text, v, count(*)::int, null::int from (select ${facetExpr[name]} as v from cand c where ${passes(name)}) s where v is not null group by v`,
    ),
  ];
  const [rows, stored] = await Promise.all([
    db.execute(sql`with cand as materialized (select ${facetColumns}, ${keys.keys}${flags} from ${from} where ${candidate}) ${sql.join(parts, sql` union all `)}`).then(rowsOf),
    storedFacetCounts(db, actor, fromStore),
  ]);
  let total = 0;
  const page: { id: string; pos: number }[] = [];
  for (const r of rows) {
    if (r.facet === 'total') total = Number(r.n);
    else if (r.facet === 'page') page.push({ id: String(r.value), pos: Number(r.pos) });
    else facets[r.facet as FacetName].push({ value: String(r.value), count: Number(r.n) });
  }
  for (const [name, values] of stored) for (const [value, count] of values) facets[name as FacetName].push({ value, count });
  sortFacets();
  page.sort((a, b) => a.pos - b.pos);
  return { items: await readPage(page.map((p) => p.id)), total, facets };
}

/** Names of organisations by id (facet labels for organisations and funders). */
export async function organisationNames(db: DbOrTx, ids: readonly string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = rowsOf(await db.execute(sql`select id, coalesce(nullif(name_fr, ''), name_en) as name from ${organisations} where id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`));
  return new Map(rows.map((r) => [String(r.id), String(r.name ?? '')]));
}

export interface SiteSearchHit {
  type: 'organisation' | 'project';
  slug: string;
  title: string;
  /** ts_headline output: the matching words wrapped in <mark> (the only markup), the rest escaped. */
  headline: string;
  rank: number;
}

/** One accent-insensitive search across organisations and published projects, best first, with highlights. */
export async function searchSite(db: DbOrTx, actor: Actor, q: string, locale: 'fr' | 'en', limit = 40): Promise<SiteSearchHit[]> {
  const tq = textQuery(q);
  const prefix = prefixTerms(q);
  if (!tq || !prefix) return [];
  const cfg = locale === 'fr' ? sql.raw(`'passerelle_fr'`) : sql.raw(`'passerelle_en'`);
  // Highlight with the accent-insensitive configurations: both the stemmed words and the typed prefixes.
  const hq = sql`(to_tsquery('passerelle_simple', ${prefix}) || websearch_to_tsquery(${cfg}, ${q}))`;
  const opts = `StartSel=[[[mark]]], StopSel=[[[/mark]]], MaxWords=30, MinWords=12, MaxFragments=2, FragmentDelimiter=" … "`;
  const org = organisationTextMatch(q);
  const [orgRows, projectRows] = await Promise.all([
    org
      ? db.execute(sql`select 'organisation' as type, organisations.slug, coalesce(nullif(${locale === 'fr' ? sql`organisations.name_fr` : sql`organisations.name_en`}, ''), organisations.name_fr, organisations.name_en) as title,
          ts_headline(${cfg}, coalesce(organisations.name_fr, '') || ' — ' || coalesce(${locale === 'fr' ? sql`organisations.summary_fr, organisations.summary_en` : sql`organisations.summary_en, organisations.summary_fr`}, '') || ' ' || coalesce(${locale === 'fr' ? sql`organisations.description_fr, organisations.description_en` : sql`organisations.description_en, organisations.description_fr`}, ''), ${hq}, ${opts}) as headline,
          ${org.rank} as rank from organisations where organisations.status = 'active' and ${org.where} order by rank desc limit ${limit}`)
      : Promise.resolve([]),
    db.execute(sql`select 'project' as type, p.slug, coalesce(nullif(${locale === 'fr' ? sql`p.title_fr` : sql`p.title_en`}, ''), p.title_fr, p.title_en) as title,
        ts_headline(${cfg}, coalesce(${locale === 'fr' ? sql`p.title_fr, p.title_en` : sql`p.title_en, p.title_fr`}, '') || ' — ' || coalesce(${locale === 'fr' ? sql`p.description_fr, p.description_en` : sql`p.description_en, p.description_fr`}, ''), ${hq}, ${opts}) as headline,
        ts_rank(p.search, ${tq}) as rank from projects p where ${visible(actor)} and p.search @@ ${tq} order by rank desc limit ${limit}`),
  ]);
  return [...rowsOf(orgRows), ...rowsOf(projectRows)]
    .map((r) => ({ type: r.type as SiteSearchHit['type'], slug: String(r.slug), title: String(r.title ?? ''), headline: String(r.headline ?? ''), rank: Number(r.rank) }))
    .sort((a, b) => b.rank - a.rank)
    .slice(0, limit);
}

/** Located, visible projects matching the filters (the map and the GeoJSON export). */
export async function locatedProjects(db: DbOrTx, actor: Actor, filter: ProjectFilter): Promise<{ projectId: string; slug: string; titleFr: string | null; titleEn: string | null; name: string; lat: number; lng: number }[]> {
  const c = conditions(filter);
  const rows = rowsOf(
    await db.execute(sql`select p.id as project_id, p.slug, p.title_fr, p.title_en, l.name, l.lat, l.lng
      from projects p join organisations o on o.id = p.organisation_id join project_locations l on l.project_id = p.id
      where ${visible(actor)} and ${and(Object.values(c) as SQL[])} and l.lat is not null and l.lng is not null order by p.slug, l.position limit 20000`),
  );
  return rows.map((r) => ({ projectId: String(r.project_id), slug: String(r.slug), titleFr: (r.title_fr as string | null) ?? null, titleEn: (r.title_en as string | null) ?? null, name: String(r.name), lat: Number(r.lat), lng: Number(r.lng) }));
}
