// Members of an organisation: invitations by e-mail (expiring link), roles, removal (never the last
// administrator), "my organisations", claims of existing directory entries, and the organisation's audit log.
import type { FastifyInstance, FastifyReply } from 'fastify';
import type { Deps } from '../../deps.ts';
import { organisationRoles, type OrganisationRole } from '../../kernel/actor.ts';
import { AppError, type Failure } from '../../kernel/errors.ts';
import { readForm, readQuery } from '../../kernel/form-body.ts';
import { formatDate, formatDateTime } from '../../kernel/format.ts';
import { AuditTable } from '../../kernel/html/audit-table.tsx';
import { CsrfField, ErrorSummary, Select, TextArea, TextField } from '../../kernel/html/forms.tsx';
import { Layout } from '../../kernel/html/layout.tsx';
import { Paging } from '../../kernel/html/paging.tsx';
import { createStoredThrottle } from '../../kernel/throttle.ts';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { userNames } from '../accounts/queries.ts';
import { AUDIT_PAGE_SIZE, searchAudit } from '../admin/queries.ts';
import { acceptInvitation, changeMemberRole, claimOrganisation, decideClaim, inviteMember, removeMember, resendInvitation, revokeInvitation, type MailContext } from './commands.ts';
import { claimSchema, inviteSchema, roleSchema } from './members-schema.ts';
import { can } from './policy.ts';
import { findInvitationByToken, findOrganisationBySlug, hasPendingClaim, listClaims, listMembers, listOpenInvitations, organisationsOfUser, type OrganisationRow } from './queries.ts';

type Errors = Record<string, string>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');
const nameOf = (o: { nameFr: string | null; nameEn: string | null; slug: string }, ctx: PageContext) => (ctx.locale === 'en' ? (o.nameEn ?? o.nameFr) : (o.nameFr ?? o.nameEn)) ?? o.slug;

function PostButton({ ctx, action, label, danger }: { ctx: PageContext; action: string; label: string; danger?: boolean }): JSX.Element {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField ctx={ctx} />
      <button type="submit" class={danger ? 'danger' : 'secondary'} safe>
        {label}
      </button>
    </form>
  );
}

interface MembersData {
  members: { userId: string; role: OrganisationRole; name: string; email: string; since: Date }[];
  invitations: Awaited<ReturnType<typeof listOpenInvitations>>;
}

function MembersPage({ ctx, org, data, errors, values }: { ctx: PageContext; org: OrganisationRow; data: MembersData; errors: Errors; values: Record<string, string> }): JSX.Element {
  const { t } = ctx;
  const base = `/organisations/${org.slug}`;
  const roleOptions = organisationRoles.map((r) => ({ value: r, label: t(`members.role.${r}`) }));
  return (
    <Layout ctx={ctx} title={`${t('members.title')} · ${nameOf(org, ctx)}`}>
      <p>
        <a href={href(ctx, base)} safe>{nameOf(org, ctx)}</a>
      </p>
      <h1 safe>{t('members.title')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={{ email: t('members.email'), role: t('members.role'), member: t('members.title') }} />
      <div class="table-wrap">
        <table class="data">
          <thead>
            <tr>
              <th scope="col" safe>{t('members.name')}</th>
              <th scope="col" safe>{t('members.email')}</th>
              <th scope="col" safe>{t('members.role')}</th>
              <th scope="col" safe>{t('members.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.members.map((m) => (
              <tr>
                <td safe>{m.name}</td>
                <td safe>{m.email}</td>
                <td>
                  <form method="post" action={href(ctx, `${base}/members/${m.userId}/role`)} class="inline-form">
                    <CsrfField ctx={ctx} />
                    <label class="visually-hidden" for={`role-${m.userId}`} safe>{t('members.role_of', { name: m.name })}</label>
                    <select name="role" id={`role-${m.userId}`}>
                      {roleOptions.map((o) => (
                        <option value={o.value} selected={o.value === m.role} safe>
                          {o.label}
                        </option>
                      ))}
                    </select>
                    <button type="submit" class="secondary" safe>{t('members.change_role')}</button>
                  </form>
                </td>
                <td>
                  <PostButton ctx={ctx} action={href(ctx, `${base}/members/${m.userId}/remove`)} label={t('members.remove')} danger />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h2 safe>{t('members.invitations')}</h2>
      {data.invitations.length ? (
        <ul>
          {data.invitations.map((i) => (
            <li>
              <span safe>{t('members.invitation_line', { email: i.email, role: t(`members.role.${i.role}`), date: formatDate(i.expiresAt, ctx.locale) })}</span>
              {i.expiresAt < new Date() ? <span class="badge" safe>{t('members.expired')}</span> : ''}{' '}
              <PostButton ctx={ctx} action={href(ctx, `${base}/invitations/${i.id}/resend`)} label={t('members.resend')} />{' '}
              <PostButton ctx={ctx} action={href(ctx, `${base}/invitations/${i.id}/revoke`)} label={t('members.revoke')} />
            </li>
          ))}
        </ul>
      ) : (
        <p class="muted" safe>{t('members.no_invitations')}</p>
      )}
      <h2 safe>{t('members.invite')}</h2>
      <form method="post" action={href(ctx, `${base}/members/invite`)} class="narrow-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} name="email" type="email" label={t('members.email')} value={values.email} error={errors.email} required />
        <Select ctx={ctx} name="role" label={t('members.role')} value={values.role || 'member'} error={errors.role} options={roleOptions} required />
        <div class="actions">
          <button type="submit" safe>{t('members.send_invitation')}</button>
        </div>
      </form>
      <p>
        <a href={href(ctx, `${base}/audit`)} safe>{t('members.audit_link')}</a>
      </p>
    </Layout>
  );
}

export function registerMemberPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db, config } = deps;
  // Kept in the database: the limits hold across restarts and processes.
  const inviteActor = createStoredThrottle(db, { scope: 'organisations.invite.actor', max: 30, windowMs: 3_600_000 });
  const inviteAddress = createStoredThrottle(db, { scope: 'organisations.invite.address', max: 3, windowMs: 3_600_000 });
  const inviteIp = createStoredThrottle(db, { scope: 'organisations.invite.ip', max: 60, windowMs: 3_600_000 });
  const mailFor = (ctx: PageContext): MailContext => ({ t: ctx.t, locale: ctx.locale, baseUrl: config.baseUrl });
  const signedIn = (ctx: PageContext) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    return ctx.actor.userId;
  };
  const fail = (f: Failure): never => {
    throw new AppError(f.code);
  };
  const loadManaged = async (ctx: PageContext, slug: string) => {
    signedIn(ctx);
    const org = await findOrganisationBySlug(db, slug);
    if (!org || !can(ctx.actor, 'view', org)) throw new AppError('not_found');
    if (!can(ctx.actor, 'manage_members', org)) throw new AppError('forbidden');
    return org;
  };
  const membersData = async (org: OrganisationRow): Promise<MembersData> => {
    const members = await listMembers(db, org.id);
    const names = await userNames(db, members.map((m) => m.userId));
    return {
      members: members.map((m) => ({ ...m, name: names.get(m.userId)?.name ?? '', email: names.get(m.userId)?.email ?? '' })),
      invitations: await listOpenInvitations(db, org.id),
    };
  };
  const show = async (reply: FastifyReply, ctx: PageContext, org: OrganisationRow, errors: Errors = {}, values: Record<string, string> = {}, status = 200) =>
    sendPage(reply, <MembersPage ctx={ctx} org={org} data={await membersData(org)} errors={errors} values={values} />, status);

  pages.get('/organisations/:slug/members', async (ctx, req, reply) => {
    const org = await loadManaged(ctx, (req.params as { slug: string }).slug);
    return show(reply, ctx, org);
  });

  pages.post('/organisations/:slug/members/invite', async (ctx, req, reply) => {
    const org = await loadManaged(ctx, (req.params as { slug: string }).slug);
    const form = readForm(req);
    const values = { email: str(form.fields.email), role: str(form.fields.role) };
    const parsed = validate(inviteSchema, form.fields, ctx.t);
    if (!parsed.ok) return show(reply, ctx, org, parsed.error, values, 422);
    const address = parsed.value.email.toLowerCase();
    if ((await inviteActor.blocked(ctx.actor.userId!)) || (await inviteAddress.blocked(address)) || (await inviteIp.blocked(req.ip))) throw new AppError('rate_limited', ctx.t('accounts.too_many_attempts'));
    await Promise.all([inviteActor.hit(ctx.actor.userId!), inviteAddress.hit(address), inviteIp.hit(req.ip)]);
    const invited = await inviteMember(db, ctx.actor, org.id, parsed.value.email, parsed.value.role, mailFor(ctx));
    if (!invited.ok) return fail(invited.error);
    return redirectTo(reply, ctx, `/organisations/${org.slug}/members`, 'members.invited');
  });

  const memberAction = (path: string, run: (ctx: PageContext, org: OrganisationRow, userId: string, fields: Record<string, unknown>) => Promise<{ ok: true } | { ok: false; error: Failure }>, notice: string) =>
    pages.post(`/organisations/:slug/members/:userId/${path}`, async (ctx, req, reply) => {
      const params = req.params as { slug: string; userId: string };
      const org = await loadManaged(ctx, params.slug);
        if (!/^[0-9a-f-]{36}$/i.test(params.userId)) throw new AppError('not_found');
      const result = await run(ctx, org, params.userId, readForm(req).fields);
      if (!result.ok) {
        if (result.error.code === 'conflict') return show(reply, ctx, org, { member: ctx.t('members.error.last_admin') }, {}, 409);
        if (result.error.code === 'validation') return show(reply, ctx, org, { role: ctx.t('validation.choice') }, {}, 422);
        return fail(result.error);
      }
      return redirectTo(reply, ctx, `/organisations/${org.slug}/members`, notice);
    });
  memberAction(
    'role',
    async (ctx, org, userId, fields) => {
      const parsed = roleSchema.safeParse(fields);
      if (!parsed.success) return { ok: false, error: { code: 'validation' } };
      return changeMemberRole(db, ctx.actor, org.id, userId, parsed.data.role);
    },
    'members.role_changed',
  );
  memberAction('remove', (ctx, org, userId) => removeMember(db, ctx.actor, org.id, userId), 'members.removed');

  const invitationAction = (path: string, run: (ctx: PageContext, org: OrganisationRow, id: string) => Promise<{ ok: true } | { ok: false; error: Failure }>, notice: string) =>
    pages.post(`/organisations/:slug/invitations/:id/${path}`, async (ctx, req, reply) => {
      const params = req.params as { slug: string; id: string };
      const org = await loadManaged(ctx, params.slug);
      if (!/^[0-9a-f-]{36}$/i.test(params.id)) throw new AppError('not_found');
      const result = await run(ctx, org, params.id);
      if (!result.ok) return fail(result.error);
      return redirectTo(reply, ctx, `/organisations/${org.slug}/members`, notice);
    });
  invitationAction('resend', (ctx, org, id) => resendInvitation(db, ctx.actor, org.id, id, mailFor(ctx)), 'members.invitation_resent');
  invitationAction('revoke', (ctx, org, id) => revokeInvitation(db, ctx.actor, org.id, id), 'members.invitation_revoked');

  // ---- The invited person's side ----
  pages.get('/invitations/:token', async (ctx, req, reply) => {
    const token = (req.params as { token: string }).token;
    const inv = await findInvitationByToken(db, token);
    const { t } = ctx;
    if (!inv) {
      return sendPage(reply, <Layout ctx={ctx} title={t('members.invitation_invalid_title')}><h1 safe>{t('members.invitation_invalid_title')}</h1><p safe>{t('members.invitation_invalid')}</p></Layout>, 410);
    }
    const next = `/${ctx.locale}/invitations/${token}`;
    const mismatch = ctx.actor.email && ctx.actor.email.toLowerCase() !== inv.email.toLowerCase();
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('members.invitation_title')}>
        <h1 safe>{t('members.invitation_title')}</h1>
        <p safe>{t('members.invitation_text', { organisation: nameOf(inv, ctx), role: t(`members.role.${inv.role}`), email: inv.email })}</p>
        {!ctx.actor.userId ? (
          <ul>
            <li>
              <a href={href(ctx, '/sign-in', { next })} safe>{t('members.invitation_sign_in')}</a>
            </li>
            <li>
              <a href={href(ctx, '/sign-up')} safe>{t('members.invitation_sign_up')}</a>
            </li>
          </ul>
        ) : mismatch ? (
          <p class="field-error" safe>{t('members.invitation_other_address', { email: inv.email })}</p>
        ) : (
          <form method="post" action={href(ctx, `/invitations/${token}`)}>
            <CsrfField ctx={ctx} />
            <button type="submit" safe>{t('members.invitation_accept')}</button>
          </form>
        )}
      </Layout>,
    );
  });
  pages.post('/invitations/:token', async (ctx, req, reply) => {
    signedIn(ctx);
    const accepted = await acceptInvitation(db, ctx.actor, (req.params as { token: string }).token);
    if (!accepted.ok) return fail(accepted.error);
    return redirectTo(reply, ctx, `/organisations/${accepted.value.slug}`, 'members.joined');
  });

  // ---- My organisations (switching between them) ----
  pages.get('/account/organisations', async (ctx, _req, reply) => {
    const userId = signedIn(ctx);
    const orgs = await organisationsOfUser(db, userId);
    const { t } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('members.my_organisations')}>
        <h1 safe>{t('members.my_organisations')}</h1>
        {orgs.length ? (
          <ul class="stack">
            {orgs.map((o) => (
              <li>
                <a href={href(ctx, `/organisations/${o.slug}`)} safe>{nameOf(o, ctx)}</a> <span safe>{`(${t(`members.role.${o.role}`)})`}</span>
                {o.role === 'admin' ? (
                  <>
                    {' · '}
                    <a href={href(ctx, `/organisations/${o.slug}/members`)} safe>{t('members.title')}</a>
                  </>
                ) : (
                  ''
                )}{' '}
                <PostButton ctx={ctx} action={href(ctx, `/organisations/${o.slug}/leave`)} label={t('members.leave')} />
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty" safe>{t('members.no_organisations')}</p>
        )}
        {can(ctx.actor, 'create') ? (
          <p>
            <a class="button" href={href(ctx, '/organisations/new')} safe>{t('members.create_organisation')}</a>
          </p>
        ) : (
          ''
        )}
      </Layout>,
    );
  });
  pages.post('/organisations/:slug/leave', async (ctx, req, reply) => {
    const userId = signedIn(ctx);
    const org = await findOrganisationBySlug(db, (req.params as { slug: string }).slug);
    if (!org) throw new AppError('not_found');
    const left = await removeMember(db, ctx.actor, org.id, userId);
    if (!left.ok) {
      if (left.error.code === 'conflict') throw new AppError('conflict', ctx.t('members.error.last_admin'));
      return fail(left.error);
    }
    return redirectTo(reply, ctx, '/account/organisations', 'members.left');
  });

  // ---- Claims of existing entries ----
  const claimPage = (ctx: PageContext, org: OrganisationRow, errors: Errors, message: string) => (
    <Layout ctx={ctx} title={ctx.t('members.claim_title')}>
      <h1 safe>{ctx.t('members.claim_title')}</h1>
      <p class="lead" safe>{ctx.t('members.claim_lead', { organisation: nameOf(org, ctx) })}</p>
      <ErrorSummary ctx={ctx} errors={errors} labels={{ message: ctx.t('members.claim_message') }} />
      <form method="post" action={href(ctx, `/organisations/${org.slug}/claim`)} class="narrow-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextArea ctx={ctx} name="message" label={ctx.t('members.claim_message')} hint={ctx.t('members.claim_message_hint')} value={message} error={errors.message} required maxlength={2000} />
        <div class="actions">
          <button type="submit" safe>{ctx.t('members.claim_submit')}</button>
        </div>
      </form>
    </Layout>
  );
  const loadClaimable = async (ctx: PageContext, slug: string) => {
    signedIn(ctx);
    const org = await findOrganisationBySlug(db, slug);
    if (!org || !can(ctx.actor, 'view', org)) throw new AppError('not_found');
    if (!can(ctx.actor, 'claim', org)) throw new AppError('forbidden');
    return org;
  };
  pages.get('/organisations/:slug/claim', async (ctx, req, reply) => {
    const org = await loadClaimable(ctx, (req.params as { slug: string }).slug);
    if (await hasPendingClaim(db, org.id, ctx.actor.userId!)) return sendPage(reply, <Layout ctx={ctx} title={ctx.t('members.claim_title')}><h1 safe>{ctx.t('members.claim_title')}</h1><p safe>{ctx.t('members.claim_pending')}</p></Layout>);
    return sendPage(reply, claimPage(ctx, org, {}, ''));
  });
  pages.post('/organisations/:slug/claim', async (ctx, req, reply) => {
    const org = await loadClaimable(ctx, (req.params as { slug: string }).slug);
    const form = readForm(req);
    const parsed = validate(claimSchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, claimPage(ctx, org, parsed.error, str(form.fields.message)), 422);
    const claimed = await claimOrganisation(db, ctx.actor, org.id, parsed.value.message);
    if (!claimed.ok) {
      if (claimed.error.code === 'conflict') return sendPage(reply, claimPage(ctx, org, { message: ctx.t('members.claim_pending') }, str(form.fields.message)), 409);
      return fail(claimed.error);
    }
    return redirectTo(reply, ctx, `/organisations/${org.slug}`, 'members.claim_sent');
  });

  pages.get('/admin/claims', async (ctx, _req, reply) => {
    signedIn(ctx);
    if (!can(ctx.actor, 'decide_claims')) throw new AppError('forbidden');
    const claims = await listClaims(db, 'pending');
    const names = await userNames(db, claims.map((c) => c.userId));
    const { t } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('members.claims_title')}>
        <h1 safe>{t('members.claims_title')}</h1>
        {claims.length ? (
          <ul class="stack">
            {claims.map((c) => (
              <li>
                <p>
                  <a href={href(ctx, `/organisations/${c.slug}`)} safe>{nameOf(c, ctx)}</a>{' '}
                  <span safe>{t('members.claim_by', { name: names.get(c.userId)?.name ?? '', email: names.get(c.userId)?.email ?? '', date: formatDateTime(c.createdAt, ctx.locale) })}</span>
                </p>
                <blockquote safe>{c.message}</blockquote>
                <PostButton ctx={ctx} action={href(ctx, `/admin/claims/${c.id}/approve`)} label={t('members.claim_approve')} />{' '}
                <PostButton ctx={ctx} action={href(ctx, `/admin/claims/${c.id}/refuse`)} label={t('members.claim_refuse')} danger />
              </li>
            ))}
          </ul>
        ) : (
          <p class="empty" safe>{t('members.no_claims')}</p>
        )}
      </Layout>,
    );
  });
  for (const [path, approve] of [['approve', true], ['refuse', false]] as const) {
    pages.post(`/admin/claims/:id/${path}`, async (ctx, req, reply) => {
      signedIn(ctx);
      const decided = await decideClaim(db, ctx.actor, (req.params as { id: string }).id, approve, mailFor(ctx), async (userId) => (await userNames(db, [userId])).get(userId)?.email || undefined);
      if (!decided.ok) return fail(decided.error);
      return redirectTo(reply, ctx, '/admin/claims', approve ? 'members.claim_approved' : 'members.claim_refused');
    });
  }

  // ---- The organisation's own audit log ----
  pages.get('/organisations/:slug/audit', async (ctx, req, reply) => {
    signedIn(ctx);
    const org = await findOrganisationBySlug(db, (req.params as { slug: string }).slug);
    if (!org || !can(ctx.actor, 'view', org)) throw new AppError('not_found');
    if (!can(ctx.actor, 'view_audit', org)) throw new AppError('forbidden');
    const requested = Number(readQuery(req).page);
    const filter = { page: Number.isInteger(requested) && requested >= 1 && requested <= 10_000 ? requested : 1 };
    const audit = await searchAudit(db, filter, org.id);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={`${ctx.t('members.audit_title')} · ${nameOf(org, ctx)}`}>
        <p>
          <a href={href(ctx, `/organisations/${org.slug}`)} safe>{nameOf(org, ctx)}</a>
        </p>
        <h1 safe>{ctx.t('members.audit_title')}</h1>
        <AuditTable ctx={ctx} items={audit.items} />
        <Paging ctx={ctx} path={`/organisations/${org.slug}/audit`} query={{}} info={{ page: filter.page, pageSize: AUDIT_PAGE_SIZE, total: audit.total }} />
      </Layout>,
    );
  });
}
