// Alliance pages: the list, an alliance (members with logos, charter, signatures, territories, joint projects,
// campaigns, news and press placeholders, admissions), the admission request and the vote or decision.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError, type Failure } from '../../kernel/errors.ts';
import { readForm } from '../../kernel/form-body.ts';
import { formatDate, formatDateTime } from '../../kernel/format.ts';
import { pick } from '../../kernel/i18n.ts';
import { isUuid } from '../../kernel/ids.ts';
import { Layout } from '../../kernel/html/layout.tsx';
import { CsrfField, ErrorSummary, Select, TextArea, TextField } from '../../kernel/html/forms.tsx';
import { LinkList } from '../../kernel/html/link-list.tsx';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { countryName } from '../taxonomy/countries.ts';
import { themeLabel } from '../taxonomy/themes.ts';
import { registerCharterPages } from './charter.tsx';
import { registerAllianceManagePages } from './manage.tsx';
import { decideAdmission, requestAdmission, voteOnAdmission } from './commands.ts';
import { can } from './policy.ts';
import { listAlliances, loadAlliancePage, organisationsActorEdits, type AlliancePage } from './queries.ts';
import { admissionInputSchema, decideSchema, voteSchema } from './schema.ts';

type Values = Record<string, string | string[]>;
const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '');
const param = (req: { params: unknown }, name: string): string => String((req.params as Record<string, string>)[name] ?? '');
const nameOf = (o: { nameFr: string | null; nameEn: string | null }, ctx: PageContext) => pick({ fr: o.nameFr, en: o.nameEn }, ctx.locale).text;
const translate = (ctx: PageContext, f: Failure): Record<string, string> => Object.fromEntries(Object.entries(f.fields ?? {}).map(([k, v]) => [k, ctx.t(v)]));

function AllianceView({ ctx, page, mine }: { ctx: PageContext; page: AlliancePage; mine: { id: string; nameFr: string | null; nameEn: string | null }[] }): JSX.Element {
  const { t, locale } = ctx;
  const { alliance, charter } = page;
  const title = pick({ fr: alliance.nameFr, en: alliance.nameEn }, locale).text;
  const ref = { memberIds: page.members.map((m) => m.organisation.id), coordinatorOrganisationId: alliance.coordinatorOrganisationId };
  const mayRequest = mine.some((o) => can(ctx.actor, 'request_admission', ref, undefined, o.id));
  const pending = page.admissions.filter((a) => a.status === 'pending');
  const item = (i: { fr: string; en: string }) => pick(i, locale).text;
  return (
    <Layout ctx={ctx} title={title} section="/alliances">
      <h1 safe>{title}</h1>
      <p class="lead" safe>{pick({ fr: alliance.summaryFr, en: alliance.summaryEn }, locale).text}</p>
      {alliance.foundedOn ? <p class="meta" safe>{t('alliances.founded', { date: formatDate(alliance.foundedOn, locale) })}</p> : ''}
      {mayRequest ? (
        <p>
          <a class="button" href={href(ctx, `/alliances/${alliance.slug}/join`)} safe>{t('alliances.request_admission')}</a>
        </p>
      ) : (
        ''
      )}
      {can(ctx.actor, 'edit', ref) ? (
        <p class="actions">
          <a class="button secondary" href={href(ctx, `/alliances/${alliance.slug}/edit`)} safe>{t('alliances.edit_link')}</a>{' '}
          <a class="button secondary" href={href(ctx, `/alliances/${alliance.slug}/mail`)} safe>{t('alliances.mail_link')}</a>
        </p>
      ) : (
        ''
      )}
      {can(ctx.actor, 'manage', ref) || mine.some((o) => can(ctx.actor, 'sign_charter', ref, undefined, o.id)) ? (
        <p>
          <a href={href(ctx, `/alliances/${alliance.slug}/charter`)} safe>{t('alliances.charter_page.link')}</a>
        </p>
      ) : (
        ''
      )}
      <section aria-labelledby="members">
        <h2 id="members" safe>{t('alliances.members')}</h2>
        <ul class="logo-list">
          {page.members.map((m) => (
            <li>
              {m.organisation.logoFileId ? <img src={`/files/${m.organisation.logoFileId}`} alt="" width="64" height="64" /> : ''}
              <a href={href(ctx, `/organisations/${m.organisation.slug}`)} safe>{nameOf(m.organisation, ctx)}</a>
              {m.founding ? <span class="badge" safe>{t('alliances.founding')}</span> : ''}
              {m.signatures.map((s) => (
                <p class="meta signature" safe>
                  {t('alliances.signature', { name: s.signatoryName, role: s.signatoryRole, date: formatDate(s.signedOn, locale), version: s.charterVersion })}
                </p>
              ))}
            </li>
          ))}
        </ul>
      </section>
      <section aria-labelledby="territories">
        <h2 id="territories" safe>{t('alliances.territories')}</h2>
        <p safe>{[...alliance.regions.map(item), ...alliance.countries.map((c) => countryName(c, locale))].join(', ')}</p>
      </section>
      {charter ? (
        <section aria-labelledby="charter">
          <h2 id="charter" safe>{t('alliances.charter', { version: charter.version, date: formatDate(charter.adoptedOn, locale) })}</h2>
          <h3 safe>{t('alliances.values')}</h3>
          <p safe>{pick({ fr: charter.valuesFr, en: charter.valuesEn }, locale).text}</p>
          <h3 safe>{t('alliances.priority_areas')}</h3>
          <ul>
            {charter.priorityAreas.map((a) => (
              <li safe>{item(a)}</li>
            ))}
          </ul>
          {charter.priorityThemes.length ? <p class="meta" safe>{charter.priorityThemes.map((c) => themeLabel(c, locale)).join(', ')}</p> : ''}
          <h3 safe>{t('alliances.cross_cutting')}</h3>
          <ul class="tags">
            {charter.crossCuttingThemes.map((c) => (
              <li class="tag" safe>{themeLabel(c, locale)}</li>
            ))}
          </ul>
          <h3 safe>{t('alliances.criteria')}</h3>
          <ul>
            {charter.admissionCriteria.map((c) => (
              <li safe>{item(c)}</li>
            ))}
          </ul>
          <p safe>{t(`alliances.rule.${charter.decisionRule}`)}</p>
        </section>
      ) : (
        ''
      )}
      <section aria-labelledby="joint">
        <h2 id="joint" safe>{t('alliances.joint_projects')}</h2>
        {mine.some((o) => can(ctx.actor, 'create_joint_project', ref, undefined, o.id)) ? (
          <p>
            <a href={href(ctx, `/alliances/${alliance.slug}/joint-projects/new`)} safe>{t('alliances.joint_new_link')}</a>
          </p>
        ) : (
          ''
        )}
        {page.allianceProjects.length ? (
          <ul class="stack">
            {page.allianceProjects.map((j) => (
              <li>
                <a href={href(ctx, `/projects/${j.project.slug}`)} safe>{pick({ fr: j.project.titleFr, en: j.project.titleEn }, locale).text}</a>
                {j.lead ? <span class="meta" safe>{' — ' + t('alliances.joint_lead', { name: nameOf(j.lead, ctx) })}</span> : ''}
              </li>
            ))}
          </ul>
        ) : (
          ''
        )}
        {page.jointProjects.length === 0 && page.allianceProjects.length === 0 ? (
          <p class="empty" safe>{t('alliances.none')}</p>
        ) : (
          <ul class="stack">
            {page.jointProjects.map(({ project }) => (
              <li>
                <a href={href(ctx, `/joint-projects/${project.id}`)} safe>{pick({ fr: project.titleFr, en: project.titleEn }, locale).text}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="campaigns">
        <h2 id="campaigns" safe>{t('alliances.campaigns')}</h2>
        {page.campaigns.length === 0 ? (
          <p class="empty" safe>{t('alliances.none')}</p>
        ) : (
          <ul class="stack">
            {page.campaigns.map((c) => (
              <li>
                <a href={href(ctx, `/campaigns/${c.slug}`)} safe>{pick({ fr: c.titleFr, en: c.titleEn }, locale).text}</a>
              </li>
            ))}
          </ul>
        )}
      </section>
      <section aria-labelledby="news">
        <h2 id="news" safe>{t('alliances.news')}</h2>
        {page.news.length === 0 ? (
          <p class="empty" safe>{t('alliances.news_none')}</p>
        ) : (
          <LinkList
            items={page.news.map((n) => ({
              href: href(ctx, `/news/${n.slug}`),
              title: pick({ fr: n.titleFr, en: n.titleEn }, locale).text,
              meta: n.publishedAt ? formatDate(n.publishedAt, locale) : undefined,
              badge: n.type === 'press_release' ? t('alliances.press_release') : undefined,
            }))}
          />
        )}
        {alliance.pressContactName ? (
          <p safe>{t('alliances.press_contact', { name: alliance.pressContactName, email: alliance.pressContactEmail ?? '' })}</p>
        ) : (
          ''
        )}
      </section>
      <section aria-labelledby="events">
        <h2 id="events" safe>{t('alliances.events')}</h2>
        {page.events.length === 0 ? (
          <p class="empty" safe>{t('alliances.events_none')}</p>
        ) : (
          <LinkList items={page.events.map((e) => ({ href: href(ctx, `/events/${e.slug}`), title: pick({ fr: e.titleFr, en: e.titleEn }, locale).text, meta: formatDateTime(e.startsAt, locale, e.timeZone) }))} />
        )}
      </section>
      <section aria-labelledby="related">
        <h2 id="related" safe>{t('alliances.related_projects')}</h2>
        {page.allianceProjects.every((j) => j.linked.length === 0) ? (
          <p class="empty" safe>{t('alliances.related_projects_none')}</p>
        ) : (
          <ul class="stack">
            {page.allianceProjects.flatMap((j) =>
              j.linked.map((p) => (
                <li>
                  <a href={href(ctx, `/projects/${p.slug}`)} safe>{pick({ fr: p.titleFr, en: p.titleEn }, locale).text}</a>
                  <span class="meta" safe>{' — ' + [p.organisation ? nameOf(p.organisation, ctx) : '', t('alliances.linked_to', { title: pick({ fr: j.project.titleFr, en: j.project.titleEn }, locale).text })].filter(Boolean).join(' · ')}</span>
                </li>
              )),
            )}
          </ul>
        )}
      </section>
      {pending.length ? (
        <section aria-labelledby="admissions">
          <h2 id="admissions" safe>{t('alliances.pending_admissions')}</h2>
          {pending.map((a) => {
            const voters = mine.filter((o) => can(ctx.actor, 'vote', ref, a, o.id) && !a.votes.some((v) => v.memberOrganisationId === o.id));
            return (
              <article class="card">
                {a.organisation ? <h3 safe>{nameOf(a.organisation, ctx)}</h3> : ''}
                <p class="meta" safe>{t('alliances.requested_on', { date: formatDate(a.createdAt, locale), version: a.charterVersion }) + ' · ' + t(`alliances.rule.${a.decisionRule}`)}</p>
                <dl>
                  {a.answers.map((ans) => (
                    <>
                      <dt safe>{charter?.admissionCriteria[ans.criterion] ? item(charter.admissionCriteria[ans.criterion]!) : String(ans.criterion + 1)}</dt>
                      <dd safe>{ans.answer}</dd>
                    </>
                  ))}
                </dl>
                {a.decisionRule === 'member_vote' ? <p safe>{t('alliances.votes', { yes: a.votes.filter((v) => v.vote === 'yes').length, no: a.votes.filter((v) => v.vote === 'no').length, members: page.members.length })}</p> : ''}
                {voters.map((o) =>
                  (['yes', 'no'] as const).map((v) => (
                    <form method="post" action={href(ctx, `/alliances/${alliance.slug}/admissions/${a.id}/vote`)} class="inline-form">
                      <CsrfField ctx={ctx} />
                      <input type="hidden" name="organisationId" value={o.id} />
                      <input type="hidden" name="vote" value={v} />
                      <button type="submit" class={v === 'yes' ? '' : 'secondary'} safe>{t(`alliances.vote_${v}`, { name: nameOf(o, ctx) })}</button>
                    </form>
                  )),
                )}
                {can(ctx.actor, 'decide', ref, a)
                  ? (['accept', 'refuse'] as const).map((d) => (
                      <form method="post" action={href(ctx, `/alliances/${alliance.slug}/admissions/${a.id}/decide`)} class="inline-form">
                        <CsrfField ctx={ctx} />
                        <input type="hidden" name="decision" value={d} />
                        <button type="submit" class={d === 'accept' ? '' : 'secondary'} safe>{t(`alliances.decide_${d}`)}</button>
                      </form>
                    ))
                  : ''}
              </article>
            );
          })}
        </section>
      ) : (
        ''
      )}
    </Layout>
  );
}

function JoinForm({ ctx, page, mine, values, errors }: { ctx: PageContext; page: AlliancePage; mine: { id: string; nameFr: string | null; nameEn: string | null }[]; values: Values; errors: Record<string, string> }): JSX.Element {
  const { t, locale } = ctx;
  const criteria = page.charter?.admissionCriteria ?? [];
  const title = t('alliances.join_title', { name: pick({ fr: page.alliance.nameFr, en: page.alliance.nameEn }, locale).text });
  const labels: Record<string, string> = { organisationId: t('alliances.field.organisation'), answers: t('alliances.field.answers'), signatoryName: t('alliances.field.signatoryName'), signatoryRole: t('alliances.field.signatoryRole'), contactEmail: t('alliances.field.contactEmail'), motivation: t('alliances.field.motivation') };
  return (
    <Layout ctx={ctx} title={title} section="/alliances">
      <h1 safe>{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={href(ctx, `/alliances/${page.alliance.slug}/join`)} novalidate>
        <CsrfField ctx={ctx} />
        <Select ctx={ctx} name="organisationId" label={labels.organisationId!} required value={str(values.organisationId)} error={errors.organisationId} options={mine.map((o) => ({ value: o.id, label: nameOf(o, ctx) }))} />
        <fieldset id="f-answers">
          <legend safe>{labels.answers}</legend>
          {errors.answers ? <p class="field-error" safe>{errors.answers}</p> : ''}
          {criteria.map((c, i) => (
            <TextArea ctx={ctx} name={`answer_${i}`} label={t('alliances.field.answer', { criterion: pick(c, locale).text })} required value={str(values[`answer_${i}`])} rows={3} maxlength={2000} />
          ))}
        </fieldset>
        <TextArea ctx={ctx} name="motivation" label={labels.motivation!} value={str(values.motivation)} error={errors.motivation} rows={4} />
        <fieldset>
          <legend safe>{t('alliances.deed')}</legend>
          <p class="hint" safe>{t('alliances.deed_hint', { version: page.charter?.version ?? 1 })}</p>
          <TextField ctx={ctx} name="signatoryName" label={labels.signatoryName!} required value={str(values.signatoryName)} error={errors.signatoryName} />
          <TextField ctx={ctx} name="signatoryRole" label={labels.signatoryRole!} required value={str(values.signatoryRole)} error={errors.signatoryRole} />
          <TextField ctx={ctx} name="contactEmail" type="email" label={labels.contactEmail!} value={str(values.contactEmail)} error={errors.contactEmail} />
        </fieldset>
        <div class="actions">
          <button type="submit" safe>{t('alliances.request_admission')}</button>
        </div>
      </form>
    </Layout>
  );
}

export function registerAlliancePages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db } = deps;
  registerCharterPages(app, deps);
  registerAllianceManagePages(app, deps);

  pages.get('/alliances', async (ctx, _req, reply) => {
    const items = await listAlliances(db);
    const { t, locale } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('alliances.title')} section="/alliances">
        <h1 safe>{t('alliances.title')}</h1>
        <p class="lead" safe>{t('alliances.lead')}</p>
        <ul class="cards">
          {items.map((a) => (
            <li>
              <article class="card">
                <h2>
                  <a href={href(ctx, `/alliances/${a.slug}`)} safe>{pick({ fr: a.nameFr, en: a.nameEn }, locale).text}</a>
                </h2>
                <p safe>{pick({ fr: a.summaryFr, en: a.summaryEn }, locale).text}</p>
              </article>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  const load = async (ctx: PageContext, slug: string) => {
    const page = await loadAlliancePage(db, ctx.actor, slug);
    if (!page) throw new AppError('not_found');
    return page;
  };
  const mineOf = (ctx: PageContext) => (ctx.actor.userId ? organisationsActorEdits(db, ctx.actor) : Promise.resolve([]));

  pages.get('/alliances/:slug', async (ctx, req, reply) => {
    const [page, mine] = await Promise.all([load(ctx, param(req, 'slug')), mineOf(ctx)]);
    return sendPage(reply, <AllianceView ctx={ctx} page={page} mine={mine} />);
  });

  const joinable = async (ctx: PageContext, slug: string) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const [page, all] = await Promise.all([load(ctx, slug), mineOf(ctx)]);
    const ref = { memberIds: page.members.map((m) => m.organisation.id), coordinatorOrganisationId: page.alliance.coordinatorOrganisationId };
    const mine = all.filter((o) => can(ctx.actor, 'request_admission', ref, undefined, o.id));
    if (mine.length === 0 || !page.charter) throw new AppError('forbidden');
    return { page, mine };
  };

  pages.get('/alliances/:slug/join', async (ctx, req, reply) => {
    const { page, mine } = await joinable(ctx, param(req, 'slug'));
    return sendPage(reply, <JoinForm ctx={ctx} page={page} mine={mine} values={{}} errors={{}} />);
  });

  pages.post('/alliances/:slug/join', async (ctx, req, reply) => {
    const { page, mine } = await joinable(ctx, param(req, 'slug'));
    const form = readForm(req);
    const count = page.charter?.admissionCriteria.length ?? 0;
    const input = { ...form.fields, answers: Array.from({ length: count }, (_, i) => str(form.fields[`answer_${i}`])) };
    const again = (errors: Record<string, string>) => sendPage(reply, <JoinForm ctx={ctx} page={page} mine={mine} values={form.fields} errors={errors} />, 422);
    const parsed = validate(admissionInputSchema(count), input, ctx.t);
    if (!parsed.ok) return again(parsed.error);
    const done = await requestAdmission(db, ctx.actor, page.alliance.id, parsed.value);
    if (!done.ok) {
      if (done.error.code === 'validation') return again(translate(ctx, done.error));
      if (done.error.code === 'forbidden') return again({ organisationId: ctx.t('alliances.error.organisation') });
      throw new AppError(done.error.code);
    }
    return redirectTo(reply, ctx, `/alliances/${page.alliance.slug}`, 'alliances.requested');
  });

  pages.post('/alliances/:slug/admissions/:id/vote', async (ctx, req, reply) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const id = param(req, 'id');
    const parsed = voteSchema.safeParse(readForm(req).fields);
    if (!isUuid(id) || !parsed.success) throw new AppError('bad_request');
    const done = await voteOnAdmission(db, ctx.actor, id, parsed.data.organisationId, parsed.data.vote);
    if (!done.ok) throw new AppError(done.error.code);
    return redirectTo(reply, ctx, `/alliances/${param(req, 'slug')}`, done.value.status === 'accepted' ? 'alliances.admitted' : done.value.status === 'refused' ? 'alliances.refused' : 'alliances.voted');
  });

  pages.post('/alliances/:slug/admissions/:id/decide', async (ctx, req, reply) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const id = param(req, 'id');
    const parsed = decideSchema.safeParse(readForm(req).fields);
    if (!isUuid(id) || !parsed.success) throw new AppError('bad_request');
    const done = await decideAdmission(db, ctx.actor, id, parsed.data.decision);
    if (!done.ok) throw new AppError(done.error.code);
    return redirectTo(reply, ctx, `/alliances/${param(req, 'slug')}`, parsed.data.decision === 'accept' ? 'alliances.admitted' : 'alliances.refused');
  });
}
