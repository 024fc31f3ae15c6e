// Key figures pages (territory and per funder) with SVG charts, the same numbers as tables, a CSV download per
// table, and the PDF leaflets (a funder's programme, an organisation). Read-only and public: no form, no session
// needed; the numbers are computed from the records on each request.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { csvSeparator, toCsv } from '../../kernel/csv.ts';
import { AppError } from '../../kernel/errors.ts';
import { readQuery } from '../../kernel/form-body.ts';
import { formatNumber } from '../../kernel/format.ts';
import { BarChart } from '../../kernel/html/bar-chart.tsx';
import { Layout } from '../../kernel/html/layout.tsx';
import { pick } from '../../kernel/i18n.ts';
import { formatMoney } from '../../kernel/money.ts';
import { href, pageRoutes, sendPage, type PageContext } from '../../kernel/web.ts';
import { renderFunderLeaflet, renderOrganisationLeaflet } from './leaflet.ts';
import { figureTables, isTableKey, tableCsvRows, type FigureTable } from './present.ts';
import { findFunderBySlug, highlightedAwards, keyFigures, listFunders, openCallsOf, organisationLeaflet, type Figures, type FunderBrief } from './queries.ts';

const SLUG = /^[a-z0-9][a-z0-9-]{0,120}$/;

function FigureSection({ ctx, table, csvHref }: { ctx: PageContext; table: FigureTable; csvHref: string }): JSX.Element {
  const { t, locale } = ctx;
  const fmt = (v: number) => (table.kind === 'money' ? formatMoney(v, 'EUR', locale) : formatNumber(v, locale));
  const id = `fig-${table.key}`;
  const chartTitle = table.kind === 'money' ? t('stats.chart_committed_paid', { what: table.title }) : t('stats.chart_count', { what: table.title });
  return (
    <section aria-labelledby={id} class="figure-section">
      <h2 id={id} safe>
        {table.title}
      </h2>
      {table.rows.length === 0 ? (
        <p class="muted" safe>
          {t('stats.empty')}
        </p>
      ) : (
        <>
          <BarChart id={`chart-${table.key}`} title={chartTitle} labels={table.rows.map((r) => r.label)} series={table.columns.map((label, i) => ({ label, values: table.rows.map((r) => r.values[i] ?? 0) }))} format={fmt} />
          <div class="table-wrap">
            <table class="data" id={`table-${table.key}`}>
              <caption safe>{table.title}</caption>
              <thead>
                <tr>
                  <th scope="col" safe>
                    {table.labelHeader}
                  </th>
                  {table.columns.map((c) => (
                    <th scope="col" class="num" safe>
                      {c}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr>
                    <th scope="row" safe>
                      {r.label}
                    </th>
                    {r.values.map((v) => (
                      <td class="num" safe>
                        {fmt(v)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
              {table.totals ? (
                <tfoot>
                  <tr>
                    <th scope="row" safe>
                      {table.totalLabel}
                    </th>
                    {table.totals.map((v) => (
                      <td class="num" safe>
                        {fmt(v)}
                      </td>
                    ))}
                  </tr>
                </tfoot>
              ) : (
                ''
              )}
            </table>
          </div>
        </>
      )}
      <p>
        <a href={csvHref} safe>
          {`${t('stats.csv')} — ${table.title}`}
        </a>
      </p>
    </section>
  );
}

function FiguresPage({ ctx, figures, funder, funders, base }: { ctx: PageContext; figures: Figures; funder: FunderBrief | null; funders: FunderBrief[]; base: string }): JSX.Element {
  const { t, locale } = ctx;
  const funderName = funder ? pick({ fr: funder.nameFr, en: funder.nameEn }, locale).text : '';
  const title = funder ? t('stats.title_funder', { name: funderName }) : t('stats.title_territory');
  const tables = figureTables(figures, t, locale);
  const projects = figures.projectsByStatus.reduce((s, r) => s + r.count, 0);
  const kpis: [string, string][] = [
    [formatMoney(figures.totals.committedCents, 'EUR', locale), t('stats.kpi_committed')],
    [formatMoney(figures.totals.paidCents, 'EUR', locale), t('stats.kpi_paid')],
    [formatNumber(figures.totals.awards, locale), t('stats.kpi_awards')],
    [formatNumber(projects, locale), t('stats.kpi_projects')],
    [formatNumber(figures.jobs.staff, locale), t('stats.kpi_staff')],
  ];
  return (
    <Layout ctx={ctx} title={title} section="/figures">
      <div class="page-header">
        <h1 safe>{title}</h1>
        <p class="lead" safe>
          {t(funder ? 'stats.lead_funder' : 'stats.lead_territory')}
        </p>
      </div>
      <div class="kpis">
        {kpis.map(([value, label]) => (
          <p class="kpi">
            <span class="kpi-value" safe>
              {value}
            </span>
            <span class="kpi-label" safe>
              {label}
            </span>
          </p>
        ))}
      </div>
      {funder ? (
        <p>
          <a class="button" href={href(ctx, `/funders/${funder.slug}/leaflet.pdf`)} safe>
            {t('stats.leaflet')}
          </a>
        </p>
      ) : funders.length ? (
        <nav aria-labelledby="funders-title">
          <h2 id="funders-title" safe>
            {t('stats.funders')}
          </h2>
          <ul>
            {funders.map((f) => (
              <li>
                <a href={href(ctx, `/funders/${f.slug}/figures`)} safe>
                  {pick({ fr: f.nameFr, en: f.nameEn }, locale).text}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      ) : (
        ''
      )}
      {tables.map((table) => (
        <FigureSection ctx={ctx} table={table} csvHref={href(ctx, `${base}/export.csv`, { table: table.key })} />
      ))}
      <section aria-labelledby="method-title">
        <h2 id="method-title" safe>
          {t('stats.method_title')}
        </h2>
        {['stats.method_committed', 'stats.method_lines', 'stats.method_split', 'stats.method_currency', 'stats.method_projects', 'stats.method_atlas', funder ? 'stats.method_orgs_funder' : 'stats.method_orgs_territory'].map((k) => (
          <p safe>{t(k)}</p>
        ))}
      </section>
    </Layout>
  );
}

function sendCsv(reply: FastifyReply, ctx: PageContext, figures: Figures, tableKey: unknown, sep: unknown, filePrefix: string) {
  if (!isTableKey(tableKey)) throw new AppError('not_found');
  const table = figureTables(figures, ctx.t, ctx.locale).find((x) => x.key === tableKey)!;
  const { header, rows } = tableCsvRows(table);
  return reply
    .type('text/csv; charset=utf-8')
    .header('content-disposition', `attachment; filename="${filePrefix}-${tableKey}.csv"`)
    .send(toCsv(header, rows, csvSeparator(sep)));
}

export function registerStatsPages(app: FastifyInstance, deps: Deps): void {
  const { db } = deps;
  const pages = pageRoutes(app);
  const funderOf = async (slug: string) => {
    const funder = SLUG.test(slug) ? await findFunderBySlug(db, slug) : undefined;
    if (!funder) throw new AppError('not_found');
    return funder;
  };

  pages.get('/figures', async (ctx, _req, reply) => {
    const [figures, funders] = await Promise.all([keyFigures(db, {}), listFunders(db)]);
    return sendPage(reply, <FiguresPage ctx={ctx} figures={figures} funder={null} funders={funders} base="/figures" />);
  });
  pages.get('/figures/export.csv', async (ctx, req, reply) => {
    const q = readQuery(req);
    return sendCsv(reply, ctx, await keyFigures(db, {}), q.table, q.sep, 'chiffres-cles');
  });
  pages.get('/funders/:slug/figures', async (ctx, req, reply) => {
    const funder = await funderOf((req.params as { slug: string }).slug);
    const figures = await keyFigures(db, { funderId: funder.id });
    return sendPage(reply, <FiguresPage ctx={ctx} figures={figures} funder={funder} funders={[]} base={`/funders/${funder.slug}/figures`} />);
  });
  pages.get('/funders/:slug/figures/export.csv', async (ctx, req, reply) => {
    const funder = await funderOf((req.params as { slug: string }).slug);
    const q = readQuery(req);
    return sendCsv(reply, ctx, await keyFigures(db, { funderId: funder.id }), q.table, q.sep, funder.slug);
  });
  pages.get('/funders/:slug/leaflet.pdf', async (ctx, req, reply) => {
    const funder = await funderOf((req.params as { slug: string }).slug);
    const now = new Date();
    const [figures, calls, highlighted] = await Promise.all([keyFigures(db, { funderId: funder.id }), openCallsOf(db, funder.id, now), highlightedAwards(db, funder.id)]);
    const pdf = await renderFunderLeaflet({
      t: ctx.t,
      locale: ctx.locale,
      siteName: ctx.site.name,
      funderName: pick({ fr: funder.nameFr, en: funder.nameEn }, ctx.locale).text,
      tables: figureTables(figures, ctx.t, ctx.locale),
      totals: figures.totals,
      openCalls: calls.map((c) => ({ title: pick({ fr: c.titleFr, en: c.titleEn }, ctx.locale).text, closesAt: c.closesAt })),
      highlighted,
      now,
    });
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${funder.slug}-${ctx.locale}.pdf"`).send(pdf);
  });
  pages.get('/organisations/:slug/leaflet.pdf', async (ctx, req, reply) => {
    const slug = (req.params as { slug: string }).slug;
    const org = SLUG.test(slug) ? await organisationLeaflet(db, slug) : undefined;
    if (!org) throw new AppError('not_found');
    const pdf = await renderOrganisationLeaflet({ t: ctx.t, locale: ctx.locale, siteName: ctx.site.name, org, now: new Date() });
    return reply.type('application/pdf').header('content-disposition', `inline; filename="${org.slug}-${ctx.locale}.pdf"`).send(pdf);
  });
}
