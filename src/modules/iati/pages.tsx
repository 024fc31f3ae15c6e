// The IATI upload page: an organisation's editors import a file into their organisation, platform administrators
// into any organisation or none (each activity then goes to its reporting organisation). The file is posted as
// multipart (within UPLOAD_MAX_BYTES), imported by importIatiFile, and the report is shown: counts, then one row
// per record with its line, outcome and reason. A missing, too large or unreadable file re-renders the form with
// the error on the file field. Linked from the organisation's page (for those who may import) and the admin home.
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Deps } from '../../deps.ts';
import { isPlatformAdmin } from '../../kernel/actor.ts';
import { AppError } from '../../kernel/errors.ts';
import { readForm, readQuery } from '../../kernel/form-body.ts';
import { formatNumber } from '../../kernel/format.ts';
import { CsrfField, ErrorSummary, FileField, Select, TextField, Checkbox } from '../../kernel/html/forms.tsx';
import { Layout } from '../../kernel/html/layout.tsx';
import { pick, type Locale } from '../../kernel/i18n.ts';
import { registerSection } from '../../kernel/page-sections.ts';
import { href, pageRoutes, sendPage, type PageContext } from '../../kernel/web.ts';
import { importIatiFile, type ImportEntry, type ImportFileReport } from './commands.ts';
import { can, importableOrganisations } from './policy.ts';
import { activeOrganisationBySlug, iatiCheckOfProject, importTargets, type ImportTarget } from './queries.ts';
import type { Problem } from './rules.ts';

/** Most report rows shown on the page (the counts stay exact beyond it). */
const REPORT_ROWS = 2000;

const targetName = (o: ImportTarget, locale: Locale) => pick({ fr: o.nameFr, en: o.nameEn }, locale).text || o.slug;
const megabytes = (bytes: number, locale: Locale) =>
  bytes >= 1e6
    ? new Intl.NumberFormat(locale, { style: 'unit', unit: 'megabyte', maximumFractionDigits: 1 }).format(bytes / 1e6)
    : new Intl.NumberFormat(locale, { style: 'unit', unit: 'kilobyte', maximumFractionDigits: 0 }).format(bytes / 1e3);

interface FormState {
  organisation: string;
  publish: boolean;
}

function ImportForm({ ctx, targets, values, errors, maxBytes }: { ctx: PageContext; targets: ImportTarget[]; values: FormState; errors: Record<string, string>; maxBytes: number }): JSX.Element {
  const { t, locale } = ctx;
  const admin = isPlatformAdmin(ctx.actor);
  const labels = { organisation: t('iati.import.organisation_label'), file: t('iati.import.file_label') };
  const chosen = targets.find((o) => o.slug === values.organisation);
  return (
    <Layout ctx={ctx} title={t('iati.import.title')}>
      <h1 safe>{t('iati.import.title')}</h1>
      <p safe>{t('iati.import.intro')}</p>
      {chosen ? <p safe>{t('iati.import.intro_organisation', { name: targetName(chosen, locale) })}</p> : ''}
      {admin ? <p safe>{t('iati.import.intro_admin')}</p> : ''}
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      <form method="post" action={href(ctx, '/iati/import')} enctype="multipart/form-data" novalidate>
        <CsrfField ctx={ctx} />
        {admin ? (
          <TextField ctx={ctx} name="organisation" label={labels.organisation} hint={t('iati.import.organisation_hint')} value={values.organisation} error={errors.organisation} />
        ) : (
          <Select
            ctx={ctx}
            name="organisation"
            label={labels.organisation}
            required
            value={values.organisation || (targets.length === 1 ? targets[0]!.slug : '')}
            error={errors.organisation}
            emptyLabel=""
            options={targets.map((o) => ({ value: o.slug, label: targetName(o, locale) }))}
          />
        )}
        <FileField ctx={ctx} name="file" label={labels.file} required hint={t('iati.import.file_hint', { size: megabytes(maxBytes, locale) })} accept=".xml,application/xml,text/xml" error={errors.file} />
        <Checkbox ctx={ctx} name="publish" label={t('iati.import.publish_label')} checked={values.publish} />
        <div class="actions">
          <button type="submit" safe>
            {t('iati.import.submit')}
          </button>
        </div>
      </form>
    </Layout>
  );
}

function entryDetail(ctx: PageContext, e: ImportEntry): string[] {
  const texts: string[] = [];
  if (e.reason) texts.push(ctx.t(e.reason, { line: e.line, ...(e.params ?? {}) }));
  for (const w of e.warnings) texts.push(ctx.t(`iati.warning.${w.code}`, { line: w.line, element: w.element }));
  return texts;
}

function ImportReport({ ctx, report, target }: { ctx: PageContext; report: ImportFileReport; target: ImportTarget | undefined }): JSX.Element {
  const { t, locale } = ctx;
  const c = report.counts;
  const n = (x: number) => formatNumber(x, locale);
  const title = report.readable ? t('iati.import.report_title') : t('iati.import.refused_title');
  const rows = report.entries.slice(0, REPORT_ROWS);
  return (
    <Layout ctx={ctx} title={title}>
      <h1 safe>{title}</h1>
      {target ? <p safe>{t('iati.import.intro_organisation', { name: targetName(target, locale) })}</p> : ''}
      {report.error ? (
        <div class="error-summary" role="alert">
          <p safe>{t(`iati.parse.${report.error.code}`, { line: report.error.line, column: report.error.column })}</p>
        </div>
      ) : (
        ''
      )}
      <p class="lead" safe>
        {t('iati.import.summary', { file: report.fileName, imported: n(c.imported), updated: n(c.updated), skipped: n(c.skipped), warnings: n(c.warnings) })}
      </p>
      {report.root && report.version ? <p safe>{t('iati.import.version', { root: report.root, version: report.version })}</p> : ''}
      {c.organisationsCreated ? <p safe>{t('iati.import.organisations_created', { count: n(c.organisationsCreated) })}</p> : ''}
      {rows.length ? (
        <div class="table-wrap">
          <table>
            <caption safe>{t('iati.import.report_title')}</caption>
            <thead>
              <tr>
                <th scope="col" safe>{t('iati.import.column.line')}</th>
                <th scope="col" safe>{t('iati.import.column.identifier')}</th>
                <th scope="col" safe>{t('iati.import.column.outcome')}</th>
                <th scope="col" safe>{t('iati.import.column.detail')}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((e) => (
                <tr>
                  <td safe>{n(e.line)}</td>
                  <td>
                    <code safe>{e.identifier ?? ''}</code>
                    {e.record === 'organisation' ? <span class="meta" safe>{` (${t('iati.import.record.organisation')})`}</span> : ''}
                  </td>
                  <td safe>{t(`iati.import.outcome.${e.outcome}`)}</td>
                  <td>
                    {entryDetail(ctx, e).map((text) => (
                      <p safe>{text}</p>
                    ))}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        ''
      )}
      {report.truncated || report.entries.length > rows.length ? <p safe>{t('iati.import.truncated', { count: n(rows.length) })}</p> : ''}
      <p>
        <a href={href(ctx, '/iati/import', { organisation: target?.slug })} safe>
          {t('iati.import.again')}
        </a>
      </p>
    </Layout>
  );
}

function ProjectIatiSection({ ctx, projectId, published, problems }: { ctx: PageContext; projectId: string; published: boolean; problems: Problem[] | undefined }): JSX.Element {
  const { t } = ctx;
  // Errors first (they keep the project out of the files), then warnings; each group only when it has problems.
  const groups = (['error', 'warning'] as const)
    .map((severity) => ({ severity, items: problems?.filter((p) => p.severity === severity) ?? [] }))
    .filter((g) => g.items.length > 0);
  return (
    <section aria-labelledby="project-iati">
      <h2 id="project-iati" safe>
        {t('iati.check.title')}
      </h2>
      {published ? (
        <p>
          <a href={`/iati/activities/${projectId}.xml`} type="application/xml" safe>
            {t('iati.check.xml_link')}
          </a>
        </p>
      ) : (
        <p safe>{t('iati.check.not_published')}</p>
      )}
      {problems === undefined ? (
        ''
      ) : problems.length === 0 ? (
        <p class="notice" safe>
          {t('iati.check.ok')}
        </p>
      ) : (
        <div class="problems">
          {groups.map((g) => (
            <>
              <p safe>{t(g.severity === 'error' ? 'iati.check.errors' : 'iati.check.warnings', { n: g.items.length })}</p>
              <ul>
                {g.items.map((p) => (
                  <li>
                    <span safe>{t(`iati.problem.${p.code}`, p.params)}</span> <code safe>{p.field}</code>
                  </li>
                ))}
              </ul>
            </>
          ))}
        </div>
      )}
    </section>
  );
}

export function registerIatiPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db, config } = deps;

  // On the organisation's page, for those who may import into it.
  registerSection<{ id: string; slug?: string }>(app, 'organisation.page', async (ctx, org) => {
    if (!ctx.actor.userId || !can(ctx.actor, 'import', { organisationId: org.id })) return '';
    const [target] = await importTargets(db, [org.id]);
    if (!target) return '';
    return (
      <p class="actions">
        <a class="button secondary" href={href(ctx, '/iati/import', { organisation: target.slug })} safe>
          {ctx.t('iati.import.link')}
        </a>
      </p>
    );
  });

  // On the project's page: its activity file for everyone once published; for those who publish the organisation's
  // open data, what IATI would refuse or question, field by field, before it goes into the file.
  registerSection<{ id: string; organisationId: string; publication: string }>(app, 'project.page', async (ctx, project) => {
    const published = project.publication === 'published';
    const checker = !!ctx.actor.userId && can(ctx.actor, 'import', { organisationId: project.organisationId });
    if (!checker) return published ? String(<ProjectIatiSection ctx={ctx} projectId={project.id} published problems={undefined} />) : '';
    const check = await iatiCheckOfProject(db, project.id); // only for those who can act on it: a visitor's page stays two statements
    return check ? String(<ProjectIatiSection ctx={ctx} projectId={project.id} published={published} problems={check.problems} />) : '';
  });

  /** Who may use the page at all: signed in, and an administrator or an editor of an organisation. */
  const allowedTargets = async (ctx: PageContext): Promise<ImportTarget[]> => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const targets = await importTargets(db, importableOrganisations(ctx.actor));
    if (!isPlatformAdmin(ctx.actor) && targets.length === 0) throw new AppError('forbidden');
    return targets;
  };

  const showForm = async (ctx: PageContext, reply: FastifyReply, values: FormState, errors: Record<string, string>, status = 200) =>
    sendPage(reply, <ImportForm ctx={ctx} targets={await allowedTargets(ctx)} values={values} errors={errors} maxBytes={config.uploadMaxBytes} />, status);

  pages.get('/iati/import', async (ctx, req, reply) => {
    const organisation = readQuery(req).organisation;
    return showForm(ctx, reply, { organisation: typeof organisation === 'string' ? organisation.slice(0, 120) : '', publish: true }, {});
  });

  // A file over the size cap never reaches the handler: the form comes back with the error on the file field.
  const tooLarge = async (error: FastifyError, req: FastifyRequest, reply: FastifyReply) => {
    const e = error as FastifyError & { code?: string };
    const large = e.statusCode === 413 || e.code === 'FST_REQ_FILE_TOO_LARGE' || e.code === 'FST_ERR_CTP_BODY_TOO_LARGE';
    if (!large || !req.ctx?.actor.userId) throw error;
    const ctx = req.ctx;
    return showForm(ctx, reply, { organisation: '', publish: true }, { file: ctx.t('iati.import.too_large', { size: megabytes(config.uploadMaxBytes, ctx.locale) }) }, 413);
  };

  pages.post(
    '/iati/import',
    async (ctx, req, reply) => {
      const targets = await allowedTargets(ctx);
      const form = readForm(req);
      const slug = typeof form.fields.organisation === 'string' ? form.fields.organisation.trim().slice(0, 120) : '';
      const values: FormState = { organisation: slug, publish: form.fields.publish === 'on' };
      const errors: Record<string, string> = {};
      let target: ImportTarget | undefined;
      if (slug) {
        const org = targets.find((o) => o.slug === slug) ?? (isPlatformAdmin(ctx.actor) ? await activeOrganisationBySlug(db, slug) : undefined);
        if (org && can(ctx.actor, 'import', { organisationId: org.id })) target = { id: org.id, slug: org.slug, nameFr: org.nameFr, nameEn: org.nameEn };
        else errors.organisation = ctx.t('iati.import.organisation_unknown');
      } else if (!can(ctx.actor, 'import', {})) errors.organisation = ctx.t('iati.import.organisation_unknown');
      const file = form.files.file;
      if (!file) errors.file = ctx.t('iati.import.no_file');
      if (Object.keys(errors).length || !file) return showForm(ctx, reply, values, errors, 422);

      const imported = await importIatiFile(db, ctx.actor, { name: file.fileName, data: [file.data] }, { origin: 'upload', organisationId: target?.id, publish: values.publish, maxEntries: REPORT_ROWS });
      if (!imported.ok) {
        if (imported.error.code === 'forbidden' || imported.error.code === 'not_found') return showForm(ctx, reply, values, { organisation: ctx.t('iati.import.organisation_unknown') }, 422);
        throw new AppError(imported.error.code);
      }
      const report = imported.value;
      const c = report.counts;
      // A file refused before any record (not XML, hostile, wrong root…): the form again, with why.
      if (!report.readable && c.imported + c.updated + c.skipped === 0 && report.error) {
        return showForm(ctx, reply, values, { file: ctx.t(`iati.parse.${report.error.code}`, { line: report.error.line, column: report.error.column }) }, 422);
      }
      return sendPage(reply, <ImportReport ctx={ctx} report={report} target={target} />, report.readable ? 200 : 422);
    },
    // Fastify awaits an async error handler (a throw goes on to app.ts's handler); its type says void.
    // eslint-disable-next-line @typescript-eslint/no-misused-promises
    { errorHandler: tooLarge },
  );
}
