// The atlas: the project list with facets, the map (server-drawn SVG, links only, no script needed) with the
// same filters and the same items as a list beside it, the CSV export, and the one search page across
// organisations and projects.
import { Html } from '@kitajs/html';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { csvSeparator, toCsv } from '../../kernel/csv.ts';
import { readQuery } from '../../kernel/form-body.ts';
import { formatNumber } from '../../kernel/format.ts';
import { Layout } from '../../kernel/html/layout.tsx';
import { Select, TextField } from '../../kernel/html/forms.tsx';
import { Paging } from '../../kernel/html/paging.tsx';
import { parseLeniently } from '../../kernel/lenient.ts';
import { cleanText } from '../../kernel/validation.ts';
import { href, pageRoutes, sendPage, type PageContext } from '../../kernel/web.ts';
import { countryName } from '../taxonomy/countries.ts';
import { themeLabel } from '../taxonomy/themes.ts';
import { clusterPoints, countryShapes, mapHeight, mapWidth, project, shade, viewBox, type MapPoint } from './geo.ts';
import { budgetText, code, csvHeader, csvRow, facetLabel, projectTitle } from './present.ts';
import { locatedProjects, organisationNames, searchProjects, searchSite, type FacetValue, type ProjectListRow, type ProjectSearch, type SiteSearchHit } from './queries.ts';
import { facetNames, mapQuerySchema, projectFilterSchema, projectSorts, type FacetName, type ProjectFilter } from './schema.ts';

type Query = Record<string, string | undefined>;

export function filterQuery(f: ProjectFilter): Query {
  return {
    q: f.q,
    theme: f.theme,
    country: f.country,
    region: f.region,
    status: f.status,
    organisation: f.organisation,
    kind: f.kind,
    funder: f.funder,
    year: f.year ? String(f.year) : undefined,
    needs: f.needs ? 'yes' : undefined,
    sort: f.sort,
  };
}

function Facets({ ctx, path, filter, facets, names, extra = {} }: { ctx: PageContext; path: string; filter: ProjectFilter; facets: ProjectSearch['facets']; names: Map<string, string>; extra?: Query }): JSX.Element {
  const { t, locale } = ctx;
  const query = { ...filterQuery(filter), ...extra };
  const current = query as Record<string, string | undefined>;
  return (
    <nav class="facets" aria-label={t('search.facets')}>
      {facetNames.map((name: FacetName) => {
        const values: FacetValue[] = facets[name].slice(0, name === 'year' ? 20 : 15);
        if (values.length === 0) return '';
        const selected = current[name];
        return (
          <section class="facet">
            <h3 safe>{t(`search.facet.${name}`)}</h3>
            <ul>
              {selected ? (
                <li>
                  <a href={href(ctx, path, { ...query, [name]: undefined, page: undefined })} safe>
                    {t('search.facet_clear', { label: facetLabel(t, locale, name, selected === 'yes' && name === 'needs' ? 'yes' : selected, names) })}
                  </a>
                </li>
              ) : (
                ''
              )}
              {values.map((v) => (
                <li>
                  <a href={href(ctx, path, { ...query, [name]: v.value, page: undefined })} aria-current={selected === v.value ? 'true' : undefined}>
                    <span safe>{facetLabel(t, locale, name, v.value, names)}</span>
                    <span class="count" safe>{` (${formatNumber(v.count, locale)})`}</span>
                  </a>
                </li>
              ))}
            </ul>
          </section>
        );
      })}
    </nav>
  );
}

function SearchBox({ ctx, path, filter, withSort }: { ctx: PageContext; path: string; filter: ProjectFilter; withSort: boolean }): JSX.Element {
  const { t } = ctx;
  const hidden = { ...filterQuery(filter), q: undefined, sort: undefined } as Query;
  return (
    <form method="get" action={href(ctx, path)} role="search" class="search-box">
      {Object.entries(hidden)
        .filter(([, v]) => v)
        .map(([k, v]) => (
          <input type="hidden" name={k} value={v} />
        ))}
      <TextField ctx={ctx} name="q" type="search" label={t('search.projects_label')} value={filter.q} />
      {withSort ? <Select ctx={ctx} name="sort" label={t('search.sort')} value={filter.sort ?? (filter.q ? 'relevance' : 'date')} options={projectSorts.map((s) => ({ value: s, label: t(`search.sort.${s}`) }))} /> : ''}
      <div class="actions">
        <button type="submit" safe>
          {t('search.submit')}
        </button>
      </div>
    </form>
  );
}

function ProjectCard({ ctx, row }: { ctx: PageContext; row: ProjectListRow }): JSX.Element {
  const { t, locale } = ctx;
  return (
    <li>
      <article class="card">
        <h2>
          <a href={href(ctx, `/projects/${row.slug}`)} safe>
            {projectTitle(row, locale)}
          </a>
        </h2>
        <p class="meta">
          <span safe>{row.organisationName}</span>
          <span safe>{` · ${code(t, 'status', row.activityStatus)}`}</span>
          {row.totalBudget ? <span safe>{` · ${budgetText(row, locale)}`}</span> : ''}
          {row.startYear ? <span safe>{` · ${row.startYear}${row.endYear && row.endYear !== row.startYear ? `–${row.endYear}` : ''}`}</span> : ''}
        </p>
        {row.publication === 'draft' ? (
          <p>
            <span class="badge muted" safe>
              {t('projects.publication.draft')}
            </span>
          </p>
        ) : (
          ''
        )}
        {row.needsHelp ? (
          <p>
            <span class="badge success" safe>
              {t('search.needs_help')}
            </span>
          </p>
        ) : (
          ''
        )}
        <ul class="tags" aria-label={t('search.where_and_what')}>
          {row.countries.slice(0, 6).map((c) => (
            <li class="tag" safe>
              {countryName(c, locale)}
            </li>
          ))}
          {row.themes
            .filter((th) => !row.themes.some((o) => o !== th && o.startsWith(`${th}-`)))
            .slice(0, 4)
            .map((th) => (
              <li class="tag" safe>
                {themeLabel(th, locale)}
              </li>
            ))}
        </ul>
      </article>
    </li>
  );
}

function ListPage({ ctx, filter, result, names }: { ctx: PageContext; filter: ProjectFilter; result: ProjectSearch; names: Map<string, string> }): JSX.Element {
  const { t } = ctx;
  const query = filterQuery(filter);
  return (
    <Layout ctx={ctx} title={t('search.projects_title')} section="/projects" head={<link rel="stylesheet" href="/assets/atlas.css" />}>
      <div class="page-header">
        <h1 safe>{t('search.projects_title')}</h1>
        <p class="lead" safe>
          {t('search.projects_lead')}
        </p>
        <p class="actions">
          <a class="button secondary" href={href(ctx, '/map', query)} safe>
            {t('search.see_map')}
          </a>
        </p>
      </div>
      <div class="layout-sidebar">
        <aside class="filters">
          <h2 safe>{t('search.filters')}</h2>
          <SearchBox ctx={ctx} path="/projects" filter={filter} withSort />
          <Facets ctx={ctx} path="/projects" filter={filter} facets={result.facets} names={names} />
          <p>
            <a href={href(ctx, '/projects')} safe>
              {t('form.reset')}
            </a>
          </p>
        </aside>
        <section class="results" aria-labelledby="result-count">
          <p class="result-count" id="result-count" role="status" safe>
            {t.plural('search.project_count', result.total)}
          </p>
          {result.items.length === 0 ? (
            <p class="empty" safe>
              {t('search.projects_none')}
            </p>
          ) : (
            <ul class="cards">
              {result.items.map((row) => (
                <ProjectCard ctx={ctx} row={row} />
              ))}
            </ul>
          )}
          <Paging ctx={ctx} path="/projects" query={query} info={{ page: filter.page, pageSize: filter.pageSize, total: result.total }} />
          <p class="export">
            <span safe>{`${t('search.export')} : `}</span>
            <a href={href(ctx, '/projects/export.csv', query)} safe>
              {t('export.csv')}
            </a>
            {' · '}
            <a href={href(ctx, '/projects/export.csv', { ...query, sep: 'semicolon' })} safe>
              {t('export.csv_semicolon')}
            </a>
            {' · '}
            <a href={`/api/v1/projects/locations.geojson?${new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1])).toString()}`} safe>
              {t('search.geojson')}
            </a>
          </p>
        </section>
      </div>
    </Layout>
  );
}

interface MapView {
  zoom: number;
  cx: number;
  cy: number;
}

function MapPage({ ctx, filter, result, names, points, view }: { ctx: PageContext; filter: ProjectFilter; result: ProjectSearch; names: Map<string, string>; points: MapPoint[]; view: MapView }): JSX.Element {
  const { t, locale } = ctx;
  const query = filterQuery(filter);
  const counts = new Map(result.facets.country.map((v) => [v.value, v.count]));
  const max = Math.max(0, ...counts.values());
  const clusters = clusterPoints(points, view.zoom);
  const [vx, vy, vw, vh] = viewBox(view.zoom, view.cx, view.cy);
  const at = (zoom: number, cx: number, cy: number) => href(ctx, '/map', { ...query, zoom: zoom > 1 ? String(zoom) : undefined, cx: zoom > 1 ? String(Math.round(cx)) : undefined, cy: zoom > 1 ? String(Math.round(cy)) : undefined });
  const r = 6 / Math.sqrt(view.zoom);
  // Whole map units at the world view (a unit is under a pixel), tenths when zoomed; zoomed in, only the
  // countries in view. Countries without projects are one path (no link, nothing to say).
  const [bx0, by0, bx1, by1] = [vx, vy, vx + vw, vy + vh];
  const shapes = countryShapes(view.zoom > 1 ? 1 : 0).filter((s) => s.box[2] >= bx0 && s.box[0] <= bx1 && s.box[3] >= by0 && s.box[1] <= by1);
  const land = shapes.filter((s) => !counts.get(s.code)).map((s) => s.path).join('');
  const safeSvg =
    `<svg viewBox="${vx} ${vy} ${vw} ${vh}" width="${mapWidth}" height="${mapHeight}" role="group" aria-labelledby="map-title" class="atlas-map" preserveAspectRatio="xMidYMid meet">` +
    `<title id="map-title">${Html.escapeHtml(t('search.map_svg_title'))}</title>` +
    (land ? `<path class="shade-0" d="${land}"/>` : '') +
    shapes
      .filter((s) => counts.get(s.code))
      .map((s) => {
        const n = counts.get(s.code)!;
        return `<a href="${Html.escapeHtml(href(ctx, '/projects', { ...query, country: s.code, page: undefined }))}"><path d="${s.path}" class="shade-${shade(n, max)}"><title>${Html.escapeHtml(t.plural('search.map_country_count', n, { country: countryName(s.code, locale) }))}</title></path></a>`;
      })
      .join('') +
    clusters
      .map((c) => {
        if (c.points.length === 1 || new Set(c.points.map((p) => p.projectSlug)).size === 1) {
          const p = c.points[0]!;
          return `<a href="${Html.escapeHtml(href(ctx, `/projects/${p.projectSlug}`))}"><circle cx="${c.x}" cy="${c.y}" r="${r}" class="point"><title>${Html.escapeHtml(`${p.label} — ${[...new Set(c.points.map((x) => x.place))].join(', ')}`)}</title></circle></a>`;
        }
        return `<a href="${Html.escapeHtml(at(Math.min(6, view.zoom * 2), c.x, c.y))}"><circle cx="${c.x}" cy="${c.y}" r="${r * 1.8}" class="cluster"><title>${Html.escapeHtml(t.plural('search.map_cluster', c.points.length))}</title></circle><text x="${c.x}" y="${c.y}" class="cluster-count" font-size="${(r * 1.6).toFixed(1)}" dy="0.35em" text-anchor="middle">${c.points.length}</text></a>`;
      })
      .join('') +
    `</svg>`;
  const byProject = new Map<string, MapPoint[]>();
  for (const p of points) byProject.set(p.projectSlug, [...(byProject.get(p.projectSlug) ?? []), p]);
  const step = mapWidth / view.zoom / 3;
  return (
    <Layout ctx={ctx} title={t('search.map_title')} section="/map" head={<link rel="stylesheet" href="/assets/atlas.css" />}>
      <div class="page-header">
        <h1 safe>{t('search.map_title')}</h1>
        <p class="lead" safe>
          {t('search.map_lead')}
        </p>
        <p class="result-count" role="status" safe>
          {t.plural('search.project_count', result.total)}
        </p>
      </div>
      <div class="layout-sidebar">
        <aside class="filters">
          <h2 safe>{t('search.filters')}</h2>
          <SearchBox ctx={ctx} path="/map" filter={filter} withSort={false} />
          <Facets ctx={ctx} path="/map" filter={filter} facets={result.facets} names={names} />
          <p>
            <a href={href(ctx, '/projects', query)} safe>
              {t('search.see_list')}
            </a>
          </p>
        </aside>
        <section class="map-layout" aria-labelledby="map-heading">
          <h2 id="map-heading" class="visually-hidden" safe>
            {t('search.map_title')}
          </h2>
          <nav class="map-controls" aria-label={t('search.map_controls')}>
            <a href={at(Math.min(6, view.zoom * 2), view.cx, view.cy)} safe>
              {t('search.zoom_in')}
            </a>
            <a href={at(Math.max(1, Math.floor(view.zoom / 2)), view.cx, view.cy)} safe>
              {t('search.zoom_out')}
            </a>
            {view.zoom > 1 ? (
              <>
                <a href={at(view.zoom, view.cx - step, view.cy)} safe>
                  {t('search.pan_west')}
                </a>
                <a href={at(view.zoom, view.cx + step, view.cy)} safe>
                  {t('search.pan_east')}
                </a>
                <a href={at(view.zoom, view.cx, view.cy - step)} safe>
                  {t('search.pan_north')}
                </a>
                <a href={at(view.zoom, view.cx, view.cy + step)} safe>
                  {t('search.pan_south')}
                </a>
                <a href={at(1, 0, 0)} safe>
                  {t('search.whole_world')}
                </a>
              </>
            ) : (
              ''
            )}
          </nav>
          <div class="map-frame">{safeSvg}</div>
          <p class="muted" safe>
            {t('search.map_legend')}
          </p>
          <div class="map-list">
            <h3 safe>{t('search.map_countries')}</h3>
            <ul>
              {result.facets.country.map((v) => (
                <li>
                  <a href={href(ctx, '/projects', { ...query, country: v.value, page: undefined })} safe>
                    {t.plural('search.map_country_count', v.count, { country: countryName(v.value, locale) })}
                  </a>
                </li>
              ))}
            </ul>
            <h3 safe>{t('search.map_located')}</h3>
            <ul>
              {[...byProject.entries()].map(([slug, pts]) => (
                <li>
                  <a href={href(ctx, `/projects/${slug}`)} safe>
                    {pts[0]!.label}
                  </a>
                  <span class="meta" safe>{` — ${pts.map((p) => p.place).join(', ')}`}</span>
                </li>
              ))}
            </ul>
          </div>
        </section>
      </div>
    </Layout>
  );
}

function SearchPage({ ctx, q, hits }: { ctx: PageContext; q: string; hits: SiteSearchHit[] }): JSX.Element {
  const { t } = ctx;
  const mark = (headline: string) => Html.escapeHtml(headline).replace(/\[\[\[mark\]\]\]/g, '<mark>').replace(/\[\[\[\/mark\]\]\]/g, '</mark>');
  return (
    <Layout ctx={ctx} title={t('search.title')} section="/search">
      <h1 safe>{t('search.title')}</h1>
      <form method="get" action={href(ctx, '/search')} role="search">
        <TextField ctx={ctx} name="q" type="search" label={t('search.label')} value={q} />
        <div class="actions">
          <button type="submit" safe>
            {t('search.submit')}
          </button>
        </div>
      </form>
      {q ? (
        <p class="result-count" role="status" safe>
          {t.plural('search.hit_count', hits.length)}
        </p>
      ) : (
        ''
      )}
      {q && hits.length === 0 ? (
        <p class="empty" safe>
          {t('search.none')}
        </p>
      ) : (
        ''
      )}
      <ol class="stack search-hits">
        {hits.map((h) => {
          const safeHeadline = mark(h.headline);
          return (
            <li>
              <span class="badge muted" safe>
                {t(`search.type.${h.type}`)}
              </span>{' '}
              <a href={href(ctx, h.type === 'project' ? `/projects/${h.slug}` : `/organisations/${h.slug}`)} safe>
                {h.title}
              </a>
              <p>{safeHeadline}</p>
            </li>
          );
        })}
      </ol>
    </Layout>
  );
}

export function registerSearchPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db, config } = deps;
  const loadFilter = (q: Record<string, string | string[]>) => parseLeniently(projectFilterSchema, q);
  const facetNamesOf = async (result: ProjectSearch) => organisationNames(db, [...new Set([...result.facets.organisation, ...result.facets.funder].map((v) => v.value))]);

  pages.get('/projects', async (ctx, req, reply) => {
    const filter = loadFilter(readQuery(req));
    const result = await searchProjects(db, ctx.actor, filter);
    return sendPage(reply, <ListPage ctx={ctx} filter={filter} result={result} names={await facetNamesOf(result)} />);
  });

  pages.get('/projects/export.csv', async (ctx, req, reply) => {
    const query = readQuery(req);
    const filter = loadFilter(query);
    const result = await searchProjects(db, ctx.actor, filter, { withFacets: false, limit: 20_000, offset: 0 });
    const csv = toCsv(csvHeader(ctx.t), result.items.map((row) => csvRow(row, ctx.t, ctx.locale, config.baseUrl)), csvSeparator(query.sep));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="projects-${ctx.locale}.csv"`).send(csv);
  });

  pages.get('/map', async (ctx, req, reply) => {
    const query = readQuery(req);
    const filter = loadFilter(query);
    const { zoom } = parseLeniently(mapQuerySchema, query);
    const num = (v: unknown, fallback: number, max: number) => (typeof v === 'string' && /^-?\d{1,5}$/.test(v) ? Math.max(0, Math.min(max, Number(v))) : fallback);
    // Zoomed in without a centre: Africa, where most projects are.
    const [ax, ay] = project(15, 5);
    const view = { zoom, cx: num(query.cx, zoom > 1 ? ax : mapWidth / 2, mapWidth), cy: num(query.cy, zoom > 1 ? ay : mapHeight / 2, mapHeight) };
    const [result, located] = await Promise.all([searchProjects(db, ctx.actor, { ...filter, pageSize: 1, page: 1 }), locatedProjects(db, ctx.actor, filter)]);
    const points = located.map((l) => ({ lat: l.lat, lng: l.lng, projectSlug: l.slug, label: projectTitle(l, ctx.locale), place: l.name }));
    return sendPage(reply, <MapPage ctx={ctx} filter={filter} result={result} names={await facetNamesOf(result)} points={points} view={view} />);
  });

  pages.get('/search', async (ctx, req, reply) => {
    const raw = readQuery(req).q;
    const q = (cleanText(raw) ?? '').slice(0, 200);
    const hits = q ? await searchSite(db, ctx.actor, q, ctx.locale) : [];
    return sendPage(reply, <SearchPage ctx={ctx} q={q} hits={hits} />);
  });
}
