// The home page and the legal pages every public site owes its visitors.
import { Html } from '@kitajs/html';
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { formatDate, formatDateTime, formatNumber } from '../../kernel/format.ts';
import { formatMoney } from '../../kernel/money.ts';
import { pick } from '../../kernel/i18n.ts';
import { Layout } from '../../kernel/html/layout.tsx';
import { openApiDocument } from '../../kernel/api.ts';
import { href, pageRoutes, sendPage, type PageContext } from '../../kernel/web.ts';
import { countryName } from '../taxonomy/countries.ts';
import { countryShapes, mapHeight, mapWidth, shade } from '../taxonomy/geo.ts';
import { homeData } from './queries.ts';

/** The compact map of the home page: countries shaded by their number of projects, each a link to its list. */
function homeMap(ctx: PageContext, counts: readonly { code: string; count: number }[]): string {
  const byCode = new Map(counts.map((c) => [c.code, c.count]));
  const max = Math.max(0, ...byCode.values());
  return (
    `<svg viewBox="0 0 ${mapWidth} ${mapHeight}" width="${mapWidth}" height="${mapHeight}" role="group" aria-labelledby="home-map-title" class="atlas-map home-map" preserveAspectRatio="xMidYMid meet">` +
    `<title id="home-map-title">${Html.escapeHtml(ctx.t('site.home_map_svg'))}</title>` +
    countryShapes()
      .map((s) => {
        const n = byCode.get(s.code) ?? 0;
        if (n === 0) return `<path d="${s.path}" class="shade-0"></path>`;
        const label = Html.escapeHtml(ctx.t.plural('site.home_map_country', n, { country: countryName(s.code, ctx.locale) }));
        return `<a href="${Html.escapeHtml(href(ctx, '/projects', { country: s.code }))}"><path d="${s.path}" class="shade-${shade(n, max)}"><title>${label}</title></path></a>`;
      })
      .join('') +
    `</svg>`
  );
}

type Home = Awaited<ReturnType<typeof homeData>>;

function HomePage({ ctx, data }: { ctx: PageContext; data: Home }): JSX.Element {
  const { t } = ctx;
  const safeMap = homeMap(ctx, data.projectCountries);
  return (
    <Layout ctx={ctx} title={ctx.site.name} section="/" head={<link rel="stylesheet" href="/assets/atlas.css" />}>
      <div class="page-header">
        <h1 safe>{ctx.site.name}</h1>
        <p class="lead" safe>
          {t('site.home_lead')}
        </p>
      </div>
      <section aria-labelledby="home-figures">
        <h2 id="home-figures" safe>
          {t('site.home_figures')}
        </h2>
        <div class="kpis">
          {(
            [
              [formatNumber(data.organisationCount, ctx.locale), t('site.kpi_organisations')],
              [formatNumber(data.kpis.projects, ctx.locale), t('site.kpi_projects')],
              [formatMoney(data.kpis.committedCents, 'EUR', ctx.locale), t('site.kpi_committed')],
              [formatMoney(data.kpis.paidCents, 'EUR', ctx.locale), t('site.kpi_paid')],
              [formatNumber(data.kpis.jobs, ctx.locale), t('site.kpi_jobs')],
            ] as [string, string][]
          ).map(([value, label]) => (
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
        <p>
          <a href={href(ctx, '/figures')} safe>
            {t('site.see_figures')}
          </a>
        </p>
      </section>
      <section aria-labelledby="home-projects" class="home-map-block">
        <h2 id="home-projects" safe>
          {t('site.home_projects')}
        </h2>
        <p safe>{t('site.home_projects_text')}</p>
        <div class="map-frame">{safeMap}</div>
        {data.projectCountries.length ? (
          <ul class="inline-list">
            {data.projectCountries.slice(0, 8).map((c) => (
              <li>
                <a href={href(ctx, '/projects', { country: c.code })} safe>
                  {t.plural('site.home_map_country', c.count, { country: countryName(c.code, ctx.locale) })}
                </a>
              </li>
            ))}
          </ul>
        ) : (
          ''
        )}
        <p>
          <a href={href(ctx, '/map')} safe>
            {t('site.see_map')}
          </a>
          {' · '}
          <a href={href(ctx, '/events', { view: 'map' })} safe>
            {t('site.see_events_map')}
          </a>
        </p>
        <p>
          <a class="button secondary" href={href(ctx, '/projects')} safe>
            {t('site.see_projects')}
          </a>
        </p>
      </section>
      <div class="home-columns">
        <section aria-labelledby="home-calls">
          <h2 id="home-calls" safe>
            {t('site.home_calls')}
          </h2>
          {data.openCalls.length ? (
            <ul>
              {data.openCalls.map((c) => (
                <li>
                  <a href={href(ctx, `/calls/${c.slug}`)} safe>
                    {pick(c.title, ctx.locale).text}
                  </a>{' '}
                  <span class="muted" safe>
                    {t('site.closes_on', { date: formatDate(c.closesAt, ctx.locale) })}
                  </span>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted" safe>
              {t('site.no_open_calls')}
            </p>
          )}
          <p>
            <a href={href(ctx, '/calls')} safe>
              {t('site.see_calls')}
            </a>
          </p>
        </section>
        <section aria-labelledby="home-events">
          <h2 id="home-events" safe>
            {t('site.home_events')}
          </h2>
          {data.upcomingEvents.length ? (
            <ul>
              {data.upcomingEvents.map((e) => (
                <li>
                  <a href={href(ctx, `/events/${e.slug}`)} safe>
                    {pick(e.title, ctx.locale).text}
                  </a>{' '}
                  <time class="muted" datetime={e.startsAt.toISOString()} safe>
                    {formatDateTime(e.startsAt, ctx.locale, e.timeZone)}
                  </time>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted" safe>
              {t('site.no_events')}
            </p>
          )}
          <p>
            <a href={href(ctx, '/events')} safe>
              {t('site.see_events')}
            </a>
          </p>
        </section>
        <section aria-labelledby="home-news">
          <h2 id="home-news" safe>
            {t('site.home_news')}
          </h2>
          {data.latestNews.length ? (
            <ul>
              {data.latestNews.map((n) => (
                <li>
                  <a href={href(ctx, `/news/${n.slug}`)} safe>
                    {pick(n.title, ctx.locale).text}
                  </a>{' '}
                  <time class="muted" datetime={n.publishedAt.toISOString()} safe>
                    {formatDate(n.publishedAt, ctx.locale)}
                  </time>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted" safe>
              {t('site.no_news')}
            </p>
          )}
          <p>
            <a href={href(ctx, '/news')} safe>
              {t('site.see_news')}
            </a>
          </p>
        </section>
      </div>
      <section aria-labelledby="logo-wall">
        <h2 id="logo-wall" safe>
          {t('site.logo_wall')}
        </h2>
        <p class="muted" safe>
          {t('site.logo_wall_hint')}
        </p>
        <ul class="logo-wall">
          {data.logoWall.map((o) => {
            const name = pick(o.name, ctx.locale).text;
            const img = o.logoFileId ? <img src={`/files/${o.logoFileId}`} alt="" width="96" height="96" loading="lazy" /> : '';
            return (
              <li>
                <a href={o.website ?? href(ctx, `/organisations/${o.slug}`)} rel={o.website ? 'noopener' : undefined}>
                  {img}
                  <span class="logo-name" safe>
                    {name}
                  </span>
                </a>
              </li>
            );
          })}
        </ul>
        <p>
          <a class="button" href={href(ctx, '/organisations')} safe>
            {t('site.see_directory')}
          </a>
        </p>
      </section>
    </Layout>
  );
}

function TextPage({ ctx, title, paragraphs }: { ctx: PageContext; title: string; paragraphs: string[] }): JSX.Element {
  const email = ctx.site.contactEmail;
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      {paragraphs.map((p) => (
        <p safe>{p}</p>
      ))}
      {email ? (
        <p>
          <span safe>{ctx.t('site.contact_us')}</span> <a href={`mailto:${email}`} safe>{email}</a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

export function registerSitePages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  pages.get('/', async (ctx, _req, reply) => sendPage(reply, <HomePage ctx={ctx} data={await homeData(deps.db, ctx.actor)} />));
  pages.get('/legal', (ctx, _req, reply) => sendPage(reply, <TextPage ctx={ctx} title={ctx.t('site.legal_title')} paragraphs={[ctx.t('site.legal_text', { name: ctx.site.name })]} />));
  pages.get('/privacy', (ctx, _req, reply) =>
    sendPage(
      reply,
      <TextPage
        ctx={ctx}
        title={ctx.t('site.privacy_title')}
        paragraphs={[ctx.t('site.privacy_cookie'), ctx.t('site.privacy_kept', { days: deps.config.pledgeRetentionDays }), ctx.t('site.privacy_accounts', { idle: deps.config.session.idleMinutes, days: Math.round(deps.config.session.absoluteHours / 24), mailDays: deps.config.mail.retentionDays }), ctx.t('site.privacy_rights')]}
      />,
    ),
  );
  pages.get('/accessibility', (ctx, _req, reply) =>
    sendPage(reply, <TextPage ctx={ctx} title={ctx.t('site.accessibility_title')} paragraphs={[ctx.t('site.accessibility_text'), ctx.t('site.accessibility_contact')]} />),
  );
}

interface OpenApiOperation {
  summary: string;
  operationId: string;
  parameters?: { name: string; in: string; description: string; required?: boolean }[];
}

/** A readable, script-free page describing every endpoint of the OpenAPI document. */
function ApiDocsPage({ ctx, doc }: { ctx: PageContext; doc: { paths: Record<string, Record<string, OpenApiOperation>> } }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('site.api_title')}>
      <h1 safe>{t('site.api_title')}</h1>
      <p safe>{t('site.api_lead')}</p>
      <p>
        <a href="/api/openapi.json" safe>
          {t('site.api_document')}
        </a>
      </p>
      {Object.entries(doc.paths).map(([path, operations]) =>
        Object.entries(operations).map(([method, op]) => (
          <section class="api-operation" aria-labelledby={`op-${op.operationId}`}>
            <h2 id={`op-${op.operationId}`}>
              <code safe>{`${method.toUpperCase()} ${path}`}</code>
            </h2>
            <p safe>{op.summary}</p>
            {op.parameters?.length ? (
              <div class="table-wrap">
                <table class="data">
                  <caption safe>{t('site.api_parameters')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" safe>
                        {t('site.api_name')}
                      </th>
                      <th scope="col" safe>
                        {t('site.api_in')}
                      </th>
                      <th scope="col" safe>
                        {t('site.api_description')}
                      </th>
                    </tr>
                  </thead>
                  <tbody>
                    {op.parameters.map((p) => (
                      <tr>
                        <td>
                          <code safe>{p.name}</code>
                        </td>
                        <td safe>{p.in}</td>
                        <td safe>{p.description}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              ''
            )}
          </section>
        )),
      )}
    </Layout>
  );
}

export function registerApiDocsPage(app: FastifyInstance, deps: Deps): void {
  app.get('/api/docs', async (req, reply) => {
    const doc = openApiDocument({ title: 'Passerelle API', version: '1', serverUrl: deps.config.baseUrl }) as { paths: Record<string, Record<string, OpenApiOperation>> };
    return sendPage(reply, <ApiDocsPage ctx={req.ctx} doc={doc} />);
  });
}
