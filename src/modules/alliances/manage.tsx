// Alliance administration: the edit screen (texts, founding date, territories, press contact, coordinator and
// members' roles), a message to every member (mail outbox, limited per day, audited), and joint projects — a
// joint project is a normal project row led by a member, to which members link their own projects; the project
// page shows it the other way round (section registered here). Forms post and redirect; refusals come back 422.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError, type Failure } from '../../kernel/errors.ts';
import { readForm } from '../../kernel/form-body.ts';
import { CsrfField, ErrorSummary, Select, TextArea, TextField } from '../../kernel/html/forms.tsx';
import { Layout } from '../../kernel/html/layout.tsx';
import { pick } from '../../kernel/i18n.ts';
import { isUuid } from '../../kernel/ids.ts';
import { registerSection } from '../../kernel/page-sections.ts';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { createAllianceJointProject, linkMemberProject, mailAllianceMembers, memberMailLimit, updateAlliance } from './commands.ts';
import { can } from './policy.ts';
import { findAllianceBySlug, linkableProjects, loadAlliancePage, memberIdsOf, organisationsActorEdits, projectAllianceContext, type AlliancePage } from './queries.ts';
import { allianceEditSchema, jointProjectSchema, linkProjectSchema, memberMailSchema, memberRoles } from './schema.ts';

type Values = Record<string, string | string[]>;
type Errors = Record<string, string>;
const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '');
const param = (req: { params: unknown }, name: string): string => String((req.params as Record<string, string>)[name] ?? '');
const nameOf = (o: { nameFr: string | null; nameEn: string | null }, ctx: PageContext) => pick({ fr: o.nameFr, en: o.nameEn }, ctx.locale).text;
const titleOf = (p: { titleFr: string | null; titleEn: string | null }, ctx: PageContext) => pick({ fr: p.titleFr, en: p.titleEn }, ctx.locale).text;
const translate = (ctx: PageContext, f: Failure): Errors => Object.fromEntries(Object.entries(f.fields ?? {}).map(([k, v]) => [k, ctx.t(v)]));
const refOf = (page: AlliancePage) => ({ memberIds: page.members.map((m) => m.organisation.id), coordinatorOrganisationId: page.alliance.coordinatorOrganisationId });

const editFields = ['nameFr', 'nameEn', 'summaryFr', 'summaryEn', 'foundedOn', 'countries', 'regions', 'pressContactName', 'pressContactEmail', 'coordinatorOrganisationId', 'roles'] as const;

function editValues(page: AlliancePage): Values {
  const a = page.alliance;
  return {
    nameFr: a.nameFr ?? '',
    nameEn: a.nameEn ?? '',
    summaryFr: a.summaryFr ?? '',
    summaryEn: a.summaryEn ?? '',
    foundedOn: a.foundedOn ?? '',
    countries: a.countries.join(' '),
    regions: a.regions.map((r) => `${r.fr} | ${r.en}`).join('\n'),
    pressContactName: a.pressContactName ?? '',
    pressContactEmail: a.pressContactEmail ?? '',
    coordinatorOrganisationId: a.coordinatorOrganisationId ?? '',
    version: String(a.version),
    ...Object.fromEntries(page.members.map((m) => [`role_${m.organisation.id}`, m.founding ? 'founding' : 'member'])),
  };
}

function EditForm({ ctx, page, values, errors }: { ctx: PageContext; page: AlliancePage; values: Values; errors: Errors }): JSX.Element {
  const { t } = ctx;
  const title = t('alliances.edit_title', { name: nameOf(page.alliance, ctx) });
  const labels = Object.fromEntries(editFields.map((f) => [f, t(`alliances.editfield.${f}`)]));
  return (
    <Layout ctx={ctx} title={title} section="/alliances">
      <h1 safe>{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={href(ctx, `/alliances/${page.alliance.slug}/edit`)} novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={str(values.version)} />
        <TextField ctx={ctx} name="nameFr" label={labels.nameFr!} value={str(values.nameFr)} error={errors.nameFr} maxlength={200} />
        <TextField ctx={ctx} name="nameEn" label={labels.nameEn!} value={str(values.nameEn)} error={errors.nameEn} maxlength={200} />
        <TextArea ctx={ctx} name="summaryFr" label={labels.summaryFr!} value={str(values.summaryFr)} error={errors.summaryFr} rows={4} />
        <TextArea ctx={ctx} name="summaryEn" label={labels.summaryEn!} value={str(values.summaryEn)} error={errors.summaryEn} rows={4} />
        <TextField ctx={ctx} name="foundedOn" type="date" label={labels.foundedOn!} value={str(values.foundedOn)} error={errors.foundedOn} />
        <TextField ctx={ctx} name="countries" label={labels.countries!} hint={t('alliances.hint.countries')} value={str(values.countries)} error={errors.countries} />
        <TextArea ctx={ctx} name="regions" label={labels.regions!} hint={t('alliances.hint.lines')} value={str(values.regions)} error={errors.regions} rows={3} />
        <TextField ctx={ctx} name="pressContactName" label={labels.pressContactName!} value={str(values.pressContactName)} error={errors.pressContactName} />
        <TextField ctx={ctx} name="pressContactEmail" type="email" label={labels.pressContactEmail!} value={str(values.pressContactEmail)} error={errors.pressContactEmail} />
        <fieldset id="f-roles">
          <legend safe>{labels.roles}</legend>
          {errors.roles ? <p class="field-error" safe>{errors.roles}</p> : ''}
          <Select ctx={ctx} name="coordinatorOrganisationId" label={labels.coordinatorOrganisationId!} required value={str(values.coordinatorOrganisationId)} error={errors.coordinatorOrganisationId} options={page.members.map((m) => ({ value: m.organisation.id, label: nameOf(m.organisation, ctx) }))} />
          {page.members.map((m) => (
            <Select
              ctx={ctx}
              name={`role_${m.organisation.id}`}
              label={t('alliances.editfield.role_of', { name: nameOf(m.organisation, ctx) })}
              value={str(values[`role_${m.organisation.id}`])}
              options={memberRoles.map((r) => ({ value: r, label: t(`alliances.role.${r}`) }))}
            />
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit" safe>{t('alliances.save')}</button>
        </div>
      </form>
    </Layout>
  );
}

function MailForm({ ctx, page, values, errors, status }: { ctx: PageContext; page: AlliancePage; values: Values; errors: Errors; status?: string }): JSX.Element {
  const { t } = ctx;
  const title = t('alliances.mail_title', { name: nameOf(page.alliance, ctx) });
  const labels = { subject: t('alliances.mailfield.subject'), body: t('alliances.mailfield.body'), _form: t('alliances.mail_title_short') };
  return (
    <Layout ctx={ctx} title={title} section="/alliances">
      <h1 safe>{title}</h1>
      <p class="lead" safe>{t('alliances.mail_lead', { count: page.members.length, limit: memberMailLimit.perDay })}</p>
      {status ? <p role="status" safe>{status}</p> : ''}
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={href(ctx, `/alliances/${page.alliance.slug}/mail`)} novalidate>
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} name="subject" label={labels.subject} required value={str(values.subject)} error={errors.subject} maxlength={200} />
        <TextArea ctx={ctx} name="body" label={labels.body} required value={str(values.body)} error={errors.body} rows={10} maxlength={10_000} />
        <div class="actions">
          <button type="submit" safe>{t('alliances.mail_send')}</button>
        </div>
      </form>
    </Layout>
  );
}

function JointProjectForm({ ctx, page, leads, values, errors }: { ctx: PageContext; page: AlliancePage; leads: { id: string; nameFr: string | null; nameEn: string | null }[]; values: Values; errors: Errors }): JSX.Element {
  const { t } = ctx;
  const title = t('alliances.joint_new_title', { name: nameOf(page.alliance, ctx) });
  const labels = Object.fromEntries(['leadOrganisationId', 'titleFr', 'titleEn', 'descriptionFr', 'descriptionEn'].map((f) => [f, t(`alliances.jointfield.${f}`)]));
  return (
    <Layout ctx={ctx} title={title} section="/alliances">
      <h1 safe>{title}</h1>
      <p class="lead" safe>{t('alliances.joint_new_lead')}</p>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={href(ctx, `/alliances/${page.alliance.slug}/joint-projects/new`)} novalidate>
        <CsrfField ctx={ctx} />
        <Select ctx={ctx} name="leadOrganisationId" label={labels.leadOrganisationId!} required value={str(values.leadOrganisationId)} error={errors.leadOrganisationId} options={leads.map((o) => ({ value: o.id, label: nameOf(o, ctx) }))} />
        <TextField ctx={ctx} name="titleFr" label={labels.titleFr!} value={str(values.titleFr)} error={errors.titleFr} maxlength={300} />
        <TextField ctx={ctx} name="titleEn" label={labels.titleEn!} value={str(values.titleEn)} error={errors.titleEn} maxlength={300} />
        <TextArea ctx={ctx} name="descriptionFr" label={labels.descriptionFr!} value={str(values.descriptionFr)} error={errors.descriptionFr} rows={5} />
        <TextArea ctx={ctx} name="descriptionEn" label={labels.descriptionEn!} value={str(values.descriptionEn)} error={errors.descriptionEn} rows={5} />
        <div class="actions">
          <button type="submit" safe>{t('alliances.joint_create')}</button>
        </div>
      </form>
    </Layout>
  );
}

/** Roles of the edit form: the role_<id> fields gathered into one record. */
function editInput(fields: Values): Record<string, unknown> {
  const roles = Object.fromEntries(Object.entries(fields).flatMap(([k, v]) => (k.startsWith('role_') && typeof v === 'string' ? [[k.slice(5), v]] : [])));
  return { ...fields, roles };
}

export function registerAllianceManagePages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db } = deps;

  const load = async (ctx: PageContext, slug: string) => {
    const page = await loadAlliancePage(db, ctx.actor, slug);
    if (!page) throw new AppError('not_found');
    return page;
  };
  const admin = async (ctx: PageContext, slug: string, action: 'edit' | 'mail_members') => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const page = await load(ctx, slug);
    if (!can(ctx.actor, action, refOf(page))) throw new AppError('forbidden');
    return page;
  };

  pages.get('/alliances/:slug/edit', async (ctx, req, reply) => {
    const page = await admin(ctx, param(req, 'slug'), 'edit');
    return sendPage(reply, <EditForm ctx={ctx} page={page} values={editValues(page)} errors={{}} />);
  });

  pages.post('/alliances/:slug/edit', async (ctx, req, reply) => {
    const page = await admin(ctx, param(req, 'slug'), 'edit');
    const form = readForm(req);
    const again = (errors: Errors, status = 422) => sendPage(reply, <EditForm ctx={ctx} page={page} values={form.fields} errors={errors} />, status);
    const parsed = validate(allianceEditSchema, editInput(form.fields), ctx.t);
    if (!parsed.ok) return again(parsed.error);
    const done = await updateAlliance(db, ctx.actor, page.alliance.id, parsed.value);
    if (!done.ok) {
      if (done.error.code === 'validation') return again(translate(ctx, done.error));
      if (done.error.code === 'conflict') return again({ _form: ctx.t('alliances.error.conflict') }, 409);
      throw new AppError(done.error.code);
    }
    return redirectTo(reply, ctx, `/alliances/${page.alliance.slug}`, 'alliances.saved');
  });

  pages.get('/alliances/:slug/mail', async (ctx, req, reply) => {
    const page = await admin(ctx, param(req, 'slug'), 'mail_members');
    return sendPage(reply, <MailForm ctx={ctx} page={page} values={{}} errors={{}} />);
  });

  pages.post(
    '/alliances/:slug/mail',
    async (ctx, req, reply) => {
      const page = await admin(ctx, param(req, 'slug'), 'mail_members');
      const form = readForm(req);
      const again = (errors: Errors, status = 422) => sendPage(reply, <MailForm ctx={ctx} page={page} values={form.fields} errors={errors} />, status);
      const parsed = validate(memberMailSchema, form.fields, ctx.t);
      if (!parsed.ok) return again(parsed.error);
      const done = await mailAllianceMembers(db, ctx.actor, page.alliance.id, parsed.value);
      if (!done.ok) {
        if (done.error.code === 'rate_limited') return again({ _form: ctx.t('alliances.error.mail_limit', { limit: memberMailLimit.perDay }) }, 429);
        if (done.error.code === 'validation') return again(translate(ctx, done.error));
        throw new AppError(done.error.code);
      }
      return redirectTo(reply, ctx, `/alliances/${page.alliance.slug}`, 'alliances.mailed');
    },
    { config: { rateLimit: { max: 10, timeWindow: '1 hour' } } },
  );

  const leadsOf = async (ctx: PageContext, page: AlliancePage) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const leads = (await organisationsActorEdits(db, ctx.actor)).filter((o) => can(ctx.actor, 'create_joint_project', refOf(page), undefined, o.id));
    if (leads.length === 0) throw new AppError('forbidden');
    return leads;
  };

  pages.get('/alliances/:slug/joint-projects/new', async (ctx, req, reply) => {
    const page = await load(ctx, param(req, 'slug'));
    const leads = await leadsOf(ctx, page);
    return sendPage(reply, <JointProjectForm ctx={ctx} page={page} leads={leads} values={{ leadOrganisationId: leads[0]!.id }} errors={{}} />);
  });

  pages.post('/alliances/:slug/joint-projects/new', async (ctx, req, reply) => {
    const page = await load(ctx, param(req, 'slug'));
    const leads = await leadsOf(ctx, page);
    const form = readForm(req);
    const again = (errors: Errors) => sendPage(reply, <JointProjectForm ctx={ctx} page={page} leads={leads} values={form.fields} errors={errors} />, 422);
    const parsed = validate(jointProjectSchema, form.fields, ctx.t);
    if (!parsed.ok) return again(parsed.error);
    const done = await createAllianceJointProject(db, ctx.actor, page.alliance.id, parsed.value);
    if (!done.ok) {
      if (done.error.code === 'validation') return again(translate(ctx, done.error));
      throw new AppError(done.error.code);
    }
    return redirectTo(reply, ctx, `/projects/${done.value.slug}`, 'alliances.joint_created');
  });

  pages.post('/alliances/:slug/joint-projects/:projectId/link', async (ctx, req, reply) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const alliance = await findAllianceBySlug(db, param(req, 'slug'));
    const jointId = param(req, 'projectId');
    if (!alliance || !isUuid(jointId)) throw new AppError('not_found');
    const parsed = linkProjectSchema.safeParse(readForm(req).fields);
    if (!parsed.success) throw new AppError('bad_request');
    const done = await linkMemberProject(db, ctx.actor, alliance.id, jointId, parsed.data.memberProjectId);
    if (!done.ok) throw new AppError(done.error.code === 'validation' ? 'forbidden' : done.error.code);
    return redirectTo(reply, ctx, `/alliances/${alliance.slug}`, 'alliances.project_linked');
  });

  // The project page, the other way round: the alliance a joint project belongs to, or the joint project a
  // member's project is linked to, and the form that links a project of one's organisation.
  registerSection<{ id: string }>(app, 'project.page', async (ctx, project) => {
    const context = await projectAllianceContext(db, ctx.actor, project.id);
    if (context.jointOf.length === 0 && context.linkedTo.length === 0) return '';
    const { t } = ctx;
    const forms = await Promise.all(
      context.jointOf.map(async (j) => {
        const editable = (id: string) => can(ctx.actor, 'link_project', { memberIds: j.memberIds, coordinatorOrganisationId: j.alliance.coordinatorOrganisationId }, undefined, id);
        const linkable = ctx.actor.userId ? (await linkableProjects(db, ctx.actor, await memberIdsOf(db, j.alliance.id), editable)).filter((p) => p.id !== project.id && !j.linked.some((l) => l.id === p.id)) : [];
        return linkable;
      }),
    );
    return (
      <section aria-labelledby="alliance-projects" class="alliance-projects">
        <h2 id="alliance-projects" safe>{t('alliances.project_section')}</h2>
        {context.jointOf.map((j, i) => (
          <div>
            <p>
              <span safe>{t('alliances.project_is_joint')}</span>{' '}
              <a href={href(ctx, `/alliances/${j.alliance.slug}`)} safe>{nameOf(j.alliance, ctx)}</a>
            </p>
            <p class="meta">
              <span safe>{t('alliances.project_id_hint')}</span> <code safe>{project.id}</code>
            </p>
            <h3 safe>{t('alliances.linked_projects')}</h3>
            {j.linked.length ? (
              <ul>
                {j.linked.map((p) => (
                  <li>
                    <a href={href(ctx, `/projects/${p.slug}`)} safe>{titleOf(p, ctx)}</a>
                    {p.organisation ? <span class="meta" safe>{' — ' + nameOf(p.organisation, ctx)}</span> : ''}
                  </li>
                ))}
              </ul>
            ) : (
              <p class="empty" safe>{t('alliances.none')}</p>
            )}
            {forms[i]!.length ? (
              <form method="post" action={href(ctx, `/alliances/${j.alliance.slug}/joint-projects/${project.id}/link`)}>
                <CsrfField ctx={ctx} />
                <Select ctx={ctx} name="memberProjectId" label={t('alliances.link_label')} options={forms[i]!.map((p) => ({ value: p.id, label: titleOf(p, ctx) }))} />
                <div class="actions">
                  <button type="submit" class="secondary" safe>{t('alliances.link_button')}</button>
                </div>
              </form>
            ) : (
              ''
            )}
          </div>
        ))}
        {context.linkedTo.map((l) => (
          <p>
            <span safe>{t('alliances.project_linked_to')}</span> <a href={href(ctx, `/projects/${l.joint.slug}`)} safe>{titleOf(l.joint, ctx)}</a>
            {' — '}
            <a href={href(ctx, `/alliances/${l.alliance.slug}`)} safe>{nameOf(l.alliance, ctx)}</a>
          </p>
        ))}
      </section>
    );
  });
}
