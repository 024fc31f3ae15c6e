// The alliance charter page: the coordinator adopts a new version (values, priority areas, priority and
// cross-cutting themes, admission criteria, decision rule); members sign the deed of commitment of the version
// in force. Forms post and redirect; a refused form comes back with 422 and what was typed.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError, type Failure } from '../../kernel/errors.ts';
import { readForm } from '../../kernel/form-body.ts';
import { formatDate } from '../../kernel/format.ts';
import { CheckboxGroup, CsrfField, ErrorSummary, Select, TextArea, TextField } from '../../kernel/html/forms.tsx';
import { Layout } from '../../kernel/html/layout.tsx';
import { pick } from '../../kernel/i18n.ts';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { themeOptions } from '../taxonomy/themes.ts';
import { adoptCharter, signCharter } from './commands.ts';
import { can } from './policy.ts';
import { loadAlliancePage, organisationsActorEdits, type AlliancePage } from './queries.ts';
import { charterInputSchema, charterSignSchema } from './schema.ts';

type Values = Record<string, string | string[]>;
const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '');
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const translate = (ctx: PageContext, f: Failure): Record<string, string> => Object.fromEntries(Object.entries(f.fields ?? {}).map(([k, v]) => [k, ctx.t(v)]));
const charterFields = ['valuesFr', 'valuesEn', 'priorityAreas', 'priorityThemes', 'crossCuttingThemes', 'admissionCriteria', 'decisionRule', 'adoptedOn'] as const;
const signFields = ['organisationId', 'signatoryName', 'signatoryRole'] as const;

/** The version in force as form values, so a new version starts from it. */
function charterValues(page: AlliancePage): Values {
  const c = page.charter;
  if (!c) return { decisionRule: 'member_vote', adoptedOn: new Date().toISOString().slice(0, 10) };
  const lines = (items: { fr: string; en: string }[]) => items.map((i) => `${i.fr} | ${i.en}`).join('\n');
  return {
    valuesFr: c.valuesFr ?? '', valuesEn: c.valuesEn ?? '', priorityAreas: lines(c.priorityAreas), priorityThemes: c.priorityThemes, crossCuttingThemes: c.crossCuttingThemes,
    admissionCriteria: lines(c.admissionCriteria), decisionRule: c.decisionRule, adoptedOn: new Date().toISOString().slice(0, 10),
  };
}

interface Rights {
  manage: boolean;
  /** Member organisations the actor may sign for that have not signed the version in force. */
  unsigned: { id: string; name: string }[];
}

function CharterPage({ ctx, page, rights, adopt, sign }: { ctx: PageContext; page: AlliancePage; rights: Rights; adopt: { values: Values; errors: Record<string, string> }; sign: { values: Values; errors: Record<string, string> } }): JSX.Element {
  const { t, locale } = ctx;
  const name = pick({ fr: page.alliance.nameFr, en: page.alliance.nameEn }, locale).text;
  const c = page.charter;
  const label = (f: string) => t(`alliances.charterfield.${f}`);
  const themes = themeOptions(locale);
  const signedCount = c ? page.members.filter((m) => m.signatures.some((s) => s.charterVersion === c.version)).length : 0;
  return (
    <Layout ctx={ctx} title={t('alliances.charter_page.title', { name })} section="/alliances">
      <h1 safe>{t('alliances.charter_page.title', { name })}</h1>
      {c ? (
        <p safe>{t('alliances.charter_page.in_force', { version: String(c.version), date: formatDate(c.adoptedOn, locale), signed: String(signedCount), members: String(page.members.length) })}</p>
      ) : (
        <p safe>{t('alliances.charter_page.none')}</p>
      )}
      {c && rights.unsigned.length ? (
        <section aria-labelledby="sign">
          <h2 id="sign" safe>
            {t('alliances.charter_page.sign_title', { version: String(c.version) })}
          </h2>
          <p safe>{pick({ fr: c.valuesFr, en: c.valuesEn }, locale).text}</p>
          <ErrorSummary ctx={ctx} errors={sign.errors} labels={Object.fromEntries(signFields.map((f) => [f, label(f)]))} />
          <form method="post" action={href(ctx, `/alliances/${page.alliance.slug}/charter/sign`)} novalidate>
            <CsrfField ctx={ctx} />
            <Select ctx={ctx} name="organisationId" label={label('organisationId')} value={str(sign.values.organisationId)} options={rights.unsigned.map((o) => ({ value: o.id, label: o.name }))} error={sign.errors.organisationId} />
            <TextField ctx={ctx} name="signatoryName" label={label('signatoryName')} value={str(sign.values.signatoryName)} error={sign.errors.signatoryName} required />
            <TextField ctx={ctx} name="signatoryRole" label={label('signatoryRole')} value={str(sign.values.signatoryRole)} error={sign.errors.signatoryRole} required />
            <button type="submit" safe>
              {t('alliances.charter_page.sign')}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      {rights.manage ? (
        <section aria-labelledby="adopt">
          <h2 id="adopt" safe>
            {t('alliances.charter_page.adopt_title', { version: String((c?.version ?? 0) + 1) })}
          </h2>
          <p safe>{t('alliances.charter_page.adopt_lead')}</p>
          <ErrorSummary ctx={ctx} errors={adopt.errors} labels={Object.fromEntries(charterFields.map((f) => [f, label(f)]))} />
          <form method="post" action={href(ctx, `/alliances/${page.alliance.slug}/charter`)} novalidate>
            <CsrfField ctx={ctx} />
            <TextArea ctx={ctx} name="valuesFr" label={label('valuesFr')} value={str(adopt.values.valuesFr)} error={adopt.errors.valuesFr} rows={5} required />
            <TextArea ctx={ctx} name="valuesEn" label={label('valuesEn')} value={str(adopt.values.valuesEn)} error={adopt.errors.valuesEn} rows={5} />
            <TextArea ctx={ctx} name="priorityAreas" label={label('priorityAreas')} hint={t('alliances.charter_page.lines_hint')} value={str(adopt.values.priorityAreas)} error={adopt.errors.priorityAreas} rows={4} required />
            <CheckboxGroup ctx={ctx} name="priorityThemes" label={label('priorityThemes')} values={list(adopt.values.priorityThemes)} error={adopt.errors.priorityThemes} options={themes} columns />
            <CheckboxGroup ctx={ctx} name="crossCuttingThemes" label={label('crossCuttingThemes')} values={list(adopt.values.crossCuttingThemes)} error={adopt.errors.crossCuttingThemes} options={themes} columns />
            <TextArea ctx={ctx} name="admissionCriteria" label={label('admissionCriteria')} hint={t('alliances.charter_page.lines_hint')} value={str(adopt.values.admissionCriteria)} error={adopt.errors.admissionCriteria} rows={4} required />
            <Select
              ctx={ctx}
              name="decisionRule"
              label={label('decisionRule')}
              value={str(adopt.values.decisionRule)}
              error={adopt.errors.decisionRule}
              options={[
                { value: 'member_vote', label: t('alliances.rule.member_vote') },
                { value: 'coordinator', label: t('alliances.rule.coordinator') },
              ]}
            />
            <TextField ctx={ctx} name="adoptedOn" type="date" label={label('adoptedOn')} value={str(adopt.values.adoptedOn)} error={adopt.errors.adoptedOn} required />
            <button type="submit" safe>
              {t('alliances.charter_page.adopt')}
            </button>
          </form>
        </section>
      ) : (
        ''
      )}
      <p>
        <a href={href(ctx, `/alliances/${page.alliance.slug}`)} safe>
          {t('alliances.charter_page.back', { name })}
        </a>
      </p>
    </Layout>
  );
}

export function registerCharterPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db } = deps;

  const load = async (ctx: PageContext, slug: string) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const page = await loadAlliancePage(db, ctx.actor, slug);
    if (!page) throw new AppError('not_found');
    const ref = { memberIds: page.members.map((m) => m.organisation.id), coordinatorOrganisationId: page.alliance.coordinatorOrganisationId };
    const mine = await organisationsActorEdits(db, ctx.actor);
    const version = page.charter?.version;
    const unsigned = mine
      .filter((o) => can(ctx.actor, 'sign_charter', ref, undefined, o.id))
      .filter((o) => !page.members.find((m) => m.organisation.id === o.id)?.signatures.some((s) => s.charterVersion === version))
      .map((o) => ({ id: o.id, name: pick({ fr: o.nameFr, en: o.nameEn }, ctx.locale).text || o.slug }));
    const rights: Rights = { manage: can(ctx.actor, 'manage', ref), unsigned };
    const memberOfAny = mine.some((o) => ref.memberIds.includes(o.id) && can(ctx.actor, 'sign_charter', ref, undefined, o.id));
    if (!rights.manage && !memberOfAny) throw new AppError('forbidden');
    return { page, rights };
  };
  const slugOf = (req: { params: unknown }) => String((req.params as { slug?: string }).slug ?? '');
  const empty = { values: {}, errors: {} };

  pages.get('/alliances/:slug/charter', async (ctx, req, reply) => {
    const { page, rights } = await load(ctx, slugOf(req));
    return sendPage(reply, <CharterPage ctx={ctx} page={page} rights={rights} adopt={{ values: charterValues(page), errors: {} }} sign={empty} />);
  });

  pages.post('/alliances/:slug/charter', async (ctx, req, reply) => {
    const { page, rights } = await load(ctx, slugOf(req));
    if (!rights.manage) throw new AppError('forbidden');
    const form = readForm(req);
    const again = (errors: Record<string, string>) => sendPage(reply, <CharterPage ctx={ctx} page={page} rights={rights} adopt={{ values: form.fields, errors }} sign={empty} />, 422);
    const parsed = validate(charterInputSchema, form.fields, ctx.t);
    if (!parsed.ok) return again(parsed.error);
    const done = await adoptCharter(db, ctx.actor, page.alliance.id, parsed.value);
    if (!done.ok) {
      if (done.error.code === 'validation') return again(translate(ctx, done.error));
      throw new AppError(done.error.code);
    }
    return redirectTo(reply, ctx, `/alliances/${page.alliance.slug}/charter`, 'alliances.charter_adopted');
  });

  pages.post('/alliances/:slug/charter/sign', async (ctx, req, reply) => {
    const { page, rights } = await load(ctx, slugOf(req));
    const form = readForm(req);
    const again = (errors: Record<string, string>) => sendPage(reply, <CharterPage ctx={ctx} page={page} rights={rights} adopt={{ values: charterValues(page), errors: {} }} sign={{ values: form.fields, errors }} />, 422);
    const parsed = validate(charterSignSchema, form.fields, ctx.t);
    if (!parsed.ok) return again(parsed.error);
    const done = await signCharter(db, ctx.actor, page.alliance.id, parsed.value.organisationId, { name: parsed.value.signatoryName, role: parsed.value.signatoryRole });
    if (!done.ok) {
      if (done.error.code === 'validation') return again(translate(ctx, done.error));
      throw new AppError(done.error.code);
    }
    return redirectTo(reply, ctx, `/alliances/${page.alliance.slug}/charter`, 'alliances.charter_signed');
  });
}
