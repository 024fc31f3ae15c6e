// The events calendar (list and month grid, filters, iCalendar feeds, CSV), one event with its registration
// form and "add to calendar" link, series pages, the registrant's cancellation page, the organisers' forms
// and registration list.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { csvSeparator, toCsv } from '../../kernel/csv.ts';
import { AppError, type Failure } from '../../kernel/errors.ts';
import { readForm, readQuery } from '../../kernel/form-body.ts';
import { formatDateTime } from '../../kernel/format.ts';
import { CheckboxGroup, CsrfField, ErrorSummary, Select, TextArea, TextField } from '../../kernel/html/forms.tsx';
import { LinkList } from '../../kernel/html/link-list.tsx';
import { Layout } from '../../kernel/html/layout.tsx';
import { Paging } from '../../kernel/html/paging.tsx';
import { registerSection } from '../../kernel/page-sections.ts';
import { intlLocale, type Locale } from '../../kernel/i18n.ts';
import { parseLeniently } from '../../kernel/lenient.ts';
import { renderRichText } from '../../kernel/rich-text.ts';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { themeLabel, themeOptions } from '../taxonomy/themes.ts';
import { cancelRegistration, createEvent, createSeries, eraseRegistration, hashToken, registerForEvent, updateEvent, type MailContext } from './commands.ts';
import { icsCalendar } from './ical.ts';
import { eventMapSvg } from './map.ts';
import { can } from './policy.ts';
import { csvHeader, csvRow, eventDescription, eventPath, eventPlace, eventTitle, eventWhen, formValues, icsEvent, organiserName, seatsLeft, seriesTitle } from './present.ts';
import {
  findEventById,
  findEventBySlug,
  findRegistrationByTokenHash,
  findSeriesBySlug,
  listAllEvents,
  listEvents,
  listRegistrations,
  listSeries,
  organiserChoices,
  organisersOf,
  organisersWithEvents,
  upcomingEventsOf,
  registrationCounts,
  seriesByIds,
  type EventRow,
  type OrganiserRow,
  type Period,
  type RegistrationRow,
  type SeriesRow,
} from './queries.ts';
import { eventFilterSchema, eventInputSchema, eventStatuses, registrationInputSchema, seriesInputSchema, versionSchema, type EventFilter } from './schema.ts';
import { timeZones, zonedDay, zonedToInstant } from './time.ts';

type Values = Record<string, string | string[]>;
const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '');
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const filterQuery = (f: Partial<EventFilter>): Record<string, string | undefined> => ({ theme: f.theme, organiser: f.organiser, series: f.series, from: f.from, to: f.to });
const pad = (n: number) => String(n).padStart(2, '0');

/** The period a filter covers: the month for the grid, else from/to (the list starts today by default). */
function periodOf(filter: EventFilter, now: Date): { period: Period; month: string } {
  const today = zonedDay(now, 'Europe/Paris');
  const month = filter.month ?? (filter.from ?? today).slice(0, 7);
  if (filter.view === 'month') {
    const [y, m] = month.split('-').map(Number) as [number, number];
    const next = m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
    return { period: { from: zonedToInstant(`${month}-01T00:00`, 'Europe/Paris')!, to: zonedToInstant(`${next}-01T00:00`, 'Europe/Paris')! }, month };
  }
  const from = zonedToInstant(`${filter.from ?? today}T00:00`, 'Europe/Paris') ?? undefined;
  const to = filter.to ? (zonedToInstant(`${filter.to}T23:59`, 'Europe/Paris') ?? undefined) : undefined;
  return { period: { from, to }, month };
}

function EventCard({ ctx, row, organisers, confirmed }: { ctx: PageContext; row: EventRow; organisers: Map<string, OrganiserRow>; confirmed: number }): JSX.Element {
  const { t, locale } = ctx;
  const title = eventTitle(row, locale);
  const left = seatsLeft(row, confirmed);
  return (
    <li>
      <article class="card">
        <h2 lang={title.lang === locale ? undefined : title.lang}>
          <a href={href(ctx, eventPath(row))} safe>
            {title.text}
          </a>
        </h2>
        <p class="meta">
          <time datetime={row.startsAt.toISOString()} safe>
            {eventWhen(row, locale)}
          </time>
        </p>
        <p class="meta" safe>
          {eventPlace(row) || (row.onlineUrl ? t('events.online') : '')}
        </p>
        <p class="meta" safe>
          {row.organiserIds
            .map((id) => organisers.get(id))
            .filter((o): o is OrganiserRow => !!o)
            .map((o) => organiserName(o, locale))
            .join(', ')}
        </p>
        {row.status === 'cancelled' ? (
          <p>
            <span class="badge muted" safe>
              {t('events.cancelled')}
            </span>
          </p>
        ) : left === null ? (
          ''
        ) : left === 0 ? (
          <p>
            <span class="badge muted" safe>
              {t('events.full')}
            </span>
          </p>
        ) : (
          <p>
            <span class="badge success" safe>
              {t.plural('events.seats_left', left)}
            </span>
          </p>
        )}
      </article>
    </li>
  );
}

/** The month as an accessible table: a caption, weekday column headers, one cell per day with its events. */
function MonthGrid({ ctx, month, rows }: { ctx: PageContext; month: string; rows: EventRow[] }): JSX.Element {
  const { t, locale } = ctx;
  const [y, m] = month.split('-').map(Number) as [number, number];
  const first = new Date(Date.UTC(y, m - 1, 1));
  const days = new Date(Date.UTC(y, m, 0)).getUTCDate();
  const lead = (first.getUTCDay() + 6) % 7; // Monday first
  const byDay = new Map<number, EventRow[]>();
  for (const row of rows) {
    const day = zonedDay(row.startsAt, row.timeZone);
    if (day.slice(0, 7) !== month) continue;
    const d = Number(day.slice(8, 10));
    byDay.set(d, [...(byDay.get(d) ?? []), row]);
  }
  const weekdayLong = new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'long', timeZone: 'UTC' });
  const weekdayShort = new Intl.DateTimeFormat(intlLocale(locale), { weekday: 'short', timeZone: 'UTC' });
  const monthName = new Intl.DateTimeFormat(intlLocale(locale), { month: 'long', year: 'numeric', timeZone: 'UTC' }).format(first);
  const time = (row: EventRow) => new Intl.DateTimeFormat(intlLocale(locale), { timeStyle: 'short', timeZone: row.timeZone }).format(row.startsAt);
  const cells: (number | null)[] = [...Array.from({ length: lead }, () => null), ...Array.from({ length: days }, (_, i) => i + 1)];
  while (cells.length % 7) cells.push(null);
  const weeks = Array.from({ length: cells.length / 7 }, (_, w) => cells.slice(w * 7, w * 7 + 7));
  const mondays = Array.from({ length: 7 }, (_, i) => new Date(Date.UTC(2024, 0, 1 + i))); // 1 Jan 2024 was a Monday
  return (
    <div class="table-wrap">
      <table class="data month-grid">
        <caption safe>{t('events.month_caption', { month: monthName })}</caption>
        <thead>
          <tr>
            {mondays.map((d) => (
              <th scope="col">
                <abbr title={weekdayLong.format(d)} safe>
                  {weekdayShort.format(d)}
                </abbr>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {weeks.map((week) => (
            <tr>
              {week.map((d) =>
                d === null ? (
                  <td></td>
                ) : (
                  <td>
                    <span class="day-number" safe>
                      {String(d)}
                    </span>
                    {byDay.get(d)?.length ? (
                      <ul>
                        {byDay.get(d)!.map((row) => (
                          <li>
                            <a href={href(ctx, eventPath(row))}>
                              <span safe>{`${time(row)} `}</span>
                              <span safe>{eventTitle(row, locale).text}</span>
                            </a>
                          </li>
                        ))}
                      </ul>
                    ) : (
                      ''
                    )}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function CalendarView(props: {
  ctx: PageContext;
  filter: EventFilter;
  month: string;
  rows: EventRow[];
  total: number;
  organisers: Map<string, OrganiserRow>;
  counts: Map<string, { confirmed: number; waiting: number }>;
  organiserOptions: OrganiserRow[];
  series: SeriesRow[];
}): JSX.Element {
  const { ctx, filter, month, rows, total, organisers, counts, organiserOptions, series } = props;
  const { t, locale } = ctx;
  const query = filterQuery(filter);
  const isMonth = filter.view === 'month';
  const isMap = filter.view === 'map';
  const safeMap = isMap ? eventMap(ctx, rows) : '';
  const [y, m] = month.split('-').map(Number) as [number, number];
  const prev = m === 1 ? `${y - 1}-12` : `${y}-${pad(m - 1)}`;
  const next = m === 12 ? `${y + 1}-01` : `${y}-${pad(m + 1)}`;
  const feedQuery = { theme: filter.theme, organiser: filter.organiser, series: filter.series };
  return (
    <Layout
      ctx={ctx}
      title={t('events.title')}
      section="/events"
      head={
        <>
          <link rel="alternate" type="text/calendar" title={t('events.subscribe')} href={href(ctx, '/events/feed.ics', feedQuery)} />
          {isMap ? <link rel="stylesheet" href="/assets/atlas.css" /> : ''}
        </>
      }
    >
      <div class="page-header">
        <h1 safe>{t('events.title')}</h1>
        <p class="lead" safe>
          {t('events.lead')}
        </p>
        {can(ctx.actor, 'create') ? (
          <p class="actions">
            <a class="button" href={href(ctx, '/events/new')} safe>
              {t('events.new')}
            </a>{' '}
            <a class="button secondary" href={href(ctx, '/events/series/new')} safe>
              {t('events.series_new')}
            </a>
          </p>
        ) : (
          ''
        )}
      </div>
      <div class="layout-sidebar">
        <aside class="filters">
          <h2 safe>{t('events.filters')}</h2>
          <form method="get" action={href(ctx, '/events')}>
            {isMonth ? <input type="hidden" name="view" value="month" /> : ''}
            {isMonth ? <input type="hidden" name="month" value={month} /> : ''}
            {isMap ? <input type="hidden" name="view" value="map" /> : ''}
            <Select ctx={ctx} name="theme" label={t('events.filter.theme')} value={filter.theme} emptyLabel={t('form.any')} options={themeOptions(locale)} />
            <Select
              ctx={ctx}
              name="organiser"
              label={t('events.filter.organiser')}
              value={filter.organiser}
              emptyLabel={t('form.any')}
              options={organiserOptions.map((o) => ({ value: o.slug, label: organiserName(o, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale))}
            />
            <Select ctx={ctx} name="series" label={t('events.filter.series')} value={filter.series} emptyLabel={t('form.any')} options={series.map((s) => ({ value: s.slug, label: seriesTitle(s, locale).text }))} />
            {isMonth ? (
              ''
            ) : (
              <>
                <TextField ctx={ctx} name="from" type="date" label={t('events.filter.from')} value={filter.from} />
                <TextField ctx={ctx} name="to" type="date" label={t('events.filter.to')} value={filter.to} />
              </>
            )}
            <div class="actions">
              <button type="submit" safe>
                {t('form.filter')}
              </button>
              <a href={href(ctx, '/events')} safe>
                {t('form.reset')}
              </a>
            </div>
          </form>
          <p>
            <a href={href(ctx, '/events/feed.ics', feedQuery)} type="text/calendar" safe>
              {t('events.subscribe')}
            </a>
          </p>
        </aside>
        <section class="results" aria-labelledby="result-count">
          <nav class="view-switch" aria-label={t('events.views')}>
            <a href={href(ctx, '/events', { ...query, from: undefined, to: undefined })} aria-current={isMonth || isMap ? undefined : 'page'} safe>
              {t('events.view.list')}
            </a>
            {' · '}
            <a href={href(ctx, '/events', { ...query, view: 'map' })} aria-current={isMap ? 'page' : undefined} safe>
              {t('events.view.map')}
            </a>
            {' · '}
            <a href={href(ctx, '/events', { ...query, from: undefined, to: undefined, view: 'month', month })} aria-current={isMonth ? 'page' : undefined} safe>
              {t('events.view.month')}
            </a>
          </nav>
          <p class="result-count" id="result-count" role="status" safe>
            {t.plural('events.result_count', total)}
          </p>
          {isMonth ? (
            <>
              <p class="actions">
                <a rel="prev" href={href(ctx, '/events', { ...feedQuery, view: 'month', month: prev })} safe>
                  {t('events.previous_month')}
                </a>
                <a rel="next" href={href(ctx, '/events', { ...feedQuery, view: 'month', month: next })} safe>
                  {t('events.next_month')}
                </a>
              </p>
              <MonthGrid ctx={ctx} month={month} rows={rows} />
            </>
          ) : rows.length === 0 ? (
            <p class="empty" safe>
              {t('events.none')}
            </p>
          ) : isMap ? (
            <>
              <div class="map-frame">{safeMap}</div>
              <p class="hint" safe>
                {t('events.map_hint')}
              </p>
              <ul class="cards">
                {rows.map((row) => (
                  <EventCard ctx={ctx} row={row} organisers={organisers} confirmed={counts.get(row.id)?.confirmed ?? 0} />
                ))}
              </ul>
            </>
          ) : (
            <>
              <ul class="cards">
                {rows.map((row) => (
                  <EventCard ctx={ctx} row={row} organisers={organisers} confirmed={counts.get(row.id)?.confirmed ?? 0} />
                ))}
              </ul>
              <Paging ctx={ctx} path="/events" query={query} info={{ page: filter.page, pageSize: filter.pageSize, total }} />
            </>
          )}
          <p class="export">
            <span safe>{`${t('events.export')} : `}</span>
            <a href={href(ctx, '/events/export.csv', query)} safe>
              {t('export.csv')}
            </a>
            {' · '}
            <a href={href(ctx, '/events/export.csv', { ...query, sep: 'semicolon' })} safe>
              {t('export.csv_semicolon')}
            </a>
          </p>
        </section>
      </div>
    </Layout>
  );
}

/** The located events of the list on the server-drawn map (escaped SVG). */
function eventMap(ctx: PageContext, rows: readonly EventRow[]): string {
  const points = rows.flatMap((row) =>
    row.latitude !== null && row.longitude !== null
      ? [{ href: href(ctx, eventPath(row)), label: `${eventTitle(row, ctx.locale).text} — ${[row.placeName, row.city].filter(Boolean).join(', ')} — ${eventWhen(row, ctx.locale)}`, lat: row.latitude, lng: row.longitude }]
      : [],
  );
  return eventMapSvg(points, ctx.t('events.map_title'));
}

function SeriesForm({ ctx, values, errors }: { ctx: PageContext; values: Values; errors: Record<string, string> }): JSX.Element {
  const { t } = ctx;
  const labels = Object.fromEntries(['titleFr', 'titleEn', 'descriptionFr', 'descriptionEn', 'website'].map((f) => [f, t(`events.seriesfield.${f}`)]));
  return (
    <Layout ctx={ctx} title={t('events.series_new_title')} section="/events">
      <h1 safe>{t('events.series_new_title')}</h1>
      <p class="lead" safe>
        {t('events.series_new_lead')}
      </p>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={href(ctx, '/events/series/new')} novalidate>
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} name="titleFr" label={labels.titleFr!} value={str(values.titleFr)} error={errors.titleFr} maxlength={250} />
        <TextField ctx={ctx} name="titleEn" label={labels.titleEn!} value={str(values.titleEn)} error={errors.titleEn} maxlength={250} />
        <TextArea ctx={ctx} name="descriptionFr" label={labels.descriptionFr!} value={str(values.descriptionFr)} error={errors.descriptionFr} rows={5} />
        <TextArea ctx={ctx} name="descriptionEn" label={labels.descriptionEn!} value={str(values.descriptionEn)} error={errors.descriptionEn} rows={5} />
        <TextField ctx={ctx} name="website" type="url" label={labels.website!} value={str(values.website)} error={errors.website} />
        <div class="actions">
          <button type="submit" safe>
            {t('events.series_create')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

function RegistrationForm({ ctx, row, values, errors, full }: { ctx: PageContext; row: EventRow; values: Values; errors: Record<string, string>; full: boolean }): JSX.Element {
  const { t } = ctx;
  return (
    <form method="post" action={href(ctx, `${eventPath(row)}/register`)} novalidate>
      <CsrfField ctx={ctx} />
      <ErrorSummary ctx={ctx} errors={errors} labels={{ name: t('events.field.name'), email: t('events.field.email') }} />
      <TextField ctx={ctx} name="name" label={t('events.field.name')} required autocomplete="name" value={str(values.name)} error={errors.name} />
      <TextField ctx={ctx} name="email" type="email" label={t('events.field.email')} required autocomplete="email" value={str(values.email)} error={errors.email} />
      <p class="hint" safe>
        {t('events.registration_privacy')}
      </p>
      <div class="actions">
        <button type="submit" safe>
          {t(full ? 'events.register_waiting' : 'events.register')}
        </button>
      </div>
    </form>
  );
}

function EventView(props: { ctx: PageContext; row: EventRow; organisers: Map<string, OrganiserRow>; series: SeriesRow | undefined; confirmed: number; values?: Values; errors?: Record<string, string> }): JSX.Element {
  const { ctx, row, organisers, series, confirmed } = props;
  const { t, locale } = ctx;
  const title = eventTitle(row, locale);
  const description = eventDescription(row, locale);
  const safeDescription = renderRichText(description.text);
  const left = seatsLeft(row, confirmed);
  const icsHref = href(ctx, `${eventPath(row)}/event.ics`);
  return (
    <Layout ctx={ctx} title={title.text} section="/events" head={<link rel="alternate" type="text/calendar" href={icsHref} />}>
      <article class="article">
        <p class="meta">
          <a href={href(ctx, '/events')} safe>
            {t('events.title')}
          </a>
          {series ? (
            <>
              {' · '}
              <a href={href(ctx, `/events/series/${series.slug}`)} safe>
                {seriesTitle(series, locale).text}
              </a>
            </>
          ) : (
            ''
          )}
        </p>
        <h1 lang={title.lang === locale ? undefined : title.lang} safe>
          {title.text}
        </h1>
        {row.status !== 'published' ? (
          <p>
            <span class="badge muted" safe>
              {t(`events.status.${row.status}`)}
            </span>
          </p>
        ) : (
          ''
        )}
        {can(ctx.actor, 'update', row) ? (
          <p class="actions">
            <a class="button secondary" href={href(ctx, `${eventPath(row)}/edit`)} safe>
              {t('events.edit')}
            </a>
            {row.capacity !== null ? (
              <a href={href(ctx, `${eventPath(row)}/registrations`)} safe>
                {t('events.registrations')}
              </a>
            ) : (
              ''
            )}
          </p>
        ) : (
          ''
        )}
        <dl class="dl-grid">
          <dt safe>{t('events.when')}</dt>
          <dd>
            <time datetime={row.startsAt.toISOString()} safe>
              {eventWhen(row, locale)}
            </time>
            <br />
            <a href={icsHref} download={`${row.slug}.ics`} type="text/calendar" safe>
              {t('events.add_to_calendar')}
            </a>
          </dd>
          {eventPlace(row) || row.onlineUrl ? (
            <>
              <dt safe>{t('events.where')}</dt>
              <dd>
                {eventPlace(row) ? <span safe>{eventPlace(row)}</span> : ''}
                {row.latitude !== null && row.longitude !== null ? (
                  <>
                    {' — '}
                    <a href={`https://www.openstreetmap.org/?mlat=${row.latitude}&mlon=${row.longitude}#map=16/${row.latitude}/${row.longitude}`} rel="noopener" safe>
                      {t('events.map')}
                    </a>
                  </>
                ) : (
                  ''
                )}
                {row.onlineUrl ? (
                  <>
                    {eventPlace(row) ? <br /> : ''}
                    <a href={row.onlineUrl} rel="noopener nofollow" safe>
                      {t('events.online')}
                    </a>
                  </>
                ) : (
                  ''
                )}
              </dd>
            </>
          ) : (
            ''
          )}
          <dt safe>{t('events.organisers')}</dt>
          <dd>
            {row.organiserIds
              .map((id) => organisers.get(id))
              .filter((o): o is OrganiserRow => !!o)
              .map((o, i) => (
                <>
                  {i > 0 ? ', ' : ''}
                  <a href={href(ctx, `/organisations/${o.slug}`)} safe>
                    {organiserName(o, locale)}
                  </a>
                </>
              ))}
          </dd>
          {row.themes.length ? (
            <>
              <dt safe>{t('events.themes')}</dt>
              <dd safe>{row.themes.map((c) => themeLabel(c, locale)).join(', ')}</dd>
            </>
          ) : (
            ''
          )}
          {row.capacity !== null ? (
            <>
              <dt safe>{t('events.capacity')}</dt>
              <dd safe>{left === 0 ? t('events.full') : t.plural('events.seats_left', left ?? 0)}</dd>
            </>
          ) : (
            ''
          )}
        </dl>
        <div class="rich-text" lang={description.lang === locale ? undefined : description.lang}>
          {safeDescription}
        </div>
        <section aria-labelledby="registration">
          <h2 id="registration" safe>
            {t('events.registration')}
          </h2>
          {row.capacity === null ? (
            <p safe>{t('events.no_registration')}</p>
          ) : can(ctx.actor, 'register', row) ? (
            <RegistrationForm ctx={ctx} row={row} values={props.values ?? {}} errors={props.errors ?? {}} full={left === 0} />
          ) : (
            <p safe>{t('events.registration_closed')}</p>
          )}
        </section>
      </article>
    </Layout>
  );
}

function SeriesView({ ctx, series, rows, organisers }: { ctx: PageContext; series: SeriesRow; rows: EventRow[]; organisers: Map<string, OrganiserRow> }): JSX.Element {
  const { t, locale } = ctx;
  const title = seriesTitle(series, locale);
  const description = pickText(series.descriptionFr, series.descriptionEn, locale);
  const safeDescription = renderRichText(description);
  const feed = href(ctx, `/events/series/${series.slug}/feed.ics`);
  return (
    <Layout ctx={ctx} title={title.text} section="/events" head={<link rel="alternate" type="text/calendar" href={feed} />}>
      <div class="page-header">
        <p class="meta">
          <a href={href(ctx, '/events')} safe>
            {t('events.title')}
          </a>
        </p>
        <h1 safe>{title.text}</h1>
        <div class="rich-text">{safeDescription}</div>
        <p>
          <a href={feed} type="text/calendar" safe>
            {t('events.series_feed')}
          </a>
        </p>
      </div>
      <h2 safe>{t('events.series_events')}</h2>
      {rows.length === 0 ? (
        <p class="empty" safe>
          {t('events.none')}
        </p>
      ) : (
        <ul class="cards">
          {rows.map((row) => (
            <EventCard ctx={ctx} row={row} organisers={organisers} confirmed={0} />
          ))}
        </ul>
      )}
    </Layout>
  );
}

function pickText(fr: string | null, en: string | null, locale: Locale): string {
  return (locale === 'fr' ? fr || en : en || fr) ?? '';
}

function MyRegistration({ ctx, reg, row, token }: { ctx: PageContext; reg: RegistrationRow; row: EventRow; token: string }): JSX.Element {
  const { t, locale } = ctx;
  const title = eventTitle(row, locale).text;
  const action = href(ctx, `/events/registrations/${token}`);
  return (
    <Layout ctx={ctx} title={t('events.my_registration')} section="/events">
      <h1 safe>{t('events.my_registration')}</h1>
      <p>
        <a href={href(ctx, eventPath(row))} safe>
          {title}
        </a>
        <span safe>{` — ${eventWhen(row, locale)}`}</span>
      </p>
      <p safe>{t('events.my_registration_status', { name: reg.name, status: t(`events.reg_status.${reg.status}`) })}</p>
      <div class="actions">
        {reg.status !== 'cancelled' ? (
          <form method="post" action={`${action}/cancel`} class="inline-form">
            <CsrfField ctx={ctx} />
            <button type="submit" safe>
              {t('events.cancel_registration')}
            </button>
          </form>
        ) : (
          ''
        )}
        <form method="post" action={`${action}/erase`} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" class="danger" safe>
            {t('events.erase_registration')}
          </button>
        </form>
      </div>
    </Layout>
  );
}

function RegistrationsView({ ctx, row, regs }: { ctx: PageContext; row: EventRow; regs: RegistrationRow[] }): JSX.Element {
  const { t, locale } = ctx;
  const title = t('events.registrations_title', { title: eventTitle(row, locale).text });
  return (
    <Layout ctx={ctx} title={title} section="/events">
      <h1 safe>{title}</h1>
      <p>
        <a href={href(ctx, eventPath(row))} safe>
          {eventTitle(row, locale).text}
        </a>
      </p>
      {regs.length === 0 ? (
        <p class="empty" safe>
          {t('events.registrations_none')}
        </p>
      ) : (
        <div class="table-wrap">
          <table class="data">
            <caption safe>{title}</caption>
            <thead>
              <tr>
                <th scope="col" safe>
                  {t('events.field.name')}
                </th>
                <th scope="col" safe>
                  {t('events.field.email')}
                </th>
                <th scope="col" safe>
                  {t('events.registration_status')}
                </th>
                <th scope="col" safe>
                  {t('events.registration_date')}
                </th>
                <th scope="col">
                  <span class="visually-hidden" safe>
                    {t('events.erase')}
                  </span>
                </th>
              </tr>
            </thead>
            <tbody>
              {regs.map((r) => (
                <tr>
                  <td safe>{r.name}</td>
                  <td safe>{r.email}</td>
                  <td safe>{t(`events.reg_status.${r.status}`)}</td>
                  <td safe>{formatDateTime(r.createdAt, locale)}</td>
                  <td>
                    <form method="post" action={href(ctx, `${eventPath(row)}/registrations/${r.id}/erase`)} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <button type="submit" class="danger" aria-label={`${t('events.erase')} ${r.name}`} safe>
                        {t('events.erase')}
                      </button>
                    </form>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </Layout>
  );
}

const formFields = [
  'titleFr', 'titleEn', 'descriptionFr', 'descriptionEn', 'startsAt', 'endsAt', 'timeZone', 'placeName', 'address', 'city', 'latitude', 'longitude',
  'onlineUrl', 'organiserIds', 'themes', 'capacity', 'seriesId', 'status',
] as const;

function EventForm(props: { ctx: PageContext; values: Values; errors: Record<string, string>; action: string; title: string; organisers: OrganiserRow[]; series: SeriesRow[] }): JSX.Element {
  const { ctx, values, errors, action, title, organisers, series } = props;
  const { t, locale } = ctx;
  const label = (f: string) => t(`events.field.${f}`);
  const labels = Object.fromEntries(formFields.map((f) => [f, label(f)]));
  const text = (name: string, extra: { hint?: string; type?: string; autocomplete?: string; required?: boolean } = {}) => (
    <TextField ctx={ctx} name={name} label={label(name)} value={str(values[name])} error={errors[name]} {...extra} />
  );
  return (
    <Layout ctx={ctx} title={title} section="/events">
      <h1 safe>{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        {values.version ? <input type="hidden" name="version" value={str(values.version)} /> : ''}
        <fieldset>
          <legend safe>{t('events.section.content')}</legend>
          {text('titleFr')}
          {text('titleEn')}
          <TextArea ctx={ctx} name="descriptionFr" label={label('descriptionFr')} hint={t('events.hint.description')} value={str(values.descriptionFr)} error={errors.descriptionFr} rows={8} />
          <TextArea ctx={ctx} name="descriptionEn" label={label('descriptionEn')} hint={t('events.hint.description')} value={str(values.descriptionEn)} error={errors.descriptionEn} rows={8} />
          <CheckboxGroup ctx={ctx} name="themes" label={label('themes')} values={list(values.themes)} error={errors.themes} options={themeOptions(locale)} columns />
        </fieldset>
        <fieldset>
          <legend safe>{t('events.section.when')}</legend>
          {text('startsAt', { type: 'datetime-local', required: true, hint: t('events.hint.datetime') })}
          {text('endsAt', { type: 'datetime-local', required: true, hint: t('events.hint.datetime') })}
          <Select ctx={ctx} name="timeZone" label={label('timeZone')} value={str(values.timeZone) || 'Europe/Paris'} error={errors.timeZone} options={timeZones().map((z) => ({ value: z, label: z }))} />
        </fieldset>
        <fieldset>
          <legend safe>{t('events.section.where')}</legend>
          {text('placeName')}
          {text('address', { autocomplete: 'street-address' })}
          {text('city', { autocomplete: 'address-level2' })}
          {text('latitude', { hint: t('events.hint.coordinates') })}
          {text('longitude')}
          {text('onlineUrl', { type: 'url' })}
        </fieldset>
        <fieldset>
          <legend safe>{t('events.section.organisation')}</legend>
          <CheckboxGroup
            ctx={ctx}
            name="organiserIds"
            label={label('organiserIds')}
            required
            values={list(values.organiserIds)}
            error={errors.organiserIds}
            options={organisers.map((o) => ({ value: o.id, label: organiserName(o, locale) })).sort((a, b) => a.label.localeCompare(b.label, locale))}
            columns
          />
          <Select ctx={ctx} name="seriesId" label={label('seriesId')} value={str(values.seriesId)} error={errors.seriesId} emptyLabel={t('events.no_series')} options={series.map((s) => ({ value: s.id, label: seriesTitle(s, locale).text }))} />
          {text('capacity', { type: 'number', hint: t('events.hint.capacity') })}
          <Select ctx={ctx} name="status" label={label('status')} value={str(values.status) || 'published'} error={errors.status} options={eventStatuses.map((s) => ({ value: s, label: t(`events.status.${s}`) }))} />
        </fieldset>
        <div class="actions">
          <button type="submit" safe>
            {t('form.save')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

function translateFailure(ctx: PageContext, f: Failure): Record<string, string> {
  return Object.fromEntries(Object.entries(f.fields ?? {}).map(([k, v]) => [k, ctx.t(v)]));
}

export function registerEventPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db, config, catalogue } = deps;
  // Read at send time: the configured address is the one links in mails must use.
  const mail: MailContext = {
    catalogue,
    get baseUrl() {
      return config.baseUrl;
    },
    get siteName() {
      return config.territoryName;
    },
  };
  const loadFilter = (q: Values): EventFilter => parseLeniently(eventFilterSchema, q);

  const sendIcs = (reply: FastifyReply, name: string, filename: string, body: string) =>
    reply.type('text/calendar; charset=utf-8').header('content-disposition', `attachment; filename="${filename}"`).header('cache-control', 'public, max-age=300').send(body);

  pages.get('/events', async (ctx, req, reply) => {
    const filter = loadFilter(readQuery(req));
    const { period, month } = periodOf(filter, new Date());
    const { items, total } =
      filter.view === 'month' || filter.view === 'map'
        ? await listAllEvents(db, ctx.actor, filter, period, 500).then((rows) => ({ items: rows, total: rows.length }))
        : await listEvents(db, ctx.actor, filter, period, filter);
    const [organisers, counts, organiserOptions, series] = await Promise.all([organisersOf(db, items), registrationCounts(db, items.map((r) => r.id)), organisersWithEvents(db), listSeries(db)]);
    return sendPage(reply, <CalendarView ctx={ctx} filter={filter} month={month} rows={items} total={total} organisers={organisers} counts={counts} organiserOptions={organiserOptions} series={series} />);
  });

  pages.get('/events/feed.ics', async (ctx, req, reply) => {
    const filter = loadFilter(readQuery(req));
    // A subscription shows what is coming and the last month's events.
    const from = filter.from ? zonedToInstant(`${filter.from}T00:00`, 'Europe/Paris')! : new Date(Date.now() - 31 * 86_400_000);
    const to = filter.to ? (zonedToInstant(`${filter.to}T23:59`, 'Europe/Paris') ?? undefined) : undefined;
    const rows = await listAllEvents(db, ctx.actor, filter, { from, to }, 1000);
    const organisers = await organisersOf(db, rows);
    const name = ctx.t('events.calendar_name', { name: ctx.site.name });
    return sendIcs(reply, name, 'events.ics', icsCalendar(name, rows.map((r) => icsEvent(r, organisers, ctx.locale, config.baseUrl, new URL(config.baseUrl).host))));
  });

  pages.get('/events/export.csv', async (ctx, req, reply) => {
    const query = readQuery(req);
    const filter = loadFilter(query);
    const { period } = periodOf({ ...filter, view: 'list' }, new Date());
    const rows = await listAllEvents(db, ctx.actor, filter, period, 5000);
    const [organisers, counts] = await Promise.all([organisersOf(db, rows), registrationCounts(db, rows.map((r) => r.id))]);
    const csv = toCsv(csvHeader(ctx.t), rows.map((r) => csvRow(r, organisers, counts.get(r.id)?.confirmed ?? 0, ctx.locale, config.baseUrl, ctx.t)), csvSeparator(query.sep));
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="events-${ctx.locale}.csv"`).send(csv);
  });

  pages.get('/events/series/new', async (ctx, _req, reply) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    if (!can(ctx.actor, 'create')) throw new AppError('forbidden');
    return sendPage(reply, <SeriesForm ctx={ctx} values={{}} errors={{}} />);
  });

  pages.post('/events/series/new', async (ctx, req, reply) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    if (!can(ctx.actor, 'create')) throw new AppError('forbidden');
    const form = readForm(req);
    const parsed = validate(seriesInputSchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, <SeriesForm ctx={ctx} values={form.fields} errors={parsed.error} />, 422);
    const created = await createSeries(db, ctx.actor, parsed.value);
    if (!created.ok) throw new AppError(created.error.code);
    return redirectTo(reply, ctx, `/events/series/${created.value.slug}`, 'events.series_created');
  });

  // The organisation page lists the events it organises, from today.
  registerSection<{ id: string }>(app, 'organisation.page', async (ctx, org) => {
    const rows = await upcomingEventsOf(db, ctx.actor, org.id, new Date(), 6);
    if (rows.length === 0) return '';
    return (
      <section aria-labelledby="organisation-events">
        <h2 id="organisation-events" safe>
          {ctx.t('events.of_organisation')}
        </h2>
        <LinkList items={rows.map((row) => ({ href: href(ctx, eventPath(row)), title: eventTitle(row, ctx.locale).text, meta: eventWhen(row, ctx.locale) }))} />
      </section>
    );
  });

  pages.get('/events/series/:slug', async (ctx, req, reply) => {
    const series = await findSeriesBySlug(db, (req.params as { slug: string }).slug);
    if (!series) throw new AppError('not_found');
    const rows = await listAllEvents(db, ctx.actor, { series: series.slug }, {}, 500);
    return sendPage(reply, <SeriesView ctx={ctx} series={series} rows={rows} organisers={await organisersOf(db, rows)} />);
  });

  pages.get('/events/series/:slug/feed.ics', async (ctx, req, reply) => {
    const series = await findSeriesBySlug(db, (req.params as { slug: string }).slug);
    if (!series) throw new AppError('not_found');
    const rows = await listAllEvents(db, ctx.actor, { series: series.slug }, {}, 1000);
    const organisers = await organisersOf(db, rows);
    const name = seriesTitle(series, ctx.locale).text;
    return sendIcs(reply, name, `${series.slug}.ics`, icsCalendar(name, rows.map((r) => icsEvent(r, organisers, ctx.locale, config.baseUrl, new URL(config.baseUrl).host))));
  });

  // Registrant's own page, from the link in the mail (the secret is the capability; no account needed).
  const loadByToken = async (token: string) => {
    if (!/^[A-Za-z0-9_-]{16,64}$/.test(token)) return undefined;
    const reg = await findRegistrationByTokenHash(db, hashToken(token));
    if (!reg) return undefined;
    const row = await findEventById(db, reg.eventId);
    return row ? { reg, row } : undefined;
  };

  pages.get('/events/registrations/:token', async (ctx, req, reply) => {
    const token = (req.params as { token: string }).token;
    const found = await loadByToken(token);
    if (!found) throw new AppError('not_found', ctx.t('events.registration_unknown'));
    return sendPage(reply, <MyRegistration ctx={ctx} reg={found.reg} row={found.row} token={token} />);
  });

  pages.post('/events/registrations/:token/cancel', async (ctx, req, reply) => {
    const token = (req.params as { token: string }).token;
    const found = await loadByToken(token);
    if (!found) throw new AppError('not_found', ctx.t('events.registration_unknown'));
    const result = await cancelRegistration(db, token, mail);
    if (!result.ok) throw new AppError(result.error.code);
    return redirectTo(reply, ctx, eventPath(found.row), 'events.registration_cancelled');
  });

  pages.post('/events/registrations/:token/erase', async (ctx, req, reply) => {
    const token = (req.params as { token: string }).token;
    const found = await loadByToken(token);
    if (!found) throw new AppError('not_found', ctx.t('events.registration_unknown'));
    const result = await eraseRegistration(db, ctx.actor, { token }, mail);
    if (!result.ok) throw new AppError(result.error.code);
    return redirectTo(reply, ctx, eventPath(found.row), 'events.registration_erased');
  });

  // Organisers' forms.
  const requireCreate = (ctx: PageContext) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    if (!can(ctx.actor, 'create')) throw new AppError('forbidden');
  };
  const showForm = async (ctx: PageContext, reply: FastifyReply, values: Values, errors: Record<string, string>, action: string, title: string, status = 200) => {
    const [organisers, series] = await Promise.all([organiserChoices(db, ctx.actor), listSeries(db)]);
    return sendPage(reply, <EventForm ctx={ctx} values={values} errors={errors} action={action} title={title} organisers={organisers} series={series} />, status);
  };

  pages.get('/events/new', async (ctx, _req, reply) => {
    requireCreate(ctx);
    const organisers = await organiserChoices(db, ctx.actor);
    return showForm(ctx, reply, { timeZone: 'Europe/Paris', status: 'published', organiserIds: organisers.length === 1 ? [organisers[0]!.id] : [] }, {}, href(ctx, '/events/new'), ctx.t('events.new_title'));
  });

  pages.post('/events/new', async (ctx, req, reply) => {
    requireCreate(ctx);
    const form = readForm(req);
    const again = (errors: Record<string, string>) => showForm(ctx, reply, form.fields, errors, href(ctx, '/events/new'), ctx.t('events.new_title'), 422);
    const parsed = validate(eventInputSchema, form.fields, ctx.t);
    if (!parsed.ok) return again(parsed.error);
    const created = await createEvent(db, ctx.actor, parsed.value);
    if (!created.ok) {
      if (created.error.code === 'validation') return again(translateFailure(ctx, created.error));
      throw new AppError(created.error.code);
    }
    return redirectTo(reply, ctx, `/events/${created.value.slug}`, 'events.saved');
  });

  const loadVisible = async (ctx: PageContext, slug: string) => {
    const row = await findEventBySlug(db, slug);
    if (!row || !can(ctx.actor, 'view', row)) throw new AppError('not_found');
    return row;
  };

  const showEvent = async (ctx: PageContext, reply: FastifyReply, row: EventRow, values?: Values, errors?: Record<string, string>, status = 200) => {
    const [organisers, series, counts] = await Promise.all([organisersOf(db, [row]), seriesByIds(db, [row.seriesId]), registrationCounts(db, [row.id])]);
    return sendPage(
      reply,
      <EventView ctx={ctx} row={row} organisers={organisers} series={row.seriesId ? series.get(row.seriesId) : undefined} confirmed={counts.get(row.id)?.confirmed ?? 0} values={values} errors={errors} />,
      status,
    );
  };

  pages.get('/events/:slug', async (ctx, req, reply) => showEvent(ctx, reply, await loadVisible(ctx, (req.params as { slug: string }).slug)));

  pages.get('/events/:slug/event.ics', async (ctx, req, reply) => {
    const row = await loadVisible(ctx, (req.params as { slug: string }).slug);
    const organisers = await organisersOf(db, [row]);
    const event = icsEvent(row, organisers, ctx.locale, config.baseUrl, new URL(config.baseUrl).host);
    return sendIcs(reply, event.title, `${row.slug}.ics`, icsCalendar(event.title, [event]));
  });

  pages.post(
    '/events/:slug/register',
    async (ctx, req, reply) => {
      const row = await loadVisible(ctx, (req.params as { slug: string }).slug);
      const form = readForm(req);
      const parsed = validate(registrationInputSchema, form.fields, ctx.t);
      if (!parsed.ok) return showEvent(ctx, reply, row, form.fields, parsed.error, 422);
      const result = await registerForEvent(db, ctx.actor, row.id, parsed.value, ctx.locale, mail);
      if (!result.ok) {
        if (result.error.code === 'validation' || result.error.code === 'conflict') return showEvent(ctx, reply, row, form.fields, translateFailure(ctx, result.error), result.error.code === 'conflict' ? 409 : 422);
        throw new AppError(result.error.code);
      }
      return redirectTo(reply, ctx, eventPath(row), result.value.status === 'confirmed' ? 'events.registered_confirmed' : 'events.registered_waiting');
    },
    { config: { rateLimit: { max: 30, timeWindow: '1 minute' } } },
  );

  const loadEditable = async (ctx: PageContext, slug: string) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const row = await loadVisible(ctx, slug);
    if (!can(ctx.actor, 'update', row)) throw new AppError('forbidden');
    return row;
  };

  pages.get('/events/:slug/edit', async (ctx, req, reply) => {
    const row = await loadEditable(ctx, (req.params as { slug: string }).slug);
    return showForm(ctx, reply, formValues(row), {}, href(ctx, `${eventPath(row)}/edit`), ctx.t('events.edit_title', { title: eventTitle(row, ctx.locale).text }));
  });

  pages.post('/events/:slug/edit', async (ctx, req, reply) => {
    const row = await loadEditable(ctx, (req.params as { slug: string }).slug);
    const form = readForm(req);
    const action = href(ctx, `${eventPath(row)}/edit`);
    const title = ctx.t('events.edit_title', { title: eventTitle(row, ctx.locale).text });
    const again = (errors: Record<string, string>, status = 422) => showForm(ctx, reply, form.fields, errors, action, title, status);
    const parsed = validate(eventInputSchema, form.fields, ctx.t);
    if (!parsed.ok) return again(parsed.error);
    const version = versionSchema.safeParse(form.fields.version);
    const updated = await updateEvent(db, ctx.actor, row.id, version.success ? version.data : row.version, parsed.value, mail);
    if (!updated.ok) {
      if (updated.error.code === 'validation') return again(translateFailure(ctx, updated.error));
      if (updated.error.code === 'conflict') return again({ _form: ctx.t('error.conflict.text') }, 409);
      throw new AppError(updated.error.code);
    }
    return redirectTo(reply, ctx, `/events/${updated.value.slug}`, 'events.saved');
  });

  pages.get('/events/:slug/registrations', async (ctx, req, reply) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const row = await loadVisible(ctx, (req.params as { slug: string }).slug);
    if (!can(ctx.actor, 'manage_registrations', row)) throw new AppError('forbidden');
    return sendPage(reply, <RegistrationsView ctx={ctx} row={row} regs={await listRegistrations(db, row.id)} />);
  });

  pages.post('/events/:slug/registrations/:id/erase', async (ctx, req, reply) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const params = req.params as { slug: string; id: string };
    const row = await loadVisible(ctx, params.slug);
    if (!can(ctx.actor, 'manage_registrations', row)) throw new AppError('forbidden');
    const regs = await listRegistrations(db, row.id);
    if (!regs.some((r) => r.id === params.id)) throw new AppError('not_found');
    const result = await eraseRegistration(db, ctx.actor, { id: params.id }, mail);
    if (!result.ok) throw new AppError(result.error.code);
    return redirectTo(reply, ctx, `${eventPath(row)}/registrations`, 'events.erased');
  });
}
