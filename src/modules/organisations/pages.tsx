// The public directory, organisation pages, and the back-office forms (post/redirect/get; a refused form
// is shown again with what was typed and one message per field).
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError, type Failure } from '../../kernel/errors.ts';
import { csvSeparator, toCsv } from '../../kernel/csv.ts';
import { readForm, readQuery } from '../../kernel/form-body.ts';
import { formatNumber } from '../../kernel/format.ts';
import { pick } from '../../kernel/i18n.ts';
import { Layout } from '../../kernel/html/layout.tsx';
import { CheckboxGroup, Checkbox, CsrfField, ErrorSummary, FileField, Select, TextArea, TextField } from '../../kernel/html/forms.tsx';
import { Paging } from '../../kernel/html/paging.tsx';
import { parseLeniently } from '../../kernel/lenient.ts';
import { renderSections } from '../../kernel/page-sections.ts';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { countryName, countryOptions } from '../taxonomy/countries.ts';
import { themeLabel, themeOptions } from '../taxonomy/themes.ts';
import { createOrganisation, setOrganisationStatus, updateOrganisation } from './commands.ts';
import { iatiOrganisationTypes, subtypes } from './kinds.ts';
import { can } from './policy.ts';
import { countBySubtype, findOrganisationBySlug, networkFilterOptions, listOrganisationsForExport, searchOrganisations, type OrganisationRow } from './queries.ts';
import { csvHeader, csvRow, displayName, formValues, logoUrl } from './present.ts';
import { directoryFilterSchema, organisationInputSchema, versionSchema, type DirectoryFilter } from './schema.ts';

type Values = Record<string, string | string[]>;
const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '');
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function filterQuery(f: DirectoryFilter): Record<string, string | undefined> {
  return { q: f.q, subtype: f.subtype, country: f.country, theme: f.theme, partners: f.partners ? 'yes' : undefined, network: f.network };
}

function OrganisationCard({ ctx, org }: { ctx: PageContext; org: OrganisationRow }): JSX.Element {
  const name = displayName(org, ctx.locale);
  const summary = pick({ fr: org.summaryFr, en: org.summaryEn }, ctx.locale);
  const logo = logoUrl(org);
  const logoImg = logo ? <img src={logo} alt="" width="64" height="64" loading="lazy" /> : '';
  return (
    <li>
      <article class="card">
      {org.website ? (
        <a class="card-logo" href={org.website} target="_blank" rel="noopener" aria-label={ctx.t('organisations.logo_link', { name })}>
          {logoImg}
        </a>
      ) : (
        <span class="card-logo">{logoImg}</span>
      )}
      <h2>
        <a href={href(ctx, `/organisations/${org.slug}`)} safe>
          {name}
        </a>
      </h2>
      <p class="meta">
        <span safe>{ctx.t(`organisations.subtype.${org.subtype}`)}</span>
        {org.city ? <span safe>{` · ${org.city}`}</span> : ''}
      </p>
      {summary.text ? (
        <p lang={summary.lang === ctx.locale ? undefined : summary.lang} safe>
          {summary.text}
        </p>
      ) : (
        ''
      )}
      {org.lookingForPartners ? (
        <p>
          <span class="badge success" safe>
            {ctx.t('organisations.looking_for_partners')}
          </span>
        </p>
      ) : (
        ''
      )}
      {org.status === 'archived' ? (
        <p>
          <span class="badge muted" safe>
            {ctx.t('organisations.archived')}
          </span>
        </p>
      ) : (
        ''
      )}
      {org.countries.length ? (
        <ul class="tags" aria-label={ctx.t('organisations.countries_of_action')}>
          {org.countries.slice(0, 6).map((c) => (
            <li class="tag" safe>
              {countryName(c, ctx.locale)}
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

function DirectoryView({ ctx, filter, items, total, subtypeCounts, networks = [] }: { ctx: PageContext; filter: DirectoryFilter; items: OrganisationRow[]; total: number; subtypeCounts: Map<string, number>; networks?: { slug: string; nameFr: string | null; nameEn: string | null }[] }): JSX.Element {
  const { t, locale } = ctx;
  const query = filterQuery(filter);
  return (
    <Layout ctx={ctx} title={t('organisations.title')} section="/organisations">
      <div class="page-header">
        <h1 safe>{t('organisations.title')}</h1>
        <p class="lead" safe>
          {t('organisations.lead')}
        </p>
        {can(ctx.actor, 'create') ? (
          <p class="actions">
            <a class="button" href={href(ctx, '/organisations/new')} safe>
              {t('organisations.new')}
            </a>
          </p>
        ) : (
          ''
        )}
      </div>
      <div class="layout-sidebar">
        <aside class="filters">
          <h2 safe>{t('organisations.filters')}</h2>
          <form method="get" action={href(ctx, '/organisations')} role="search">
            <TextField ctx={ctx} name="q" type="search" label={t('organisations.search_label')} value={filter.q} />
            <Select
              ctx={ctx}
              name="subtype"
              label={t('organisations.filter.subtype')}
              value={filter.subtype}
              emptyLabel={t('form.any')}
              options={subtypes.map((s) => ({ value: s, label: `${t(`organisations.subtype.${s}`)} (${formatNumber(subtypeCounts.get(s) ?? 0, locale)})` }))}
            />
            <Select ctx={ctx} name="country" label={t('organisations.filter.country')} value={filter.country} emptyLabel={t('form.any')} options={countryOptions(locale)} />
            <Select ctx={ctx} name="theme" label={t('organisations.filter.theme')} value={filter.theme} emptyLabel={t('form.any')} options={themeOptions(locale)} />
            {networks.length ? <Select ctx={ctx} name="network" label={t('organisations.filter.network')} value={filter.network} emptyLabel={t('form.any')} options={networks.map((n) => ({ value: n.slug, label: displayName(n, locale) }))} /> : ''}
            <div class="field checkbox">
              <input type="checkbox" id="f-partners" name="partners" value="yes" checked={filter.partners} />
              <label for="f-partners" safe>
                {t('organisations.filter.partners')}
              </label>
            </div>
            <div class="actions">
              <button type="submit" safe>
                {t('form.filter')}
              </button>
              <a href={href(ctx, '/organisations')} safe>
                {t('form.reset')}
              </a>
            </div>
          </form>
        </aside>
        <section class="results" aria-labelledby="result-count">
          <p class="result-count" id="result-count" role="status" safe>
            {t.plural('organisations.result_count', total)}
          </p>
          {items.length === 0 ? (
            <p class="empty" safe>
              {t('organisations.none')}
            </p>
          ) : (
            <ul class="cards logo-cards">
              {items.map((org) => (
                <OrganisationCard ctx={ctx} org={org} />
              ))}
            </ul>
          )}
          <Paging ctx={ctx} path="/organisations" query={query} info={{ page: filter.page, pageSize: filter.pageSize, total }} />
          <p class="export">
            <span safe>{`${t('organisations.export')} : `}</span>
            <a href={href(ctx, '/organisations/export.csv', query)} safe>
              {t('export.csv')}
            </a>
            {' · '}
            <a href={href(ctx, '/organisations/export.csv', { ...query, sep: 'semicolon' })} safe>
              {t('export.csv_semicolon')}
            </a>
          </p>
        </section>
      </div>
    </Layout>
  );
}

function OrganisationView({ ctx, org, safeSections = '' }: { ctx: PageContext; org: OrganisationRow; safeSections?: string }): JSX.Element {
  const { t, locale } = ctx;
  const name = displayName(org, locale);
  const description = pick({ fr: org.descriptionFr, en: org.descriptionEn }, locale);
  const summary = pick({ fr: org.summaryFr, en: org.summaryEn }, locale);
  const logo = logoUrl(org);
  return (
    <Layout ctx={ctx} title={name} description={summary.text || undefined} section="/organisations">
      <div class="org-header">
        {logo ? <img src={logo} alt="" width="96" height="96" /> : ''}
        <div>
          <h1 safe>{name}</h1>
          <p class="meta">
            <span safe>{t(`organisations.subtype.${org.subtype}`)}</span>
            {org.city ? <span safe>{` · ${org.city}`}</span> : ''}
          </p>
          {org.website ? (
            <p>
              <a href={org.website} rel="noopener" safe>
                {t('organisations.website')}
              </a>
            </p>
          ) : (
            ''
          )}
          {org.status === 'active' ? (
            <p>
              <a href={href(ctx, `/organisations/${org.slug}/leaflet.pdf`)} safe>
                {t('stats.org_leaflet')}
              </a>
            </p>
          ) : (
            ''
          )}
        </div>
      </div>
      {org.status === 'archived' ? (
        <p>
          <span class="badge muted" safe>
            {t('organisations.archived')}
          </span>
        </p>
      ) : (
        ''
      )}
      {org.lookingForPartners ? (
        <p>
          <span class="badge success" safe>
            {t('organisations.looking_for_partners')}
          </span>
        </p>
      ) : (
        ''
      )}
      {can(ctx.actor, 'update', org) ? (
        <div class="actions">
          <a class="button secondary" href={href(ctx, `/organisations/${org.slug}/edit`)} safe>
            {t('organisations.edit')}
          </a>
          {can(ctx.actor, 'manage_members', org) ? (
            <a class="button secondary" href={href(ctx, `/organisations/${org.slug}/members`)} safe>
              {t('members.title')}
            </a>
          ) : (
            ''
          )}
          {can(ctx.actor, 'archive', org) ? (
            <form method="post" action={href(ctx, `/organisations/${org.slug}/${org.status === 'active' ? 'archive' : 'restore'}`)} class="inline-form">
              <CsrfField ctx={ctx} />
              <button type="submit" class={org.status === 'active' ? 'danger' : ''} safe>
                {t(org.status === 'active' ? 'organisations.archive' : 'organisations.restore')}
              </button>
            </form>
          ) : (
            ''
          )}
        </div>
      ) : can(ctx.actor, 'claim', org) ? (
        <p>
          <a href={href(ctx, `/organisations/${org.slug}/claim`)} safe>
            {t('members.claim_link')}
          </a>
        </p>
      ) : (
        ''
      )}
      <section aria-labelledby="about">
        <h2 id="about" safe>
          {t('organisations.about')}
        </h2>
        {summary.text ? (
          <p class="lead" lang={summary.lang === locale ? undefined : summary.lang} safe>
            {summary.text}
          </p>
        ) : (
          ''
        )}
        {description.text
          ? description.text
              .split(/\n{2,}/)
              .map((para) => (
                <p lang={description.lang === locale ? undefined : description.lang} safe>
                  {para}
                </p>
              ))
          : ''}
      </section>
      <p>
        <a href={href(ctx, `/organisations/${org.slug}/partners`)} safe>
          {t('organisations.partners_link')}
        </a>
      </p>
      <dl class="dl-grid">
        {org.countries.length ? (
          <>
            <dt safe>{t('organisations.countries_of_action')}</dt>
            <dd safe>{org.countries.map((c) => countryName(c, locale)).join(', ')}</dd>
          </>
        ) : (
          ''
        )}
        {org.themes.length ? (
          <>
            <dt safe>{t('organisations.themes')}</dt>
            <dd safe>{org.themes.map((c) => themeLabel(c, locale)).join(', ')}</dd>
          </>
        ) : (
          ''
        )}
        {org.staffCount !== null || org.volunteerCount !== null ? (
          <>
            <dt safe>{t('organisations.people')}</dt>
            <dd safe>{t('organisations.people_value', { staff: formatNumber(org.staffCount ?? 0, locale), volunteers: formatNumber(org.volunteerCount ?? 0, locale) })}</dd>
          </>
        ) : (
          ''
        )}
        {org.siret ? (
          <>
            <dt safe>{t('organisations.field.siret')}</dt>
            <dd safe>{org.siret}</dd>
          </>
        ) : (
          ''
        )}
        {org.rna ? (
          <>
            <dt safe>{t('organisations.field.rna')}</dt>
            <dd safe>{org.rna}</dd>
          </>
        ) : (
          ''
        )}
        {org.iatiId ? (
          <>
            <dt safe>{t('organisations.field.iatiId')}</dt>
            <dd safe>{org.iatiId}</dd>
          </>
        ) : (
          ''
        )}
        {org.contactEmail && can(ctx.actor, 'view_contact', org) ? (
          <>
            <dt safe>{t('organisations.contact')}</dt>
            <dd>
              <a href={`mailto:${org.contactEmail}`} safe>
                {org.contactEmail}
              </a>
            </dd>
          </>
        ) : (
          ''
        )}
      </dl>
      <p>
        <a href={href(ctx, '/news', { author: org.slug })} safe>
          {t('news.of_organisation', { name })}
        </a>
      </p>
      {safeSections}
    </Layout>
  );
}

const formFields = [
  'nameFr', 'nameEn', 'subtype', 'kind', 'logo', 'website', 'summaryFr', 'summaryEn', 'descriptionFr', 'descriptionEn',
  'address', 'postcode', 'city', 'country', 'countries', 'themes', 'siret', 'rna', 'iatiId', 'lookingForPartners',
  'contactEmail', 'contactPublic', 'staffCount', 'volunteerCount',
] as const;

function OrganisationForm({ ctx, values, errors, action, title, currentLogo }: { ctx: PageContext; values: Values; errors: Record<string, string>; action: string; title: string; currentLogo?: string | null }): JSX.Element {
  const { t, locale } = ctx;
  const label = (f: string) => t(`organisations.field.${f}`);
  const labels = Object.fromEntries(formFields.map((f) => [f, label(f)]));
  const text = (name: string, extra: { required?: boolean; hint?: string; type?: string; autocomplete?: string } = {}) => (
    <TextField ctx={ctx} name={name} label={label(name)} value={str(values[name])} error={errors[name]} {...extra} />
  );
  return (
    <Layout ctx={ctx} title={title} section="/organisations">
      <h1 safe>{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={action} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={ctx} />
        {values.version ? <input type="hidden" name="version" value={str(values.version)} /> : ''}
        <fieldset>
          <legend safe>{t('organisations.section.names')}</legend>
          {text('nameFr', { hint: t('organisations.hint.name') })}
          {text('nameEn')}
          <Select ctx={ctx} name="subtype" label={label('subtype')} required value={str(values.subtype)} error={errors.subtype} emptyLabel="" options={subtypes.map((s) => ({ value: s, label: t(`organisations.subtype.${s}`) }))} />
          <Select ctx={ctx} name="kind" label={label('kind')} value={str(values.kind)} error={errors.kind} emptyLabel="" options={iatiOrganisationTypes.map((k) => ({ value: k, label: `${k} — ${t(`organisations.kind.${k}`)}` }))} />
        </fieldset>
        <fieldset>
          <legend safe>{t('organisations.section.logo')}</legend>
          {currentLogo ? (
            <p>
              <img src={currentLogo} alt={t('organisations.logo_current')} width="96" height="96" />
            </p>
          ) : (
            ''
          )}
          <FileField ctx={ctx} name="logo" label={label('logo')} hint={t('organisations.logo_hint')} accept="image/png,image/jpeg,image/webp,image/gif" error={errors.logo} />
        </fieldset>
        <fieldset>
          <legend safe>{t('organisations.section.presentation')}</legend>
          {text('website', { type: 'url', hint: t('organisations.hint.website'), autocomplete: 'url' })}
          <TextArea ctx={ctx} name="summaryFr" label={label('summaryFr')} value={str(values.summaryFr)} error={errors.summaryFr} rows={2} maxlength={300} />
          <TextArea ctx={ctx} name="summaryEn" label={label('summaryEn')} value={str(values.summaryEn)} error={errors.summaryEn} rows={2} maxlength={300} />
          <TextArea ctx={ctx} name="descriptionFr" label={label('descriptionFr')} value={str(values.descriptionFr)} error={errors.descriptionFr} rows={8} />
          <TextArea ctx={ctx} name="descriptionEn" label={label('descriptionEn')} value={str(values.descriptionEn)} error={errors.descriptionEn} rows={8} />
          <CheckboxGroup ctx={ctx} name="themes" label={label('themes')} values={list(values.themes)} error={errors.themes} options={themeOptions(locale)} columns />
        </fieldset>
        <fieldset>
          <legend safe>{t('organisations.section.location')}</legend>
          {text('address', { autocomplete: 'street-address' })}
          {text('postcode', { autocomplete: 'postal-code' })}
          {text('city', { autocomplete: 'address-level2' })}
          <Select ctx={ctx} name="country" label={label('country')} value={str(values.country) || 'FR'} error={errors.country} options={countryOptions(locale)} />
          <CheckboxGroup ctx={ctx} name="countries" label={label('countries')} values={list(values.countries)} error={errors.countries} options={countryOptions(locale)} columns />
        </fieldset>
        <fieldset>
          <legend safe>{t('organisations.section.identifiers')}</legend>
          {text('siret', { hint: t('organisations.hint.siret') })}
          {text('rna', { hint: t('organisations.hint.rna') })}
          {text('iatiId', { hint: t('organisations.hint.iatiId') })}
        </fieldset>
        <fieldset>
          <legend safe>{t('organisations.section.contact')}</legend>
          {text('contactEmail', { type: 'email', autocomplete: 'email' })}
          <Checkbox ctx={ctx} name="contactPublic" label={label('contactPublic')} checked={str(values.contactPublic) === 'on'} />
          <Checkbox ctx={ctx} name="lookingForPartners" label={label('lookingForPartners')} checked={str(values.lookingForPartners) === 'on'} />
          {text('staffCount', { type: 'number' })}
          {text('volunteerCount', { type: 'number' })}
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

export function registerOrganisationPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db, config } = deps;

  const loadFilter = (q: Values) => parseLeniently(directoryFilterSchema, q);

  pages.get('/organisations', async (ctx, req, reply) => {
    const filter = loadFilter(readQuery(req));
    const [{ items, total }, subtypeCounts, networks] = await Promise.all([searchOrganisations(db, ctx.actor, filter), countBySubtype(db, ctx.actor), networkFilterOptions(db)]);
    return sendPage(reply, <DirectoryView ctx={ctx} filter={filter} items={items} total={total} subtypeCounts={subtypeCounts} networks={networks} />);
  });

  pages.get('/organisations/export.csv', async (ctx, req, reply) => {
    const query = readQuery(req);
    const filter = loadFilter(query);
    const rows = await listOrganisationsForExport(db, ctx.actor, filter);
    const csv = toCsv(csvHeader(ctx.t), rows.map((row) => csvRow(row, ctx.locale, config.baseUrl, ctx.t)), csvSeparator(query.sep));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="organisations-${ctx.locale}.csv"`)
      .send(csv);
  });

  const requireCreate = (ctx: PageContext) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    if (!can(ctx.actor, 'create')) throw new AppError('forbidden');
  };

  pages.get('/organisations/new', async (ctx, _req, reply) => {
    requireCreate(ctx);
    return sendPage(reply, <OrganisationForm ctx={ctx} values={{ country: 'FR' }} errors={{}} action={href(ctx, '/organisations/new')} title={ctx.t('organisations.new_title')} />);
  });

  pages.post('/organisations/new', async (ctx, req, reply) => {
    requireCreate(ctx);
    const form = readForm(req);
    const parsed = validate(organisationInputSchema, form.fields, ctx.t);
    const showAgain = (errors: Record<string, string>) =>
      sendPage(reply, <OrganisationForm ctx={ctx} values={form.fields} errors={errors} action={href(ctx, '/organisations/new')} title={ctx.t('organisations.new_title')} />, 422);
    if (!parsed.ok) return showAgain(parsed.error);
    const created = await createOrganisation(db, ctx.actor, parsed.value, { logo: { upload: form.files.logo, generate: true } });
    if (!created.ok) {
      if (created.error.code === 'validation') return showAgain(translateFailure(ctx, created.error));
      throw new AppError(created.error.code);
    }
    return redirectTo(reply, ctx, `/organisations/${created.value.slug}`, 'organisations.saved');
  });

  const loadVisible = async (ctx: PageContext, slug: string) => {
    const org = await findOrganisationBySlug(db, slug);
    if (!org || !can(ctx.actor, 'view', org)) throw new AppError('not_found');
    return org;
  };

  pages.get('/organisations/:slug', async (ctx, req, reply) => {
    const org = await loadVisible(ctx, (req.params as { slug: string }).slug);
    // Sections other modules add to the page (the organisation's projects…).
    return sendPage(reply, <OrganisationView ctx={ctx} org={org} safeSections={await renderSections(app, 'organisation.page', ctx, { id: org.id })} />);
  });

  const loadEditable = async (ctx: PageContext, slug: string) => {
    const org = await loadVisible(ctx, slug);
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    if (!can(ctx.actor, 'update', org)) throw new AppError('forbidden');
    return org;
  };

  pages.get('/organisations/:slug/edit', async (ctx, req, reply) => {
    const org = await loadEditable(ctx, (req.params as { slug: string }).slug);
    const name = displayName(org, ctx.locale);
    return sendPage(
      reply,
      <OrganisationForm ctx={ctx} values={formValues(org)} errors={{}} action={href(ctx, `/organisations/${org.slug}/edit`)} title={ctx.t('organisations.edit_title', { name })} currentLogo={logoUrl(org)} />,
    );
  });

  pages.post('/organisations/:slug/edit', async (ctx, req, reply) => {
    const org = await loadEditable(ctx, (req.params as { slug: string }).slug);
    const form = readForm(req);
    const title = ctx.t('organisations.edit_title', { name: displayName(org, ctx.locale) });
    const showAgain = (errors: Record<string, string>, status = 422) =>
      sendPage(reply, <OrganisationForm ctx={ctx} values={form.fields} errors={errors} action={href(ctx, `/organisations/${org.slug}/edit`)} title={title} currentLogo={logoUrl(org)} />, status);
    const parsed = validate(organisationInputSchema, form.fields, ctx.t);
    if (!parsed.ok) return showAgain(parsed.error);
    const version = versionSchema.safeParse(form.fields.version);
    const updated = await updateOrganisation(db, ctx.actor, org.id, version.success ? version.data : org.version, parsed.value, { logo: { upload: form.files.logo } });
    if (!updated.ok) {
      if (updated.error.code === 'validation') return showAgain(translateFailure(ctx, updated.error));
      if (updated.error.code === 'conflict') return showAgain({ _form: ctx.t('error.conflict.text') }, 409);
      throw new AppError(updated.error.code);
    }
    return redirectTo(reply, ctx, `/organisations/${updated.value.slug}`, 'organisations.saved');
  });

  for (const [path, status, notice] of [
    ['archive', 'archived', 'organisations.archived_notice'],
    ['restore', 'active', 'organisations.restored_notice'],
  ] as const) {
    pages.post(`/organisations/:slug/${path}`, async (ctx, req, reply) => {
      const org = await loadVisible(ctx, (req.params as { slug: string }).slug);
      const result = await setOrganisationStatus(db, ctx.actor, org.id, status);
      if (!result.ok) throw new AppError(result.error.code);
      return redirectTo(reply, ctx, `/organisations/${org.slug}`, notice);
    });
  }
}
