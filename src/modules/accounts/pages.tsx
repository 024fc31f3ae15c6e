// Account pages: sign-in (with the second factor), sign-up and confirmation, password reset, the account's
// settings (profile, password, address, two-factor, API tokens, sessions), personal data (download, erase),
// and the administrators' user list. The session cookie is the only cookie the platform sets.
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { readForm, readQuery } from '../../kernel/form-body.ts';
import { formatDateTime } from '../../kernel/format.ts';
import { ErrorSummary, CsrfField, Select, TextField } from '../../kernel/html/forms.tsx';
import { Layout } from '../../kernel/html/layout.tsx';
import { Paging } from '../../kernel/html/paging.tsx';
import { AppError, type Failure } from '../../kernel/errors.ts';
import { createStoredThrottle } from '../../kernel/throttle.ts';
import { validate } from '../../kernel/validation.ts';
import { pageRoutes, redirectTo, sendPage, href, type PageContext } from '../../kernel/web.ts';
import {
  changePassword,
  confirmEmail,
  confirmEmailChange,
  confirmTotpEnrolment,
  createApiToken,
  disableTwoFactor,
  eraseAccount,
  isUsableToken,
  passSecondFactor,
  remainingRecoveryCodes,
  requestEmailChange,
  requestPasswordReset,
  resendConfirmation,
  resetPassword,
  resetTwoFactor,
  revokeApiToken,
  revokeSession,
  setUserSuspended,
  signIn,
  signOut,
  signOutEverywhere,
  signUp,
  startTotpEnrolment,
  updateProfile,
  type MailContext,
} from './commands.ts';
import { can } from './policy.ts';
import { describeUserAgent, personalDataZip, qrCodePath } from './present.ts';
import { hasTwoFactor, listApiTokens, listSessions, personalData, searchUsers, type SessionView } from './queries.ts';
import { apiTokenSchema, changeEmailSchema, changePasswordSchema, codeSchema, emailOnlySchema, newPasswordSchema, profileSchema, signInSchema, signUpSchema, userSearchSchema } from './schema.ts';
import { clearSessionCookie, sessionCookieName, setSessionCookie } from './session-cookie.ts';

/** Only local paths are followed after sign-in (no open redirect). */
export function safeNext(value: unknown): string | undefined {
  return typeof value === 'string' && /^\/(?!\/)[\w\-./?=&%]*$/.test(value) && !value.includes('\\') ? value : undefined;
}

type Errors = Record<string, string>;
type Values = Record<string, string | string[] | undefined>;
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

interface FieldSpec {
  name: string;
  label: string;
  type?: string;
  autocomplete?: string;
  hint?: string;
  keep?: boolean;
}

/** A one-column form page: heading, optional lead, fields, a submit button, hidden values. */
function FormPage(props: {
  ctx: PageContext;
  title: string;
  lead?: string;
  action: string;
  fields: FieldSpec[];
  values?: Values;
  errors?: Errors;
  submit: string;
  hidden?: Record<string, string | undefined>;
  after?: JSX.Element;
}): JSX.Element {
  const { ctx, after } = props;
  const errors = props.errors ?? {};
  return (
    <Layout ctx={ctx} title={props.title}>
      <h1 safe>{props.title}</h1>
      {props.lead ? <p class="lead" safe>{props.lead}</p> : ''}
      <ErrorSummary ctx={ctx} errors={errors} labels={Object.fromEntries(props.fields.map((f) => [f.name, f.label]))} />
      <form method="post" action={props.action} novalidate class="narrow-form">
        <CsrfField ctx={ctx} />
        {Object.entries(props.hidden ?? {}).map(([k, v]) => (v ? <input type="hidden" name={k} value={v} /> : ''))}
        {props.fields.map((f) => (
          <TextField
            ctx={ctx}
            name={f.name}
            type={f.type ?? 'text'}
            label={f.label}
            hint={f.hint}
            value={f.type === 'password' ? '' : str(props.values?.[f.name])}
            error={errors[f.name]}
            required
            autocomplete={f.autocomplete}
          />
        ))}
        <div class="actions">
          <button type="submit" safe>
            {props.submit}
          </button>
        </div>
      </form>
      {after ? <>{after}</> : ''}
    </Layout>
  );
}

function MessagePage({ ctx, title, text, link }: { ctx: PageContext; title: string; text: string; link?: { href: string; label: string } }): JSX.Element {
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      <p safe>{text}</p>
      {link ? (
        <p>
          <a href={link.href} safe>
            {link.label}
          </a>
        </p>
      ) : (
        ''
      )}
    </Layout>
  );
}

function PostButton({ ctx, action, label, hidden, secondary }: { ctx: PageContext; action: string; label: string; hidden?: Record<string, string>; secondary?: boolean }): JSX.Element {
  return (
    <form method="post" action={action} class="inline-form">
      <CsrfField ctx={ctx} />
      {Object.entries(hidden ?? {}).map(([k, v]) => (
        <input type="hidden" name={k} value={v} />
      ))}
      <button type="submit" class={secondary ? 'secondary' : undefined} safe>
        {label}
      </button>
    </form>
  );
}

interface AccountData {
  twoFactor: boolean;
  sessions: SessionView[];
  tokens: Awaited<ReturnType<typeof listApiTokens>>;
  recoveryLeft: number;
}

function AccountPage({ ctx, data, errors, values, newToken }: { ctx: PageContext; data: AccountData; errors: Errors; values: Values; newToken?: string }): JSX.Element {
  const { t, actor } = ctx;
  const field = (name: string, label: string, type = 'text', autocomplete?: string) => (
    <TextField ctx={ctx} name={name} type={type} label={label} value={type === 'password' ? '' : str(values[name])} error={errors[name]} required autocomplete={autocomplete} />
  );
  return (
    <Layout ctx={ctx} title={t('accounts.account_title')}>
      <h1 safe>{t('accounts.account_title')}</h1>
      <p safe>{t('accounts.signed_in_as', { name: actor.displayName ?? '', email: actor.email ?? '' })}</p>
      <ErrorSummary ctx={ctx} errors={errors} labels={{ displayName: t('accounts.display_name'), current: t('accounts.current_password'), password: t('accounts.new_password'), email: t('accounts.new_email'), name: t('accounts.token_name'), scope: t('accounts.token_scope') }} />
      <h2 safe>{t('accounts.roles')}</h2>
      {actor.platformRoles.size ? (
        <ul>
          {[...actor.platformRoles].map((r) => (
            <li safe>{t(`accounts.role.${r}`)}</li>
          ))}
        </ul>
      ) : (
        <p safe>{t('accounts.no_roles')}</p>
      )}
      <p>
        <a href={href(ctx, '/account/organisations')} safe>
          {t('accounts.my_organisations')}
        </a>
      </p>
      {can(actor, 'manage_users') ? (
        <p>
          <a href={href(ctx, '/admin')} safe>
            {t('accounts.administration')}
          </a>
        </p>
      ) : (
        ''
      )}

      <h2 safe>{t('accounts.profile')}</h2>
      <form method="post" action={href(ctx, '/account/profile')} class="narrow-form">
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} name="displayName" label={t('accounts.display_name')} value={str(values.displayName) || (actor.displayName ?? '')} error={errors.displayName} required autocomplete="name" />
        <div class="actions">
          <button type="submit" safe>{t('accounts.save')}</button>
        </div>
      </form>

      <h2 safe>{t('accounts.change_password')}</h2>
      <form method="post" action={href(ctx, '/account/password')} class="narrow-form" novalidate>
        <CsrfField ctx={ctx} />
        {field('current', t('accounts.current_password'), 'password', 'current-password')}
        {field('password', t('accounts.new_password'), 'password', 'new-password')}
        <div class="actions">
          <button type="submit" safe>{t('accounts.change_password')}</button>
        </div>
      </form>

      <h2 safe>{t('accounts.change_email')}</h2>
      <form method="post" action={href(ctx, '/account/email')} class="narrow-form" novalidate>
        <CsrfField ctx={ctx} />
        {field('email', t('accounts.new_email'), 'email', 'email')}
        <TextField ctx={ctx} name="current" type="password" label={t('accounts.current_password')} error={undefined} required autocomplete="current-password" />
        <div class="actions">
          <button type="submit" safe>{t('accounts.change_email')}</button>
        </div>
      </form>

      <h2 safe>{t('accounts.two_factor')}</h2>
      {data.twoFactor ? (
        <>
          <p safe>{t('accounts.two_factor_on', { n: data.recoveryLeft })}</p>
          <form method="post" action={href(ctx, '/account/two-factor/disable')} class="narrow-form" novalidate>
            <CsrfField ctx={ctx} />
            <TextField ctx={ctx} name="code" label={t('accounts.two_factor_code')} error={errors.code} required autocomplete="one-time-code" />
            <div class="actions">
              <button type="submit" class="secondary" safe>{t('accounts.two_factor_disable')}</button>
            </div>
          </form>
        </>
      ) : (
        <p>
          <a class="button" href={href(ctx, '/account/two-factor')} safe>
            {t('accounts.two_factor_enrol')}
          </a>
        </p>
      )}

      <h2 safe>{t('accounts.tokens')}</h2>
      <p safe>{t('accounts.tokens_lead')}</p>
      {newToken ? (
        <div class="notice" role="status">
          <p safe>{t('accounts.token_created')}</p>
          <p>
            <code safe>{newToken}</code>
          </p>
        </div>
      ) : (
        ''
      )}
      {data.tokens.length ? (
        <div class="table-wrap">
          <table class="data">
            <thead>
              <tr>
                <th scope="col" safe>{t('accounts.token_name')}</th>
                <th scope="col" safe>{t('accounts.token_scope')}</th>
                <th scope="col" safe>{t('accounts.token_created_at')}</th>
                <th scope="col" safe>{t('accounts.token_state')}</th>
              </tr>
            </thead>
            <tbody>
              {data.tokens.map((tok) => (
                <tr>
                  <td safe>{tok.name}</td>
                  <td safe>{t(`accounts.scope.${tok.scope}`)}</td>
                  <td safe>{formatDateTime(tok.createdAt, ctx.locale)}</td>
                  <td>
                    {tok.revokedAt ? (
                      <span safe>{t('accounts.token_revoked')}</span>
                    ) : (
                      <PostButton ctx={ctx} action={href(ctx, `/account/tokens/${tok.id}/revoke`)} label={t('accounts.token_revoke')} secondary />
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        ''
      )}
      <form method="post" action={href(ctx, '/account/tokens')} class="narrow-form" novalidate>
        <CsrfField ctx={ctx} />
        {field('name', t('accounts.token_name'))}
        <Select ctx={ctx} name="scope" label={t('accounts.token_scope')} value={str(values.scope) || 'read'} error={errors.scope} options={[{ value: 'read', label: t('accounts.scope.read') }, { value: 'write', label: t('accounts.scope.write') }]} />
        <div class="actions">
          <button type="submit" safe>{t('accounts.token_create')}</button>
        </div>
      </form>

      <h2 safe>{t('accounts.sessions')}</h2>
      <p safe>{t('accounts.sessions_count', { n: data.sessions.length })}</p>
      <div class="table-wrap">
        <table class="data">
          <caption class="visually-hidden" safe>{t('accounts.sessions')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('accounts.session_device')}</th>
              <th scope="col" safe>{t('accounts.session_started')}</th>
              <th scope="col" safe>{t('accounts.session_last_seen')}</th>
              <th scope="col" safe>{t('accounts.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {data.sessions.map((s) => (
              <tr>
                <td safe>{describeUserAgent(s.userAgent) ?? t('accounts.session_unknown_device')}</td>
                <td safe>{formatDateTime(s.createdAt, ctx.locale)}</td>
                <td safe>{formatDateTime(s.lastSeenAt, ctx.locale)}</td>
                <td>
                  {s.current ? (
                    <span safe>{t('accounts.session_current')}</span>
                  ) : (
                    <PostButton ctx={ctx} action={href(ctx, `/account/sessions/${s.handle}/revoke`)} label={t('accounts.session_revoke')} secondary />
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <PostButton ctx={ctx} action={href(ctx, '/account/sign-out-everywhere')} label={t('accounts.sign_out_everywhere')} secondary />

      <h2 safe>{t('accounts.my_data')}</h2>
      <p safe>{t('accounts.my_data_lead')}</p>
      <p>
        <a href={href(ctx, '/account/data.zip')} safe>
          {t('accounts.download_data')}
        </a>
      </p>
      <p>
        <a href={href(ctx, '/account/delete')} safe>
          {t('accounts.delete_account')}
        </a>
      </p>
    </Layout>
  );
}

/** The enrolment URI as a QR code, drawn on the server (an image with a text alternative; the key is also shown as text). */
function QrCode({ text, label }: { text: string; label: string }): JSX.Element {
  const { size, d } = qrCodePath(text);
  const quiet = 4;
  const side = size + 2 * quiet;
  return (
    <svg class="qr-code" role="img" aria-label={label} viewBox={`${-quiet} ${-quiet} ${side} ${side}`} width="200" height="200" shape-rendering="crispEdges" xmlns="http://www.w3.org/2000/svg">
      <rect x={String(-quiet)} y={String(-quiet)} width={String(side)} height={String(side)} fill="#ffffff" />
      <path d={d} fill="#000000" />
    </svg>
  );
}

function EnrolPage({ ctx, secret, uri, error }: { ctx: PageContext; secret: string; uri: string; error?: string }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('accounts.two_factor_enrol')}>
      <h1 safe>{t('accounts.two_factor_enrol')}</h1>
      <p class="lead" safe>{t('accounts.two_factor_enrol_lead')}</p>
      <ErrorSummary ctx={ctx} errors={error ? { code: error } : {}} labels={{ code: t('accounts.two_factor_code') }} />
      <div class="enrol-key">
        <QrCode text={uri} label={t('accounts.two_factor_qr')} />
        <div>
          <p safe>{t('accounts.two_factor_scan')}</p>
          <p safe>{t('accounts.two_factor_secret')}</p>
          <p>
            <code safe>{secret.replace(/(.{4})/g, '$1 ').trim()}</code>
          </p>
          <p safe>{t('accounts.two_factor_uri')}</p>
          <p>
            <code class="break" safe>{uri}</code>
          </p>
        </div>
      </div>
      <form method="post" action={href(ctx, '/account/two-factor')} class="narrow-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} name="code" label={t('accounts.two_factor_code')} hint={t('accounts.two_factor_code_hint')} error={error} required autocomplete="one-time-code" />
        <div class="actions">
          <button type="submit" safe>{t('accounts.two_factor_confirm')}</button>
        </div>
      </form>
    </Layout>
  );
}

function RecoveryCodesPage({ ctx, codes }: { ctx: PageContext; codes: string[] }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('accounts.recovery_codes')}>
      <h1 safe>{t('accounts.recovery_codes')}</h1>
      <p class="notice" role="status" safe>{t('accounts.two_factor_enrolled')}</p>
      <p safe>{t('accounts.recovery_codes_lead')}</p>
      <ul class="recovery-codes">
        {codes.map((c) => (
          <li>
            <code safe>{c}</code>
          </li>
        ))}
      </ul>
      <p>
        <a class="button" href={href(ctx, '/account')} safe>
          {t('accounts.continue')}
        </a>
      </p>
    </Layout>
  );
}

type UserList = Awaited<ReturnType<typeof searchUsers>>;

function UsersPage({ ctx, list, q, page }: { ctx: PageContext; list: UserList; q: string; page: number }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('accounts.users_title')}>
      <h1 safe>{t('accounts.users_title')}</h1>
      <form method="get" action={href(ctx, '/admin/users')} role="search" class="narrow-form">
        <TextField ctx={ctx} name="q" type="search" label={t('accounts.users_search')} value={q} />
        <div class="actions">
          <button type="submit" safe>{t('accounts.search')}</button>
        </div>
      </form>
      <p class="result-count" safe>{t('accounts.users_count', { n: list.total })}</p>
      <div class="table-wrap">
        <table class="data">
          <thead>
            <tr>
              <th scope="col" safe>{t('accounts.display_name')}</th>
              <th scope="col" safe>{t('accounts.email')}</th>
              <th scope="col" safe>{t('accounts.status')}</th>
              <th scope="col" safe>{t('accounts.roles')}</th>
              <th scope="col" safe>{t('accounts.two_factor')}</th>
              <th scope="col" safe>{t('accounts.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {list.items.map((u) => (
              <tr>
                <td safe>{u.status === 'erased' ? t('accounts.erased_user') : u.displayName}</td>
                <td safe>{u.status === 'erased' ? '' : u.email}</td>
                <td safe>{t(`accounts.status.${u.status}`)}</td>
                <td safe>{u.platformRoles.map((r) => t(`accounts.role.${r}`)).join(', ')}</td>
                <td safe>{u.twoFactor ? t('accounts.yes') : t('accounts.no')}</td>
                <td>
                  {u.status === 'active' && u.id !== ctx.actor.userId ? <PostButton ctx={ctx} action={href(ctx, `/admin/users/${u.id}/suspend`)} label={t('accounts.suspend')} secondary /> : ''}
                  {u.status === 'suspended' ? <PostButton ctx={ctx} action={href(ctx, `/admin/users/${u.id}/reactivate`)} label={t('accounts.reactivate')} secondary /> : ''}
                  {u.status === 'pending' ? <PostButton ctx={ctx} action={href(ctx, `/admin/users/${u.id}/resend-confirmation`)} label={t('accounts.resend_confirmation')} secondary /> : ''}
                  {u.twoFactor ? <PostButton ctx={ctx} action={href(ctx, `/admin/users/${u.id}/reset-two-factor`)} label={t('accounts.reset_two_factor')} secondary /> : ''}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <Paging ctx={ctx} path="/admin/users" query={{ q }} info={{ page, pageSize: 50, total: list.total }} />
    </Layout>
  );
}

/**
 * Per-account and per-IP limits: counted on well-formed attempts, the same whether or not the account exists.
 * Kept in the database, so they hold across restarts and are shared by every process.
 */
function createLimits(db: Deps['db']) {
  const minutes = (n: number) => n * 60_000;
  return {
    signInAccount: createStoredThrottle(db, { scope: 'accounts.sign_in.account', max: 5, windowMs: minutes(15) }),
    signInIp: createStoredThrottle(db, { scope: 'accounts.sign_in.ip', max: 30, windowMs: minutes(15) }),
    mailAccount: createStoredThrottle(db, { scope: 'accounts.mail.account', max: 3, windowMs: minutes(60) }),
    mailIp: createStoredThrottle(db, { scope: 'accounts.mail.ip', max: 20, windowMs: minutes(60) }),
    codeAccount: createStoredThrottle(db, { scope: 'accounts.code.account', max: 5, windowMs: minutes(15) }),
  };
}

export function registerAccountPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db, config } = deps;
  const limits = createLimits(db);
  const mailFor = (ctx: PageContext): MailContext => ({ t: ctx.t, locale: ctx.locale, baseUrl: config.baseUrl });
  const tooMany = (ctx: PageContext) => new AppError('rate_limited', ctx.t('accounts.too_many_attempts'));
  const requireUser = (ctx: PageContext) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    return ctx.actor.userId;
  };
  const sessionToken = (req: FastifyRequest) => str(req.cookies[sessionCookieName]);
  const fail = (f: Failure): never => {
    throw new AppError(f.code);
  };
  const translate = (ctx: PageContext, fields: Record<string, string> | undefined): Errors => Object.fromEntries(Object.entries(fields ?? {}).map(([k, v]) => [k, ctx.t(v)]));

  // ---- Sign-in ----
  const signInPage = (ctx: PageContext, values: Values, errors: Errors, next?: string) => (
    <FormPage
      ctx={ctx}
      title={ctx.t('accounts.sign_in_title')}
      action={href(ctx, '/sign-in')}
      fields={[
        { name: 'email', label: ctx.t('accounts.email'), type: 'email', autocomplete: 'username' },
        { name: 'password', label: ctx.t('accounts.password'), type: 'password', autocomplete: 'current-password' },
      ]}
      values={values}
      errors={errors}
      submit={ctx.t('accounts.submit_sign_in')}
      hidden={{ next }}
      after={
        <ul>
          <li>
            <a href={href(ctx, '/password-reset')} safe>{ctx.t('accounts.forgot_password')}</a>
          </li>
          <li>
            <a href={href(ctx, '/sign-up', { next })} safe>{ctx.t('accounts.no_account')}</a>
          </li>
        </ul>
      }
    />
  );

  pages.get('/sign-in', async (ctx, req, reply) => sendPage(reply, signInPage(ctx, {}, {}, safeNext((req.query as Record<string, unknown>).next))));

  pages.post('/sign-in', async (ctx, req, reply) => {
    const form = readForm(req);
    const next = safeNext(form.fields.next);
    const parsed = validate(signInSchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, signInPage(ctx, form.fields, parsed.error, next), 422);
    const accountKey = parsed.value.email.toLowerCase();
    if (await limits.signInAccount.blocked(accountKey) || await limits.signInIp.blocked(req.ip)) throw tooMany(ctx);
    const session = await signIn(db, parsed.value, req.headers['user-agent']);
    if (!session.ok) {
      await limits.signInAccount.hit(accountKey);
      await limits.signInIp.hit(req.ip);
      return sendPage(reply, signInPage(ctx, form.fields, { email: ctx.t('accounts.invalid_credentials') }, next), 422);
    }
    await limits.signInAccount.reset(accountKey);
    // A previous session of this browser ends: the new one has a fresh id (no fixation).
    const previous = sessionToken(req);
    if (previous) await signOut(db, previous);
    setSessionCookie(reply, session.value.token, config);
    if (session.value.secondFactor === 'challenge') return redirectTo(reply, ctx, next ? `/two-factor?next=${encodeURIComponent(next)}` : '/two-factor');
    if (session.value.secondFactor === 'enrol') return redirectTo(reply, ctx, '/account/two-factor', 'accounts.enrol_required');
    return next ? reply.redirect(next, 303) : redirectTo(reply, ctx, '/account', 'accounts.signed_in');
  });

  pages.post('/sign-out', async (ctx, req, reply) => {
    const token = sessionToken(req);
    if (token) await signOut(db, token);
    clearSessionCookie(reply, config);
    return redirectTo(reply, ctx, '/', 'accounts.signed_out');
  });

  // ---- Second factor at sign-in ----
  const challengePage = (ctx: PageContext, errors: Errors, next?: string) => (
    <FormPage
      ctx={ctx}
      title={ctx.t('accounts.two_factor_title')}
      lead={ctx.t('accounts.two_factor_lead')}
      action={href(ctx, '/two-factor')}
      fields={[{ name: 'code', label: ctx.t('accounts.two_factor_code'), autocomplete: 'one-time-code', hint: ctx.t('accounts.two_factor_recovery_hint') }]}
      errors={errors}
      submit={ctx.t('accounts.two_factor_verify')}
      hidden={{ next }}
    />
  );
  pages.get('/two-factor', async (ctx, req, reply) => {
    requireUser(ctx);
    if (ctx.actor.secondFactorDone) return redirectTo(reply, ctx, '/account');
    return sendPage(reply, challengePage(ctx, {}, safeNext((req.query as Record<string, unknown>).next)));
  });
  pages.post('/two-factor', async (ctx, req, reply) => {
    const userId = requireUser(ctx);
    const form = readForm(req);
    const next = safeNext(form.fields.next);
    const parsed = validate(codeSchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, challengePage(ctx, parsed.error, next), 422);
    if (await limits.codeAccount.blocked(userId)) throw tooMany(ctx);
    const passed = await passSecondFactor(db, sessionToken(req), str(form.fields.code));
    if (!passed.ok) {
      await limits.codeAccount.hit(userId);
      return sendPage(reply, challengePage(ctx, { code: ctx.t('accounts.two_factor_wrong_code') }, next), 422);
    }
    await limits.codeAccount.reset(userId);
    return next ? reply.redirect(next, 303) : redirectTo(reply, ctx, '/account', passed.value.usedRecoveryCode ? 'accounts.recovery_code_used' : 'accounts.signed_in');
  });

  // ---- Sign-up and confirmation ----
  const signUpPage = (ctx: PageContext, values: Values, errors: Errors) => (
    <FormPage
      ctx={ctx}
      title={ctx.t('accounts.sign_up_title')}
      lead={ctx.t('accounts.sign_up_lead')}
      action={href(ctx, '/sign-up')}
      fields={[
        { name: 'displayName', label: ctx.t('accounts.display_name'), autocomplete: 'name' },
        { name: 'email', label: ctx.t('accounts.email'), type: 'email', autocomplete: 'email' },
        { name: 'password', label: ctx.t('accounts.password'), type: 'password', autocomplete: 'new-password', hint: ctx.t('accounts.password_hint') },
      ]}
      values={values}
      errors={errors}
      submit={ctx.t('accounts.submit_sign_up')}
    />
  );
  pages.get('/sign-up', async (ctx, _req, reply) => sendPage(reply, signUpPage(ctx, {}, {})));
  pages.post('/sign-up', async (ctx, req, reply) => {
    const form = readForm(req);
    const parsed = validate(signUpSchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, signUpPage(ctx, form.fields, parsed.error), 422);
    const key = parsed.value.email.toLowerCase();
    if (await limits.mailAccount.blocked(key) || await limits.mailIp.blocked(req.ip)) throw tooMany(ctx);
    await limits.mailAccount.hit(key);
    await limits.mailIp.hit(req.ip);
    await signUp(db, parsed.value, mailFor(ctx));
    return redirectTo(reply, ctx, '/sign-up/sent');
  });
  pages.get('/sign-up/sent', async (ctx, _req, reply) => sendPage(reply, <MessagePage ctx={ctx} title={ctx.t('accounts.check_mail_title')} text={ctx.t('accounts.check_mail_sign_up')} />));
  pages.get('/confirm-email', async (ctx, req, reply) => {
    const confirmed = await confirmEmail(db, str((req.query as Record<string, unknown>).token));
    if (!confirmed.ok) return sendPage(reply, <MessagePage ctx={ctx} title={ctx.t('accounts.invalid_link_title')} text={ctx.t('accounts.invalid_link')} />, 410);
    return redirectTo(reply, ctx, '/sign-in', 'accounts.email_confirmed');
  });

  // ---- Password reset ----
  const resetRequestPage = (ctx: PageContext, values: Values, errors: Errors) => (
    <FormPage ctx={ctx} title={ctx.t('accounts.reset_title')} lead={ctx.t('accounts.reset_lead')} action={href(ctx, '/password-reset')} fields={[{ name: 'email', label: ctx.t('accounts.email'), type: 'email', autocomplete: 'email' }]} values={values} errors={errors} submit={ctx.t('accounts.reset_submit')} />
  );
  pages.get('/password-reset', async (ctx, _req, reply) => sendPage(reply, resetRequestPage(ctx, {}, {})));
  pages.post('/password-reset', async (ctx, req, reply) => {
    const form = readForm(req);
    const parsed = validate(emailOnlySchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, resetRequestPage(ctx, form.fields, parsed.error), 422);
    const key = parsed.value.email.toLowerCase();
    if (await limits.mailAccount.blocked(key) || await limits.mailIp.blocked(req.ip)) throw tooMany(ctx);
    await limits.mailAccount.hit(key);
    await limits.mailIp.hit(req.ip);
    await requestPasswordReset(db, parsed.value.email, mailFor(ctx));
    return redirectTo(reply, ctx, '/password-reset/sent');
  });
  pages.get('/password-reset/sent', async (ctx, _req, reply) => sendPage(reply, <MessagePage ctx={ctx} title={ctx.t('accounts.check_mail_title')} text={ctx.t('accounts.check_mail_reset')} />));
  const newPasswordPage = (ctx: PageContext, token: string, errors: Errors) => (
    <FormPage ctx={ctx} title={ctx.t('accounts.new_password_title')} action={href(ctx, '/password-reset/new')} fields={[{ name: 'password', label: ctx.t('accounts.new_password'), type: 'password', autocomplete: 'new-password', hint: ctx.t('accounts.password_hint') }]} errors={errors} submit={ctx.t('accounts.save')} hidden={{ token }} />
  );
  const invalidLink = (ctx: PageContext, reply: FastifyReply) =>
    sendPage(reply, <MessagePage ctx={ctx} title={ctx.t('accounts.invalid_link_title')} text={ctx.t('accounts.invalid_link')} link={{ href: href(ctx, '/password-reset'), label: ctx.t('accounts.reset_title') }} />, 410);
  pages.get('/password-reset/new', async (ctx, req, reply) => {
    const token = str((req.query as Record<string, unknown>).token);
    if (!(await isUsableToken(db, token, 'reset_password'))) return invalidLink(ctx, reply);
    return sendPage(reply, newPasswordPage(ctx, token, {}));
  });
  pages.post('/password-reset/new', async (ctx, req, reply) => {
    const form = readForm(req);
    const token = str(form.fields.token);
    const parsed = validate(newPasswordSchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, newPasswordPage(ctx, token, parsed.error), 422);
    const done = await resetPassword(db, token, parsed.value.password);
    if (!done.ok) return invalidLink(ctx, reply);
    clearSessionCookie(reply, config);
    return redirectTo(reply, ctx, '/sign-in', 'accounts.password_reset_done');
  });

  // ---- The account's settings ----
  const accountData = async (userId: string, actor: PageContext['actor'], token: string): Promise<AccountData> => ({
    twoFactor: await hasTwoFactor(db, userId),
    sessions: await listSessions(db, userId, token),
    tokens: await listApiTokens(db, actor),
    recoveryLeft: await remainingRecoveryCodes(db, userId),
  });
  const showAccount = async (ctx: PageContext, reply: FastifyReply, errors: Errors = {}, values: Values = {}, newToken?: string) =>
    sendPage(reply, <AccountPage ctx={ctx} data={await accountData(ctx.actor.userId!, ctx.actor, str(reply.request.cookies[sessionCookieName]))} errors={errors} values={values} newToken={newToken} />, Object.keys(errors).length ? 422 : 200);

  pages.get('/account', async (ctx, _req, reply) => {
    requireUser(ctx);
    return showAccount(ctx, reply);
  });
  pages.post('/account/profile', async (ctx, req, reply) => {
    requireUser(ctx);
    const form = readForm(req);
    const parsed = validate(profileSchema, form.fields, ctx.t);
    if (!parsed.ok) return showAccount(ctx, reply, parsed.error, form.fields);
    await updateProfile(db, ctx.actor, parsed.value.displayName);
    return redirectTo(reply, ctx, '/account', 'accounts.saved');
  });
  pages.post('/account/password', async (ctx, req, reply) => {
    requireUser(ctx);
    const form = readForm(req);
    const parsed = validate(changePasswordSchema, form.fields, ctx.t);
    if (!parsed.ok) return showAccount(ctx, reply, parsed.error, form.fields);
    const changed = await changePassword(db, ctx.actor, sessionToken(req), parsed.value.current, parsed.value.password);
    if (!changed.ok) return changed.error.code === 'validation' ? showAccount(ctx, reply, translate(ctx, changed.error.fields), form.fields) : fail(changed.error);
    return redirectTo(reply, ctx, '/account', 'accounts.password_changed');
  });
  pages.post('/account/email', async (ctx, req, reply) => {
    const userId = requireUser(ctx);
    const form = readForm(req);
    const parsed = validate(changeEmailSchema, form.fields, ctx.t);
    if (!parsed.ok) return showAccount(ctx, reply, parsed.error, form.fields);
    if (await limits.mailAccount.blocked(userId)) throw tooMany(ctx);
    await limits.mailAccount.hit(userId);
    const requested = await requestEmailChange(db, ctx.actor, parsed.value.current, parsed.value.email, mailFor(ctx));
    if (!requested.ok) return requested.error.code === 'validation' ? showAccount(ctx, reply, translate(ctx, requested.error.fields), form.fields) : fail(requested.error);
    return redirectTo(reply, ctx, '/account', 'accounts.email_change_sent');
  });
  pages.get('/account/email/confirm', async (ctx, req, reply) => {
    const done = await confirmEmailChange(db, str((req.query as Record<string, unknown>).token));
    if (!done.ok) return sendPage(reply, <MessagePage ctx={ctx} title={ctx.t('accounts.invalid_link_title')} text={ctx.t(done.error === 'email_taken' ? 'accounts.email_taken' : 'accounts.invalid_link')} />, 410);
    return redirectTo(reply, ctx, ctx.actor.userId ? '/account' : '/sign-in', 'accounts.email_changed');
  });
  pages.post('/account/sessions/:handle/revoke', async (ctx, req, reply) => {
    requireUser(ctx);
    const revoked = await revokeSession(db, ctx.actor, sessionToken(req), (req.params as { handle: string }).handle);
    if (!revoked.ok) return fail(revoked.error);
    if (revoked.value.wasCurrent) {
      clearSessionCookie(reply, config);
      return redirectTo(reply, ctx, '/sign-in', 'accounts.signed_out');
    }
    return redirectTo(reply, ctx, '/account', 'accounts.session_revoked');
  });
  pages.post('/account/sign-out-everywhere', async (ctx, _req, reply) => {
    requireUser(ctx);
    await signOutEverywhere(db, ctx.actor);
    clearSessionCookie(reply, config);
    return redirectTo(reply, ctx, '/sign-in', 'accounts.signed_out_everywhere');
  });

  // ---- Two-factor enrolment ----
  pages.get('/account/two-factor', async (ctx, _req, reply) => {
    requireUser(ctx);
    const started = await startTotpEnrolment(db, ctx.actor);
    if (!started.ok) return started.error.code === 'conflict' ? redirectTo(reply, ctx, '/account') : fail(started.error);
    return sendPage(reply, <EnrolPage ctx={ctx} secret={started.value.secret} uri={started.value.uri} />);
  });
  pages.post('/account/two-factor', async (ctx, req, reply) => {
    const userId = requireUser(ctx);
    const form = readForm(req);
    const started = await startTotpEnrolment(db, ctx.actor);
    if (!started.ok) return started.error.code === 'conflict' ? redirectTo(reply, ctx, '/account') : fail(started.error);
    const parsed = validate(codeSchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, <EnrolPage ctx={ctx} secret={started.value.secret} uri={started.value.uri} error={parsed.error.code} />, 422);
    if (await limits.codeAccount.blocked(userId)) throw tooMany(ctx);
    const confirmed = await confirmTotpEnrolment(db, ctx.actor, sessionToken(req), parsed.value.code);
    if (!confirmed.ok) {
      await limits.codeAccount.hit(userId);
      if (confirmed.error.code === 'validation') return sendPage(reply, <EnrolPage ctx={ctx} secret={started.value.secret} uri={started.value.uri} error={ctx.t('accounts.two_factor_wrong_code')} />, 422);
      return fail(confirmed.error);
    }
    return sendPage(reply, <RecoveryCodesPage ctx={ctx} codes={confirmed.value.recoveryCodes} />);
  });
  pages.post('/account/two-factor/disable', async (ctx, req, reply) => {
    requireUser(ctx);
    const form = readForm(req);
    const parsed = validate(codeSchema, form.fields, ctx.t);
    if (!parsed.ok) return showAccount(ctx, reply, parsed.error);
    const done = await disableTwoFactor(db, ctx.actor, parsed.value.code);
    if (!done.ok) return done.error.code === 'validation' ? showAccount(ctx, reply, translate(ctx, done.error.fields)) : fail(done.error);
    return redirectTo(reply, ctx, '/account', 'accounts.two_factor_disabled');
  });

  // ---- API tokens ----
  pages.post('/account/tokens', async (ctx, req, reply) => {
    requireUser(ctx);
    const form = readForm(req);
    const parsed = validate(apiTokenSchema, form.fields, ctx.t);
    if (!parsed.ok) return showAccount(ctx, reply, parsed.error, form.fields);
    const created = await createApiToken(db, ctx.actor, parsed.value.name, parsed.value.scope);
    if (!created.ok) return fail(created.error);
    // Shown once, on this page (not in a redirect URL): only its hash is kept.
    reply.header('cache-control', 'no-store');
    return showAccount(ctx, reply, {}, {}, created.value.token);
  });
  pages.post('/account/tokens/:id/revoke', async (ctx, req, reply) => {
    requireUser(ctx);
    const revoked = await revokeApiToken(db, ctx.actor, (req.params as { id: string }).id);
    if (!revoked.ok) return fail(revoked.error);
    return redirectTo(reply, ctx, '/account', 'accounts.token_revoked_notice');
  });

  // ---- Personal data ----
  pages.get('/account/data.zip', async (ctx, _req, reply) => {
    const userId = requireUser(ctx);
    const zip = personalDataZip(await personalData(db, userId));
    return reply
      .type('application/zip')
      .header('content-disposition', 'attachment; filename="my-data.zip"')
      .header('cache-control', 'no-store')
      .send(Buffer.from(zip));
  });
  const deletePage = (ctx: PageContext, errors: Errors) => (
    <FormPage ctx={ctx} title={ctx.t('accounts.delete_title')} lead={ctx.t('accounts.delete_lead')} action={href(ctx, '/account/delete')} fields={[{ name: 'password', label: ctx.t('accounts.password'), type: 'password', autocomplete: 'current-password' }]} errors={errors} submit={ctx.t('accounts.delete_submit')} />
  );
  pages.get('/account/delete', async (ctx, _req, reply) => {
    requireUser(ctx);
    return sendPage(reply, deletePage(ctx, {}));
  });
  pages.post('/account/delete', async (ctx, req, reply) => {
    requireUser(ctx);
    const form = readForm(req);
    const erased = await eraseAccount(db, ctx.actor, str(form.fields.password).slice(0, 1024));
    if (!erased.ok) {
      if (erased.error.code === 'validation') return sendPage(reply, deletePage(ctx, translate(ctx, erased.error.fields)), 422);
      if (erased.error.code === 'conflict') return sendPage(reply, deletePage(ctx, { password: ctx.t('accounts.delete_last_admin', { organisations: erased.error.fields?.organisations ?? '' }) }), 409);
      return fail(erased.error);
    }
    clearSessionCookie(reply, config);
    return redirectTo(reply, ctx, '/', 'accounts.deleted');
  });

  // ---- Administration of users ----
  const requireAdmin = (ctx: PageContext) => {
    requireUser(ctx);
    if (!can(ctx.actor, 'manage_users')) throw new AppError('forbidden');
  };
  pages.get('/admin/users', async (ctx, req, reply) => {
    requireAdmin(ctx);
    const query = readQuery(req);
    const parsed = userSearchSchema.safeParse(query);
    const q = parsed.success ? (parsed.data.q ?? '') : '';
    const page = parsed.success ? parsed.data.page : 1;
    return sendPage(reply, <UsersPage ctx={ctx} list={await searchUsers(db, q || undefined, page)} q={q} page={page} />);
  });
  const userAction = (path: string, run: (ctx: PageContext, id: string) => Promise<{ ok: boolean; error?: Failure }>, notice: string) =>
    pages.post(`/admin/users/:id/${path}`, async (ctx, req, reply) => {
      requireAdmin(ctx);
      const id = (req.params as { id: string }).id;
      if (!/^[0-9a-f-]{36}$/i.test(id)) throw new AppError('not_found');
      const result = await run(ctx, id);
      if (!result.ok && result.error) return fail(result.error);
      return redirectTo(reply, ctx, '/admin/users', notice);
    });
  userAction('suspend', (ctx, id) => setUserSuspended(db, ctx.actor, id, true), 'accounts.user_suspended');
  userAction('reactivate', (ctx, id) => setUserSuspended(db, ctx.actor, id, false), 'accounts.user_reactivated');
  userAction('reset-two-factor', (ctx, id) => resetTwoFactor(db, ctx.actor, id), 'accounts.two_factor_reset');
  userAction('resend-confirmation', (ctx, id) => resendConfirmation(db, ctx.actor, id, mailFor(ctx)), 'accounts.confirmation_resent');
}
