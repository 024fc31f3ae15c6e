// Platform administration: the mail outbox, the audit log with filters, the platform settings.
// (Users are managed from the accounts module, organisation claims from the organisations module.)
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../kernel/errors.ts';
import { readForm, readQuery } from '../../kernel/form-body.ts';
import { formatDateTime } from '../../kernel/format.ts';
import { AuditTable } from '../../kernel/html/audit-table.tsx';
import { Checkbox, CsrfField, ErrorSummary, FileField, Select, TextField } from '../../kernel/html/forms.tsx';
import { Layout } from '../../kernel/html/layout.tsx';
import { Paging } from '../../kernel/html/paging.tsx';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { savePlatformSettings } from './commands.ts';
import { can, type AdminAction } from './policy.ts';
import { AUDIT_PAGE_SIZE, listOutbox, OUTBOX_PAGE_SIZE, readPlatformSettings, searchAudit, type PlatformSettings } from './queries.ts';
import { auditFilterSchema, outboxFilterSchema, settingsSchema, type AuditFilter } from './schema.ts';

function AdminHome({ ctx }: { ctx: PageContext }): JSX.Element {
  const { t } = ctx;
  const links: [string, string][] = [
    ['/admin/users', 'admin.users'],
    ['/admin/claims', 'admin.claims'],
    ['/admin/audit', 'admin.audit'],
    ['/admin/outbox', 'admin.outbox'],
    ['/admin/settings', 'admin.settings'],
    ['/iati/import', 'iati.import.link'],
  ];
  return (
    <Layout ctx={ctx} title={t('admin.title')}>
      <h1 safe>{t('admin.title')}</h1>
      <ul>
        {links.map(([path, key]) => (
          <li>
            <a href={href(ctx, path)} safe>
              {t(key)}
            </a>
          </li>
        ))}
      </ul>
    </Layout>
  );
}

type Outbox = Awaited<ReturnType<typeof listOutbox>>;

function OutboxPage({ ctx, outbox, to, page }: { ctx: PageContext; outbox: Outbox; to: string; page: number }): JSX.Element {
  const { t } = ctx;
  return (
    <Layout ctx={ctx} title={t('admin.outbox')}>
      <h1 safe>{t('admin.outbox')}</h1>
      <p class="lead" safe>{t('admin.outbox_lead')}</p>
      <form method="get" action={href(ctx, '/admin/outbox')} role="search" class="narrow-form">
        <TextField ctx={ctx} name="to" type="search" label={t('admin.outbox_to')} value={to} />
        <div class="actions">
          <button type="submit" safe>{t('admin.filter')}</button>
        </div>
      </form>
      <p class="result-count" safe>{t('admin.count', { n: outbox.total })}</p>
      {outbox.items.map((m) => (
        <article class="mail">
          <h2 safe>{m.subject}</h2>
          <p class="muted" safe>{t('admin.mail_meta', { to: m.to, at: formatDateTime(m.createdAt, ctx.locale), kind: m.kind, status: m.status })}</p>
          <pre class="mail-text" safe>{m.text}</pre>
        </article>
      ))}
      <Paging ctx={ctx} path="/admin/outbox" query={{ to }} info={{ page, pageSize: OUTBOX_PAGE_SIZE, total: outbox.total }} />
    </Layout>
  );
}

type Audit = Awaited<ReturnType<typeof searchAudit>>;

function AuditPage({ ctx, audit, filter }: { ctx: PageContext; audit: Audit; filter: AuditFilter }): JSX.Element {
  const { t } = ctx;
  const query = { action: filter.action, actor: filter.actor, organisation: filter.organisation, subjectType: filter.subjectType, from: filter.from, to: filter.to };
  return (
    <Layout ctx={ctx} title={t('admin.audit')}>
      <h1 safe>{t('admin.audit')}</h1>
      <form method="get" action={href(ctx, '/admin/audit')} role="search" class="filters-inline">
        <TextField ctx={ctx} name="action" label={t('admin.audit_action')} hint={t('admin.audit_action_hint')} value={filter.action} />
        <TextField ctx={ctx} name="actor" type="email" label={t('admin.audit_actor')} value={filter.actor} />
        <TextField ctx={ctx} name="organisation" label={t('admin.audit_organisation')} hint={t('admin.audit_organisation_hint')} value={filter.organisation} />
        <TextField ctx={ctx} name="subjectType" label={t('admin.audit_subject_type')} value={filter.subjectType} />
        <TextField ctx={ctx} name="from" type="date" label={t('admin.audit_from')} value={filter.from} />
        <TextField ctx={ctx} name="to" type="date" label={t('admin.audit_to')} value={filter.to} />
        <div class="actions">
          <button type="submit" safe>{t('admin.filter')}</button>
        </div>
      </form>
      <p class="result-count" safe>{t('admin.count', { n: audit.total })}</p>
      <AuditTable ctx={ctx} items={audit.items} />
      <Paging ctx={ctx} path="/admin/audit" query={query} info={{ page: filter.page, pageSize: AUDIT_PAGE_SIZE, total: audit.total }} />
    </Layout>
  );
}

function SettingsPage({ ctx, values, errors, logoUrl }: { ctx: PageContext; values: Record<string, string | undefined>; errors: Record<string, string>; logoUrl: string | null }): JSX.Element {
  const { t } = ctx;
  const labels = { territoryName: t('admin.territory_name'), defaultLocale: t('admin.default_locale'), contactEmail: t('admin.contact_email'), logo: t('admin.logo'), removeLogo: t('admin.logo_remove') };
  return (
    <Layout ctx={ctx} title={t('admin.settings')}>
      <h1 safe>{t('admin.settings')}</h1>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={href(ctx, '/admin/settings')} enctype="multipart/form-data" class="narrow-form" novalidate>
        <CsrfField ctx={ctx} />
        <TextField ctx={ctx} name="territoryName" label={labels.territoryName} value={values.territoryName} error={errors.territoryName} required />
        <Select ctx={ctx} name="defaultLocale" label={labels.defaultLocale} value={values.defaultLocale} error={errors.defaultLocale} options={[{ value: 'fr', label: 'Français' }, { value: 'en', label: 'English' }]} required />
        <TextField ctx={ctx} name="contactEmail" type="email" label={labels.contactEmail} hint={t('admin.contact_email_hint')} value={values.contactEmail} error={errors.contactEmail} autocomplete="email" />
        <fieldset>
          <legend safe>{t('admin.logo')}</legend>
          <p>
            <img src={logoUrl ?? '/assets/logo.svg'} alt={t(logoUrl ? 'admin.logo_current' : 'admin.logo_default')} width="64" height="64" />
          </p>
          <FileField ctx={ctx} name="logo" label={t('admin.logo_new')} hint={t('admin.logo_hint')} accept="image/png,image/jpeg,image/webp,image/gif" error={errors.logo} />
          {logoUrl ? <Checkbox ctx={ctx} name="removeLogo" label={labels.removeLogo} checked={values.removeLogo === 'on'} /> : ''}
        </fieldset>
        <div class="actions">
          <button type="submit" safe>{t('admin.save')}</button>
        </div>
      </form>
    </Layout>
  );
}

export function registerAdminPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db, config } = deps;
  const require = (ctx: PageContext, action: AdminAction) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    if (!can(ctx.actor, action)) throw new AppError('forbidden');
  };

  pages.get('/admin', async (ctx, _req, reply) => {
    require(ctx, 'browse_audit');
    return sendPage(reply, <AdminHome ctx={ctx} />);
  });

  pages.get('/admin/outbox', async (ctx, req, reply) => {
    require(ctx, 'read_outbox');
    const parsed = outboxFilterSchema.safeParse(readQuery(req));
    const to = parsed.success ? (parsed.data.to ?? '') : '';
    const page = parsed.success ? parsed.data.page : 1;
    reply.header('cache-control', 'no-store');
    return sendPage(reply, <OutboxPage ctx={ctx} outbox={await listOutbox(db, to || undefined, page)} to={to} page={page} />);
  });

  pages.get('/admin/audit', async (ctx, req, reply) => {
    require(ctx, 'browse_audit');
    const parsed = auditFilterSchema.safeParse(readQuery(req));
    const filter: AuditFilter = parsed.success ? parsed.data : { page: 1 };
    return sendPage(reply, <AuditPage ctx={ctx} audit={await searchAudit(db, filter)} filter={filter} />);
  });

  const current = async (): Promise<{ values: Record<string, string | undefined>; logoUrl: string | null }> => {
    const s: PlatformSettings = await readPlatformSettings(db);
    return {
      values: { territoryName: s.territoryName ?? config.territoryName, defaultLocale: s.defaultLocale ?? config.defaultLocale, contactEmail: s.contactEmail ?? undefined },
      logoUrl: s.logoFileId ? `/files/${s.logoFileId}` : null,
    };
  };
  pages.get('/admin/settings', async (ctx, _req, reply) => {
    require(ctx, 'manage_settings');
    const { values, logoUrl } = await current();
    return sendPage(reply, <SettingsPage ctx={ctx} values={values} errors={{}} logoUrl={logoUrl} />);
  });
  pages.post('/admin/settings', async (ctx, req, reply) => {
    require(ctx, 'manage_settings');
    const form = readForm(req);
    const values = Object.fromEntries(['territoryName', 'defaultLocale', 'contactEmail', 'removeLogo'].map((k) => [k, typeof form.fields[k] === 'string' ? (form.fields[k] as string) : undefined]));
    const refuse = async (errors: Record<string, string>) => sendPage(reply, <SettingsPage ctx={ctx} values={values} errors={errors} logoUrl={(await current()).logoUrl} />, 422);
    const parsed = validate(settingsSchema, form.fields, ctx.t);
    if (!parsed.ok) return refuse(parsed.error);
    const saved = await savePlatformSettings(db, ctx.actor, parsed.value, form.files.logo);
    if (!saved.ok) {
      if (saved.error.code === 'validation') return refuse(Object.fromEntries(Object.entries(saved.error.fields ?? {}).map(([k, v]) => [k, ctx.t(v)])));
      throw new AppError(saved.error.code);
    }
    return redirectTo(reply, ctx, '/admin/settings', 'admin.saved');
  });
}
