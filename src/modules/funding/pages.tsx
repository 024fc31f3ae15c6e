// Funding pages: public calls, the application form and page (with the workflow's buttons), reviews, ranking,
// committee session, envelope dashboards with CSV exports, emergency calls, prequalifications, SCDL export.
// Forms post and redirect (303 with a notice); a refused form comes back with 422 and what was typed.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError, type ErrorCode, type Failure } from '../../kernel/errors.ts';
import { csvSeparator, toCsv } from '../../kernel/csv.ts';
import { readForm, readQuery } from '../../kernel/form-body.ts';
import { formatDate, formatDateTime } from '../../kernel/format.ts';
import { CheckboxGroup, Checkbox, CsrfField, ErrorSummary, FileField, Select, TextArea, TextField } from '../../kernel/html/forms.tsx';
import { Layout } from '../../kernel/html/layout.tsx';
import { registerSection } from '../../kernel/page-sections.ts';
import { pick } from '../../kernel/i18n.ts';
import { isUuid } from '../../kernel/ids.ts';
import { formatMoney } from '../../kernel/money.ts';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { countryName, countryOptions } from '../taxonomy/countries.ts';
import { themeLabel, themeOptions } from '../taxonomy/themes.ts';
import { renderAgreementPdf } from './agreement.ts';
import {
  assignReviewer, closeReviewPhase, confirmCoApplicant, createCall, fundingActor, openEmergencyCall, recordDecisions, recordPayment, reviewReport,
  linkProject, saveApplication, saveReview, setPrequalification, signAgreement, startApplication, submitReport, transferBetweenLines, transitionApplication,
  workflowContext, type DocumentUpload,
} from './commands.ts';
import { can, workflowRoleFor, type FundingActor } from './policy.ts';
import {
  agreementFor, allOrganisationsBrief, applicationsOfCall, applicationsOfOrganisations, assignmentsOf, awardOf, coApplicantsOf, documentsOf,
  envelopeDashboard, findApplication, findCall, findCallBySlug, findEnvelope, findLine, findReview, fundersOfUser, lineFigures,
  listCalls, listEnvelopes, listOpenCalls, listPrequalifications, organisationsByIds, paymentsOfAward, reportsOf, reviewsOf, scdlExport,
  teamMembers, tranchesOf, documentFile, findDocument, fundingOfProject, overdueEmergencyDecisions, projectBrief, projectChoicesOf, projectIndicators,
  awaitingDecisionStates, type ApplicationRow, type CallRow, type IndicatorResult, type ProjectChoice,
} from './queries.ts';
import { callPhase, checkEligibility, instantToLocal, rankApplications, SCORE_MAX, weightedScore } from './rules.ts';
import {
  applicationFormInput, applicationInputSchema, assignReviewerSchema, callInputSchema, committeeDecisions, committeeSessionSchema,
  emergencyCallInputSchema, linkProjectSchema, paymentInputSchema, reportFormInput, prequalificationSchema, reportInputSchema, reportReviewSchema, reviewFormInput, reviewInputSchema,
  signAgreementSchema, transferInputSchema, transitionInputSchema,
} from './schema.ts';
import { setMailBaseUrl } from './mails.ts';
import { validateScdlRows, writeScdlCsv } from './scdl.ts';
import { isReportOverdue } from './tranches.ts';
import { roleActions, decide, type WorkflowAction } from './workflow.ts';

type Values = Record<string, string | string[]>;
const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '');
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const param = (req: { params: unknown }, name: string): string => {
  const v = (req.params as Record<string, string>)[name] ?? '';
  if (!isUuid(v) && name === 'id') throw new AppError('not_found');
  return v;
};
const money = (ctx: PageContext, cents: number, currency = 'EUR') => formatMoney(cents, currency, ctx.locale);
const moneyInput = (cents: number) => (cents ? (cents / 100).toFixed(2).replace(/\.00$/, '') : '');
const translate = (ctx: PageContext, f: Failure) => Object.fromEntries(Object.entries(f.fields ?? {}).map(([k, v]) => [k, ctx.t(v)]));
const fail = (code: ErrorCode): never => {
  throw new AppError(code);
};
const signedIn = (ctx: PageContext) => {
  if (!ctx.actor.userId) throw new AppError('unauthenticated');
};
const callTitle = (ctx: PageContext, call: CallRow) => pick({ fr: call.titleFr, en: call.titleEn }, ctx.locale).text;
const stateBadge = (ctx: PageContext, state: string) => (
  <span class="badge" safe>
    {ctx.t(`funding.state.${state}`)}
  </span>
);

function Notice({ text }: { text: string }): JSX.Element {
  return (
    <p class="notice" role="status" safe>
      {text}
    </p>
  );
}

// ─── Public calls ────────────────────────────────────────────────────────────────────────────────────────

function CallsList({ ctx, calls, now }: { ctx: PageContext; calls: CallRow[]; now: Date }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('funding.calls.title')} section="/calls">
      <h1 safe>{t('funding.calls.title')}</h1>
      <p class="lead" safe>
        {t('funding.calls.lead')}
      </p>
      {calls.length === 0 ? (
        <p class="empty" safe>
          {t('funding.calls.none')}
        </p>
      ) : (
        <ul class="cards">
          {calls.map((c) => (
            <li>
              <article class="card">
                <h2>
                  <a href={href(ctx, `/calls/${c.slug}`)} safe>
                    {callTitle(ctx, c)}
                  </a>
                </h2>
                <p class="meta" safe>
                  {t('funding.calls.closes', { date: formatDateTime(c.closesAt, ctx.locale) })}
                </p>
                {c.isEmergency ? (
                  <p>
                    <span class="badge danger" safe>
                      {t('funding.emergency.badge')}
                    </span>
                  </p>
                ) : (
                  ''
                )}
                <p class="meta" safe>
                  {t(`funding.phase.${callPhase(c, now)}`)}
                </p>
              </article>
            </li>
          ))}
        </ul>
      )}
    </Layout>
  );
}

function CallView({ ctx, call, now, applyAs }: { ctx: PageContext; call: CallRow; now: Date; applyAs: { id: string; name: string }[] }): JSX.Element {
  const { t, locale } = ctx;
  const body = pick({ fr: call.textFr, en: call.textEn }, locale);
  const phase = callPhase(call, now);
  return (
    <Layout ctx={ctx} title={callTitle(ctx, call)} section="/calls">
      <h1 safe>{callTitle(ctx, call)}</h1>
      <p>
        <span class={phase === 'open' ? 'badge success' : 'badge muted'} safe>
          {t(`funding.phase.${phase}`)}
        </span>
        {call.isEmergency ? (
          <span class="badge danger" safe>
            {` ${t('funding.emergency.badge')}`}
          </span>
        ) : (
          ''
        )}
      </p>
      <dl class="dl-grid">
        <dt safe>{t('funding.call.opens')}</dt>
        <dd safe>{formatDateTime(call.opensAt, locale)}</dd>
        <dt safe>{t('funding.call.closes')}</dt>
        <dd safe>{formatDateTime(call.closesAt, locale)}</dd>
        {call.countries.length ? (
          <>
            <dt safe>{t('funding.call.countries')}</dt>
            <dd safe>{call.countries.map((c) => countryName(c, locale)).join(', ')}</dd>
          </>
        ) : (
          ''
        )}
        {call.themes.length ? (
          <>
            <dt safe>{t('funding.call.themes')}</dt>
            <dd safe>{call.themes.map((c) => themeLabel(c, locale)).join(', ')}</dd>
          </>
        ) : (
          ''
        )}
        {call.eligibleSubtypes.length ? (
          <>
            <dt safe>{t('funding.call.subtypes')}</dt>
            <dd safe>{call.eligibleSubtypes.map((s) => t(`organisations.subtype.${s}`)).join(', ')}</dd>
          </>
        ) : (
          ''
        )}
        {call.minAmountCents !== null || call.maxAmountCents !== null ? (
          <>
            <dt safe>{t('funding.call.amounts')}</dt>
            <dd safe>{t('funding.call.amount_range', { min: money(ctx, call.minAmountCents ?? 0), max: call.maxAmountCents === null ? '—' : money(ctx, call.maxAmountCents) })}</dd>
          </>
        ) : (
          ''
        )}
        {call.coFinancingMinPercent ? (
          <>
            <dt safe>{t('funding.call.co_financing')}</dt>
            <dd safe>{`${call.coFinancingMinPercent} %`}</dd>
          </>
        ) : (
          ''
        )}
        {call.emergency ? (
          <>
            <dt safe>{t('funding.emergency.kind')}</dt>
            <dd safe>{`${t(`funding.emergency.kind.${call.emergency.kind}`)}${call.emergency.glide ? ` — GLIDE ${call.emergency.glide}` : ''}`}</dd>
            <dt safe>{t('funding.emergency.decision_hours')}</dt>
            <dd safe>{t('funding.emergency.hours', { hours: call.emergency.decisionHours })}</dd>
          </>
        ) : (
          ''
        )}
      </dl>
      {body.text.split(/\n{2,}/).map((p) => (
        <p lang={body.lang === locale ? undefined : body.lang} safe>
          {p}
        </p>
      ))}
      {call.criteria.length ? (
        <section aria-labelledby="criteria">
          <h2 id="criteria" safe>
            {t('funding.call.criteria')}
          </h2>
          <ul>
            {call.criteria.map((c) => (
              <li safe>{`${pick({ fr: c.labelFr, en: c.labelEn }, locale).text} (${t('funding.call.weight', { weight: c.weight })})`}</li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {call.requiredDocuments.length ? (
        <section aria-labelledby="documents">
          <h2 id="documents" safe>
            {t('funding.call.documents')}
          </h2>
          <ul>
            {call.requiredDocuments.map((d) => (
              <li safe>{pick({ fr: d.labelFr, en: d.labelEn }, locale).text}</li>
            ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {phase === 'open' ? (
        ctx.actor.userId ? (
          applyAs.length ? (
            <form method="post" action={href(ctx, `/calls/${call.slug}/apply`)}>
              <CsrfField ctx={ctx} />
              <Select ctx={ctx} name="organisationId" label={t('funding.apply.as')} options={applyAs.map((o) => ({ value: o.id, label: o.name }))} />
              <button type="submit" safe>
                {t('funding.apply.start')}
              </button>
            </form>
          ) : (
            <p safe>{t('funding.apply.no_organisation')}</p>
          )
        ) : (
          <p>
            <a href={href(ctx, `/sign-in?next=${encodeURIComponent(`/${locale}/calls/${call.slug}`)}`)} safe>
              {t('funding.apply.sign_in')}
            </a>
          </p>
        )
      ) : (
        ''
      )}
    </Layout>
  );
}

// ─── Application form ────────────────────────────────────────────────────────────────────────────────────

const applicationFields = ['title', 'summary', 'countries', 'themes', 'requestedCents', 'totalBudgetCents', 'budgetLines', 'otherFunders', 'applicantSiret', 'applicantRna', 'coApplicants'] as const;

/** The grants of a project, on the project's page: commitments and payments, indicator results, report overdue (staff). */
function ProjectFundingSection({ ctx, funding, now }: { ctx: PageContext; funding: Awaited<ReturnType<typeof fundingOfProject>>; now: Date }): JSX.Element {
  const { t, locale } = ctx;
  return (
    <section aria-labelledby="project-funding">
      <h2 id="project-funding" safe>
        {t('funding.project.section_title')}
      </h2>
      {funding.map((f) => {
        const staff = f.viewerTeam.has('staff') || f.viewerTeam.has('finance') || f.viewerTeam.has('committee');
        const own = ctx.actor.memberships.has(f.application.organisationId);
        const overdue = f.reports.some((r) => isReportOverdue(r, now));
        const accepted = f.reports.filter((r) => r.status === 'accepted' && r.indicatorResults.length);
        return (
          <article class="card">
            <h3 safe>{`${callTitle(ctx, f.call)} — ${f.application.title}`}</h3>
            <p>
              {stateBadge(ctx, f.application.state)}
              {overdue && staff ? (
                <span class="badge danger" safe>
                  {` ${t('funding.report.overdue_badge')}`}
                </span>
              ) : (
                ''
              )}
            </p>
            {f.award ? <p safe>{t('funding.project.awarded_paid', { awarded: money(ctx, f.award.amountCents, f.currency), paid: money(ctx, f.paidCents, f.currency) })}</p> : ''}
            {f.transactions.length ? (
              <div class="table-wrap">
                <table>
                  <caption safe>{t('funding.project.transactions')}</caption>
                  <thead>
                    <tr>
                      <th scope="col" safe>{t('funding.project.date')}</th>
                      <th scope="col" safe>{t('funding.project.type')}</th>
                      <th scope="col" safe>{t('funding.tranches.amount')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {f.transactions.map((x) => (
                      <tr>
                        <td safe>{formatDate(x.date, locale)}</td>
                        <td safe>{t(`funding.project.transaction_${x.type}`)}</td>
                        <td safe>{money(ctx, x.amountCents, x.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            ) : (
              ''
            )}
            {accepted.map((r) => (
              <>
                <h4 safe>{`${t(`funding.report.kind.${r.kind}`)} — ${formatDate(r.reviewedAt ?? r.dueAt, locale)}`}</h4>
                <IndicatorTable ctx={ctx} results={r.indicatorResults} />
              </>
            ))}
            {own || staff ? (
              <p>
                <a href={href(ctx, `/funding/applications/${f.application.id}`)} safe>
                  {t('funding.project.open_application')}
                </a>
              </p>
            ) : (
              ''
            )}
          </article>
        );
      })}
    </section>
  );
}

/** Actual values reported against the project's indicators, with the target of the time. */
export function IndicatorTable({ ctx, results }: { ctx: PageContext; results: readonly IndicatorResult[] }): JSX.Element {
  const { t, locale } = ctx;
  return (
    <div class="table-wrap">
      <table>
        <caption safe>{t('funding.report.indicators')}</caption>
        <thead>
          <tr>
            <th scope="col" safe>{t('funding.report.indicator')}</th>
            <th scope="col" safe>{t('funding.report.target')}</th>
            <th scope="col" safe>{t('funding.report.actual')}</th>
            <th scope="col" safe>{t('funding.report.comment')}</th>
          </tr>
        </thead>
        <tbody>
          {results.map((r) => (
            <tr>
              <td safe>{pick({ fr: r.titleFr, en: r.titleEn }, locale).text}</td>
              <td safe>{r.target ?? '—'}</td>
              <td safe>{r.actual}</td>
              <td safe>{r.comment ?? ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function ApplicationForm({ ctx, app, call, values, errors, problems, organisations, documents, projects }: { ctx: PageContext; app: ApplicationRow; call: CallRow; values: Values; errors: Record<string, string>; problems: string[]; organisations: { id: string; name: string }[]; documents: string[]; projects: ProjectChoice[] }): JSX.Element {
  const { t, locale } = ctx;
  const label = (f: string) => t(`funding.field.${f}`);
  const labels: Record<string, string> = Object.fromEntries(applicationFields.map((f) => [f, label(f)]));
  const ids = list(values.coApplicantId);
  const parts = list(values.coApplicantPart);
  const rows = [...ids.map((id, i) => ({ id, part: parts[i] ?? '' })), { id: '', part: '' }, { id: '', part: '' }].slice(0, Math.max(2, ids.length + 1));
  const title = t('funding.application.edit_title', { call: callTitle(ctx, call) });
  return (
    <Layout ctx={ctx} title={title} section="/funding">
      <h1 safe>{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      {problems.length ? (
        <div class="callout" role="status" aria-labelledby="eligibility-title">
          <h2 id="eligibility-title" safe>
            {t('funding.eligibility.title')}
          </h2>
          <ul>
            {problems.map((p) => (
              <li safe>{t(`funding.eligibility.${p}`)}</li>
            ))}
          </ul>
        </div>
      ) : (
        <p class="notice" role="status" safe>
          {t('funding.eligibility.ok')}
        </p>
      )}
      <form method="post" action={href(ctx, `/funding/applications/${app.id}/edit`)} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={str(values.version) || String(app.version)} />
        <fieldset>
          <legend safe>{t('funding.section.project')}</legend>
          <TextField ctx={ctx} name="title" label={label('title')} required value={str(values.title)} error={errors.title} maxlength={200} />
          <TextArea ctx={ctx} name="summary" label={label('summary')} value={str(values.summary)} error={errors.summary} rows={5} />
          <Select ctx={ctx} name="projectId" label={label('projectId')} hint={t('funding.hint.projectId')} value={str(values.projectId)} error={errors.projectId} emptyLabel={t('funding.project.none')} options={projects.map((p) => ({ value: p.id, label: p.title }))} />
          <CheckboxGroup ctx={ctx} name="countries" label={label('countries')} values={list(values.countries)} error={errors.countries} options={(call.countries.length ? call.countries.map((c) => ({ value: c, label: countryName(c, locale) })) : countryOptions(locale))} columns />
          <CheckboxGroup ctx={ctx} name="themes" label={label('themes')} values={list(values.themes)} error={errors.themes} options={themeOptions(locale)} columns />
        </fieldset>
        <fieldset>
          <legend safe>{t('funding.section.budget')}</legend>
          <TextField ctx={ctx} name="requestedCents" label={label('requestedCents')} hint={t('funding.hint.amount')} required value={str(values.requestedCents)} error={errors.requestedCents} />
          <TextField ctx={ctx} name="totalBudgetCents" label={label('totalBudgetCents')} hint={t('funding.hint.amount')} value={str(values.totalBudgetCents)} error={errors.totalBudgetCents} />
          <TextArea ctx={ctx} name="budgetLines" label={label('budgetLines')} hint={t('funding.hint.amount_lines')} value={str(values.budgetLines)} error={errors.budgetLines} rows={5} />
          <TextArea ctx={ctx} name="otherFunders" label={label('otherFunders')} hint={t('funding.hint.amount_lines')} value={str(values.otherFunders)} error={errors.otherFunders} rows={3} />
        </fieldset>
        {call.questions.length ? (
          <fieldset>
            <legend safe>{t('funding.section.questions')}</legend>
            {call.questions.map((q) => (
              <TextArea ctx={ctx} name={`answer_${q.key}`} label={pick({ fr: q.labelFr, en: q.labelEn }, locale).text} required={q.required} value={str(values[`answer_${q.key}`])} error={errors[`answer_${q.key}`]} rows={4} />
            ))}
          </fieldset>
        ) : (
          ''
        )}
        <fieldset>
          <legend safe>{t('funding.section.identity')}</legend>
          <TextField ctx={ctx} name="applicantSiret" label={label('applicantSiret')} value={str(values.applicantSiret)} error={errors.applicantSiret} />
          <TextField ctx={ctx} name="applicantRna" label={label('applicantRna')} value={str(values.applicantRna)} error={errors.applicantRna} />
        </fieldset>
        <fieldset>
          <legend safe>{t('funding.section.consortium')}</legend>
          <p class="hint" safe>
            {t('funding.hint.consortium')}
          </p>
          {rows.map((row, i) => (
            <div class="field-row">
              <Select ctx={ctx} name="coApplicantId" label={t('funding.field.coApplicant', { n: i + 1 })} value={row.id} emptyLabel={t('funding.none')} options={organisations.filter((o) => o.id !== app.organisationId).map((o) => ({ value: o.id, label: o.name }))} error={i === 0 ? errors.coApplicants : undefined} />
              <div class="field">
                <label for={`f-part-${i}`} safe>
                  {t('funding.field.coApplicantPart', { n: i + 1 })}
                </label>
                <input id={`f-part-${i}`} name="coApplicantPart" type="text" value={row.part} />
              </div>
            </div>
          ))}
        </fieldset>
        <fieldset>
          <legend safe>{t('funding.section.documents')}</legend>
          {[...call.requiredDocuments, { key: 'other', labelFr: 'Autre document', labelEn: 'Other document' }].map((d) => (
            <FileField
              ctx={ctx}
              name={`doc_${d.key}`}
              label={pick({ fr: d.labelFr, en: d.labelEn }, locale).text}
              hint={documents.includes(d.key) ? t('funding.document.attached') : t('funding.document.hint')}
              accept="application/pdf,.pdf,.odt,.docx"
              error={errors[`doc_${d.key}`]}
            />
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit" safe>
            {t('funding.application.save')}
          </button>
          <a href={href(ctx, `/funding/applications/${app.id}`)} safe>
            {t('funding.application.back')}
          </a>
        </div>
      </form>
    </Layout>
  );
}

function applicationValues(app: ApplicationRow, partners: { organisationId: string; partCents: number }[]): Values {
  const v: Values = {
    title: app.title,
    summary: app.summary ?? '',
    projectId: app.projectId ?? '',
    countries: app.countries,
    themes: app.themes,
    requestedCents: moneyInput(app.requestedCents),
    totalBudgetCents: moneyInput(app.totalBudgetCents),
    budgetLines: app.budgetLines.map((l) => `${l.label} | ${moneyInput(l.amountCents)}`).join('\n'),
    otherFunders: app.otherFunders.map((l) => `${l.name} | ${moneyInput(l.amountCents)}`).join('\n'),
    applicantSiret: app.applicantSiret ?? '',
    applicantRna: app.applicantRna ?? '',
    coApplicantId: partners.map((p) => p.organisationId),
    coApplicantPart: partners.map((p) => moneyInput(p.partCents)),
    version: String(app.version),
  };
  for (const [k, a] of Object.entries(app.answers)) v[`answer_${k}`] = a;
  return v;
}

// ─── Registration ────────────────────────────────────────────────────────────────────────────────────────

export function registerFundingPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db } = deps;
  setMailBaseUrl(deps.config.baseUrl);
  const now = () => new Date();

  const who = (ctx: PageContext, funderId: string) => fundingActor(db, ctx.actor, funderId);
  const orgName = (o: { nameFr: string | null; nameEn: string | null; slug: string } | undefined, ctx: PageContext) => (o ? pick({ fr: o.nameFr, en: o.nameEn }, ctx.locale).text || o.slug : '');

  pages.get('/calls', async (ctx, _req, reply) => sendPage(reply, <CallsList ctx={ctx} calls={await listOpenCalls(db, now())} now={now()} />));

  pages.get('/calls/:slug', async (ctx, req, reply) => {
    const call = await findCallBySlug(db, String((req.params as { slug: string }).slug));
    if (!call) throw new AppError('not_found');
    const memberOf = [...ctx.actor.memberships.entries()].filter(([, role]) => role !== 'member').map(([id]) => id);
    const orgs = await organisationsByIds(db, memberOf);
    return sendPage(reply, <CallView ctx={ctx} call={call} now={now()} applyAs={[...orgs.values()].map((o) => ({ id: o.id, name: orgName(o, ctx) }))} />);
  });

  pages.post('/calls/:slug/apply', async (ctx, req, reply) => {
    signedIn(ctx);
    const call = await findCallBySlug(db, String((req.params as { slug: string }).slug));
    if (!call) throw new AppError('not_found');
    const organisationId = str(readForm(req).fields.organisationId);
    if (!isUuid(organisationId)) throw new AppError('bad_request');
    const started = await startApplication(db, ctx.actor, call.id, organisationId, now());
    if (!started.ok) {
      const key = started.error.fields?._form;
      if (key) throw new AppError(started.error.code, ctx.t(key));
      throw new AppError(started.error.code);
    }
    return redirectTo(reply, ctx, `/funding/applications/${started.value.id}/edit`, 'funding.notice_draft_started');
  });

  // ── Application: load with visibility ──
  const loadApplication = async (ctx: PageContext, id: string) => {
    signedIn(ctx);
    const application = await findApplication(db, id);
    if (!application) throw new AppError('not_found');
    const call = (await findCall(db, application.callId))!;
    const partners = await coApplicantsOf(db, id);
    const w = await who(ctx, call.funderId);
    const reviewRows = await reviewsOf(db, [id]);
    const assigned = reviewRows.some((r) => r.reviewerId === ctx.actor.userId);
    const ref = { organisationId: application.organisationId, coApplicantIds: partners.map((p) => p.organisationId), state: application.state };
    if (!can(w, 'view_application', { application: ref, assigned })) throw new AppError('not_found');
    return { application, call, partners, who: w, ref, reviewRows };
  };

  pages.get('/funding/applications/:id/edit', async (ctx, req, reply) => {
    const { application, call, partners, who: w, ref } = await loadApplication(ctx, param(req, 'id'));
    if (!can(w, 'edit_application', { application: ref })) throw new AppError('forbidden');
    const wctx = await workflowContext(db, application, call, now(), ctx.actor.secondFactorDone);
    const docs = await documentsOf(db, application.id);
    return sendPage(reply, <ApplicationForm ctx={ctx} app={application} call={call} values={applicationValues(application, partners)} errors={{}} problems={wctx.eligibility} organisations={await allOrganisationsBrief(db)} documents={docs.map((d) => d.docKey)} projects={await projectChoicesOf(db, application.organisationId)} />);
  });

  pages.post('/funding/applications/:id/edit', async (ctx, req, reply) => {
    const { application, call, partners, who: w, ref } = await loadApplication(ctx, param(req, 'id'));
    if (!can(w, 'edit_application', { application: ref })) throw new AppError('forbidden');
    const form = readForm(req);
    const docs = await documentsOf(db, application.id);
    const showAgain = async (errors: Record<string, string>, status = 422) => {
      const org = (await organisationsByIds(db, [application.organisationId])).get(application.organisationId);
      const problems = checkEligibility(call, { ...application, organisationSubtype: org?.subtype ?? '', documentKeys: docs.map((d) => d.docKey) });
      return sendPage(reply, <ApplicationForm ctx={ctx} app={application} call={call} values={form.fields} errors={errors} problems={problems} organisations={await allOrganisationsBrief(db)} documents={docs.map((d) => d.docKey)} projects={await projectChoicesOf(db, application.organisationId)} />, status);
    };
    const parsed = validate(applicationInputSchema, applicationFormInput(form.fields), ctx.t);
    if (!parsed.ok) return showAgain(parsed.error);
    const uploads: DocumentUpload[] = Object.entries(form.files)
      .filter(([k]) => k.startsWith('doc_'))
      .map(([k, f]) => ({ key: k.slice(4), fileName: f.fileName, data: f.data }));
    // An out-of-range version (a forged form) counts as stale: the save is then refused as a conflict.
    const typed = Number(str(form.fields.version));
    const version = Number.isInteger(typed) && typed > 0 && typed <= 2_147_483_647 ? typed : -1;
    const saved = await saveApplication(db, ctx.actor, application.id, version, parsed.value, uploads);
    if (!saved.ok) {
      if (saved.error.code === 'validation') return showAgain(translate(ctx, saved.error));
      if (saved.error.code === 'conflict') return showAgain({ _form: ctx.t('error.conflict.text') }, 409);
      throw new AppError(saved.error.code);
    }
    void partners;
    return redirectTo(reply, ctx, `/funding/applications/${application.id}`, 'funding.notice_saved');
  });

  pages.get('/funding/applications/:id', async (ctx, req, reply) => {
    const loaded = await loadApplication(ctx, param(req, 'id'));
    const { application, call, partners, who: w, ref, reviewRows } = loaded;
    const at = now();
    const wctx = await workflowContext(db, application, call, at, ctx.actor.secondFactorDone);
    const orgs = await organisationsByIds(db, [application.organisationId, ...partners.map((p) => p.organisationId)]);
    const docs = await documentsOf(db, application.id);
    const award = await awardOf(db, application.id);
    const trancheRows = award ? await tranchesOf(db, award.id) : [];
    const paymentRows = award ? await paymentsOfAward(db, award.id) : [];
    const reportRows = award ? await reportsOf(db, award.id) : [];
    const line = (await findLine(db, call.lineId))!;
    const reviewers = can(w, 'assign_reviewers') ? await teamMembers(db, call.funderId, 'reviewer') : [];
    const myReview = reviewRows.find((r) => r.reviewerId === ctx.actor.userId);
    const docAccess = (report: boolean) => can(w, 'view_document', { application: ref, assigned: !!myReview, conflict: myReview?.conflict === true, report });
    const project = application.projectId ? await projectBrief(db, application.projectId) : undefined;
    const mayLink = can(w, 'link_project', { application: ref });
    const projectChoices = mayLink ? await projectChoicesOf(db, application.organisationId) : [];
    const indicators = application.projectId ? await projectIndicators(db, application.projectId) : [];
    const decisionOverdue = !!application.decisionDueAt && application.decisionDueAt.getTime() <= at.getTime() && (awaitingDecisionStates as readonly string[]).includes(application.state);
    const { t, locale } = ctx;
    // Buttons: each action the actor's roles may take from this state, enabled or with the reason it is refused.
    const actions = (['submit', 'resubmit', 'request_completion', 'declare_eligible', 'declare_ineligible', 'start_review', 'recommend', 'not_recommend', 'withdraw', 'close'] as WorkflowAction[])
      .map((action) => ({ action, role: workflowRoleFor(w, ref, action) }))
      .filter(({ action, role }) => roleActions(application.state as never, role).some((a) => a.action === action))
      .map(({ action, role }) => ({ action, decision: decide(application.state as never, action, role, wctx) }));
    const overdue = reportRows.some((r) => isReportOverdue(r, at));
    // One form of each kind on the page: the next tranche to pay, the first report to hand in, the first to examine.
    const nextTrancheId = trancheRows.find((tr) => !paymentRows.some((p) => p.trancheId === tr.id))?.id;
    const openReportId = reportRows.find((r) => r.status === 'expected' || r.status === 'rejected')?.id;
    const submittedReportId = reportRows.find((r) => r.status === 'submitted')?.id;
    const staffish = w.team.has('staff') || w.team.has('finance') || w.team.has('committee');
    const title = application.title || t('funding.application.untitled');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} section="/funding">
        <h1 safe>{title}</h1>
        <p>
          {stateBadge(ctx, application.state)}
          {overdue && staffish ? (
            <span class="badge danger" safe>
              {` ${t('funding.report.overdue_badge')}`}
            </span>
          ) : (
            ''
          )}
          {decisionOverdue && staffish ? (
            <span class="badge danger" safe>
              {` ${t('funding.emergency.decision_overdue')}`}
            </span>
          ) : (
            ''
          )}
          {application.humanitarian ? (
            <span class="badge" safe>
              {` ${t('funding.humanitarian')}`}
            </span>
          ) : (
            ''
          )}
        </p>
        <dl class="dl-grid">
          <dt safe>{t('funding.field.call')}</dt>
          <dd>
            <a href={href(ctx, `/calls/${call.slug}`)} safe>
              {callTitle(ctx, call)}
            </a>
          </dd>
          <dt safe>{t('funding.field.line')}</dt>
          <dd safe>{pick({ fr: line.nameFr, en: line.nameEn }, locale).text}</dd>
          <dt safe>{t('funding.field.organisation')}</dt>
          <dd safe>{orgName(orgs.get(application.organisationId), ctx)}</dd>
          <dt safe>{t('funding.field.projectId')}</dt>
          <dd>
            {project ? (
              <a href={href(ctx, `/projects/${project.slug}`)} safe>
                {project.title}
              </a>
            ) : (
              <span safe>{t('funding.project.none')}</span>
            )}
          </dd>
          {application.decisionDueAt ? (
            <>
              <dt safe>{t('funding.emergency.decision_due')}</dt>
              <dd safe>{formatDateTime(application.decisionDueAt, locale)}</dd>
            </>
          ) : (
            ''
          )}
          <dt safe>{t('funding.field.requestedCents')}</dt>
          <dd safe>{money(ctx, application.requestedCents, line.envelope.currency)}</dd>
          <dt safe>{t('funding.field.totalBudgetCents')}</dt>
          <dd safe>{money(ctx, application.totalBudgetCents, line.envelope.currency)}</dd>
          <dt safe>{t('funding.field.countries')}</dt>
          <dd safe>{application.countries.map((c) => countryName(c, locale)).join(', ') || '—'}</dd>
          <dt safe>{t('funding.field.themes')}</dt>
          <dd safe>{application.themes.map((c) => themeLabel(c, locale)).join(', ') || '—'}</dd>
          {application.sectorCodes.length ? (
            <>
              <dt safe>{t('funding.field.sectors')}</dt>
              <dd safe>{application.sectorCodes.join(', ')}</dd>
            </>
          ) : (
            ''
          )}
          {application.completionNote ? (
            <>
              <dt safe>{t('funding.field.completionNote')}</dt>
              <dd safe>{`${application.completionNote}${application.completionDueAt ? ` (${formatDateTime(application.completionDueAt, locale)})` : ''}`}</dd>
            </>
          ) : (
            ''
          )}
        </dl>
        {application.summary ? <p safe>{application.summary}</p> : ''}
        {application.state === 'draft' && wctx.eligibility.length ? (
          <div class="callout">
            <h2 safe>{t('funding.eligibility.title')}</h2>
            <ul>
              {wctx.eligibility.map((p) => (
                <li safe>{t(`funding.eligibility.${p}`)}</li>
              ))}
            </ul>
          </div>
        ) : (
          ''
        )}
        {can(w, 'edit_application', { application: ref }) ? (
          <p>
            <a class="button secondary" href={href(ctx, `/funding/applications/${application.id}/edit`)} safe>
              {t('funding.application.edit')}
            </a>
          </p>
        ) : (
          ''
        )}
        {application.budgetLines.length ? (
          <section aria-labelledby="budget">
            <h2 id="budget" safe>
              {t('funding.field.budgetLines')}
            </h2>
            <ul>
              {application.budgetLines.map((l) => (
                <li safe>{`${l.label} : ${money(ctx, l.amountCents)}`}</li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
        {Object.keys(application.answers).length ? (
          <section aria-labelledby="answers">
            <h2 id="answers" safe>
              {t('funding.section.questions')}
            </h2>
            <dl>
              {call.questions.map((q) => (
                <>
                  <dt safe>{pick({ fr: q.labelFr, en: q.labelEn }, locale).text}</dt>
                  <dd safe>{application.answers[q.key] ?? '—'}</dd>
                </>
              ))}
            </dl>
          </section>
        ) : (
          ''
        )}
        {docs.some((d) => !d.reportId && docAccess(false)) ? (
          <section aria-labelledby="docs">
            <h2 id="docs" safe>
              {t('funding.section.documents')}
            </h2>
            <ul>
              {docs.filter((d) => !d.reportId).map((d) => (
                <li>
                  <a href={href(ctx, `/funding/documents/${d.id}`)} safe>
                    {d.fileName}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
        {partners.length ? (
          <section aria-labelledby="partners">
            <h2 id="partners" safe>
              {t('funding.section.consortium')}
            </h2>
            <ul>
              {partners.map((p) => (
                <li>
                  <span safe>{`${orgName(orgs.get(p.organisationId), ctx)} — ${money(ctx, p.partCents)} — ${p.confirmedAt ? t('funding.partner.confirmed') : t('funding.partner.pending')}`}</span>
                  {!p.confirmedAt && can(w, 'confirm_co_applicant', { application: ref, coApplicantId: p.organisationId }) ? (
                    <form method="post" action={href(ctx, `/funding/applications/${application.id}/confirm`)} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="organisationId" value={p.organisationId} />
                      <button type="submit" safe>
                        {t('funding.partner.confirm')}
                      </button>
                    </form>
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
        {actions.length ? (
          <section aria-labelledby="actions">
            <h2 id="actions" safe>
              {t('funding.actions')}
            </h2>
            {actions.map(({ action, decision }) => (
              <form method="post" action={href(ctx, `/funding/applications/${application.id}/transition`)} class="action-form">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="action" value={action} />
                <input type="hidden" name="version" value={String(application.version)} />
                {action === 'request_completion' ? (
                  <>
                    <TextField ctx={ctx} name="completionDueAt" type="datetime-local" label={t('funding.field.completionDueAt')} value={instantToLocal(new Date(at.getTime() + 14 * 86_400_000))} />
                    <TextArea ctx={ctx} name="note" label={t('funding.field.completionNote')} rows={2} />
                  </>
                ) : (
                  ''
                )}
                <button type="submit" disabled={!decision.ok} aria-describedby={decision.ok ? undefined : `why-${action}`} safe>
                  {t(`funding.action.${action}`)}
                </button>
                {decision.ok ? (
                  ''
                ) : (
                  <span class="hint" id={`why-${action}`} safe>
                    {decision.reasons.map((r) => t(`funding.guard.${r}`)).join(' ')}
                  </span>
                )}
              </form>
            ))}
          </section>
        ) : (
          ''
        )}
        {can(w, 'assign_reviewers') || can(w, 'view_ranking') ? (
          <section aria-labelledby="reviews">
            <h2 id="reviews" safe>
              {t('funding.reviews.title')}
            </h2>
            <ul>
              {reviewRows.map((r) => {
                const reviewer = reviewers.find((x) => x.userId === r.reviewerId);
                const score = weightedScore(call.criteria, r.scores);
                return <li safe>{`${reviewer?.displayName ?? r.reviewerId.slice(0, 8)} — ${r.conflict ? t('funding.reviews.conflict') : score === null ? t('funding.reviews.pending') : `${score} / 100`}`}</li>;
              })}
            </ul>
            {can(w, 'assign_reviewers') && reviewers.length ? (
              <form method="post" action={href(ctx, `/funding/applications/${application.id}/reviewers`)}>
                <CsrfField ctx={ctx} />
                <Select ctx={ctx} name="reviewerId" label={t('funding.reviews.assign')} options={reviewers.map((r) => ({ value: r.userId, label: r.displayName }))} />
                <button type="submit" safe>
                  {t('funding.reviews.assign_button')}
                </button>
              </form>
            ) : (
              ''
            )}
          </section>
        ) : (
          ''
        )}
        {award ? (
          <section aria-labelledby="award">
            <h2 id="award" safe>
              {t('funding.award.title')}
            </h2>
            <p safe>{t('funding.award.summary', { amount: money(ctx, award.amountCents, line.envelope.currency), date: formatDate(award.decidedOn, locale) })}</p>
            {award.conditions ? <p safe>{`${t('funding.award.conditions')} : ${award.conditions}`}</p> : ''}
            <p>
              <a href={href(ctx, `/funding/applications/${application.id}/agreement.pdf`)} safe>
                {t('funding.award.agreement_pdf')}
              </a>
            </p>
            {award.agreementSignedOn ? (
              <p safe>{t('funding.award.signed_on', { date: formatDate(award.agreementSignedOn, locale) })}</p>
            ) : can(w, 'sign_agreement') && application.state === 'awarded' ? (
              <form method="post" action={href(ctx, `/funding/applications/${application.id}/sign`)}>
                <CsrfField ctx={ctx} />
                <TextField ctx={ctx} name="signedOn" type="date" label={t('funding.award.signed_field')} value={at.toISOString().slice(0, 10)} />
                <button type="submit" safe>
                  {t('funding.award.sign')}
                </button>
              </form>
            ) : (
              ''
            )}
            {mayLink ? (
              <form method="post" action={href(ctx, `/funding/applications/${application.id}/project`)}>
                <CsrfField ctx={ctx} />
                <Select ctx={ctx} name="projectId" label={t('funding.project.link_label')} hint={t('funding.project.link_hint')} value={application.projectId ?? ''} emptyLabel={t('funding.project.none')} options={projectChoices.map((p) => ({ value: p.id, label: p.title }))} />
                <button type="submit" safe>
                  {t('funding.project.link_button')}
                </button>
              </form>
            ) : (
              ''
            )}
            <h3 safe>{t('funding.tranches.title')}</h3>
            <table>
              <caption class="visually-hidden" safe>
                {t('funding.tranches.title')}
              </caption>
              <thead>
                <tr>
                  <th scope="col" safe>{t('funding.tranches.sequence')}</th>
                  <th scope="col" safe>{t('funding.tranches.amount')}</th>
                  <th scope="col" safe>{t('funding.tranches.planned')}</th>
                  <th scope="col" safe>{t('funding.tranches.status')}</th>
                </tr>
              </thead>
              <tbody>
                {trancheRows.map((tr) => {
                  const payment = paymentRows.find((p) => p.trancheId === tr.id);
                  return (
                    <tr>
                      <td safe>{String(tr.sequence)}</td>
                      <td safe>{money(ctx, tr.amountCents, line.envelope.currency)}</td>
                      <td safe>{formatDate(tr.plannedAt, locale)}</td>
                      <td>
                        {payment ? (
                          <span safe>{t('funding.tranches.paid', { date: formatDate(payment.paidOn, locale), reference: payment.reference })}</span>
                        ) : can(w, 'record_payment') && tr.id === nextTrancheId ? (
                          <form method="post" action={href(ctx, `/funding/applications/${application.id}/pay`)}>
                            <CsrfField ctx={ctx} />
                            <input type="hidden" name="trancheId" value={tr.id} />
                            <input type="hidden" name="idempotencyKey" value={randomUUID()} />
                            <TextField ctx={ctx} name={`paidOn`} type="date" label={t('funding.tranches.paid_on')} value={at.toISOString().slice(0, 10)} />
                            <TextField ctx={ctx} name="reference" label={t('funding.tranches.reference')} />
                            <button type="submit" safe>
                              {t('funding.tranches.pay')}
                            </button>
                          </form>
                        ) : (
                          <span safe>{t('funding.tranches.unpaid')}</span>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
            <h3 safe>{t('funding.reports.title')}</h3>
            <ul>
              {reportRows.map((r) => (
                <li>
                  <span safe>{`${t(`funding.report.kind.${r.kind}`)} — ${t('funding.report.due', { date: formatDate(r.dueAt, locale) })} — ${t(`funding.report.status.${isReportOverdue(r, at) ? 'overdue' : r.status}`)}`}</span>
                  {r.id === openReportId && can(w, 'submit_report', { application: ref }) ? (
                    <form method="post" action={href(ctx, `/funding/reports/${r.id}`)} enctype="multipart/form-data">
                      <CsrfField ctx={ctx} />
                      <TextArea ctx={ctx} name="narrative" label={t('funding.report.narrative')} rows={3} />
                      <TextArea ctx={ctx} name="financial" label={t('funding.report.financial')} rows={3} />
                      <TextArea ctx={ctx} name="results" label={t('funding.report.results')} rows={3} />
                      {indicators.length ? (
                        <fieldset>
                          <legend safe>{t('funding.report.indicators')}</legend>
                          {indicators.map((ind) => (
                            <TextField
                              ctx={ctx}
                              name={`actual_${ind.resultId}_${ind.indicator}`}
                              label={t('funding.report.indicator_actual', { indicator: pick({ fr: ind.titleFr, en: ind.titleEn }, locale).text || pick({ fr: ind.resultTitleFr, en: ind.resultTitleEn }, locale).text })}
                              hint={ind.target ? t('funding.report.indicator_target', { target: ind.target }) : undefined}
                            />
                          ))}
                        </fieldset>
                      ) : (
                        ''
                      )}
                      <FileField ctx={ctx} name="attachment" label={t('funding.report.attachment')} hint={t('funding.document.hint')} accept="application/pdf,.pdf,.odt,.docx" />
                      <button type="submit" safe>
                        {t('funding.report.submit')}
                      </button>
                    </form>
                  ) : (
                    ''
                  )}
                  {r.indicatorResults.length && (docAccess(true) || staffish) ? <IndicatorTable ctx={ctx} results={r.indicatorResults} /> : ''}
                  {docs
                    .filter((d) => d.reportId === r.id && docAccess(true))
                    .map((d) => (
                      <p>
                        <a href={href(ctx, `/funding/documents/${d.id}`)} safe>
                          {`${t('funding.report.attachment')} : ${d.fileName}`}
                        </a>
                      </p>
                    ))}
                  {r.id === submittedReportId && can(w, 'review_report') ? (
                    <form method="post" action={href(ctx, `/funding/reports/${r.id}/review`)}>
                      <CsrfField ctx={ctx} />
                      {r.narrative ? <p safe>{r.narrative}</p> : ''}
                      <Select ctx={ctx} name="verdict" label={t('funding.report.verdict')} options={[{ value: 'accepted', label: t('funding.report.status.accepted') }, { value: 'rejected', label: t('funding.report.status.rejected') }]} />
                      <TextArea ctx={ctx} name="note" label={t('funding.report.note')} rows={2} />
                      <button type="submit" safe>
                        {t('funding.report.review')}
                      </button>
                    </form>
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
      </Layout>,
    );
  });

  const failWith = (ctx: PageContext, f: Failure & { reasons?: readonly string[] }) => {
    const message = f.reasons?.length ? f.reasons.map((r) => ctx.t(`funding.guard.${r}`)).join(' ') : f.fields ? Object.values(f.fields).map((k) => ctx.t(k)).join(' ') : undefined;
    throw new AppError(f.code, message);
  };

  pages.post('/funding/applications/:id/transition', async (ctx, req, reply) => {
    const { application } = await loadApplication(ctx, param(req, 'id'));
    const parsed = validate(transitionInputSchema, readForm(req).fields, ctx.t);
    if (!parsed.ok) throw new AppError('validation', Object.values(parsed.error).join(' '), parsed.error);
    const result = await transitionApplication(db, ctx.actor, application.id, parsed.value.action, parsed.value.version, { completionDueAt: parsed.value.completionDueAt, note: parsed.value.note }, now());
    if (!result.ok) return failWith(ctx, result.error);
    return redirectTo(reply, ctx, `/funding/applications/${application.id}`, `funding.notice_${parsed.value.action}`);
  });

  pages.post('/funding/applications/:id/confirm', async (ctx, req, reply) => {
    const { application } = await loadApplication(ctx, param(req, 'id'));
    const organisationId = str(readForm(req).fields.organisationId);
    if (!isUuid(organisationId)) throw new AppError('bad_request');
    const result = await confirmCoApplicant(db, ctx.actor, application.id, organisationId);
    if (!result.ok) return failWith(ctx, result.error);
    return redirectTo(reply, ctx, `/funding/applications/${application.id}`, 'funding.notice_partner_confirmed');
  });

  pages.post('/funding/applications/:id/reviewers', async (ctx, req, reply) => {
    const { application } = await loadApplication(ctx, param(req, 'id'));
    const parsed = validate(assignReviewerSchema, readForm(req).fields, ctx.t);
    if (!parsed.ok) throw new AppError('validation', undefined, parsed.error);
    const result = await assignReviewer(db, ctx.actor, application.id, parsed.value.reviewerId);
    if (!result.ok) return failWith(ctx, result.error);
    return redirectTo(reply, ctx, `/funding/applications/${application.id}`, 'funding.notice_reviewer_assigned');
  });

  pages.post('/funding/applications/:id/sign', async (ctx, req, reply) => {
    const { application } = await loadApplication(ctx, param(req, 'id'));
    const parsed = validate(signAgreementSchema, readForm(req).fields, ctx.t);
    if (!parsed.ok) throw new AppError('validation', undefined, parsed.error);
    const result = await signAgreement(db, ctx.actor, application.id, parsed.value.signedOn, now());
    if (!result.ok) return failWith(ctx, result.error);
    return redirectTo(reply, ctx, `/funding/applications/${application.id}`, 'funding.notice_start');
  });

  pages.post('/funding/applications/:id/pay', async (ctx, req, reply) => {
    const { application } = await loadApplication(ctx, param(req, 'id'));
    const parsed = validate(paymentInputSchema, readForm(req).fields, ctx.t);
    if (!parsed.ok) throw new AppError('validation', Object.values(parsed.error).join(' '), parsed.error);
    const result = await recordPayment(db, ctx.actor, parsed.value, now());
    if (!result.ok) return failWith(ctx, result.error);
    return redirectTo(reply, ctx, `/funding/applications/${application.id}`, 'funding.notice_paid');
  });

  pages.get('/funding/applications/:id/agreement.pdf', async (ctx, req, reply) => {
    const { application } = await loadApplication(ctx, param(req, 'id'));
    const data = await agreementFor(db, application.id);
    if (!data) throw new AppError('not_found');
    const pdf = await renderAgreementPdf(data);
    return reply.type('application/pdf').header('content-disposition', `inline; filename="convention-${data.reference}.pdf"`).send(pdf);
  });

  pages.post('/funding/reports/:id', async (ctx, req, reply) => {
    signedIn(ctx);
    const id = param(req, 'id');
    const form = readForm(req);
    const parsed = validate(reportInputSchema, reportFormInput(form.fields), ctx.t);
    if (!parsed.ok) throw new AppError('validation', Object.values(parsed.error).join(' '), parsed.error);
    const file = form.files.attachment;
    const attachment = file && file.data.length ? { key: 'report', fileName: file.fileName, data: file.data } : undefined;
    const result = await submitReport(db, ctx.actor, id, { ...parsed.value, attachment }, now());
    if (!result.ok) return failWith(ctx, result.error);
    return reply.redirect(String(req.headers.referer ?? '').startsWith(deps.config.baseUrl) ? String(req.headers.referer) : `/${ctx.locale}/funding?notice=funding.notice_report_submitted`, 303);
  });

  pages.post('/funding/reports/:id/review', async (ctx, req, reply) => {
    signedIn(ctx);
    const id = param(req, 'id');
    const parsed = validate(reportReviewSchema, readForm(req).fields, ctx.t);
    if (!parsed.ok) throw new AppError('validation', undefined, parsed.error);
    const result = await reviewReport(db, ctx.actor, id, parsed.value.verdict, parsed.value.note, now());
    if (!result.ok) return failWith(ctx, result.error);
    return redirectTo(reply, ctx, '/funding', 'funding.notice_report_reviewed');
  });

  // ── Attachments: served after the access check (policy `view_document`), never cached, never rendered inline ──
  pages.get('/funding/documents/:id', async (ctx, req, reply) => {
    signedIn(ctx);
    const id = param(req, 'id');
    const doc = await findDocument(db, id);
    if (!doc) throw new AppError('not_found');
    const application = (await findApplication(db, doc.applicationId))!;
    const call = (await findCall(db, application.callId))!;
    const partners = await coApplicantsOf(db, application.id);
    const w = await who(ctx, call.funderId);
    const mine = (await reviewsOf(db, [application.id])).find((r) => r.reviewerId === ctx.actor.userId);
    const ref = { organisationId: application.organisationId, coApplicantIds: partners.map((p) => p.organisationId), state: application.state };
    // Refused and unknown look the same: the answer does not tell that the document exists.
    if (!can(w, 'view_document', { application: ref, assigned: !!mine, conflict: mine?.conflict === true, report: doc.reportId !== null })) throw new AppError('not_found');
    const file = await documentFile(db, doc.fileId);
    if (!file) throw new AppError('not_found');
    const ascii = doc.fileName.replace(/[^\w.-]/g, '_');
    return reply
      .header('cache-control', 'private, no-store')
      .header('x-content-type-options', 'nosniff')
      .header('content-security-policy', "default-src 'none'; sandbox")
      .header('cross-origin-resource-policy', 'same-origin')
      .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(doc.fileName)}`)
      .type(file.mediaType)
      .send(file.content);
  });

  pages.post('/funding/applications/:id/project', async (ctx, req, reply) => {
    signedIn(ctx);
    const id = param(req, 'id');
    const parsed = validate(linkProjectSchema, readForm(req).fields, ctx.t);
    if (!parsed.ok) throw new AppError('validation', Object.values(parsed.error).join(' '), parsed.error);
    const result = await linkProject(db, ctx.actor, id, parsed.value.projectId ?? null);
    if (!result.ok) return failWith(ctx, result.error);
    return redirectTo(reply, ctx, `/funding/applications/${id}`, 'funding.notice_project_linked');
  });

  // The project page (projects module) shows the grants linked to the project: money, indicator results, and for
  // the funder's staff a report overdue. Through a page section: neither module imports the other's pages.
  registerSection<{ id: string }>(app, 'project.page', async (ctx, project) => {
    const funding = await fundingOfProject(db, project.id, { userId: ctx.actor.userId, organisationIds: [...ctx.actor.memberships.keys()] });
    if (funding.length === 0) return '';
    const at = now();
    return String(<ProjectFundingSection ctx={ctx} funding={funding} now={at} />);
  });

  // ── Reviewer ──
  pages.get('/funding/reviews/:id', async (ctx, req, reply) => {
    signedIn(ctx);
    const review = await findReview(db, param(req, 'id'));
    if (!review || review.reviewerId !== ctx.actor.userId) throw new AppError('not_found');
    const application = (await findApplication(db, review.applicationId))!;
    const call = (await findCall(db, application.callId))!;
    return sendPage(reply, <ReviewForm ctx={ctx} reviewId={review.id} application={application} call={call} values={reviewValues(review)} errors={{}} frozen={call.reviewPhaseClosed || review.conflict} />);
  });

  pages.post('/funding/reviews/:id', async (ctx, req, reply) => {
    signedIn(ctx);
    const review = await findReview(db, param(req, 'id'));
    if (!review || review.reviewerId !== ctx.actor.userId) throw new AppError('not_found');
    const application = (await findApplication(db, review.applicationId))!;
    const call = (await findCall(db, application.callId))!;
    const form = readForm(req);
    const showAgain = (errors: Record<string, string>, status = 422) => sendPage(reply, <ReviewForm ctx={ctx} reviewId={review.id} application={application} call={call} values={form.fields} errors={errors} frozen={false} />, status);
    const parsed = validate(reviewInputSchema, reviewFormInput(form.fields, call.criteria.map((c) => c.key)), ctx.t);
    if (!parsed.ok) return showAgain(parsed.error);
    const saved = await saveReview(db, ctx.actor, review.id, parsed.value);
    if (!saved.ok) {
      if (saved.error.code === 'validation') return showAgain(translate(ctx, saved.error));
      return failWith(ctx, saved.error);
    }
    return redirectTo(reply, ctx, '/funding', 'funding.notice_review_saved');
  });

  // ── Home: what the actor does in funding ──
  pages.get('/funding', async (ctx, _req, reply) => {
    signedIn(ctx);
    const funders = await fundersOfUser(db, ctx.actor.userId);
    const funderIds = [...funders.keys()];
    const [envelopeRows, assignments, mine, funderOrgs] = await Promise.all([
      listEnvelopes(db, funderIds.filter((id) => can({ actor: ctx.actor, team: funders.get(id)! }, 'view_dashboard'))),
      assignmentsOf(db, ctx.actor.userId!),
      applicationsOfOrganisations(db, [...ctx.actor.memberships.keys()]),
      organisationsByIds(db, funderIds),
    ]);
    const callRows = await listCalls(db, { funderIds: funderIds.filter((id) => funders.get(id)!.has('staff')) });
    // Emergency applications past their decision deadline: flagged at the top of the staff's back office.
    const urgent = await overdueEmergencyDecisions(db, funderIds.filter((id) => funders.get(id)!.has('staff') || funders.get(id)!.has('committee')), now());
    const { t } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('funding.home.title')} section="/funding">
        <h1 safe>{t('funding.home.title')}</h1>
        {urgent.length ? (
          <section aria-labelledby="urgent" class="callout">
            <h2 id="urgent" safe>
              {t('funding.emergency.overdue_title')}
            </h2>
            <ul>
              {urgent.map(({ application: a }) => (
                <li>
                  <a href={href(ctx, `/funding/applications/${a.id}`)} safe>
                    {`${a.title} — ${t('funding.emergency.decision_was_due', { date: formatDateTime(a.decisionDueAt!, ctx.locale) })}`}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
        {envelopeRows.length ? (
          <section aria-labelledby="envelopes">
            <h2 id="envelopes" safe>
              {t('funding.envelopes.title')}
            </h2>
            <ul>
              {envelopeRows.map((e) => (
                <li>
                  <a href={href(ctx, `/funding/envelopes/${e.id}`)} safe>
                    {`${pick({ fr: e.nameFr, en: e.nameEn }, ctx.locale).text} ${e.year} — ${money(ctx, e.amountCents, e.currency)}`}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
        {callRows.length ? (
          <section aria-labelledby="mycalls">
            <h2 id="mycalls" safe>
              {t('funding.calls.managed')}
            </h2>
            <ul>
              {callRows.map((c) => (
                <li>
                  <a href={href(ctx, `/funding/calls/${c.id}`)} safe>
                    {`${callTitle(ctx, c)} — ${t(`funding.phase.${callPhase(c, now())}`)}`}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
        {funderIds.some((id) => funders.get(id)!.has('staff')) ? (
          <ul class="actions">
            {funderIds
              .filter((id) => funders.get(id)!.has('staff'))
              .map((id) => (
                <li>
                  <a href={href(ctx, `/funding/funders/${id}/prequalifications`)} safe>
                    {t('funding.prequalification.link', { funder: orgName(funderOrgs.get(id), ctx) })}
                  </a>{' '}
                  ·{' '}
                  <a href={href(ctx, `/funding/funders/${id}/team`)} safe>
                    {t('funding.team.link', { funder: orgName(funderOrgs.get(id), ctx) })}
                  </a>{' '}
                  ·{' '}
                  <a href={href(ctx, `/funding/funders/${id}/envelopes/new`)} safe>
                    {t('funding.envelope.new_link', { funder: orgName(funderOrgs.get(id), ctx) })}
                  </a>
                </li>
              ))}
          </ul>
        ) : (
          ''
        )}
        {assignments.length ? (
          <section aria-labelledby="assignments">
            <h2 id="assignments" safe>
              {t('funding.reviews.mine')}
            </h2>
            <ul>
              {assignments.map(({ review, application }) => (
                <li>
                  <a href={href(ctx, `/funding/reviews/${review.id}`)} safe>
                    {`${application.title} — ${review.conflict ? t('funding.reviews.conflict') : review.completedAt ? t('funding.reviews.done') : t('funding.reviews.pending')}`}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
        <section aria-labelledby="applications">
          <h2 id="applications" safe>
            {t('funding.applications.mine')}
          </h2>
          {mine.length ? (
            <ul>
              {mine.map((a) => (
                <li>
                  <a href={href(ctx, `/funding/applications/${a.id}`)} safe>
                    {a.title || t('funding.application.untitled')}
                  </a>{' '}
                  {stateBadge(ctx, a.state)}
                </li>
              ))}
            </ul>
          ) : (
            <p safe>{t('funding.applications.none')}</p>
          )}
          <p>
            <a href={href(ctx, '/calls')} safe>
              {t('funding.calls.see_open')}
            </a>
          </p>
        </section>
      </Layout>,
    );
  });

  // ── Envelope dashboard, transfers, exports ──
  const loadEnvelope = async (ctx: PageContext, id: string) => {
    signedIn(ctx);
    const envelope = await findEnvelope(db, id);
    if (!envelope) throw new AppError('not_found');
    const w = await who(ctx, envelope.funderId);
    if (!can(w, 'view_dashboard')) throw new AppError('forbidden');
    return { envelope, who: w };
  };

  pages.get('/funding/envelopes/:id', async (ctx, req, reply) => {
    const { envelope, who: w } = await loadEnvelope(ctx, param(req, 'id'));
    const dash = await envelopeDashboard(db, envelope.id, now());
    const { t, locale } = ctx;
    const cur = envelope.currency;
    const lineOptions = dash.map((d) => ({ value: d.line.id, label: pick({ fr: d.line.nameFr, en: d.line.nameEn }, locale).text }));
    const title = `${pick({ fr: envelope.nameFr, en: envelope.nameEn }, locale).text} ${envelope.year}`;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} section="/funding">
        <h1 safe>{title}</h1>
        <p class="lead" safe>
          {t('funding.envelope.amount', { amount: money(ctx, envelope.amountCents, cur) })}
        </p>
        {can(w, 'manage_envelope') ? (
          <p>
            <a href={href(ctx, `/funding/envelopes/${envelope.id}/edit`)} safe>
              {t('funding.envelope.edit_link')}
            </a>
          </p>
        ) : (
          ''
        )}
        <table>
          <caption safe>{t('funding.envelope.lines')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('funding.line.name')}</th>
              <th scope="col" safe>{t('funding.line.earmarked')}</th>
              <th scope="col" safe>{t('funding.line.requested')}</th>
              <th scope="col" safe>{t('funding.line.committed')}</th>
              <th scope="col" safe>{t('funding.line.paid')}</th>
              <th scope="col" safe>{t('funding.line.remaining')}</th>
              <th scope="col" safe>{t('funding.line.reports_due')}</th>
              <th scope="col" safe>{t('funding.line.reports_overdue')}</th>
            </tr>
          </thead>
          <tbody>
            {dash.map((d) => (
              <tr>
                <th scope="row" safe>{pick({ fr: d.line.nameFr, en: d.line.nameEn }, locale).text}</th>
                <td safe>{money(ctx, d.figures.earmarkedCents, cur)}</td>
                <td safe>{money(ctx, d.requestedCents, cur)}</td>
                <td safe>{money(ctx, d.figures.committedCents, cur)}</td>
                <td safe>{money(ctx, d.figures.paidCents, cur)}</td>
                <td safe>{money(ctx, d.figures.remainingCents, cur)}</td>
                <td safe>{String(d.reportsDue)}</td>
                <td>
                  {d.reportsOverdue ? (
                    <span class="badge danger" safe>
                      {`${d.reportsOverdue} — ${t('funding.report.overdue_badge')}`}
                    </span>
                  ) : (
                    '0'
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        {dash.map((d) => (
          <section aria-labelledby={`line-${d.line.id}`}>
            <h2 id={`line-${d.line.id}`} safe>
              {pick({ fr: d.line.nameFr, en: d.line.nameEn }, locale).text}
            </h2>
            <p safe>{Object.entries(d.byState).map(([s, n]) => `${t(`funding.state.${s}`)} : ${n}`).join(' · ') || t('funding.applications.none')}</p>
            {Object.keys(d.byCountry).length ? <p safe>{`${t('funding.dashboard.by_country')} : ${Object.entries(d.byCountry).map(([c, v]) => `${countryName(c, locale)} ${money(ctx, v, cur)}`).join(', ')}`}</p> : ''}
            {Object.keys(d.byTheme).length ? <p safe>{`${t('funding.dashboard.by_theme')} : ${Object.entries(d.byTheme).map(([c, v]) => `${themeLabel(c, locale)} ${money(ctx, v, cur)}`).join(', ')}`}</p> : ''}
            {d.overdueApplications.length ? (
              <ul>
                {d.overdueApplications.map((id) => (
                  <li>
                    <a href={href(ctx, `/funding/applications/${id}`)} safe>
                      {t('funding.report.overdue_badge')}
                    </a>
                  </li>
                ))}
              </ul>
            ) : (
              ''
            )}
            {d.line.isEmergency && can(w, 'manage_call') ? (
              <p>
                <a class="button danger" href={href(ctx, `/funding/lines/${d.line.id}/emergency`)} safe>
                  {t('funding.emergency.open')}
                </a>
              </p>
            ) : can(w, 'manage_call') ? (
              <p>
                <a class="button secondary" href={href(ctx, `/funding/lines/${d.line.id}/calls/new`)} safe>
                  {t('funding.call.new')}
                </a>
              </p>
            ) : (
              ''
            )}
          </section>
        ))}
        <p class="export">
          <a href={href(ctx, `/funding/envelopes/${envelope.id}/export.csv`)} safe>
            {t('export.csv')}
          </a>
          {' · '}
          <a href={href(ctx, `/funding/envelopes/${envelope.id}/export.csv`, { sep: 'semicolon' })} safe>
            {t('export.csv_semicolon')}
          </a>
          {' · '}
          <a href={href(ctx, `/funding/funders/${envelope.funderId}/scdl.csv`, { year: String(envelope.year) })} safe>
            {t('funding.scdl.link')}
          </a>
        </p>
        {can(w, 'transfer_between_lines') ? (
          <form method="post" action={href(ctx, `/funding/envelopes/${envelope.id}/transfer`)}>
            <CsrfField ctx={ctx} />
            <fieldset>
              <legend safe>{t('funding.transfer.title')}</legend>
              <Select ctx={ctx} name="fromLineId" label={t('funding.transfer.from')} options={lineOptions} />
              <Select ctx={ctx} name="toLineId" label={t('funding.transfer.to')} options={lineOptions} />
              <TextField ctx={ctx} name="amountCents" label={t('funding.transfer.amount')} required />
              <TextField ctx={ctx} name="reason" label={t('funding.transfer.reason')} required />
              <button type="submit" safe>
                {t('funding.transfer.submit')}
              </button>
            </fieldset>
          </form>
        ) : (
          ''
        )}
      </Layout>,
    );
  });

  pages.get('/funding/envelopes/:id/export.csv', async (ctx, req, reply) => {
    const { envelope } = await loadEnvelope(ctx, param(req, 'id'));
    const dash = await envelopeDashboard(db, envelope.id, now());
    const { t, locale } = ctx;
    const header = [t('funding.line.name'), t('funding.line.earmarked'), t('funding.line.requested'), t('funding.line.committed'), t('funding.line.paid'), t('funding.line.remaining'), t('funding.line.reports_due'), t('funding.line.reports_overdue'), t('funding.dashboard.by_state'), t('funding.dashboard.by_country'), t('funding.dashboard.by_theme')];
    const rows = dash.map((d) => [
      pick({ fr: d.line.nameFr, en: d.line.nameEn }, locale).text,
      d.figures.earmarkedCents / 100, d.requestedCents / 100, d.figures.committedCents / 100, d.figures.paidCents / 100, d.figures.remainingCents / 100,
      d.reportsDue, d.reportsOverdue,
      Object.entries(d.byState).map(([s, n]) => `${s}:${n}`).join(' '),
      Object.entries(d.byCountry).map(([c, v]) => `${c}:${v / 100}`).join(' '),
      Object.entries(d.byTheme).map(([c, v]) => `${c}:${v / 100}`).join(' '),
    ]);
    return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="envelope-${envelope.year}.csv"`).send(toCsv(header, rows, csvSeparator(readQuery(req).sep)));
  });

  pages.post('/funding/envelopes/:id/transfer', async (ctx, req, reply) => {
    const { envelope } = await loadEnvelope(ctx, param(req, 'id'));
    const parsed = validate(transferInputSchema, readForm(req).fields, ctx.t);
    if (!parsed.ok) throw new AppError('validation', Object.values(parsed.error).join(' '), parsed.error);
    const result = await transferBetweenLines(db, ctx.actor, parsed.value);
    if (!result.ok) return failWith(ctx, result.error);
    return redirectTo(reply, ctx, `/funding/envelopes/${envelope.id}`, 'funding.notice_transferred');
  });

  pages.get('/funding/funders/:id/scdl.csv', async (ctx, req, reply) => {
    signedIn(ctx);
    const funderId = param(req, 'id');
    if (!can(await who(ctx, funderId), 'export_scdl')) throw new AppError('forbidden');
    const yearText = str(readQuery(req).year);
    const year = /^\d{4}$/.test(yearText) ? Number(yearText) : now().getUTCFullYear();
    const exported = await scdlExport(db, funderId, year);
    const problems = validateScdlRows(exported.rows);
    if (problems.length) throw new AppError('conflict', problems.map((p) => `${p.row}:${p.column}:${p.problem}`).join(', '));
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="subventions-${year}.csv"`)
      .header('x-scdl-left-out', String(exported.leftOut.length))
      .send(writeScdlCsv(exported.rows));
  });

  // ── Calls (staff) ──
  const loadLine = async (ctx: PageContext, id: string) => {
    signedIn(ctx);
    const line = await findLine(db, id);
    if (!line) throw new AppError('not_found');
    const w = await who(ctx, line.envelope.funderId);
    if (!can(w, 'manage_call')) throw new AppError('forbidden');
    return line;
  };

  pages.get('/funding/lines/:id/calls/new', async (ctx, req, reply) => {
    const line = await loadLine(ctx, param(req, 'id'));
    const start = now();
    return sendPage(reply, <CallForm ctx={ctx} lineId={line.id} values={{ opensAt: instantToLocal(start), closesAt: instantToLocal(new Date(start.getTime() + 30 * 86_400_000)), trancheShares: '50, 50', trancheIntervalMonths: '12' }} errors={{}} />);
  });

  pages.post('/funding/lines/:id/calls/new', async (ctx, req, reply) => {
    const line = await loadLine(ctx, param(req, 'id'));
    const form = readForm(req);
    const showAgain = (errors: Record<string, string>) => sendPage(reply, <CallForm ctx={ctx} lineId={line.id} values={form.fields} errors={errors} />, 422);
    const parsed = validate(callInputSchema, { ...form.fields, lineId: line.id }, ctx.t);
    if (!parsed.ok) return showAgain(parsed.error);
    const created = await createCall(db, ctx.actor, parsed.value);
    if (!created.ok) {
      if (created.error.code === 'validation') return showAgain(translate(ctx, created.error));
      throw new AppError(created.error.code);
    }
    return redirectTo(reply, ctx, `/calls/${created.value.slug}`, 'funding.notice_call_published');
  });

  pages.get('/funding/lines/:id/emergency', async (ctx, req, reply) => {
    const line = await loadLine(ctx, param(req, 'id'));
    return sendPage(reply, <EmergencyForm ctx={ctx} lineId={line.id} values={{ decisionHours: '72', kind: 'disaster' }} errors={{}} />);
  });

  pages.post('/funding/lines/:id/emergency', async (ctx, req, reply) => {
    const line = await loadLine(ctx, param(req, 'id'));
    const form = readForm(req);
    const showAgain = (errors: Record<string, string>) => sendPage(reply, <EmergencyForm ctx={ctx} lineId={line.id} values={form.fields} errors={errors} />, 422);
    const parsed = validate(emergencyCallInputSchema, { ...form.fields, lineId: line.id }, ctx.t);
    if (!parsed.ok) return showAgain(parsed.error);
    const created = await openEmergencyCall(db, ctx.actor, parsed.value, now());
    if (!created.ok) {
      if (created.error.code === 'validation') return showAgain(translate(ctx, created.error));
      throw new AppError(created.error.code);
    }
    return redirectTo(reply, ctx, `/calls/${created.value.slug}`, 'funding.notice_call_published');
  });

  // ── Call management: applications, ranking, review phase, committee ──
  const loadManagedCall = async (ctx: PageContext, id: string) => {
    signedIn(ctx);
    const call = await findCall(db, id);
    if (!call) throw new AppError('not_found');
    const w = await who(ctx, call.funderId);
    if (!can(w, 'view_ranking')) throw new AppError('forbidden');
    return { call, who: w };
  };

  pages.get('/funding/calls/:id', async (ctx, req, reply) => {
    const { call, who: w } = await loadManagedCall(ctx, param(req, 'id'));
    const apps = (await applicationsOfCall(db, call.id)).filter((a) => a.state !== 'draft');
    const reviewRows = await reviewsOf(db, apps.map((a) => a.id));
    const byApp = new Map(apps.map((a) => [a.id, reviewRows.filter((r) => r.applicationId === a.id)]));
    const ranking = rankApplications(call.criteria, byApp);
    const appsById = new Map(apps.map((a) => [a.id, a]));
    const orgs = await organisationsByIds(db, apps.map((a) => a.organisationId));
    const figures = (await lineFigures(db, [call.lineId])).get(call.lineId)!;
    const { t } = ctx;
    const decidable = apps.filter((a) => a.state === 'recommended' || a.state === 'not_recommended');
    return sendPage(
      reply,
      <Layout ctx={ctx} title={callTitle(ctx, call)} section="/funding">
        <h1 safe>{callTitle(ctx, call)}</h1>
        <p safe>{t('funding.line.remaining_text', { amount: money(ctx, figures.remainingCents) })}</p>
        {can(w, 'manage_call') && !call.isEmergency && call.opensAt.getTime() > now().getTime() ? (
          <p>
            <a href={href(ctx, `/funding/calls/${call.id}/edit`)} safe>
              {t('funding.call.edit_link')}
            </a>
          </p>
        ) : (
          ''
        )}
        <table>
          <caption safe>{t('funding.ranking.title')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('funding.ranking.rank')}</th>
              <th scope="col" safe>{t('funding.field.title')}</th>
              <th scope="col" safe>{t('funding.field.organisation')}</th>
              <th scope="col" safe>{t('funding.field.requestedCents')}</th>
              <th scope="col" safe>{t('funding.ranking.score')}</th>
              <th scope="col" safe>{t('funding.ranking.spread')}</th>
              <th scope="col" safe>{t('funding.ranking.state')}</th>
            </tr>
          </thead>
          <tbody>
            {ranking.map((r, i) => {
              const a = appsById.get(r.applicationId)!;
              return (
                <tr>
                  <td safe>{String(i + 1)}</td>
                  <td>
                    <a href={href(ctx, `/funding/applications/${a.id}`)} safe>
                      {a.title}
                    </a>
                  </td>
                  <td safe>{orgName(orgs.get(a.organisationId), ctx)}</td>
                  <td safe>{money(ctx, a.requestedCents)}</td>
                  <td safe>{r.mean === null ? '—' : `${r.mean} / 100`}</td>
                  <td safe>{r.spread === null ? '—' : String(r.spread)}</td>
                  <td>{stateBadge(ctx, a.state)}</td>
                </tr>
              );
            })}
          </tbody>
        </table>
        {can(w, 'close_review_phase') && !call.reviewPhaseClosed ? (
          <form method="post" action={href(ctx, `/funding/calls/${call.id}/close-review`)}>
            <CsrfField ctx={ctx} />
            <button type="submit" safe>
              {t('funding.reviews.close_phase')}
            </button>
          </form>
        ) : call.reviewPhaseClosed ? (
          <p safe>{t('funding.reviews.phase_closed')}</p>
        ) : (
          ''
        )}
        {can(w, 'decide') && decidable.length ? (
          <form method="post" action={href(ctx, `/funding/calls/${call.id}/committee`)}>
            <CsrfField ctx={ctx} />
            <h2 safe>{t('funding.committee.title')}</h2>
            <TextField ctx={ctx} name="reference" label={t('funding.committee.reference')} required />
            <TextField ctx={ctx} name="heldOn" type="date" label={t('funding.committee.held_on')} value={now().toISOString().slice(0, 10)} required />
            {decidable.map((a) => (
              <fieldset>
                <legend safe>{`${a.title} — ${orgName(orgs.get(a.organisationId), ctx)} (${t(`funding.state.${a.state}`)})`}</legend>
                <input type="hidden" name={`version_${a.id}`} value={String(a.version)} />
                <Select ctx={ctx} name={`decision_${a.id}`} label={t('funding.committee.decision')} emptyLabel={t('funding.committee.later')} options={[{ value: 'award', label: t('funding.action.award') }, { value: 'reject', label: t('funding.action.reject') }]} />
                <TextField ctx={ctx} name={`amount_${a.id}`} label={t('funding.committee.amount')} value={moneyInput(a.requestedCents)} />
                <TextArea ctx={ctx} name={`conditions_${a.id}`} label={t('funding.committee.conditions')} rows={2} />
              </fieldset>
            ))}
            <button type="submit" safe>
              {t('funding.committee.record')}
            </button>
          </form>
        ) : (
          ''
        )}
      </Layout>,
    );
  });

  pages.post('/funding/calls/:id/close-review', async (ctx, req, reply) => {
    const { call } = await loadManagedCall(ctx, param(req, 'id'));
    const result = await closeReviewPhase(db, ctx.actor, call.id);
    if (!result.ok) return failWith(ctx, result.error);
    return redirectTo(reply, ctx, `/funding/calls/${call.id}`, 'funding.notice_review_closed');
  });

  pages.post('/funding/calls/:id/committee', async (ctx, req, reply) => {
    const { call } = await loadManagedCall(ctx, param(req, 'id'));
    const form = readForm(req);
    const session = validate(committeeSessionSchema, form.fields, ctx.t);
    if (!session.ok) throw new AppError('validation', Object.values(session.error).join(' '), session.error);
    const decisions = committeeDecisions(form.fields);
    if (typeof decisions === 'string') throw new AppError('validation', ctx.t('validation.invalid'));
    const result = await recordDecisions(db, ctx.actor, call.funderId, session.value, decisions, now());
    if (!result.ok) return failWith(ctx, result.error);
    const refused = result.value.outcomes.filter((o) => !o.ok);
    if (refused.length) {
      const messages = refused.map((o) => (o.ok ? '' : o.code === 'conflict' ? ctx.t('funding.committee.concurrent') : o.reasons.map((r) => ctx.t(`funding.guard.${r}`)).join(' ')));
      return sendPage(
        reply,
        <Layout ctx={ctx} title={ctx.t('funding.committee.title')} section="/funding">
          <h1 safe>{ctx.t('funding.committee.partial')}</h1>
          <ul>
            {messages.map((m) => (
              <li safe>{m}</li>
            ))}
          </ul>
          <p>
            <a href={href(ctx, `/funding/calls/${call.id}`)} safe>
              {ctx.t('funding.committee.back')}
            </a>
          </p>
        </Layout>,
        409,
      );
    }
    return redirectTo(reply, ctx, `/funding/calls/${call.id}`, 'funding.notice_decisions_recorded');
  });

  // ── Prequalifications ──
  pages.get('/funding/funders/:id/prequalifications', async (ctx, req, reply) => {
    signedIn(ctx);
    const funderId = param(req, 'id');
    if (!can(await who(ctx, funderId), 'manage_prequalification')) throw new AppError('forbidden');
    return sendPage(reply, await prequalificationPage(ctx, funderId, {}, {}));
  });

  pages.post('/funding/funders/:id/prequalifications', async (ctx, req, reply) => {
    signedIn(ctx);
    const funderId = param(req, 'id');
    if (!can(await who(ctx, funderId), 'manage_prequalification')) throw new AppError('forbidden');
    const form = readForm(req);
    const parsed = validate(prequalificationSchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, await prequalificationPage(ctx, funderId, form.fields, parsed.error), 422);
    const result = await setPrequalification(db, ctx.actor, funderId, parsed.value.organisationId, parsed.value.vettedOn, parsed.value.note);
    if (!result.ok) {
      if (result.error.code === 'validation') return sendPage(reply, await prequalificationPage(ctx, funderId, form.fields, translate(ctx, result.error)), 422);
      throw new AppError(result.error.code);
    }
    return redirectTo(reply, ctx, `/funding/funders/${funderId}/prequalifications`, 'funding.notice_saved');
  });

  async function prequalificationPage(ctx: PageContext, funderId: string, values: Values, errors: Record<string, string>): Promise<JSX.Element> {
    const rows = await listPrequalifications(db, funderId);
    const all = await allOrganisationsBrief(db);
    const names = new Map(all.map((o) => [o.id, o.name]));
    const { t } = ctx;
    return (
      <Layout ctx={ctx} title={t('funding.prequalification.title')} section="/funding">
        <h1 safe>{t('funding.prequalification.title')}</h1>
        <p safe>{t('funding.prequalification.lead')}</p>
        <ul>
          {rows.map((r) => (
            <li safe>{`${names.get(r.organisationId) ?? ''} — ${formatDate(r.vettedOn, ctx.locale)}${r.note ? ` — ${r.note}` : ''}`}</li>
          ))}
        </ul>
        <ErrorSummary ctx={ctx} errors={errors} labels={{ organisationId: t('funding.field.organisation'), vettedOn: t('funding.prequalification.vetted_on') }} />
        <form method="post" action={href(ctx, `/funding/funders/${funderId}/prequalifications`)} novalidate>
          <CsrfField ctx={ctx} />
          <Select ctx={ctx} name="organisationId" label={t('funding.field.organisation')} value={str(values.organisationId)} options={all.map((o) => ({ value: o.id, label: o.name }))} error={errors.organisationId} />
          <TextField ctx={ctx} name="vettedOn" type="date" label={t('funding.prequalification.vetted_on')} value={str(values.vettedOn)} error={errors.vettedOn} required />
          <TextField ctx={ctx} name="note" label={t('funding.prequalification.note')} value={str(values.note)} error={errors.note} />
          <button type="submit" safe>
            {t('form.save')}
          </button>
        </form>
      </Layout>
    );
  }
  void fail;
  void FundingActorMarker;
}

const FundingActorMarker = null as unknown as FundingActor | null;

function reviewValues(review: { conflict: boolean; conflictNote: string | null; scores: Record<string, { score: number; comment: string }> }): Values {
  const v: Values = { conflict: review.conflict ? 'on' : '', conflictNote: review.conflictNote ?? '' };
  for (const [k, s] of Object.entries(review.scores)) {
    v[`score_${k}`] = String(s.score);
    v[`comment_${k}`] = s.comment;
  }
  return v;
}

function ReviewForm({ ctx, reviewId, application, call, values, errors, frozen }: { ctx: PageContext; reviewId: string; application: ApplicationRow; call: CallRow; values: Values; errors: Record<string, string>; frozen: boolean }): JSX.Element {
  const { t, locale } = ctx;
  const title = t('funding.review.title', { title: application.title });
  const scoreOptions = Array.from({ length: SCORE_MAX + 1 }, (_, i) => ({ value: String(i), label: String(i) }));
  return (
    <Layout ctx={ctx} title={title} section="/funding">
      <h1 safe>{title}</h1>
      <p>
        <a href={href(ctx, `/funding/applications/${application.id}`)} safe>
          {t('funding.review.read_application')}
        </a>
      </p>
      {frozen ? <Notice text={t('funding.review.frozen')} /> : ''}
      <ErrorSummary ctx={ctx} errors={errors} labels={Object.fromEntries(call.criteria.map((c) => [`score_${c.key}`, pick({ fr: c.labelFr, en: c.labelEn }, locale).text]))} />
      {frozen ? (
        <ul>
          {call.criteria.map((c) => (
            <li safe>{`${pick({ fr: c.labelFr, en: c.labelEn }, locale).text} : ${str(values[`score_${c.key}`]) || '—'} — ${str(values[`comment_${c.key}`])}`}</li>
          ))}
        </ul>
      ) : (
        <form method="post" action={href(ctx, `/funding/reviews/${reviewId}`)} novalidate>
          <CsrfField ctx={ctx} />
          <Checkbox ctx={ctx} name="conflict" label={t('funding.review.conflict')} hint={t('funding.review.conflict_hint')} checked={str(values.conflict) === 'on'} />
          <TextField ctx={ctx} name="conflictNote" label={t('funding.review.conflict_note')} value={str(values.conflictNote)} />
          {call.criteria.map((c) => (
            <fieldset>
              <legend safe>{`${pick({ fr: c.labelFr, en: c.labelEn }, locale).text} (${t('funding.call.weight', { weight: c.weight })})`}</legend>
              <Select ctx={ctx} name={`score_${c.key}`} label={t('funding.review.score', { max: SCORE_MAX })} value={str(values[`score_${c.key}`])} emptyLabel="" options={scoreOptions} error={errors[`score_${c.key}`]} />
              <TextArea ctx={ctx} name={`comment_${c.key}`} label={t('funding.review.comment')} value={str(values[`comment_${c.key}`])} rows={3} />
            </fieldset>
          ))}
          <button type="submit" safe>
            {t('funding.review.save')}
          </button>
        </form>
      )}
    </Layout>
  );
}

const callFields = ['titleFr', 'titleEn', 'textFr', 'textEn', 'opensAt', 'closesAt', 'eligibleSubtypes', 'countries', 'themes', 'minAmountCents', 'maxAmountCents', 'coFinancingMinPercent', 'criteria', 'requiredDocuments', 'questions', 'trancheShares', 'trancheIntervalMonths'] as const;
const subtypeValues = ['student', 'citizen', 'diaspora', 'socio_cultural', 'ngo', 'partner_abroad', 'local_authority', 'network', 'alliance', 'foundation', 'school'];

export function CallForm({ ctx, lineId, values, errors, action, title, submit }: { ctx: PageContext; lineId: string; values: Values; errors: Record<string, string>; action?: string; title?: string; submit?: string }): JSX.Element {
  const { t, locale } = ctx;
  const label = (f: string) => t(`funding.callfield.${f}`);
  const tf = (name: string, extra: { type?: string; hint?: string; required?: boolean } = {}) => <TextField ctx={ctx} name={name} label={label(name)} value={str(values[name])} error={errors[name]} {...extra} />;
  const ta = (name: string, hint?: string, rows = 4) => <TextArea ctx={ctx} name={name} label={label(name)} value={str(values[name])} error={errors[name]} hint={hint} rows={rows} />;
  return (
    <Layout ctx={ctx} title={title ?? t('funding.call.new')} section="/funding">
      <h1 safe>{title ?? t('funding.call.new')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={Object.fromEntries(callFields.map((f) => [f, label(f)]))} />
      <form method="post" action={href(ctx, action ?? `/funding/lines/${lineId}/calls/new`)} novalidate>
        <CsrfField ctx={ctx} />
        {values.version ? <input type="hidden" name="version" value={str(values.version)} /> : ''}
        {tf('titleFr', { required: true })}
        {tf('titleEn')}
        {ta('textFr', undefined, 8)}
        {ta('textEn', undefined, 8)}
        {tf('opensAt', { type: 'datetime-local', hint: t('funding.hint.paris_time'), required: true })}
        {tf('closesAt', { type: 'datetime-local', hint: t('funding.hint.paris_time'), required: true })}
        <CheckboxGroup ctx={ctx} name="eligibleSubtypes" label={label('eligibleSubtypes')} values={list(values.eligibleSubtypes)} error={errors.eligibleSubtypes} options={subtypeValues.map((s) => ({ value: s, label: t(`organisations.subtype.${s}`) }))} columns />
        <CheckboxGroup ctx={ctx} name="countries" label={label('countries')} values={list(values.countries)} error={errors.countries} options={countryOptions(locale)} columns />
        <CheckboxGroup ctx={ctx} name="themes" label={label('themes')} values={list(values.themes)} error={errors.themes} options={themeOptions(locale)} columns />
        {tf('minAmountCents', { hint: t('funding.hint.amount') })}
        {tf('maxAmountCents', { hint: t('funding.hint.amount') })}
        {tf('coFinancingMinPercent', { type: 'number' })}
        {ta('criteria', t('funding.hint.criteria'))}
        {ta('requiredDocuments', t('funding.hint.documents'))}
        {ta('questions', t('funding.hint.questions'))}
        {tf('trancheShares', { hint: t('funding.hint.shares') })}
        {tf('trancheIntervalMonths', { type: 'number' })}
        <button type="submit" safe>
          {submit ?? t('funding.call.publish')}
        </button>
      </form>
    </Layout>
  );
}

function EmergencyForm({ ctx, lineId, values, errors }: { ctx: PageContext; lineId: string; values: Values; errors: Record<string, string> }): JSX.Element {
  const { t, locale } = ctx;
  const label = (f: string) => t(`funding.emergencyfield.${f}`);
  const fields = ['titleFr', 'titleEn', 'textFr', 'kind', 'countries', 'glide', 'decisionHours', 'maxAmountCents'];
  return (
    <Layout ctx={ctx} title={t('funding.emergency.open')} section="/funding">
      <h1 safe>{t('funding.emergency.open')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={Object.fromEntries(fields.map((f) => [f, label(f)]))} />
      <form method="post" action={href(ctx, `/funding/lines/${lineId}/emergency`)} novalidate>
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} name="titleFr" label={label('titleFr')} value={str(values.titleFr)} error={errors.titleFr} required />
        <TextField ctx={ctx} name="titleEn" label={label('titleEn')} value={str(values.titleEn)} error={errors.titleEn} />
        <TextArea ctx={ctx} name="textFr" label={label('textFr')} value={str(values.textFr)} error={errors.textFr} rows={4} />
        <Select ctx={ctx} name="kind" label={label('kind')} value={str(values.kind)} error={errors.kind} options={[{ value: 'disaster', label: t('funding.emergency.kind.disaster') }, { value: 'conflict', label: t('funding.emergency.kind.conflict') }]} />
        <CheckboxGroup ctx={ctx} name="countries" label={label('countries')} values={list(values.countries)} error={errors.countries} options={countryOptions(locale)} columns />
        <TextField ctx={ctx} name="glide" label={label('glide')} hint={t('funding.hint.glide')} value={str(values.glide)} error={errors.glide} />
        <TextField ctx={ctx} name="decisionHours" type="number" label={label('decisionHours')} value={str(values.decisionHours)} error={errors.decisionHours} required />
        <TextField ctx={ctx} name="maxAmountCents" label={label('maxAmountCents')} hint={t('funding.hint.amount')} value={str(values.maxAmountCents)} error={errors.maxAmountCents} />
        <button type="submit" class="danger" safe>
          {t('funding.emergency.publish')}
        </button>
      </form>
    </Layout>
  );
}

export type { FastifyReply };
