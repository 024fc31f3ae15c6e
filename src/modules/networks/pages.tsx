// Network pages: the list, and a network with its current and former members (joining and leaving dates).
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError, type Failure } from '../../kernel/errors.ts';
import { readForm } from '../../kernel/form-body.ts';
import { formatDate } from '../../kernel/format.ts';
import { pick } from '../../kernel/i18n.ts';
import { CsrfField, ErrorSummary, Select, TextArea, TextField } from '../../kernel/html/forms.tsx';
import { Layout } from '../../kernel/html/layout.tsx';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { mailNetworkMembers, memberMailLimit, updateNetwork } from './commands.ts';
import { can } from './policy.ts';
import { findNetworkBySlug, listNetworks, membersOf, type NetworkMemberView, type NetworkRow } from './queries.ts';
import { memberMailSchema, networkEditSchema, networkRoles } from './schema.ts';

type Values = Record<string, string | string[]>;
type Errors = Record<string, string>;
const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '');
const nameOf = (o: { nameFr: string | null; nameEn: string | null }, ctx: PageContext) => pick({ fr: o.nameFr, en: o.nameEn }, ctx.locale).text;
const translate = (ctx: PageContext, f: Failure): Errors => Object.fromEntries(Object.entries(f.fields ?? {}).map(([k, v]) => [k, ctx.t(v)]));

function editValues(network: NetworkRow, members: readonly NetworkMemberView[]): Values {
  return {
    nameFr: network.nameFr ?? '',
    nameEn: network.nameEn ?? '',
    summaryFr: network.summaryFr ?? '',
    summaryEn: network.summaryEn ?? '',
    region: network.region ?? '',
    version: String(network.version),
    ...Object.fromEntries(members.flatMap((m) => [[`joined_${m.organisation.id}`, m.joinedOn], [`left_${m.organisation.id}`, m.leftOn ?? ''], [`role_${m.organisation.id}`, m.role]])),
  };
}

/** joined_<id>, left_<id>, role_<id> → members[id]. */
function editInput(fields: Values, members: readonly NetworkMemberView[]): Record<string, unknown> {
  return { ...fields, members: Object.fromEntries(members.map((m) => [m.organisation.id, { joinedOn: fields[`joined_${m.organisation.id}`], leftOn: fields[`left_${m.organisation.id}`], role: fields[`role_${m.organisation.id}`] }])) };
}

/** Zod paths members.<id>.joinedOn → the field names of the form. */
const fieldErrors = (errors: Errors): Errors =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => {
    const m = /^members\.([0-9a-f-]{36})\.(joinedOn|leftOn|role)$/.exec(k);
    return [m ? `${m[2] === 'joinedOn' ? 'joined' : m[2] === 'leftOn' ? 'left' : 'role'}_${m[1]}` : k, v];
  }));

function EditForm({ ctx, network, members, values, errors }: { ctx: PageContext; network: NetworkRow; members: readonly NetworkMemberView[]; values: Values; errors: Errors }): JSX.Element {
  const { t } = ctx;
  const title = t('networks.edit_title', { name: nameOf(network, ctx) });
  const labels: Errors = Object.fromEntries(['nameFr', 'nameEn', 'summaryFr', 'summaryEn', 'region', 'members'].map((f) => [f, t(`networks.field.${f}`)]));
  for (const m of members) {
    const n = nameOf(m.organisation, ctx);
    labels[`joined_${m.organisation.id}`] = t('networks.field.joined_of', { name: n });
    labels[`left_${m.organisation.id}`] = t('networks.field.left_of', { name: n });
    labels[`role_${m.organisation.id}`] = t('networks.field.role_of', { name: n });
  }
  return (
    <Layout ctx={ctx} title={title} section="/networks">
      <h1 safe>{title}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={href(ctx, `/networks/${network.slug}/edit`)} novalidate>
        <CsrfField ctx={ctx} />
        <input type="hidden" name="version" value={str(values.version)} />
        <TextField ctx={ctx} name="nameFr" label={labels.nameFr!} value={str(values.nameFr)} error={errors.nameFr} maxlength={200} />
        <TextField ctx={ctx} name="nameEn" label={labels.nameEn!} value={str(values.nameEn)} error={errors.nameEn} maxlength={200} />
        <TextArea ctx={ctx} name="summaryFr" label={labels.summaryFr!} value={str(values.summaryFr)} error={errors.summaryFr} rows={4} />
        <TextArea ctx={ctx} name="summaryEn" label={labels.summaryEn!} value={str(values.summaryEn)} error={errors.summaryEn} rows={4} />
        <TextField ctx={ctx} name="region" label={labels.region!} value={str(values.region)} error={errors.region} maxlength={200} />
        <fieldset id="f-members">
          <legend safe>{labels.members}</legend>
          {errors.members ? <p class="field-error" safe>{errors.members}</p> : ''}
          {members.map((m) => (
            <fieldset>
              <legend safe>{nameOf(m.organisation, ctx)}</legend>
              <TextField ctx={ctx} name={`joined_${m.organisation.id}`} type="date" label={t('networks.col.joined')} value={str(values[`joined_${m.organisation.id}`])} error={errors[`joined_${m.organisation.id}`]} />
              <TextField ctx={ctx} name={`left_${m.organisation.id}`} type="date" label={t('networks.col.left')} value={str(values[`left_${m.organisation.id}`])} error={errors[`left_${m.organisation.id}`]} />
              <Select ctx={ctx} name={`role_${m.organisation.id}`} label={t('networks.col.role')} value={str(values[`role_${m.organisation.id}`])} error={errors[`role_${m.organisation.id}`]} options={networkRoles.map((r) => ({ value: r, label: t(`networks.role.${r}`) }))} />
            </fieldset>
          ))}
        </fieldset>
        <div class="actions">
          <button type="submit" safe>{t('networks.save')}</button>
        </div>
      </form>
    </Layout>
  );
}

function MailForm({ ctx, network, count, values, errors }: { ctx: PageContext; network: NetworkRow; count: number; values: Values; errors: Errors }): JSX.Element {
  const { t } = ctx;
  const title = t('networks.mail_title', { name: nameOf(network, ctx) });
  const labels = { subject: t('networks.field.subject'), body: t('networks.field.body'), _form: t('networks.mail_link') };
  return (
    <Layout ctx={ctx} title={title} section="/networks">
      <h1 safe>{title}</h1>
      <p class="lead" safe>{t('networks.mail_lead', { count, limit: memberMailLimit.perDay })}</p>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={href(ctx, `/networks/${network.slug}/mail`)} novalidate>
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} name="subject" label={labels.subject} required value={str(values.subject)} error={errors.subject} maxlength={200} />
        <TextArea ctx={ctx} name="body" label={labels.body} required value={str(values.body)} error={errors.body} rows={10} maxlength={10_000} />
        <div class="actions">
          <button type="submit" safe>{t('networks.mail_send')}</button>
        </div>
      </form>
    </Layout>
  );
}

export function registerNetworkPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db } = deps;

  pages.get('/networks', async (ctx, _req, reply) => {
    const items = await listNetworks(db);
    const { t, locale } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('networks.title')} section="/networks">
        <h1 safe>{t('networks.title')}</h1>
        <ul class="cards">
          {items.map((n) => (
            <li>
              <article class="card">
                <h2>
                  <a href={href(ctx, `/networks/${n.slug}`)} safe>{pick({ fr: n.nameFr, en: n.nameEn }, locale).text}</a>
                </h2>
                <p safe>{pick({ fr: n.summaryFr, en: n.summaryEn }, locale).text}</p>
              </article>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  pages.get('/networks/:slug', async (ctx, req, reply) => {
    const network = await findNetworkBySlug(db, String((req.params as { slug: string }).slug));
    if (!network) throw new AppError('not_found');
    const members = await membersOf(db, network.id);
    const { t, locale } = ctx;
    const title = pick({ fr: network.nameFr, en: network.nameEn }, locale).text;
    const current = members.filter((m) => !m.leftOn);
    const former = members.filter((m) => m.leftOn);
    const row = (m: (typeof members)[number]) => (
      <tr>
        <td>
          <a href={href(ctx, `/organisations/${m.organisation.slug}`)} safe>{pick({ fr: m.organisation.nameFr, en: m.organisation.nameEn }, locale).text}</a>
        </td>
        <td safe>{m.organisation.city ?? ''}</td>
        <td safe>{formatDate(m.joinedOn, locale)}</td>
        {m.leftOn ? <td safe>{formatDate(m.leftOn, locale)}</td> : <td></td>}
        <td safe>{t(`networks.role.${m.role}`)}</td>
      </tr>
    );
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} section="/networks">
        <h1 safe>{title}</h1>
        <p class="lead" safe>{pick({ fr: network.summaryFr, en: network.summaryEn }, locale).text}</p>
        <p>
          <a href={href(ctx, '/organisations', { network: network.slug })} safe>{t('networks.in_directory')}</a>
        </p>
        {can(ctx.actor, 'edit', network) ? (
          <p class="actions">
            <a class="button secondary" href={href(ctx, `/networks/${network.slug}/edit`)} safe>{t('networks.edit_link')}</a>{' '}
            <a class="button secondary" href={href(ctx, `/networks/${network.slug}/mail`)} safe>{t('networks.mail_link')}</a>
          </p>
        ) : (
          ''
        )}
        <table>
          <caption safe>{t.plural('networks.members', current.length)}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('networks.col.organisation')}</th>
              <th scope="col" safe>{t('networks.col.city')}</th>
              <th scope="col" safe>{t('networks.col.joined')}</th>
              <th scope="col" safe>{t('networks.col.left')}</th>
              <th scope="col" safe>{t('networks.col.role')}</th>
            </tr>
          </thead>
          <tbody>
            {current.map(row)}
            {former.map(row)}
          </tbody>
        </table>
      </Layout>,
    );
  });

  const admin = async (ctx: PageContext, slug: string, action: 'edit' | 'mail_members') => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const network = await findNetworkBySlug(db, slug);
    if (!network) throw new AppError('not_found');
    if (!can(ctx.actor, action, network)) throw new AppError('forbidden');
    return { network, members: await membersOf(db, network.id) };
  };
  const slugOf = (req: { params: unknown }) => String((req.params as { slug: string }).slug);

  pages.get('/networks/:slug/edit', async (ctx, req, reply) => {
    const { network, members } = await admin(ctx, slugOf(req), 'edit');
    return sendPage(reply, <EditForm ctx={ctx} network={network} members={members} values={editValues(network, members)} errors={{}} />);
  });

  pages.post('/networks/:slug/edit', async (ctx, req, reply) => {
    const { network, members } = await admin(ctx, slugOf(req), 'edit');
    const form = readForm(req);
    const again = (errors: Errors, status = 422) => sendPage(reply, <EditForm ctx={ctx} network={network} members={members} values={form.fields} errors={fieldErrors(errors)} />, status);
    const parsed = validate(networkEditSchema, editInput(form.fields, members), ctx.t);
    if (!parsed.ok) return again(parsed.error);
    const done = await updateNetwork(db, ctx.actor, network.id, parsed.value);
    if (!done.ok) {
      if (done.error.code === 'validation') return again(translate(ctx, done.error));
      if (done.error.code === 'conflict') return again({ _form: ctx.t('networks.error.conflict') }, 409);
      throw new AppError(done.error.code);
    }
    return redirectTo(reply, ctx, `/networks/${network.slug}`, 'networks.saved');
  });

  const currentCount = (members: readonly NetworkMemberView[]) => members.filter((m) => !m.leftOn || m.leftOn > new Date().toISOString().slice(0, 10)).length;

  pages.get('/networks/:slug/mail', async (ctx, req, reply) => {
    const { network, members } = await admin(ctx, slugOf(req), 'mail_members');
    return sendPage(reply, <MailForm ctx={ctx} network={network} count={currentCount(members)} values={{}} errors={{}} />);
  });

  pages.post(
    '/networks/:slug/mail',
    async (ctx, req, reply) => {
      const { network, members } = await admin(ctx, slugOf(req), 'mail_members');
      const form = readForm(req);
      const again = (errors: Errors, status = 422) => sendPage(reply, <MailForm ctx={ctx} network={network} count={currentCount(members)} values={form.fields} errors={errors} />, status);
      const parsed = validate(memberMailSchema, form.fields, ctx.t);
      if (!parsed.ok) return again(parsed.error);
      const done = await mailNetworkMembers(db, ctx.actor, network.id, parsed.value);
      if (!done.ok) {
        if (done.error.code === 'rate_limited') return again({ _form: ctx.t('networks.error.mail_limit', { limit: memberMailLimit.perDay }) }, 429);
        if (done.error.code === 'validation') return again(translate(ctx, done.error));
        throw new AppError(done.error.code);
      }
      return redirectTo(reply, ctx, `/networks/${network.slug}`, 'networks.mailed');
    },
    { config: { rateLimit: { max: 10, timeWindow: '1 hour' } } },
  );
}
