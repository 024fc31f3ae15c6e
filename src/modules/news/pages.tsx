// News and press pages: the list (filters, paging, feeds, CSV), one article, the press room, and the editors'
// form (post/redirect/get; a refused form is shown again with what was typed and one message per field).
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { csvSeparator, toCsv } from '../../kernel/csv.ts';
import { AppError, type Failure } from '../../kernel/errors.ts';
import { readForm, readQuery } from '../../kernel/form-body.ts';
import { formatDate } from '../../kernel/format.ts';
import { CheckboxGroup, CsrfField, ErrorSummary, Select, TextArea, TextField } from '../../kernel/html/forms.tsx';
import { LinkList } from '../../kernel/html/link-list.tsx';
import { Layout } from '../../kernel/html/layout.tsx';
import { Paging } from '../../kernel/html/paging.tsx';
import { registerSection } from '../../kernel/page-sections.ts';
import { parseLeniently } from '../../kernel/lenient.ts';
import { renderRichText } from '../../kernel/rich-text.ts';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { countryName, countryOptions } from '../taxonomy/countries.ts';
import { themeLabel, themeOptions } from '../taxonomy/themes.ts';
import { createNews, updateNews } from './commands.ts';
import { atom, rss, type Feed } from './feeds.ts';
import { can } from './policy.ts';
import { csvHeader, csvRow, formValues, newsBody, newsPath, newsSummary, newsTitle, organisationName } from './present.ts';
import { authorChoices, authorsOf, findAuthorBySlug, findNewsBySlug, listNews, listNewsForProject, listPublishedNews, newsAuthors, type NewsRow } from './queries.ts';
import { authorKinds, contactSlots, newsFilterSchema, newsInputSchema, newsTypes, versionSchema, type NewsFilter } from './schema.ts';
import type { AuthorRow as OrganisationRow } from './queries.ts';

type Values = Record<string, string | string[]>;
const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '');
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

const filterQuery = (f: Partial<NewsFilter>): Record<string, string | undefined> => ({ theme: f.theme, country: f.country, author: f.author });

/** The list page of a section: all news, or the press room (press releases only). */
interface Section {
  path: string;
  type: 'press_release' | undefined;
  titleKey: string;
  leadKey: string;
}
const newsSection: Section = { path: '/news', type: undefined, titleKey: 'news.title', leadKey: 'news.lead' };
const pressSection: Section = { path: '/press', type: 'press_release', titleKey: 'news.press_title', leadKey: 'news.press_lead' };

function FeedLinks({ ctx, section, query }: { ctx: PageContext; section: Section; query: Record<string, string | undefined> }): JSX.Element {
  return (
    <>
      <link rel="alternate" type="application/rss+xml" title={`${ctx.t(section.titleKey)} (RSS)`} href={href(ctx, `${section.path}/feed.rss`, query)} />
      <link rel="alternate" type="application/atom+xml" title={`${ctx.t(section.titleKey)} (Atom)`} href={href(ctx, `${section.path}/feed.atom`, query)} />
    </>
  );
}

function ArticleCard({ ctx, row, author }: { ctx: PageContext; row: NewsRow; author: OrganisationRow | undefined }): JSX.Element {
  const { t, locale } = ctx;
  const title = newsTitle(row, locale);
  const summary = newsSummary(row, locale);
  return (
    <li>
      <article class="card">
        <h2 lang={title.lang === locale ? undefined : title.lang}>
          <a href={href(ctx, newsPath(row))} safe>
            {title.text}
          </a>
        </h2>
        <p class="meta">
          <span safe>{t(`news.type.${row.type}`)}</span>
          {row.publishedAt ? (
            <>
              {' · '}
              <time datetime={row.publishedAt.toISOString()} safe>
                {formatDate(row.publishedAt, locale)}
              </time>
            </>
          ) : (
            ''
          )}
          <span safe>{` · ${organisationName(author, locale) ?? t('news.platform')}`}</span>
          {row.status === 'draft' ? (
            <>
              {' '}
              <span class="badge muted" safe>
                {t('news.draft')}
              </span>
            </>
          ) : (
            ''
          )}
        </p>
        {summary.text ? (
          <p lang={summary.lang === locale ? undefined : summary.lang} safe>
            {summary.text}
          </p>
        ) : (
          ''
        )}
        {row.themes.length ? (
          <ul class="tags" aria-label={t('news.themes')}>
            {row.themes.map((c) => (
              <li class="tag" safe>
                {themeLabel(c, locale)}
              </li>
            ))}
          </ul>
        ) : (
          ''
        )}
      </article>
    </li>
  );
}

function ListView(props: { ctx: PageContext; section: Section; filter: NewsFilter; items: NewsRow[]; total: number; authors: Map<string, OrganisationRow>; authorOptions: OrganisationRow[] }): JSX.Element {
  const { ctx, section, filter, items, total, authors, authorOptions } = props;
  const { t, locale } = ctx;
  const query = filterQuery(filter);
  return (
    <Layout ctx={ctx} title={t(section.titleKey)} section="/news" head={<FeedLinks ctx={ctx} section={section} query={query} />}>
      <div class="page-header">
        <h1 safe>{t(section.titleKey)}</h1>
        <p class="lead" safe>
          {t(section.leadKey)}
        </p>
        {can(ctx.actor, 'create') ? (
          <p class="actions">
            <a class="button" href={href(ctx, '/news/new')} safe>
              {t('news.new')}
            </a>
          </p>
        ) : (
          ''
        )}
      </div>
      <div class="layout-sidebar">
        <aside class="filters">
          <h2 safe>{t('news.filters')}</h2>
          <form method="get" action={href(ctx, section.path)}>
            <Select ctx={ctx} name="theme" label={t('news.filter.theme')} value={filter.theme} emptyLabel={t('form.any')} options={themeOptions(locale)} />
            <Select ctx={ctx} name="country" label={t('news.filter.country')} value={filter.country} emptyLabel={t('form.any')} options={countryOptions(locale)} />
            <Select
              ctx={ctx}
              name="author"
              label={t('news.filter.author')}
              value={filter.author}
              emptyLabel={t('form.any')}
              options={authorOptions.map((o) => ({ value: o.slug, label: organisationName(o, locale) ?? o.slug })).sort((a, b) => a.label.localeCompare(b.label, locale))}
            />
            <div class="actions">
              <button type="submit" safe>
                {t('form.filter')}
              </button>
              <a href={href(ctx, section.path)} safe>
                {t('form.reset')}
              </a>
            </div>
          </form>
          <h2 safe>{t('news.subscribe')}</h2>
          <ul>
            <li>
              <a href={href(ctx, `${section.path}/feed.atom`, query)} type="application/atom+xml" safe>
                {t('news.feed_atom')}
              </a>
            </li>
            <li>
              <a href={href(ctx, `${section.path}/feed.rss`, query)} type="application/rss+xml" safe>
                {t('news.feed_rss')}
              </a>
            </li>
          </ul>
        </aside>
        <section class="results" aria-labelledby="result-count">
          <p class="result-count" id="result-count" role="status" safe>
            {t.plural('news.result_count', total)}
          </p>
          {items.length === 0 ? (
            <p class="empty" safe>
              {t('news.none')}
            </p>
          ) : (
            <ul class="cards">
              {items.map((row) => (
                <ArticleCard ctx={ctx} row={row} author={row.authorOrganisationId ? authors.get(row.authorOrganisationId) : undefined} />
              ))}
            </ul>
          )}
          <Paging ctx={ctx} path={section.path} query={query} info={{ page: filter.page, pageSize: filter.pageSize, total }} />
          <p class="export">
            <span safe>{`${t('news.export')} : `}</span>
            <a href={href(ctx, `${section.path}/export.csv`, query)} safe>
              {t('export.csv')}
            </a>
            {' · '}
            <a href={href(ctx, `${section.path}/export.csv`, { ...query, sep: 'semicolon' })} safe>
              {t('export.csv_semicolon')}
            </a>
          </p>
        </section>
      </div>
    </Layout>
  );
}

function ArticleView({ ctx, row, author }: { ctx: PageContext; row: NewsRow; author: OrganisationRow | undefined }): JSX.Element {
  const { t, locale } = ctx;
  const title = newsTitle(row, locale);
  const summary = pick2(row.summaryFr, row.summaryEn, locale);
  const body = newsBody(row, locale);
  const safeBody = renderRichText(body.text);
  const authorName = organisationName(author, locale) ?? t('news.platform');
  return (
    <Layout ctx={ctx} title={title.text} description={newsSummary(row, locale).text || undefined} section="/news">
      <article class="article">
        <p class="meta">
          <a href={href(ctx, row.type === 'press_release' ? '/press' : '/news')} safe>
            {t(row.type === 'press_release' ? 'news.press_title' : 'news.back')}
          </a>
        </p>
        <h1 lang={title.lang === locale ? undefined : title.lang} safe>
          {title.text}
        </h1>
        <p class="meta">
          <span safe>{t(`news.type.${row.type}`)}</span>
          {' · '}
          {author ? (
            <a href={href(ctx, `/organisations/${author.slug}`)} safe>
              {authorName}
            </a>
          ) : (
            <span safe>{authorName}</span>
          )}
          {row.publishedAt ? (
            <>
              {' · '}
              <time datetime={row.publishedAt.toISOString()} safe>
                {t('news.published_on', { date: formatDate(row.publishedAt, locale) })}
              </time>
            </>
          ) : (
            ''
          )}
          {row.status === 'draft' ? (
            <>
              {' '}
              <span class="badge muted" safe>
                {t('news.draft')}
              </span>
            </>
          ) : (
            ''
          )}
        </p>
        {can(ctx.actor, 'update', row) ? (
          <p class="actions">
            <a class="button secondary" href={href(ctx, `/news/${row.slug}/edit`)} safe>
              {t('news.edit')}
            </a>
          </p>
        ) : (
          ''
        )}
        {summary.text ? (
          <p class="lead" lang={summary.lang === locale ? undefined : summary.lang}>
            {row.datelinePlace && row.datelineDate ? (
              <strong safe>{`${t('news.dateline', { place: row.datelinePlace, date: formatDate(row.datelineDate, locale) })} — `}</strong>
            ) : (
              ''
            )}
            <span safe>{summary.text}</span>
          </p>
        ) : row.datelinePlace && row.datelineDate ? (
          <p class="lead">
            <strong safe>{t('news.dateline', { place: row.datelinePlace, date: formatDate(row.datelineDate, locale) })}</strong>
          </p>
        ) : (
          ''
        )}
        <div class="rich-text" lang={body.lang === locale ? undefined : body.lang}>
          {safeBody}
        </div>
        {row.pressContacts.length ? (
          <section aria-labelledby="press-contacts">
            <h2 id="press-contacts" safe>
              {t('news.press_contacts')}
            </h2>
            <ul class="press-contacts">
              {row.pressContacts.map((c) => (
                <li>
                  <strong safe>{c.name}</strong>
                  {c.role ? <span safe>{`, ${c.role}`}</span> : ''}
                  {c.email ? (
                    <>
                      {' — '}
                      <a href={`mailto:${c.email}`} safe>
                        {c.email}
                      </a>
                    </>
                  ) : (
                    ''
                  )}
                  {c.phone ? (
                    <>
                      {' — '}
                      <a href={`tel:${c.phone.replace(/[^+0-9]/g, '')}`} safe>
                        {c.phone}
                      </a>
                    </>
                  ) : (
                    ''
                  )}
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
        <dl class="dl-grid">
          {row.themes.length ? (
            <>
              <dt safe>{t('news.themes')}</dt>
              <dd>
                {row.themes.map((c, i) => (
                  <>
                    {i > 0 ? ', ' : ''}
                    <a href={href(ctx, '/news', { theme: c })} safe>
                      {themeLabel(c, locale)}
                    </a>
                  </>
                ))}
              </dd>
            </>
          ) : (
            ''
          )}
          {row.countries.length ? (
            <>
              <dt safe>{t('news.countries')}</dt>
              <dd safe>{row.countries.map((c) => countryName(c, locale)).join(', ')}</dd>
            </>
          ) : (
            ''
          )}
        </dl>
      </article>
    </Layout>
  );
}

function pick2(fr: string | null, en: string | null, locale: 'fr' | 'en'): { text: string; lang: 'fr' | 'en' } {
  const own = locale === 'fr' ? fr : en;
  if (own) return { text: own, lang: locale };
  return locale === 'fr' ? { text: en ?? '', lang: 'en' } : { text: fr ?? '', lang: 'fr' };
}

const formFields = [
  'type', 'authorOrganisationId', 'authorKind', 'titleFr', 'titleEn', 'summaryFr', 'summaryEn', 'bodyFr', 'bodyEn', 'themes', 'countries',
  'projectIds', 'campaignIds', 'status', 'publishedOn', 'datelinePlace', 'datelineDate',
] as const;

function NewsForm({ ctx, values, errors, action, title, authors }: { ctx: PageContext; values: Values; errors: Record<string, string>; action: string; title: string; authors: OrganisationRow[] }): JSX.Element {
  const { t, locale } = ctx;
  const label = (f: string) => t(`news.field.${f}`);
  const labels: Record<string, string> = Object.fromEntries(formFields.map((f) => [f, label(f)]));
  for (const n of contactSlots) for (const part of ['Name', 'Role', 'Email', 'Phone']) labels[`contact${n}${part}`] = `${t('news.contact_n', { n })} — ${label(`contact${part}`)}`;
  const text = (name: string, extra: { hint?: string; type?: string; autocomplete?: string } = {}) => (
    <TextField ctx={ctx} name={name} label={labels[name] ?? name} value={str(values[name])} error={errors[name]} {...extra} />
  );
  const authorOptions = authors.map((o) => ({ value: o.id, label: organisationName(o, locale) ?? o.slug })).sort((a, b) => a.label.localeCompare(b.label, locale));
  return (
    <Layout ctx={ctx} title={title} section="/news">
      <h1 safe>{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={action} novalidate>
        <CsrfField ctx={ctx} />
        {values.version ? <input type="hidden" name="version" value={str(values.version)} /> : ''}
        <fieldset>
          <legend safe>{t('news.section.content')}</legend>
          <Select ctx={ctx} name="type" label={label('type')} value={str(values.type) || 'news'} error={errors.type} options={newsTypes.map((v) => ({ value: v, label: t(`news.type.${v}`) }))} />
          <Select
            ctx={ctx}
            name="authorOrganisationId"
            label={label('authorOrganisationId')}
            value={str(values.authorOrganisationId)}
            error={errors.authorOrganisationId}
            emptyLabel={t('news.hint.platform')}
            options={authorOptions}
          />
          <Select ctx={ctx} name="authorKind" label={label('authorKind')} value={str(values.authorKind) || 'organisation'} error={errors.authorKind} options={authorKinds.map((v) => ({ value: v, label: t(`news.author_kind.${v}`) }))} />
          {text('titleFr')}
          {text('titleEn')}
          <TextArea ctx={ctx} name="summaryFr" label={label('summaryFr')} value={str(values.summaryFr)} error={errors.summaryFr} rows={2} maxlength={500} />
          <TextArea ctx={ctx} name="summaryEn" label={label('summaryEn')} value={str(values.summaryEn)} error={errors.summaryEn} rows={2} maxlength={500} />
          <TextArea ctx={ctx} name="bodyFr" label={label('bodyFr')} hint={t('news.hint.body')} value={str(values.bodyFr)} error={errors.bodyFr} rows={14} />
          <TextArea ctx={ctx} name="bodyEn" label={label('bodyEn')} hint={t('news.hint.body')} value={str(values.bodyEn)} error={errors.bodyEn} rows={14} />
        </fieldset>
        <fieldset>
          <legend safe>{t('news.section.classification')}</legend>
          <CheckboxGroup ctx={ctx} name="themes" label={label('themes')} values={list(values.themes)} error={errors.themes} options={themeOptions(locale)} columns />
          <CheckboxGroup ctx={ctx} name="countries" label={label('countries')} values={list(values.countries)} error={errors.countries} options={countryOptions(locale)} columns />
          <TextArea ctx={ctx} name="projectIds" label={label('projectIds')} hint={t('news.hint.ids')} value={str(values.projectIds)} error={errors.projectIds} rows={2} />
          <TextArea ctx={ctx} name="campaignIds" label={label('campaignIds')} hint={t('news.hint.ids')} value={str(values.campaignIds)} error={errors.campaignIds} rows={2} />
        </fieldset>
        <fieldset>
          <legend safe>{t('news.section.publication')}</legend>
          <Select ctx={ctx} name="status" label={label('status')} value={str(values.status) || 'draft'} error={errors.status} options={(['draft', 'published'] as const).map((v) => ({ value: v, label: t(`news.status.${v}`) }))} />
          {text('publishedOn', { type: 'date', hint: t('news.hint.publishedOn') })}
        </fieldset>
        <fieldset>
          <legend safe>{t('news.section.press')}</legend>
          {text('datelinePlace')}
          {text('datelineDate', { type: 'date' })}
          {contactSlots.map((n) => (
            <fieldset>
              <legend safe>{t('news.contact_n', { n })}</legend>
              {text(`contact${n}Name`, { autocomplete: 'off' })}
              {text(`contact${n}Role`)}
              {text(`contact${n}Email`, { type: 'email' })}
              {text(`contact${n}Phone`, { type: 'tel' })}
            </fieldset>
          ))}
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

/** Readable description of the active filters, for a feed's title. */
async function filterLabel(deps: Deps, ctx: PageContext, filter: Partial<NewsFilter>): Promise<string> {
  const parts: string[] = [];
  if (filter.theme) parts.push(themeLabel(filter.theme, ctx.locale));
  if (filter.country) parts.push(countryName(filter.country, ctx.locale));
  if (filter.author) {
    const org = await findAuthorBySlug(deps.db, filter.author);
    if (org) parts.push(organisationName(org, ctx.locale) ?? org.slug);
  }
  return parts.join(', ');
}

export function registerNewsPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db, config } = deps;
  // The project page lists the published news linked to the project.
  registerSection<{ id: string }>(app, 'project.page', async (ctx, project) => {
    const items = await listNewsForProject(db, project.id, 10);
    if (items.length === 0) return '';
    return (
      <section aria-labelledby="project-news">
        <h2 id="project-news" safe>{ctx.t('news.on_project')}</h2>
        <LinkList items={items.map((n) => ({ href: href(ctx, newsPath(n)), title: newsTitle(n, ctx.locale).text, meta: n.publishedAt ? formatDate(n.publishedAt, ctx.locale) : undefined }))} />
        <p>
          <a href={href(ctx, '/news', { project: project.id })} safe>{ctx.t('news.on_project_all')}</a>
        </p>
      </section>
    );
  });

  const loadFilter = (q: Values, section: Section): NewsFilter => ({ ...parseLeniently(newsFilterSchema, q), type: section.type });

  for (const section of [newsSection, pressSection]) {
    pages.get(section.path, async (ctx, req, reply) => {
      const filter = loadFilter(readQuery(req), section);
      const [{ items, total }, authorOptions] = await Promise.all([listNews(db, ctx.actor, filter), newsAuthors(db)]);
      const authors = await authorsOf(db, items);
      return sendPage(reply, <ListView ctx={ctx} section={section} filter={filter} items={items} total={total} authors={authors} authorOptions={authorOptions} />);
    });

    for (const format of ['rss', 'atom'] as const) {
      pages.get(`${section.path}/feed.${format}`, async (ctx, req, reply) => {
        const query = readQuery(req);
        const filter = loadFilter(query, section);
        const rows = await listPublishedNews(db, filter, 50);
        const authors = await authorsOf(db, rows);
        const filters = await filterLabel(deps, ctx, filter);
        const base = config.baseUrl;
        const title = section.type
          ? ctx.t('news.press_feed_title', { name: ctx.site.name })
          : filters
            ? ctx.t('news.feed_title_filtered', { filters, name: ctx.site.name })
            : ctx.t('news.feed_title', { name: ctx.site.name });
        const feed: Feed = {
          title,
          pageUrl: base + href(ctx, section.path, filterQuery(filter)),
          selfUrl: base + href(ctx, `${section.path}/feed.${format}`, filterQuery(filter)),
          description: ctx.t(section.leadKey),
          locale: ctx.locale,
          generatedAt: new Date(0),
          entries: rows.map((row) => {
            const author = row.authorOrganisationId ? authors.get(row.authorOrganisationId) : undefined;
            return {
              id: `urn:uuid:${row.id}`,
              title: newsTitle(row, ctx.locale).text,
              url: base + href(ctx, newsPath(row)),
              summary: newsSummary(row, ctx.locale).text,
              html: renderRichText(newsBody(row, ctx.locale).text),
              authorName: organisationName(author, ctx.locale) ?? ctx.site.name,
              published: row.publishedAt ?? row.createdAt,
              updated: row.updatedAt > (row.publishedAt ?? row.createdAt) ? row.updatedAt : (row.publishedAt ?? row.createdAt),
              categories: row.themes.map((c) => themeLabel(c, ctx.locale)),
            };
          }),
        };
        return reply
          .type(format === 'rss' ? 'application/rss+xml; charset=utf-8' : 'application/atom+xml; charset=utf-8')
          .header('cache-control', 'public, max-age=300')
          .send(format === 'rss' ? rss(feed) : atom(feed));
      });
    }

    pages.get(`${section.path}/export.csv`, async (ctx, req, reply) => {
      const query = readQuery(req);
      const rows = await listPublishedNews(db, loadFilter(query, section), 5000);
      const authors = await authorsOf(db, rows);
      const csv = toCsv(
        csvHeader(ctx.t),
        rows.map((row) => csvRow(row, row.authorOrganisationId ? authors.get(row.authorOrganisationId) : undefined, ctx.locale, config.baseUrl, ctx.t)),
        csvSeparator(query.sep),
      );
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', `attachment; filename="${section.type ? 'press' : 'news'}-${ctx.locale}.csv"`)
        .send(csv);
    });
  }

  const requireCreate = (ctx: PageContext) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    if (!can(ctx.actor, 'create')) throw new AppError('forbidden');
  };

  const showForm = async (ctx: PageContext, reply: FastifyReply, values: Values, errors: Record<string, string>, action: string, title: string, status = 200) =>
    sendPage(reply, <NewsForm ctx={ctx} values={values} errors={errors} action={action} title={title} authors={await authorChoices(db, ctx.actor)} />, status);

  pages.get('/news/new', async (ctx, _req, reply) => {
    requireCreate(ctx);
    const authors = await authorChoices(db, ctx.actor);
    const first = authors.length === 1 ? authors[0]!.id : '';
    return showForm(ctx, reply, { authorOrganisationId: first, status: 'draft' }, {}, href(ctx, '/news/new'), ctx.t('news.new_title'));
  });

  pages.post('/news/new', async (ctx, req, reply) => {
    requireCreate(ctx);
    const form = readForm(req);
    const again = (errors: Record<string, string>) => showForm(ctx, reply, form.fields, errors, href(ctx, '/news/new'), ctx.t('news.new_title'), 422);
    const parsed = validate(newsInputSchema, form.fields, ctx.t);
    if (!parsed.ok) return again(parsed.error);
    const created = await createNews(db, ctx.actor, parsed.value);
    if (!created.ok) {
      if (created.error.code === 'validation') return again(translateFailure(ctx, created.error));
      throw new AppError(created.error.code);
    }
    return redirectTo(reply, ctx, `/news/${created.value.slug}`, 'news.saved');
  });

  const loadVisible = async (ctx: PageContext, slug: string) => {
    const row = await findNewsBySlug(db, slug);
    const visible = row && (can(ctx.actor, 'update', row) || (row.status === 'published' && row.publishedAt !== null && row.publishedAt <= new Date()));
    if (!row || !visible) throw new AppError('not_found');
    return row;
  };

  pages.get('/news/:slug', async (ctx, req, reply) => {
    const row = await loadVisible(ctx, (req.params as { slug: string }).slug);
    const authors = await authorsOf(db, [row]);
    return sendPage(reply, <ArticleView ctx={ctx} row={row} author={row.authorOrganisationId ? authors.get(row.authorOrganisationId) : undefined} />);
  });

  const loadEditable = async (ctx: PageContext, slug: string) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const row = await loadVisible(ctx, slug);
    if (!can(ctx.actor, 'update', row)) throw new AppError('forbidden');
    return row;
  };

  pages.get('/news/:slug/edit', async (ctx, req, reply) => {
    const row = await loadEditable(ctx, (req.params as { slug: string }).slug);
    return showForm(ctx, reply, formValues(row), {}, href(ctx, `/news/${row.slug}/edit`), ctx.t('news.edit_title', { title: newsTitle(row, ctx.locale).text }));
  });

  pages.post('/news/:slug/edit', async (ctx, req, reply) => {
    const row = await loadEditable(ctx, (req.params as { slug: string }).slug);
    const form = readForm(req);
    const action = href(ctx, `/news/${row.slug}/edit`);
    const title = ctx.t('news.edit_title', { title: newsTitle(row, ctx.locale).text });
    const again = (errors: Record<string, string>, status = 422) => showForm(ctx, reply, form.fields, errors, action, title, status);
    const parsed = validate(newsInputSchema, form.fields, ctx.t);
    if (!parsed.ok) return again(parsed.error);
    const version = versionSchema.safeParse(form.fields.version);
    const updated = await updateNews(db, ctx.actor, row.id, version.success ? version.data : row.version, parsed.value);
    if (!updated.ok) {
      if (updated.error.code === 'validation') return again(translateFailure(ctx, updated.error));
      if (updated.error.code === 'conflict') return again({ _form: ctx.t('error.conflict.text') }, 409);
      throw new AppError(updated.error.code);
    }
    return redirectTo(reply, ctx, `/news/${updated.value.slug}`, 'news.saved');
  });
}
