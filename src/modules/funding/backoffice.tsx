// Funding back office: create and edit an envelope with its earmarked lines, manage the funder team (add a person
// by the e-mail of their account with a role, take a role away), edit a call until it opens. Staff of the funder
// only (with the second factor). Same rules as pages.tsx: thin handlers, per-field errors, 422 with what was typed.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError, type Failure } from '../../kernel/errors.ts';
import { readForm } from '../../kernel/form-body.ts';
import { Checkbox, CsrfField, ErrorSummary, Select, TextField } from '../../kernel/html/forms.tsx';
import { Layout } from '../../kernel/html/layout.tsx';
import { pick } from '../../kernel/i18n.ts';
import { isUuid } from '../../kernel/ids.ts';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { addTeamMemberByEmail, fundingActor, removeTeamMember, saveEnvelope, updateCall } from './commands.ts';
import { CallForm } from './pages.tsx';
import { can, teamRoles } from './policy.ts';
import { findCall, findEnvelope, linesOfEnvelope, lineFigures, organisationsByIds, teamOf, type CallRow, type EnvelopeRow, type LineRow } from './queries.ts';
import { instantToLocal } from './rules.ts';
import { callEditSchema, envelopeFormSchema, envelopeLineRows, envelopeLineSchema, teamMemberSchema, teamRemovalSchema, type EnvelopeLineInput } from './schema.ts';

type Values = Record<string, string | string[]>;
const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : Array.isArray(v) ? (v[0] ?? '') : '');
const moneyInput = (cents: number) => (cents ? (cents / 100).toFixed(2).replace(/\.00$/, '') : '0');
const translate = (ctx: PageContext, f: Failure) => Object.fromEntries(Object.entries(f.fields ?? {}).map(([k, v]) => [k, ctx.t(v)]));
const idParam = (req: { params: unknown }): string => {
  const v = (req.params as Record<string, string>).id ?? '';
  if (!isUuid(v)) throw new AppError('not_found');
  return v;
};
const signedIn = (ctx: PageContext) => {
  if (!ctx.actor.userId) throw new AppError('unauthenticated');
};
/** Blank rows offered under the existing lines to add new ones. */
const BLANK_ROWS = 3;
const envelopeFields = ['year', 'nameFr', 'nameEn', 'amountCents', 'currency', 'grantorName', 'grantorSiret'] as const;
const lineFields = ['nameFr', 'nameEn', 'earmarked', 'emergency'] as const;

export function envelopeValues(envelope: EnvelopeRow, rows: readonly LineRow[]): Values {
  const v: Values = {
    year: String(envelope.year), nameFr: envelope.nameFr, nameEn: envelope.nameEn ?? '', amountCents: moneyInput(envelope.amountCents), currency: envelope.currency,
    grantorName: envelope.grantorName, grantorSiret: envelope.grantorSiret, version: String(envelope.version),
  };
  rows.forEach((l, i) => {
    v[`line${i}_id`] = l.id;
    v[`line${i}_nameFr`] = l.nameFr;
    v[`line${i}_nameEn`] = l.nameEn ?? '';
    v[`line${i}_earmarked`] = moneyInput(l.earmarkedCents);
    if (l.isEmergency) v[`line${i}_emergency`] = 'on';
  });
  return v;
}

export function callValues(call: CallRow): Values {
  return {
    version: String(call.version), titleFr: call.titleFr, titleEn: call.titleEn ?? '', textFr: call.textFr, textEn: call.textEn ?? '',
    opensAt: instantToLocal(call.opensAt), closesAt: instantToLocal(call.closesAt), eligibleSubtypes: call.eligibleSubtypes, countries: call.countries, themes: call.themes,
    minAmountCents: call.minAmountCents === null ? '' : moneyInput(call.minAmountCents), maxAmountCents: call.maxAmountCents === null ? '' : moneyInput(call.maxAmountCents),
    coFinancingMinPercent: String(call.coFinancingMinPercent),
    criteria: call.criteria.map((c) => `${c.labelFr} | ${c.labelEn} | ${c.weight}`).join('\n'),
    requiredDocuments: call.requiredDocuments.map((d) => `${d.labelFr} | ${d.labelEn}`).join('\n'),
    questions: call.questions.map((q) => `${q.labelFr} | ${q.labelEn} | ${q.required ? 'oui' : 'non'}`).join('\n'),
    trancheShares: call.trancheShares.join(', '), trancheIntervalMonths: String(call.trancheIntervalMonths),
  };
}

/** Validates the envelope form: the envelope's fields, then each row of lines, errors named `line{i}_{field}`. */
function readEnvelopeForm(ctx: PageContext, fields: Values) {
  const errors: Record<string, string> = {};
  const head = validate(envelopeFormSchema, fields, ctx.t);
  if (!head.ok) Object.assign(errors, head.error);
  const parsedLines: EnvelopeLineInput[] = [];
  const rows = envelopeLineRows(fields);
  for (const { index, raw } of rows) {
    const line = validate(envelopeLineSchema, raw, ctx.t);
    if (!line.ok) {
      for (const [k, m] of Object.entries(line.error)) errors[`line${index}_${k === 'earmarkedCents' ? 'earmarked' : k === 'id' ? 'nameFr' : k}`] = m;
    } else parsedLines.push(line.value);
  }
  // Errors from the command name rows by their position among the filled rows; map them back to the form's rows.
  const rowIndex = rows.map((r) => r.index);
  if (!head.ok || Object.keys(errors).length) return { ok: false as const, errors, rowIndex };
  return { ok: true as const, value: { ...head.value, lines: parsedLines }, version: head.value.version, rowIndex };
}

const renumber = (errors: Record<string, string>, rowIndex: readonly number[]) =>
  Object.fromEntries(Object.entries(errors).map(([k, v]) => {
    const m = /^line(\d+)_(.+)$/.exec(k);
    return [m ? `line${rowIndex[Number(m[1])] ?? 0}_${m[2]}` : k, v];
  }));

export function registerFundingBackOffice(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db } = deps;

  const requireStaff = async (ctx: PageContext, funderId: string, action: 'manage_envelope' | 'manage_team' | 'manage_call') => {
    signedIn(ctx);
    const w = await fundingActor(db, ctx.actor, funderId);
    if (!can(w, action)) throw new AppError('forbidden');
  };
  const funderName = async (ctx: PageContext, funderId: string) => {
    const o = (await organisationsByIds(db, [funderId])).get(funderId);
    if (!o) throw new AppError('not_found');
    return pick({ fr: o.nameFr, en: o.nameEn }, ctx.locale).text || o.slug;
  };

  // ── Envelopes ──
  function EnvelopeForm({ ctx, action, title, values, errors, rows, committed }: { ctx: PageContext; action: string; title: string; values: Values; errors: Record<string, string>; rows: number; committed: Map<string, number> }): JSX.Element {
    const { t } = ctx;
    const label = (f: string) => t(`funding.envelopefield.${f}`);
    const labels: Record<string, string> = Object.fromEntries(envelopeFields.map((f) => [f, label(f)]));
    for (let i = 0; i < rows; i++) for (const f of lineFields) labels[`line${i}_${f}`] = t('funding.envelope.line_field', { n: String(i + 1), field: label(`line_${f}`) });
    const tf = (name: string, extra: { hint?: string; required?: boolean; type?: string } = {}) => <TextField ctx={ctx} name={name} label={labels[name] ?? name} value={str(values[name])} error={errors[name]} {...extra} />;
    return (
      <Layout ctx={ctx} title={title} section="/funding">
        <h1 safe>{title}</h1>
        <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
        <form method="post" action={href(ctx, action)} novalidate>
          <CsrfField ctx={ctx} />
          {values.version ? <input type="hidden" name="version" value={str(values.version)} /> : ''}
          {tf('year', { required: true, type: 'number' })}
          {tf('nameFr', { required: true })}
          {tf('nameEn')}
          {tf('amountCents', { required: true, hint: t('funding.hint.amount') })}
          {tf('currency', { hint: t('funding.envelope.currency_hint') })}
          {tf('grantorName', { required: true })}
          {tf('grantorSiret', { required: true, hint: t('funding.envelope.siret_hint') })}
          <h2 safe>{t('funding.envelope.lines')}</h2>
          <p safe>{t('funding.envelope.lines_hint')}</p>
          {Array.from({ length: rows }, (_, i) => {
            const id = str(values[`line${i}_id`]);
            const floor = id ? committed.get(id) : undefined;
            return (
              <fieldset>
                <legend safe>{id ? t('funding.envelope.line_n', { n: String(i + 1) }) : t('funding.envelope.new_line')}</legend>
                {id ? <input type="hidden" name={`line${i}_id`} value={id} /> : ''}
                <TextField ctx={ctx} name={`line${i}_nameFr`} label={label('line_nameFr')} value={str(values[`line${i}_nameFr`])} error={errors[`line${i}_nameFr`]} />
                <TextField ctx={ctx} name={`line${i}_nameEn`} label={label('line_nameEn')} value={str(values[`line${i}_nameEn`])} error={errors[`line${i}_nameEn`]} />
                <TextField
                  ctx={ctx}
                  name={`line${i}_earmarked`}
                  label={label('line_earmarked')}
                  value={str(values[`line${i}_earmarked`])}
                  error={errors[`line${i}_earmarked`]}
                  hint={floor ? t('funding.envelope.committed_floor', { amount: moneyInput(floor) }) : t('funding.hint.amount')}
                />
                <Checkbox ctx={ctx} name={`line${i}_emergency`} label={label('line_emergency')} checked={values[`line${i}_emergency`] !== undefined} error={errors[`line${i}_emergency`]} />
              </fieldset>
            );
          })}
          <button type="submit" safe>
            {t('form.save')}
          </button>
        </form>
      </Layout>
    );
  }

  const rowCount = (values: Values) => {
    let last = -1;
    for (const k of Object.keys(values)) {
      const m = /^line(\d+)_/.exec(k);
      if (m && Number(m[1]) < 40) last = Math.max(last, Number(m[1]));
    }
    return last + 1;
  };

  pages.get('/funding/funders/:id/envelopes/new', async (ctx, req, reply) => {
    const funderId = idParam(req);
    await requireStaff(ctx, funderId, 'manage_envelope');
    const name = await funderName(ctx, funderId);
    const values: Values = { year: String(new Date().getFullYear() + 1), currency: 'EUR', grantorName: name };
    return sendPage(reply, <EnvelopeForm ctx={ctx} action={`/funding/funders/${funderId}/envelopes/new`} title={ctx.t('funding.envelope.new')} values={values} errors={{}} rows={BLANK_ROWS} committed={new Map()} />);
  });

  pages.post('/funding/funders/:id/envelopes/new', async (ctx, req, reply) => {
    const funderId = idParam(req);
    await requireStaff(ctx, funderId, 'manage_envelope');
    const form = readForm(req);
    const showAgain = (errors: Record<string, string>) =>
      sendPage(reply, <EnvelopeForm ctx={ctx} action={`/funding/funders/${funderId}/envelopes/new`} title={ctx.t('funding.envelope.new')} values={form.fields} errors={errors} rows={Math.max(BLANK_ROWS, rowCount(form.fields))} committed={new Map()} />, 422);
    const read = readEnvelopeForm(ctx, form.fields);
    if (!read.ok) return showAgain(read.errors);
    const lines = read.value.lines.map((l) => ({ ...l, id: undefined }));
    if (lines.length === 0) return showAgain({ line0_nameFr: ctx.t('funding.error.lines_required') });
    const saved = await saveEnvelope(db, ctx.actor, funderId, undefined, undefined, { ...read.value, lines });
    if (!saved.ok) {
      if (saved.error.code === 'validation') return showAgain(renumber(translate(ctx, saved.error), read.rowIndex));
      throw new AppError(saved.error.code);
    }
    return redirectTo(reply, ctx, `/funding/envelopes/${saved.value.id}`, 'funding.notice_saved');
  });

  const loadEnvelope = async (ctx: PageContext, id: string) => {
    signedIn(ctx);
    const envelope = await findEnvelope(db, id);
    if (!envelope) throw new AppError('not_found');
    await requireStaff(ctx, envelope.funderId, 'manage_envelope');
    const rows = await linesOfEnvelope(db, id);
    const figures = await lineFigures(db, rows.map((l) => l.id));
    const committed = new Map([...figures.entries()].map(([k, f]) => [k, f.committedCents]));
    return { envelope, rows, committed };
  };

  pages.get('/funding/envelopes/:id/edit', async (ctx, req, reply) => {
    const { envelope, rows, committed } = await loadEnvelope(ctx, idParam(req));
    return sendPage(reply, <EnvelopeForm ctx={ctx} action={`/funding/envelopes/${envelope.id}/edit`} title={ctx.t('funding.envelope.edit')} values={envelopeValues(envelope, rows)} errors={{}} rows={rows.length + BLANK_ROWS} committed={committed} />);
  });

  pages.post('/funding/envelopes/:id/edit', async (ctx, req, reply) => {
    const { envelope, rows, committed } = await loadEnvelope(ctx, idParam(req));
    const form = readForm(req);
    const showAgain = (errors: Record<string, string>, status = 422) =>
      sendPage(reply, <EnvelopeForm ctx={ctx} action={`/funding/envelopes/${envelope.id}/edit`} title={ctx.t('funding.envelope.edit')} values={form.fields} errors={errors} rows={Math.max(rows.length + BLANK_ROWS, rowCount(form.fields))} committed={committed} />, status);
    const read = readEnvelopeForm(ctx, form.fields);
    if (!read.ok) return showAgain(read.errors);
    const saved = await saveEnvelope(db, ctx.actor, envelope.funderId, envelope.id, read.version, read.value);
    if (!saved.ok) {
      if (saved.error.code === 'validation') return showAgain(renumber(translate(ctx, saved.error), read.rowIndex));
      if (saved.error.code === 'conflict') return showAgain({ _form: ctx.t('funding.error.edited_meanwhile') }, 409);
      throw new AppError(saved.error.code);
    }
    return redirectTo(reply, ctx, `/funding/envelopes/${envelope.id}`, 'funding.notice_saved');
  });

  // ── Funder team ──
  async function teamPage(ctx: PageContext, funderId: string, values: Values, errors: Record<string, string>): Promise<JSX.Element> {
    const { t } = ctx;
    const [name, members] = await Promise.all([funderName(ctx, funderId), teamOf(db, funderId)]);
    const roleOptions = teamRoles.map((r) => ({ value: r, label: t(`funding.team.role.${r}`) }));
    return (
      <Layout ctx={ctx} title={t('funding.team.title', { funder: name })} section="/funding">
        <h1 safe>{t('funding.team.title', { funder: name })}</h1>
        <p safe>{t('funding.team.lead')}</p>
        <table>
          <caption class="visually-hidden" safe>
            {t('funding.team.title', { funder: name })}
          </caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('funding.team.person')}</th>
              <th scope="col" safe>{t('funding.team.role')}</th>
              <th scope="col" safe>{t('funding.team.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {members.map((m) => (
              <tr>
                <td safe>{`${m.displayName} <${m.email}>`}</td>
                <td safe>{t(`funding.team.role.${m.role}`)}</td>
                <td>
                  <form method="post" action={href(ctx, `/funding/funders/${funderId}/team/remove`)}>
                    <CsrfField ctx={ctx} />
                    <input type="hidden" name="userId" value={m.userId} />
                    <input type="hidden" name="role" value={m.role} />
                    <button type="submit" class="secondary" aria-label={t('funding.team.remove_label', { name: m.displayName, role: t(`funding.team.role.${m.role}`) })} safe>
                      {t('funding.team.remove')}
                    </button>
                  </form>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <h2 safe>{t('funding.team.add')}</h2>
        <ErrorSummary ctx={ctx} errors={errors} labels={{ email: t('funding.team.email'), role: t('funding.team.role') }} />
        <form method="post" action={href(ctx, `/funding/funders/${funderId}/team`)} novalidate>
          <CsrfField ctx={ctx} />
          <TextField ctx={ctx} name="email" type="email" label={t('funding.team.email')} hint={t('funding.team.email_hint')} value={str(values.email)} error={errors.email} required />
          <Select ctx={ctx} name="role" label={t('funding.team.role')} value={str(values.role)} options={roleOptions} error={errors.role} />
          <button type="submit" safe>
            {t('funding.team.add')}
          </button>
        </form>
      </Layout>
    );
  }

  pages.get('/funding/funders/:id/team', async (ctx, req, reply) => {
    const funderId = idParam(req);
    await requireStaff(ctx, funderId, 'manage_team');
    return sendPage(reply, await teamPage(ctx, funderId, {}, {}));
  });

  pages.post('/funding/funders/:id/team', async (ctx, req, reply) => {
    const funderId = idParam(req);
    await requireStaff(ctx, funderId, 'manage_team');
    const form = readForm(req);
    const parsed = validate(teamMemberSchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, await teamPage(ctx, funderId, form.fields, parsed.error), 422);
    const added = await addTeamMemberByEmail(db, ctx.actor, funderId, parsed.value.email, parsed.value.role);
    if (!added.ok) {
      if (added.error.code === 'validation') return sendPage(reply, await teamPage(ctx, funderId, form.fields, translate(ctx, added.error)), 422);
      throw new AppError(added.error.code);
    }
    return redirectTo(reply, ctx, `/funding/funders/${funderId}/team`, 'funding.notice_team_added');
  });

  pages.post('/funding/funders/:id/team/remove', async (ctx, req, reply) => {
    const funderId = idParam(req);
    await requireStaff(ctx, funderId, 'manage_team');
    const parsed = validate(teamRemovalSchema, readForm(req).fields, ctx.t);
    if (!parsed.ok) throw new AppError('bad_request');
    const removed = await removeTeamMember(db, ctx.actor, funderId, parsed.value.userId, parsed.value.role);
    if (!removed.ok) {
      if (removed.error.code === 'validation') return sendPage(reply, await teamPage(ctx, funderId, {}, translate(ctx, removed.error)), 422);
      throw new AppError(removed.error.code);
    }
    return redirectTo(reply, ctx, `/funding/funders/${funderId}/team`, 'funding.notice_team_removed');
  });

  // ── Call edit (before it opens) ──
  const loadCall = async (ctx: PageContext, id: string) => {
    signedIn(ctx);
    const call = await findCall(db, id);
    if (!call) throw new AppError('not_found');
    await requireStaff(ctx, call.funderId, 'manage_call');
    if (call.isEmergency || call.opensAt.getTime() <= Date.now()) throw new AppError('conflict', ctx.t('funding.error.call_already_open'));
    return call;
  };
  const callForm = (ctx: PageContext, call: CallRow, values: Values, errors: Record<string, string>) => (
    <CallForm ctx={ctx} lineId={call.lineId} values={values} errors={errors} action={`/funding/calls/${call.id}/edit`} title={ctx.t('funding.call.edit')} submit={ctx.t('form.save')} />
  );

  pages.get('/funding/calls/:id/edit', async (ctx, req, reply) => {
    const call = await loadCall(ctx, idParam(req));
    return sendPage(reply, callForm(ctx, call, callValues(call), {}));
  });

  pages.post('/funding/calls/:id/edit', async (ctx, req, reply) => {
    const call = await loadCall(ctx, idParam(req));
    const form = readForm(req);
    const showAgain = (errors: Record<string, string>, status = 422) => sendPage(reply, callForm(ctx, call, form.fields, errors), status);
    const parsed = validate(callEditSchema, form.fields, ctx.t);
    if (!parsed.ok) return showAgain(parsed.error);
    const saved = await updateCall(db, ctx.actor, call.id, parsed.value);
    if (!saved.ok) {
      if (saved.error.code === 'validation') return showAgain(translate(ctx, saved.error));
      if (saved.error.code === 'conflict') return showAgain({ _form: ctx.t('funding.error.edited_meanwhile') }, 409);
      throw new AppError(saved.error.code);
    }
    return redirectTo(reply, ctx, `/calls/${saved.value.slug}`, 'funding.notice_saved');
  });
}
