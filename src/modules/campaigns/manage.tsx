// The campaign's edit screen, for its organisers: texts and goals in both languages, period, themes, countries,
// website, and the signatories' roles (organiser or co-signer). Posts and redirects; a refusal comes back 422
// (409 when someone saved in between) with what was typed.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError, type Failure } from '../../kernel/errors.ts';
import { readForm } from '../../kernel/form-body.ts';
import { CheckboxGroup, CsrfField, ErrorSummary, Select, TextArea, TextField } from '../../kernel/html/forms.tsx';
import { Layout } from '../../kernel/html/layout.tsx';
import { pick } from '../../kernel/i18n.ts';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { themeOptions } from '../taxonomy/themes.ts';
import { updateCampaign } from './commands.ts';
import { can } from './policy.ts';
import { loadCampaignPage, type CampaignPage } from './queries.ts';
import { campaignEditSchema, signatoryRoles } from './schema.ts';

type Values = Record<string, string | string[]>;
type Errors = Record<string, string>;
const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '');
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const nameOf = (o: { nameFr: string | null; nameEn: string | null }, ctx: PageContext) => pick({ fr: o.nameFr, en: o.nameEn }, ctx.locale).text;
const translate = (ctx: PageContext, f: Failure): Errors => Object.fromEntries(Object.entries(f.fields ?? {}).map(([k, v]) => [k, ctx.t(v)]));
const fields = ['titleFr', 'titleEn', 'summaryFr', 'summaryEn', 'textFr', 'textEn', 'goalsFr', 'goalsEn', 'startsOn', 'endsOn', 'themes', 'countries', 'website', 'roles'] as const;

function editValues(page: CampaignPage): Values {
  const c = page.campaign;
  return {
    titleFr: c.titleFr ?? '',
    titleEn: c.titleEn ?? '',
    summaryFr: c.summaryFr ?? '',
    summaryEn: c.summaryEn ?? '',
    textFr: c.textFr ?? '',
    textEn: c.textEn ?? '',
    goalsFr: c.goalsFr ?? '',
    goalsEn: c.goalsEn ?? '',
    startsOn: c.startsOn ?? '',
    endsOn: c.endsOn ?? '',
    themes: c.themes,
    countries: c.countries.join(' '),
    website: c.website ?? '',
    version: String(c.version),
    ...Object.fromEntries(page.signatories.map((s) => [`role_${s.organisationId}`, s.role])),
  };
}

function EditForm({ ctx, page, values, errors }: { ctx: PageContext; page: CampaignPage; values: Values; errors: Errors }): JSX.Element {
  const { t, locale } = ctx;
  const title = t('campaigns.edit_title', { name: pick({ fr: page.campaign.titleFr, en: page.campaign.titleEn }, locale).text });
  const labels = Object.fromEntries(fields.map((f) => [f, t(`campaigns.editfield.${f}`)]));
  const area = (name: (typeof fields)[number], rows: number, hint?: string) => <TextArea ctx={ctx} name={name} label={labels[name]!} hint={hint} value={str(values[name])} error={errors[name]} rows={rows} />;
  return (
    <Layout ctx={ctx} title={title} section="/campaigns">
      <h1 safe>{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={href(ctx, `/campaigns/${page.campaign.slug}/edit`)} novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={str(values.version)} />
        <TextField ctx={ctx} name="titleFr" label={labels.titleFr!} value={str(values.titleFr)} error={errors.titleFr} maxlength={250} />
        <TextField ctx={ctx} name="titleEn" label={labels.titleEn!} value={str(values.titleEn)} error={errors.titleEn} maxlength={250} />
        {area('summaryFr', 3)}
        {area('summaryEn', 3)}
        {area('textFr', 8)}
        {area('textEn', 8)}
        {area('goalsFr', 4, t('campaigns.hint.goals'))}
        {area('goalsEn', 4, t('campaigns.hint.goals'))}
        <TextField ctx={ctx} name="startsOn" type="date" label={labels.startsOn!} required value={str(values.startsOn)} error={errors.startsOn} />
        <TextField ctx={ctx} name="endsOn" type="date" label={labels.endsOn!} hint={t('campaigns.hint.endsOn')} value={str(values.endsOn)} error={errors.endsOn} />
        <CheckboxGroup ctx={ctx} name="themes" label={labels.themes!} values={list(values.themes)} error={errors.themes} options={themeOptions(locale)} columns />
        <TextField ctx={ctx} name="countries" label={labels.countries!} hint={t('campaigns.hint.countries')} value={str(values.countries)} error={errors.countries} />
        <TextField ctx={ctx} name="website" type="url" label={labels.website!} value={str(values.website)} error={errors.website} />
        <fieldset id="f-roles">
          <legend safe>{labels.roles}</legend>
          {errors.roles ? <p class="field-error" safe>{errors.roles}</p> : ''}
          {page.signatories.map((s) => (
            <Select
              ctx={ctx}
              name={`role_${s.organisationId}`}
              label={t('campaigns.editfield.role_of', { name: nameOf(s.organisation, ctx) })}
              value={str(values[`role_${s.organisationId}`])}
              options={signatoryRoles.map((r) => ({ value: r, label: t(`campaigns.role.${r}`) }))}
            />
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit" safe>{t('campaigns.save')}</button>
        </div>
      </form>
    </Layout>
  );
}

export function registerCampaignManagePages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db } = deps;

  const editable = async (ctx: PageContext, slug: string) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const page = await loadCampaignPage(db, slug);
    if (!page) throw new AppError('not_found');
    const ref = { organiserIds: page.signatories.filter((s) => s.role === 'organiser').map((s) => s.organisationId), signatoryIds: page.signatories.map((s) => s.organisationId) };
    if (!can(ctx.actor, 'edit', ref)) throw new AppError('forbidden');
    return page;
  };
  const slugOf = (req: { params: unknown }) => String((req.params as { slug: string }).slug);

  pages.get('/campaigns/:slug/edit', async (ctx, req, reply) => {
    const page = await editable(ctx, slugOf(req));
    return sendPage(reply, <EditForm ctx={ctx} page={page} values={editValues(page)} errors={{}} />);
  });

  pages.post('/campaigns/:slug/edit', async (ctx, req, reply) => {
    const page = await editable(ctx, slugOf(req));
    const form = readForm(req);
    const again = (errors: Errors, status = 422) => sendPage(reply, <EditForm ctx={ctx} page={page} values={form.fields} errors={errors} />, status);
    const roles = Object.fromEntries(Object.entries(form.fields).flatMap(([k, v]) => (k.startsWith('role_') && typeof v === 'string' ? [[k.slice(5), v]] : [])));
    const parsed = validate(campaignEditSchema, { ...form.fields, roles }, ctx.t);
    if (!parsed.ok) return again(parsed.error);
    const done = await updateCampaign(db, ctx.actor, page.campaign.id, parsed.value);
    if (!done.ok) {
      if (done.error.code === 'validation') return again(translate(ctx, done.error));
      if (done.error.code === 'conflict') return again({ _form: ctx.t('campaigns.error.conflict') }, 409);
      throw new AppError(done.error.code);
    }
    return redirectTo(reply, ctx, `/campaigns/${page.campaign.slug}`, 'campaigns.saved');
  });
}
