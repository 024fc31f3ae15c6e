// Project pages: the public project page (with related projects and the "help this project" form), the
// back-office (create, edit, one page per repeated part, publish), the offers inbox, and the section the
// organisation page shows (its projects, and participations waiting for an answer).
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError, type Failure } from '../../kernel/errors.ts';
import { readForm } from '../../kernel/form-body.ts';
import { formatDateTime } from '../../kernel/format.ts';
import { pick } from '../../kernel/i18n.ts';
import { Layout } from '../../kernel/html/layout.tsx';
import { Checkbox, CheckboxGroup, CsrfField, ErrorSummary, FileField, Select, TextArea, TextField, type Option } from '../../kernel/html/forms.tsx';
import { registerSection, renderSections } from '../../kernel/page-sections.ts';
import { isUuid } from '../../kernel/ids.ts';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { countryName, countryOptions } from '../taxonomy/countries.ts';
import { themeLabel, themeOptions } from '../taxonomy/themes.ts';
import {
  activityStatuses,
  budgetStatuses,
  budgetTypes,
  currencies,
  dacRegions,
  documentCategories,
  exactnesses,
  helpKinds,
  indicatorMeasures,
  needKinds,
  participantRoles,
  resultTypes,
  sdgGoals,
  transactionTypes,
} from './codes.ts';
import {
  addSectionRow,
  answerOffer,
  answerParticipation,
  createProject,
  deleteProject,
  offerHelp,
  publicationProblems,
  removeSectionRow,
  setOfferStatus,
  setPublication,
  updateProject,
} from './commands.ts';
import { can } from './policy.ts';
import { codeLabel, dateText, displayTitle, money, moneyTotals, organisationLabel, rowSummary } from './present.ts';
import {
  findOffer,
  findProjectBySlug,
  loadBundle,
  offerHistory,
  offersOfOrganisation,
  organisationChoices,
  pendingParticipations,
  projectsOfOrganisation,
  organisationsByIds,
  relatedProjects,
  type HelpOfferRow,
  type ProjectBundle,
  type ProjectRow,
  type RelatedProject,
} from './queries.ts';
import { helpOfferSchema, offerAnswerSchema, projectInputSchema, sectionKeys, sectionSchemas, versionSchema, type SectionKey } from './schema.ts';

type Values = Record<string, string | string[]>;
const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '');
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const codeOptions = (ctx: PageContext, listName: string, codes: readonly string[]): Option[] => codes.map((c) => ({ value: c, label: codeLabel(ctx.t, listName, c) }));

function translateFailure(ctx: PageContext, f: Failure): Record<string, string> {
  return Object.fromEntries(Object.entries(f.fields ?? {}).map(([k, v]) => [k, ctx.t(v)]));
}

function Paragraphs({ ctx, fr, en }: { ctx: PageContext; fr: string | null; en: string | null }): JSX.Element {
  const text = pick({ fr, en }, ctx.locale);
  if (!text.text) return '';
  return (
    <>
      {text.text.split(/\n{2,}/).map((para) => (
        <p lang={text.lang === ctx.locale ? undefined : text.lang} safe>
          {para}
        </p>
      ))}
    </>
  );
}

// ── Public project page ─────────────────────────────────────────────────────────────────────────────────

function RelatedList({ ctx, related, bundle }: { ctx: PageContext; related: RelatedProject[]; bundle: ProjectBundle }): JSX.Element {
  const { t, locale } = ctx;
  return (
    <section aria-labelledby="related">
      <h2 id="related" safe>
        {t('projects.related')}
      </h2>
      {related.length === 0 ? (
        <p class="empty" safe>
          {t('projects.related_none')}
        </p>
      ) : (
        <ul class="stack">
          {related.map((r) => {
            const reasons = [
              r.sharedPartners.length ? t('projects.related_partners', { names: r.sharedPartners.map((id) => organisationLabel(bundle, id, null, locale) || '…').join(', ') }) : '',
              r.sharedCountries.length ? t('projects.related_countries', { names: r.sharedCountries.map((c) => countryName(c, locale)).join(', ') }) : '',
              r.sharedThemes.length ? t('projects.related_themes', { names: r.sharedThemes.map((c) => themeLabel(c, locale)).join(', ') }) : '',
            ].filter(Boolean);
            return (
              <li>
                <a href={href(ctx, `/projects/${r.project.slug}`)} safe>
                  {displayTitle(r.project, locale)}
                </a>
                <span class="meta" safe>{` — ${reasons.join(' · ')}`}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

function HelpForm({ ctx, project, values, errors }: { ctx: PageContext; project: ProjectRow; values: Values; errors: Record<string, string> }): JSX.Element {
  const { t } = ctx;
  const labels = Object.fromEntries(['kind', 'name', 'email', 'message', 'amount', 'consent'].map((f) => [f, t(`projects.help.field.${f}`)]));
  return (
    <section aria-labelledby="help" id="help-form">
      <h2 id="help" safe>
        {t('projects.help.title')}
      </h2>
      <p class="muted" safe>
        {t('projects.help.lead')}
      </p>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={href(ctx, `/projects/${project.slug}/help`)} novalidate>
        <CsrfField ctx={ctx} />
        <Select ctx={ctx} name="kind" label={labels.kind!} required value={str(values.kind) || 'volunteer'} error={errors.kind} options={helpKinds.map((k) => ({ value: k, label: t(`projects.help.kind.${k}`) }))} />
        <TextField ctx={ctx} name="name" label={labels.name!} required value={str(values.name)} error={errors.name} autocomplete="name" />
        <TextField ctx={ctx} name="email" type="email" label={labels.email!} required value={str(values.email)} error={errors.email} autocomplete="email" />
        <TextArea ctx={ctx} name="message" label={labels.message!} required value={str(values.message)} error={errors.message} rows={4} maxlength={4000} />
        <TextField ctx={ctx} name="amount" label={labels.amount!} hint={t('projects.help.amount_hint')} value={str(values.amount)} error={errors.amount} />
        <div class="visually-hidden" aria-hidden="true">
          <label for="f-website" safe>
            {t('projects.help.honeypot')}
          </label>
          <input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off" />
        </div>
        <Checkbox ctx={ctx} name="consent" label={labels.consent!} checked={str(values.consent) === 'on'} error={errors.consent} />
        <p class="hint" safe>
          {t('projects.help.privacy')}
        </p>
        <div class="actions">
          <button type="submit" safe>
            {t('projects.help.send')}
          </button>
        </div>
      </form>
    </section>
  );
}

function ProjectPage({ ctx, bundle, related, problems, helpValues, helpErrors, safeSections = '' }: { ctx: PageContext; bundle: ProjectBundle; related: RelatedProject[]; problems: string[]; helpValues: Values; helpErrors: Record<string, string>; safeSections?: string }): JSX.Element {
  const { t, locale } = ctx;
  const p = bundle.project;
  const title = displayTitle(p, locale);
  const org = bundle.organisations.get(p.organisationId);
  const totals = moneyTotals(bundle);
  const cur = p.defaultCurrency;
  const canEdit = can(ctx.actor, 'update', p);
  const visibleParticipants = bundle.participants.filter((x) => !x.organisationId || x.acceptance === 'accepted');
  const description = pick({ fr: p.descriptionFr, en: p.descriptionEn }, locale);
  return (
    <Layout ctx={ctx} title={title} description={description.text.slice(0, 200) || undefined} section="/projects">
      {p.publication === 'draft' ? (
        <p class="notice" role="status" safe>
          {t('projects.draft_banner')}
        </p>
      ) : (
        ''
      )}
      <div class="page-header">
        <h1 safe>{title}</h1>
        <p class="meta">
          <span class="badge" safe>
            {codeLabel(t, 'status', p.activityStatus)}
          </span>
          {p.humanitarian ? (
            <span class="badge muted" safe>
              {t('projects.humanitarian')}
            </span>
          ) : (
            ''
          )}
          {org ? (
            <>
              <span safe>{` ${t('projects.by')} `}</span>
              <a href={href(ctx, `/organisations/${org.slug}`)} safe>
                {pick({ fr: org.nameFr, en: org.nameEn }, locale).text}
              </a>
            </>
          ) : (
            ''
          )}
        </p>
        {canEdit ? (
          <div class="actions">
            <a class="button secondary" href={href(ctx, `/projects/${p.slug}/edit`)} safe>
              {t('projects.edit')}
            </a>
          </div>
        ) : (
          ''
        )}
        {canEdit && problems.length ? (
          <div class="error-summary" role="status">
            <p safe>{t('projects.problems_title')}</p>
            <ul>
              {problems.map((m) => (
                <li safe>{m}</li>
              ))}
            </ul>
          </div>
        ) : (
          ''
        )}
      </div>
      <section aria-labelledby="what">
        <h2 id="what" safe>
          {t('projects.what')}
        </h2>
        <Paragraphs ctx={ctx} fr={p.descriptionFr} en={p.descriptionEn} />
        {p.objectivesFr || p.objectivesEn ? (
          <>
            <h3 safe>{t('projects.objectives')}</h3>
            <Paragraphs ctx={ctx} fr={p.objectivesFr} en={p.objectivesEn} />
          </>
        ) : (
          ''
        )}
        {p.targetGroupsFr || p.targetGroupsEn ? (
          <>
            <h3 safe>{t('projects.target_groups')}</h3>
            <Paragraphs ctx={ctx} fr={p.targetGroupsFr} en={p.targetGroupsEn} />
          </>
        ) : (
          ''
        )}
        <dl class="dl-grid">
          <dt safe>{t('projects.dates')}</dt>
          <dd safe>{`${dateText(p.actualStart ?? p.plannedStart, locale) || '…'} – ${dateText(p.actualEnd ?? p.plannedEnd, locale) || '…'}`}</dd>
          {bundle.sectors.length ? (
            <>
              <dt safe>{t('projects.themes')}</dt>
              <dd safe>{bundle.sectors.map((s) => `${s.theme ? themeLabel(s.theme, locale) : s.code}${typeof s.percentage === 'number' ? ` (${s.percentage} %)` : ''}`).join(', ')}</dd>
            </>
          ) : (
            ''
          )}
          {p.sdgs.length ? (
            <>
              <dt safe>{t('projects.sdgs')}</dt>
              <dd safe>{p.sdgs.map((g) => t('projects.sdg', { n: g })).join(', ')}</dd>
            </>
          ) : (
            ''
          )}
          <dt safe>{t('projects.identifier')}</dt>
          <dd>
            <code safe>{p.iatiIdentifier}</code>
          </dd>
        </dl>
      </section>
      <section aria-labelledby="where">
        <h2 id="where" safe>
          {t('projects.where')}
        </h2>
        <ul class="tags">
          {bundle.countries.map((c) => (
            <li class="tag">
              <a href={href(ctx, '/projects', { country: c.code })} safe>
                {`${countryName(c.code, locale)}${typeof c.percentage === 'number' ? ` (${c.percentage} %)` : ''}`}
              </a>
            </li>
          ))}
          {bundle.regions.map((r) => (
            <li class="tag" safe>
              {`${codeLabel(t, 'region', r.code)}${typeof r.percentage === 'number' ? ` (${r.percentage} %)` : ''}`}
            </li>
          ))}
        </ul>
        {bundle.locations.length ? (
          <ul>
            {bundle.locations.map((l) => (
              <li safe>{`${l.name}${l.lat !== null && l.lng !== null ? ` (${l.lat.toFixed(3)}, ${l.lng.toFixed(3)})` : ''}`}</li>
            ))}
          </ul>
        ) : (
          ''
        )}
      </section>
      <section aria-labelledby="who">
        <h2 id="who" safe>
          {t('projects.who')}
        </h2>
        <ul>
          {visibleParticipants.map((x) => {
            const o = x.organisationId ? bundle.organisations.get(x.organisationId) : undefined;
            const name = organisationLabel(bundle, x.organisationId, x.name, locale);
            return (
              <li>
                {o ? (
                  <a href={href(ctx, `/organisations/${o.slug}`)} safe>
                    {name}
                  </a>
                ) : (
                  <span safe>{name}</span>
                )}
                <span class="meta" safe>{` — ${codeLabel(t, 'role', x.role)}`}</span>
              </li>
            );
          })}
        </ul>
      </section>
      <section aria-labelledby="how-much">
        <h2 id="how-much" safe>
          {t('projects.how_much')}
        </h2>
        <div class="kpis">
          {(
            [
              ['budget', totals.budget],
              ['incoming', totals.incoming],
              ['spent', totals.spent],
            ] as const
          ).map(([k, v]) => (
            <p class="kpi">
              <span class="kpi-value" safe>
                {money(v, cur, locale)}
              </span>
              <span class="kpi-label" safe>
                {t(`projects.total.${k}`)}
              </span>
            </p>
          ))}
        </div>
        {bundle.budgets.length ? (
          <div class="table-wrap">
            <table>
              <caption safe>{t('projects.budgets')}</caption>
              <thead>
                <tr>
                  <th scope="col" safe>{t('projects.period')}</th>
                  <th scope="col" safe>{t('projects.field.budgets.type')}</th>
                  <th scope="col" safe>{t('projects.field.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {bundle.budgets.map((b) => (
                  <tr>
                    <td safe>{`${dateText(b.periodStart, locale)} – ${dateText(b.periodEnd, locale)}`}</td>
                    <td safe>{codeLabel(t, 'budget_type', b.type)}</td>
                    <td safe>{money(b.amount, b.currency, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          ''
        )}
        {bundle.transactions.length ? (
          <div class="table-wrap">
            <table>
              <caption safe>{t('projects.transactions')}</caption>
              <thead>
                <tr>
                  <th scope="col" safe>{t('projects.field.date')}</th>
                  <th scope="col" safe>{t('projects.field.transactions.type')}</th>
                  <th scope="col" safe>{t('projects.from_to')}</th>
                  <th scope="col" safe>{t('projects.field.amount')}</th>
                </tr>
              </thead>
              <tbody>
                {bundle.transactions.map((x) => (
                  <tr>
                    <td safe>{dateText(x.date, locale)}</td>
                    <td safe>{codeLabel(t, 'transaction', x.type)}</td>
                    <td safe>{[organisationLabel(bundle, x.providerOrganisationId, x.providerName, locale), organisationLabel(bundle, x.receiverOrganisationId, x.receiverName, locale)].filter(Boolean).join(' → ') || x.description || ''}</td>
                    <td safe>{money(x.amount, x.currency, locale)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        ) : (
          ''
        )}
      </section>
      {bundle.results.length ? (
        <section aria-labelledby="results">
          <h2 id="results" safe>
            {t('projects.results')}
          </h2>
          {bundle.results.map((r) => (
            <>
              <h3 safe>{`${pick({ fr: r.titleFr, en: r.titleEn }, locale).text} (${codeLabel(t, 'result', r.type)})`}</h3>
              {r.indicators.length ? (
                <div class="table-wrap">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col" safe>{t('projects.indicator')}</th>
                        <th scope="col" safe>{t('projects.field.baseline')}</th>
                        <th scope="col" safe>{t('projects.period')}</th>
                        <th scope="col" safe>{t('projects.field.target')}</th>
                        <th scope="col" safe>{t('projects.field.actual')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      {r.indicators.flatMap((ind) =>
                        (ind.periods.length ? ind.periods : [{}]).map((per: { start?: string; end?: string; target?: string; actual?: string }) => (
                          <tr>
                            <td safe>{pick({ fr: ind.titleFr ?? null, en: ind.titleEn ?? null }, locale).text}</td>
                            <td safe>{ind.baselines.map((b) => `${b.value ?? ''}${b.year ? ` (${b.year})` : ''}`).join(', ')}</td>
                            <td safe>{per.start || per.end ? `${dateText(per.start, locale)} – ${dateText(per.end, locale)}` : String('')}</td>
                            <td safe>{per.target ?? ''}</td>
                            <td safe>{per.actual ?? ''}</td>
                          </tr>
                        )),
                      )}
                    </tbody>
                  </table>
                </div>
              ) : (
                ''
              )}
            </>
          ))}
        </section>
      ) : (
        ''
      )}
      {bundle.photos.length ? (
        <section aria-labelledby="photos">
          <h2 id="photos" safe>
            {t('projects.section.photos')}
          </h2>
          <ul class="cards">
            {bundle.photos.map((ph) => (
              <li>
                <img src={`/files/${ph.fileId}`} alt={pick({ fr: ph.captionFr, en: ph.captionEn }, locale).text} loading="lazy" width="320" />
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {bundle.updates.length ? (
        <section aria-labelledby="updates">
          <h2 id="updates" safe>
            {t('projects.section.updates')}
          </h2>
          {bundle.updates.map((u) => (
            <article>
              <h3 safe>{pick({ fr: u.titleFr, en: u.titleEn }, locale).text}</h3>
              <p class="meta">
                <time datetime={u.date} safe>
                  {dateText(u.date, locale)}
                </time>
              </p>
              <Paragraphs ctx={ctx} fr={u.bodyFr} en={u.bodyEn} />
            </article>
          ))}
        </section>
      ) : (
        ''
      )}
      {bundle.documents.length ? (
        <section aria-labelledby="documents">
          <h2 id="documents" safe>
            {t('projects.section.documents')}
          </h2>
          <ul>
            {bundle.documents.map((d) => (
              <li>
                <a href={d.url ?? (d.fileId ? `/files/${d.fileId}` : '#')} rel="noopener" safe>
                  {pick({ fr: d.titleFr, en: d.titleEn }, locale).text}
                </a>
                <span class="meta" safe>{` — ${codeLabel(t, 'document', d.category)}`}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {bundle.needs.length ? (
        <section aria-labelledby="needs">
          <h2 id="needs" safe>
            {t('projects.section.needs')}
          </h2>
          <ul>
            {bundle.needs.map((n) => (
              <li>
                <strong safe>{t(`projects.need.${n.kind}`)}</strong>
                <span safe>{` — ${pick({ fr: n.textFr, en: n.textEn }, locale).text}`}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {p.publication === 'published' ? <HelpForm ctx={ctx} project={p} values={helpValues} errors={helpErrors} /> : ''}
      {/* Sections other modules add to the page (funding: grants, payments and indicator results; alliances, news,
          proposed partners…), already escaped. */}
      {safeSections}
      <RelatedList ctx={ctx} related={related} bundle={bundle} />
    </Layout>
  );
}

// ── Back-office ─────────────────────────────────────────────────────────────────────────────────────────

const mainFields = ['titleFr', 'titleEn', 'descriptionFr', 'descriptionEn', 'objectivesFr', 'objectivesEn', 'targetGroupsFr', 'targetGroupsEn', 'activityStatus', 'plannedStart', 'actualStart', 'plannedEnd', 'actualEnd', 'humanitarian', 'defaultCurrency', 'sdgs', 'organisationId'] as const;

function ProjectForm({ ctx, values, errors, action, title, organisations }: { ctx: PageContext; values: Values; errors: Record<string, string>; action: string; title: string; organisations?: Option[] }): JSX.Element {
  const labels = Object.fromEntries(mainFields.map((f) => [f, ctx.t(`projects.field.${f}`)]));
  return (
    <Layout ctx={ctx} title={title} section="/projects">
      <h1 safe>{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <MainFormBody ctx={ctx} values={values} errors={errors} action={action} organisations={organisations} />
    </Layout>
  );
}

function formValues(p: ProjectRow): Values {
  const v: Values = { version: String(p.version), activityStatus: p.activityStatus, defaultCurrency: p.defaultCurrency, sdgs: p.sdgs };
  for (const k of ['titleFr', 'titleEn', 'descriptionFr', 'descriptionEn', 'objectivesFr', 'objectivesEn', 'targetGroupsFr', 'targetGroupsEn', 'plannedStart', 'actualStart', 'plannedEnd', 'actualEnd'] as const) {
    if (p[k]) v[k] = p[k];
  }
  if (p.humanitarian) v.humanitarian = 'on';
  return v;
}

function EditPage({ ctx, bundle, values, errors, problems }: { ctx: PageContext; bundle: ProjectBundle; values: Values; errors: Record<string, string>; problems: string[] }): JSX.Element {
  const { t, locale } = ctx;
  const p = bundle.project;
  const title = t('projects.edit_title', { title: displayTitle(p, locale) });
  const counts = (k: SectionKey) => (bundle[k] as unknown[]).length;
  return (
    <Layout ctx={ctx} title={title} section="/projects">
      <h1 safe>{title}</h1>
      <p>
        <a href={href(ctx, `/projects/${p.slug}`)} safe>
          {t('projects.preview')}
        </a>
      </p>
      <section aria-labelledby="publication">
        <h2 id="publication" safe>
          {t('projects.publication')}
        </h2>
        <p safe>{t(`projects.publication.${p.publication}`)}</p>
        {problems.length ? (
          <div class="error-summary" role="status">
            <p safe>{t('projects.problems_title')}</p>
            <ul>
              {problems.map((m) => (
                <li safe>{m}</li>
              ))}
            </ul>
          </div>
        ) : (
          ''
        )}
        <form method="post" action={href(ctx, `/projects/${p.slug}/${p.publication === 'draft' ? 'publish' : 'unpublish'}`)} class="inline-form">
          <CsrfField ctx={ctx} />
          <button type="submit" safe>
            {t(p.publication === 'draft' ? 'projects.publish' : 'projects.unpublish')}
          </button>
        </form>
      </section>
      <section aria-labelledby="parts">
        <h2 id="parts" safe>
          {t('projects.parts')}
        </h2>
        <ul class="stack">
          {sectionKeys.map((k) => (
            <li>
              <a href={href(ctx, `/projects/${p.slug}/parts/${k}`)} safe>
                {`${t(`projects.section.${k}`)} (${counts(k)})`}
              </a>
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="main-form">
        <h2 id="main-form" safe>
          {t('projects.main_fields')}
        </h2>
        <ErrorSummary ctx={ctx} errors={errors} labels={Object.fromEntries(mainFields.map((f) => [f, t(`projects.field.${f}`)]))} />
        <MainFormBody ctx={ctx} values={values} errors={errors} action={href(ctx, `/projects/${p.slug}/edit`)} />
      </section>
      {can(ctx.actor, 'delete', p) ? (
        <section aria-labelledby="danger">
          <h2 id="danger" safe>
            {t('projects.delete_title')}
          </h2>
          <form method="post" action={href(ctx, `/projects/${p.slug}/delete`)}>
            <CsrfField ctx={ctx} />
            <Checkbox ctx={ctx} name="confirm" label={t('projects.delete_confirm')} checked={false} />
            <button type="submit" class="danger" safe>
              {t('projects.delete')}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

/** The main fields' form, shared by the new-project page and the edit page. */
function MainFormBody({ ctx, values, errors, action, organisations }: { ctx: PageContext; values: Values; errors: Record<string, string>; action: string; organisations?: Option[] }): JSX.Element {
  const { t } = ctx;
  const label = (f: string) => t(`projects.field.${f}`);
  const text = (name: string, extra: { type?: string; hint?: string } = {}) => <TextField ctx={ctx} name={name} label={label(name)} value={str(values[name])} error={errors[name]} {...extra} />;
  const area = (name: string, rows = 5) => <TextArea ctx={ctx} name={name} label={label(name)} value={str(values[name])} error={errors[name]} rows={rows} />;
  return (
    <form method="post" action={action} novalidate>
      <CsrfField ctx={ctx} />
      {values.version ? <input type="hidden" name="version" value={str(values.version)} /> : ''}
      {organisations ? <Select ctx={ctx} name="organisationId" label={label('organisationId')} required value={str(values.organisationId)} error={errors.organisationId} options={organisations} /> : ''}
      <fieldset>
        <legend safe>{t('projects.section.what')}</legend>
        {text('titleFr', { hint: t('projects.hint.title') })}
        {text('titleEn')}
        {area('descriptionFr', 8)}
        {area('descriptionEn', 8)}
        {area('objectivesFr', 3)}
        {area('objectivesEn', 3)}
        {area('targetGroupsFr', 3)}
        {area('targetGroupsEn', 3)}
      </fieldset>
      <fieldset>
        <legend safe>{t('projects.section.when')}</legend>
        <Select ctx={ctx} name="activityStatus" label={label('activityStatus')} required value={str(values.activityStatus) || '2'} error={errors.activityStatus} options={codeOptions(ctx, 'status', activityStatuses)} />
        {text('plannedStart', { type: 'date' })}
        {text('plannedEnd', { type: 'date' })}
        {text('actualStart', { type: 'date' })}
        {text('actualEnd', { type: 'date' })}
      </fieldset>
      <fieldset>
        <legend safe>{t('projects.section.more')}</legend>
        <Select ctx={ctx} name="defaultCurrency" label={label('defaultCurrency')} value={str(values.defaultCurrency) || 'EUR'} error={errors.defaultCurrency} options={currencies.map((c) => ({ value: c, label: c }))} />
        <Checkbox ctx={ctx} name="humanitarian" label={label('humanitarian')} checked={str(values.humanitarian) === 'on'} />
        <CheckboxGroup ctx={ctx} name="sdgs" label={label('sdgs')} values={list(values.sdgs)} error={errors.sdgs} options={sdgGoals.map((g) => ({ value: g, label: t('projects.sdg', { n: g }) }))} columns />
      </fieldset>
      <div class="actions">
        <button type="submit" safe>
          {t('form.save')}
        </button>
      </div>
    </form>
  );
}

// One page per repeated part: the rows with a remove button each, and a form that adds one.
type FieldKind = 'text' | 'number' | 'date' | 'textarea' | 'url' | 'file';
interface FieldSpec {
  name: string;
  kind: FieldKind | ((ctx: PageContext, orgs: Option[]) => Option[]);
  required?: boolean;
}
const sel = (listName: string, codes: readonly string[]) => (ctx: PageContext) => codeOptions(ctx, listName, codes);
const orgSelect = (_ctx: PageContext, orgs: Option[]) => orgs;

const sectionFields: Record<SectionKey, FieldSpec[]> = {
  countries: [{ name: 'code', kind: (ctx) => countryOptions(ctx.locale), required: true }, { name: 'percentage', kind: 'number' }],
  regions: [{ name: 'code', kind: sel('region', dacRegions), required: true }, { name: 'percentage', kind: 'number' }],
  sectors: [{ name: 'theme', kind: (ctx) => themeOptions(ctx.locale), required: true }, { name: 'code', kind: 'text' }, { name: 'percentage', kind: 'number' }],
  participants: [{ name: 'role', kind: sel('role', participantRoles), required: true }, { name: 'organisationId', kind: orgSelect }, { name: 'name', kind: 'text' }, { name: 'ref', kind: 'text' }],
  locations: [{ name: 'name', kind: 'text', required: true }, { name: 'lat', kind: 'text', required: true }, { name: 'lng', kind: 'text', required: true }, { name: 'exactness', kind: sel('exactness', exactnesses) }],
  budgets: [
    { name: 'type', kind: sel('budget_type', budgetTypes), required: true },
    { name: 'status', kind: sel('budget_status', budgetStatuses) },
    { name: 'periodStart', kind: 'date', required: true },
    { name: 'periodEnd', kind: 'date', required: true },
    { name: 'amount', kind: 'text', required: true },
    { name: 'currency', kind: (_ctx) => currencies.map((c) => ({ value: c, label: c })) },
  ],
  transactions: [
    { name: 'type', kind: sel('transaction', transactionTypes), required: true },
    { name: 'date', kind: 'date', required: true },
    { name: 'amount', kind: 'text', required: true },
    { name: 'currency', kind: (_ctx) => currencies.map((c) => ({ value: c, label: c })) },
    { name: 'description', kind: 'text' },
    { name: 'providerOrganisationId', kind: orgSelect },
    { name: 'providerName', kind: 'text' },
    { name: 'receiverOrganisationId', kind: orgSelect },
    { name: 'receiverName', kind: 'text' },
  ],
  results: [
    { name: 'type', kind: sel('result', resultTypes), required: true },
    { name: 'titleFr', kind: 'text' },
    { name: 'titleEn', kind: 'text' },
    { name: 'indicatorTitleFr', kind: 'text' },
    { name: 'indicatorTitleEn', kind: 'text' },
    { name: 'measure', kind: sel('measure', indicatorMeasures) },
    { name: 'baselineYear', kind: 'number' },
    { name: 'baseline', kind: 'text' },
    { name: 'periodStart', kind: 'date' },
    { name: 'periodEnd', kind: 'date' },
    { name: 'target', kind: 'text' },
    { name: 'actual', kind: 'text' },
  ],
  documents: [{ name: 'titleFr', kind: 'text' }, { name: 'titleEn', kind: 'text' }, { name: 'category', kind: sel('document', documentCategories), required: true }, { name: 'url', kind: 'url' }, { name: 'file', kind: 'file' }],
  photos: [{ name: 'photo', kind: 'file', required: true }, { name: 'captionFr', kind: 'text' }, { name: 'captionEn', kind: 'text' }],
  updates: [{ name: 'date', kind: 'date', required: true }, { name: 'titleFr', kind: 'text' }, { name: 'titleEn', kind: 'text' }, { name: 'bodyFr', kind: 'textarea' }, { name: 'bodyEn', kind: 'textarea' }],
  needs: [{ name: 'kind', kind: (ctx) => needKinds.map((k) => ({ value: k, label: ctx.t(`projects.need.${k}`) })), required: true }, { name: 'textFr', kind: 'text' }, { name: 'textEn', kind: 'text' }],
};

function fieldLabel(ctx: PageContext, section: string, name: string): string {
  const specific = `projects.field.${section}.${name}`;
  const s = ctx.t(specific);
  return s === specific ? ctx.t(`projects.field.${name}`) : s;
}

function SectionPage({ ctx, bundle, section, values, errors, orgs }: { ctx: PageContext; bundle: ProjectBundle; section: SectionKey; values: Values; errors: Record<string, string>; orgs: Option[] }): JSX.Element {
  const { t, locale } = ctx;
  const p = bundle.project;
  const rows = bundle[section] as unknown as Record<string, unknown>[];
  const fields = sectionFields[section];
  const labels = Object.fromEntries(fields.map((f) => [f.name, fieldLabel(ctx, section, f.name)]));
  const title = `${t(`projects.section.${section}`)} — ${displayTitle(p, locale)}`;
  const hint = t(`projects.hint.${section}`);
  return (
    <Layout ctx={ctx} title={title} section="/projects">
      <p>
        <a href={href(ctx, `/projects/${p.slug}/edit`)} safe>
          {t('projects.back_to_edit')}
        </a>
      </p>
      <h1 safe>{title}</h1>
      {hint !== `projects.hint.${section}` ? (
        <p class="lead" safe>
          {hint}
        </p>
      ) : (
        ''
      )}
      {rows.length === 0 ? (
        <p class="empty" safe>
          {t('projects.none_yet')}
        </p>
      ) : (
        <ul class="stack">
          {rows.map((row) => (
            <li>
              <span safe>{rowSummary(section, row, bundle, t, locale)}</span>{' '}
              <form method="post" action={href(ctx, `/projects/${p.slug}/parts/${section}/${String(row.id)}/remove`)} class="inline-form">
                <CsrfField ctx={ctx} />
                <button type="submit" class="link-button" aria-label={t('projects.remove_item', { item: rowSummary(section, row, bundle, t, locale) })} safe>
                  {t('projects.remove')}
                </button>
              </form>
            </li>
          ))}
        </ul>
      )}
      <h2 safe>{t('projects.add')}</h2>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={href(ctx, `/projects/${p.slug}/parts/${section}`)} enctype={section === 'photos' || section === 'documents' ? 'multipart/form-data' : undefined} novalidate>
        <CsrfField ctx={ctx} />
        {fields.map((f) => {
          const label = labels[f.name]!;
          if (typeof f.kind === 'function') {
            return <Select ctx={ctx} name={f.name} label={label} required={f.required} value={str(values[f.name])} error={errors[f.name]} emptyLabel={f.required ? undefined : ''} options={f.kind(ctx, orgs)} />;
          }
          if (f.kind === 'textarea') return <TextArea ctx={ctx} name={f.name} label={label} value={str(values[f.name])} error={errors[f.name]} rows={4} />;
          if (f.kind === 'file') return <FileField ctx={ctx} name={f.name} label={label} required={f.required} accept={section === 'documents' ? '.pdf,.odt,.docx,application/pdf,application/vnd.oasis.opendocument.text,application/vnd.openxmlformats-officedocument.wordprocessingml.document' : 'image/png,image/jpeg,image/webp'} error={errors[f.name]} />;
          return <TextField ctx={ctx} name={f.name} label={label} required={f.required} type={f.kind === 'number' ? 'text' : f.kind} value={str(values[f.name])} error={errors[f.name]} />;
        })}
        <div class="actions">
          <button type="submit" safe>
            {t('projects.add')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

// ── Inbox of offers and participations ──────────────────────────────────────────────────────────────────

function InboxPage({ ctx, organisationId, orgName, offers, histories, pending, errors }: { ctx: PageContext; organisationId: string; orgName: string; offers: { offer: HelpOfferRow; project: ProjectRow }[]; histories: Map<string, Awaited<ReturnType<typeof offerHistory>>>; pending: Awaited<ReturnType<typeof pendingParticipations>>; errors: Record<string, string> }): JSX.Element {
  const { t, locale } = ctx;
  const title = t('projects.inbox_title', { name: orgName });
  return (
    <Layout ctx={ctx} title={title} section="/projects">
      <h1 safe>{title}</h1>
      <section aria-labelledby="participations">
        <h2 id="participations" safe>
          {t('projects.participations')}
        </h2>
        {pending.length === 0 ? (
          <p class="empty" safe>
            {t('projects.participations_none')}
          </p>
        ) : (
          <ul class="stack">
            {pending.map(({ participant, project }) => (
              <li>
                <a href={href(ctx, `/projects/${project.slug}`)} safe>
                  {displayTitle(project, locale)}
                </a>
                <span safe>{` — ${codeLabel(t, 'role', participant.role)} `}</span>
                {(['accept', 'decline'] as const).map((a) => (
                  <form method="post" action={href(ctx, `/projects/participations/${participant.id}/${a}`)} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <button type="submit" class={a === 'decline' ? 'secondary' : ''} safe>
                      {t(`projects.participation.${a}`)}
                    </button>
                  </form>
                ))}
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="offers">
        <h2 id="offers" safe>
          {t('projects.offers')}
        </h2>
        {offers.length === 0 ? (
          <p class="empty" safe>
            {t('projects.offers_none')}
          </p>
        ) : (
          offers.map(({ offer, project }) => (
            <article class="card" id={`offer-${offer.id}`}>
              <h3 safe>{`${t(`projects.help.kind.${offer.kind}`)} — ${offer.name}`}</h3>
              <p class="meta">
                <span safe>{formatDateTime(offer.createdAt, locale)}</span>
                {' · '}
                <a href={href(ctx, `/projects/${project.slug}`)} safe>
                  {displayTitle(project, locale)}
                </a>
                {' · '}
                <span class={offer.status === 'new' ? 'badge success' : 'badge muted'} safe>
                  {t(`projects.offer_status.${offer.status}`)}
                </span>
              </p>
              <p>
                <a href={`mailto:${offer.email}`} safe>
                  {offer.email}
                </a>
              </p>
              {offer.amount ? <p safe>{money(offer.amount, project.defaultCurrency, locale)}</p> : ''}
              <p safe>{offer.message}</p>
              {(histories.get(offer.id) ?? []).length ? (
                <ul class="timeline" aria-label={t('projects.offer_history')}>
                  {(histories.get(offer.id) ?? []).map((e) => (
                    <li>
                      <span safe>{`${formatDateTime(e.at, locale)} — ${t(`projects.offer_event.${e.kind}`)}`}</span>
                      {e.text ? <p safe>{e.text}</p> : ''}
                    </li>
                  ))}
                </ul>
              ) : (
                ''
              )}
              <form method="post" action={href(ctx, `/projects/offers/${offer.id}/answer`)}>
                <CsrfField ctx={ctx} />
                <div class={errors[offer.id] ? 'field has-error' : 'field'}>
                  <label for={`answer-${offer.id}`} safe>
                    {t('projects.offer_answer')}
                  </label>
                  {errors[offer.id] ? (
                    <p class="field-error" id={`answer-${offer.id}-error`} safe>
                      {errors[offer.id]}
                    </p>
                  ) : (
                    ''
                  )}
                  <textarea id={`answer-${offer.id}`} name="text" rows="3" aria-describedby={errors[offer.id] ? `answer-${offer.id}-error` : undefined}></textarea>
                </div>
                <button type="submit" safe>
                  {t('projects.offer_send_answer')}
                </button>
              </form>
              <form method="post" action={href(ctx, `/projects/offers/${offer.id}/${offer.status === 'new' ? 'handled' : 'reopen'}`)} class="inline-form">
                <CsrfField ctx={ctx} />
                <button type="submit" class="secondary" safe>
                  {t(offer.status === 'new' ? 'projects.offer_mark_handled' : 'projects.offer_reopen')}
                </button>
              </form>
            </article>
          ))
        )}
      </section>
      <p>
        <a href={href(ctx, `/projects/new`, { organisation: organisationId })} safe>
          {t('projects.new')}
        </a>
      </p>
    </Layout>
  );
}

/** The organisation page's section: its projects (drafts to its members), and links for members. */
function OrganisationProjects({ ctx, organisationId, items, pendingCount, newOffers }: { ctx: PageContext; organisationId: string; items: ProjectRow[]; pendingCount: number; newOffers: number }): JSX.Element {
  const { t, locale } = ctx;
  const member = can(ctx.actor, 'view_offers', { organisationId });
  return (
    <section aria-labelledby="org-projects">
      <h2 id="org-projects" safe>
        {t('projects.of_organisation')}
      </h2>
      {items.length === 0 ? (
        <p class="empty" safe>
          {t('projects.of_organisation_none')}
        </p>
      ) : (
        <ul class="stack">
          {items.map((p) => (
            <li>
              <a href={href(ctx, `/projects/${p.slug}`)} safe>
                {displayTitle(p, locale)}
              </a>
              <span class="meta" safe>{` — ${codeLabel(t, 'status', p.activityStatus)}${p.organisationId !== organisationId ? ` · ${t('projects.as_partner')}` : ''}${p.publication === 'draft' ? ` · ${t('projects.publication.draft')}` : ''}`}</span>
            </li>
          ))}
        </ul>
      )}
      {member ? (
        <p class="actions">
          {can(ctx.actor, 'create', { organisationId }) ? (
            <a class="button" href={href(ctx, '/projects/new', { organisation: organisationId })} safe>
              {t('projects.new')}
            </a>
          ) : (
            ''
          )}
          <a class="button secondary" href={href(ctx, `/projects/inbox/${organisationId}`)} safe>
            {t('projects.inbox_link', { offers: newOffers, participations: pendingCount })}
          </a>
        </p>
      ) : (
        ''
      )}
    </section>
  );
}

export function registerProjectPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db, config, catalogue } = deps;

  registerSection<{ id: string }>(app, 'organisation.page', async (ctx, org) => {
    const items = await projectsOfOrganisation(db, ctx.actor, org.id);
    const member = can(ctx.actor, 'view_offers', { organisationId: org.id });
    const [pending, offers] = member ? await Promise.all([pendingParticipations(db, org.id), offersOfOrganisation(db, org.id, 'new')]) : [[], []];
    return <OrganisationProjects ctx={ctx} organisationId={org.id} items={items} pendingCount={pending.length} newOffers={offers.length} />;
  });

  const loadVisible = async (ctx: PageContext, slug: string): Promise<ProjectRow> => {
    const project = await findProjectBySlug(db, slug);
    if (!project || !can(ctx.actor, 'view', project)) throw new AppError('not_found');
    return project;
  };
  const loadEditable = async (ctx: PageContext, slug: string): Promise<ProjectRow> => {
    const project = await loadVisible(ctx, slug);
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    if (!can(ctx.actor, 'update', project)) throw new AppError('forbidden');
    return project;
  };
  const problemTexts = async (ctx: PageContext, project: ProjectRow) => (await publicationProblems(db, project)).map((p) => ctx.t(p.key, p.params));
  const orgOptions = async (ctx: PageContext): Promise<Option[]> =>
    (await organisationChoices(db, ctx.actor)).map((o) => ({ value: o.id, label: pick({ fr: o.nameFr, en: o.nameEn }, ctx.locale).text }));

  const showProject = async (ctx: PageContext, project: ProjectRow, helpValues: Values = {}, helpErrors: Record<string, string> = {}) => {
    const [bundle, related] = await Promise.all([loadBundle(db, project), relatedProjects(db, project)]);
    const missing = related.flatMap((r) => r.sharedPartners).filter((id) => !bundle.organisations.has(id));
    if (missing.length) {
      for (const o of await organisationsByIds(db, [...new Set(missing)])) bundle.organisations.set(o.id, o);
    }
    const problems = can(ctx.actor, 'update', project) && project.publication === 'draft' ? await problemTexts(ctx, project) : [];
    const safeSections = await renderSections(app, 'project.page', ctx, { id: project.id, slug: project.slug, organisationId: project.organisationId, publication: project.publication });
    return <ProjectPage ctx={ctx} bundle={bundle} related={related} problems={problems} helpValues={helpValues} helpErrors={helpErrors} safeSections={safeSections} />;
  };

  // Creating: the organisation is one the actor may create projects for.
  const creatable = async (ctx: PageContext): Promise<Option[]> => (await orgOptions(ctx)).filter((o) => can(ctx.actor, 'create', { organisationId: o.value }));

  pages.get('/projects/new', async (ctx, req, reply) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const organisations = await creatable(ctx);
    if (organisations.length === 0) throw new AppError('forbidden');
    const wanted = (req.query as Record<string, unknown>).organisation;
    const values: Values = { organisationId: typeof wanted === 'string' ? wanted : organisations[0]!.value, activityStatus: '2' };
    return sendPage(reply, <ProjectForm ctx={ctx} values={values} errors={{}} action={href(ctx, '/projects/new')} title={ctx.t('projects.new_title')} organisations={organisations} />);
  });

  pages.post('/projects/new', async (ctx, req, reply) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const organisations = await creatable(ctx);
    if (organisations.length === 0) throw new AppError('forbidden');
    const form = readForm(req);
    const show = (errors: Record<string, string>) => sendPage(reply, <ProjectForm ctx={ctx} values={form.fields} errors={errors} action={href(ctx, '/projects/new')} title={ctx.t('projects.new_title')} organisations={organisations} />, 422);
    const parsed = validate(projectInputSchema, form.fields, ctx.t);
    const orgId = str(form.fields.organisationId);
    const orgOk = organisations.some((o) => o.value === orgId);
    if (!parsed.ok || !orgOk) return show({ ...(parsed.ok ? {} : parsed.error), ...(orgOk ? {} : { organisationId: ctx.t('validation.choice') }) });
    const created = await createProject(db, ctx.actor, orgId, parsed.value);
    if (!created.ok) {
      if (created.error.code === 'validation') return show(translateFailure(ctx, created.error));
      throw new AppError(created.error.code);
    }
    return redirectTo(reply, ctx, `/projects/${created.value.slug}/edit`, 'projects.created');
  });

  pages.get('/projects/inbox/:organisationId', async (ctx, req, reply) => {
    const organisationId = (req.params as { organisationId: string }).organisationId;
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    if (!isUuid(organisationId) || !can(ctx.actor, 'view_offers', { organisationId })) throw new AppError('forbidden');
    return sendPage(reply, await inbox(ctx, organisationId, {}));
  });

  const inbox = async (ctx: PageContext, organisationId: string, errors: Record<string, string>) => {
    const [offers, pending, orgs] = await Promise.all([offersOfOrganisation(db, organisationId), pendingParticipations(db, organisationId), orgOptions(ctx)]);
    const histories = new Map(await Promise.all(offers.map(async (o) => [o.offer.id, await offerHistory(db, o.offer.id)] as const)));
    return <InboxPage ctx={ctx} organisationId={organisationId} orgName={orgs.find((o) => o.value === organisationId)?.label ?? ''} offers={offers} histories={histories} pending={pending} errors={errors} />;
  };

  const offerParam = async (ctx: PageContext, id: string) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const offer = isUuid(id) ? await findOffer(db, id) : undefined;
    if (!offer) throw new AppError('not_found');
    if (!can(ctx.actor, 'handle_offers', offer)) throw new AppError('forbidden');
    return offer;
  };

  pages.post('/projects/offers/:id/answer', async (ctx, req, reply) => {
    const offer = await offerParam(ctx, (req.params as { id: string }).id);
    const parsed = validate(offerAnswerSchema, readForm(req).fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, await inbox(ctx, offer.organisationId, { [offer.id]: parsed.error.text ?? ctx.t('validation.required') }), 422);
    const done = await answerOffer(db, ctx.actor, catalogue, offer.id, parsed.value.text);
    if (!done.ok) throw new AppError(done.error.code);
    return redirectTo(reply, ctx, `/projects/inbox/${offer.organisationId}`, 'projects.offer_answered');
  });

  for (const [path, status] of [
    ['handled', 'handled'],
    ['reopen', 'new'],
  ] as const) {
    pages.post(`/projects/offers/:id/${path}`, async (ctx, req, reply) => {
      const offer = await offerParam(ctx, (req.params as { id: string }).id);
      const done = await setOfferStatus(db, ctx.actor, offer.id, status);
      if (!done.ok) throw new AppError(done.error.code);
      return redirectTo(reply, ctx, `/projects/inbox/${offer.organisationId}`, 'projects.offer_updated');
    });
  }

  for (const [path, answer] of [
    ['accept', 'accepted'],
    ['decline', 'declined'],
  ] as const) {
    pages.post(`/projects/participations/:id/${path}`, async (ctx, req, reply) => {
      if (!ctx.actor.userId) throw new AppError('unauthenticated');
      const id = (req.params as { id: string }).id;
      if (!isUuid(id)) throw new AppError('not_found');
      const done = await answerParticipation(db, ctx.actor, id, answer);
      if (!done.ok) throw new AppError(done.error.code);
      return redirectTo(reply, ctx, '/account', `projects.participation_${answer}`);
    });
  }

  pages.get('/projects/:slug', async (ctx, req, reply) => {
    const project = await loadVisible(ctx, (req.params as { slug: string }).slug);
    return sendPage(reply, await showProject(ctx, project));
  });

  pages.post(
    '/projects/:slug/help',
    async (ctx, req, reply) => {
      const project = await loadVisible(ctx, (req.params as { slug: string }).slug);
      if (project.publication !== 'published') throw new AppError('not_found');
      const form = readForm(req);
      // Honeypot filled in: answer as if it worked, keep nothing.
      if (str(form.fields.website).trim() !== '') return redirectTo(reply, ctx, `/projects/${project.slug}`, 'projects.help_sent');
      const parsed = validate(helpOfferSchema, form.fields, ctx.t);
      if (!parsed.ok) return sendPage(reply, await showProject(ctx, project, form.fields, parsed.error), 422);
      const sent = await offerHelp(db, catalogue, config.baseUrl, project.id, parsed.value);
      if (!sent.ok) {
        if (sent.error.code === 'rate_limited') return sendPage(reply, await showProject(ctx, project, form.fields, { _form: ctx.t('projects.help.too_many') }), 429);
        throw new AppError(sent.error.code);
      }
      return redirectTo(reply, ctx, `/projects/${project.slug}`, 'projects.help_sent');
    },
    { config: { rateLimit: { max: 20, timeWindow: '10 minutes' } } },
  );

  pages.get('/projects/:slug/edit', async (ctx, req, reply) => {
    const project = await loadEditable(ctx, (req.params as { slug: string }).slug);
    const bundle = await loadBundle(db, project);
    return sendPage(reply, <EditPage ctx={ctx} bundle={bundle} values={formValues(project)} errors={{}} problems={await problemTexts(ctx, project)} />);
  });

  pages.post('/projects/:slug/edit', async (ctx, req, reply) => {
    const project = await loadEditable(ctx, (req.params as { slug: string }).slug);
    const form = readForm(req);
    const show = async (errors: Record<string, string>, status = 422) =>
      sendPage(reply, <EditPage ctx={ctx} bundle={await loadBundle(db, project)} values={form.fields} errors={errors} problems={await problemTexts(ctx, project)} />, status);
    const parsed = validate(projectInputSchema, form.fields, ctx.t);
    if (!parsed.ok) return show(parsed.error);
    const version = versionSchema.safeParse(form.fields.version);
    const updated = await updateProject(db, ctx.actor, project.id, version.success ? version.data : project.version, parsed.value);
    if (!updated.ok) {
      if (updated.error.code === 'conflict') return show({ _form: ctx.t('error.conflict.text') }, 409);
      throw new AppError(updated.error.code);
    }
    return redirectTo(reply, ctx, `/projects/${updated.value.slug}/edit`, 'projects.saved');
  });

  for (const [path, publication, notice] of [
    ['publish', 'published', 'projects.published_notice'],
    ['unpublish', 'draft', 'projects.unpublished_notice'],
  ] as const) {
    pages.post(`/projects/:slug/${path}`, async (ctx, req, reply) => {
      const project = await loadEditable(ctx, (req.params as { slug: string }).slug);
      const result = await setPublication(db, ctx.actor, project.id, publication);
      if (!result.ok) {
        if (result.error.code === 'validation') {
          const bundle = await loadBundle(db, project);
          return sendPage(reply, <EditPage ctx={ctx} bundle={bundle} values={formValues(project)} errors={translateFailure(ctx, result.error)} problems={await problemTexts(ctx, project)} />, 422);
        }
        throw new AppError(result.error.code);
      }
      return redirectTo(reply, ctx, `/projects/${project.slug}`, notice);
    });
  }

  pages.post('/projects/:slug/delete', async (ctx, req, reply) => {
    const project = await loadEditable(ctx, (req.params as { slug: string }).slug);
    if (str(readForm(req).fields.confirm) !== 'on') return redirectTo(reply, ctx, `/projects/${project.slug}/edit`, 'projects.delete_unconfirmed');
    const result = await deleteProject(db, ctx.actor, project.id);
    if (!result.ok) throw new AppError(result.error.code);
    return redirectTo(reply, ctx, '/projects', 'projects.deleted');
  });

  const sectionParam = (value: string): SectionKey => {
    if (!(sectionKeys as string[]).includes(value)) throw new AppError('not_found');
    return value as SectionKey;
  };

  pages.get('/projects/:slug/parts/:section', async (ctx, req, reply) => {
    const params = req.params as { slug: string; section: string };
    const section = sectionParam(params.section);
    const project = await loadEditable(ctx, params.slug);
    const defaults: Values = section === 'budgets' || section === 'transactions' ? { currency: project.defaultCurrency } : {};
    return sendPage(reply, <SectionPage ctx={ctx} bundle={await loadBundle(db, project)} section={section} values={defaults} errors={{}} orgs={await orgOptions(ctx)} />);
  });

  pages.post('/projects/:slug/parts/:section', async (ctx, req, reply) => {
    const params = req.params as { slug: string; section: string };
    const section = sectionParam(params.section);
    const project = await loadEditable(ctx, params.slug);
    const form = readForm(req);
    const show = async (errors: Record<string, string>) =>
      sendPage(reply, <SectionPage ctx={ctx} bundle={await loadBundle(db, project)} section={section} values={form.fields} errors={errors} orgs={await orgOptions(ctx)} />, 422);
    const parsed = validate(sectionSchemas[section], form.fields, ctx.t);
    if (!parsed.ok) return show(parsed.error);
    const added = await addSectionRow(db, ctx.actor, project.id, section, parsed.value as never, { upload: section === 'documents' ? form.files.file : form.files.photo });
    if (!added.ok) {
      if (added.error.code === 'validation') return show(translateFailure(ctx, added.error));
      throw new AppError(added.error.code);
    }
    return redirectTo(reply, ctx, `/projects/${project.slug}/parts/${section}`, 'projects.part_added');
  });

  pages.post('/projects/:slug/parts/:section/:rowId/remove', async (ctx, req, reply) => {
    const params = req.params as { slug: string; section: string; rowId: string };
    const section = sectionParam(params.section);
    const project = await loadEditable(ctx, params.slug);
    if (!isUuid(params.rowId)) throw new AppError('not_found');
    const removed = await removeSectionRow(db, ctx.actor, project.id, section, params.rowId);
    if (!removed.ok) throw new AppError(removed.error.code);
    return redirectTo(reply, ctx, `/projects/${project.slug}/parts/${section}`, 'projects.part_removed');
  });
}
