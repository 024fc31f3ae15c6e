// Cooperation pages: the public search for associations abroad and its contact form, an organisation's
// partners page (offer, needs, partners, joint projects, proposed partners), requests and their messages,
// and joint projects. Forms post and redirect (303); a refused form is shown again (422) with what was typed.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError, type Failure } from '../../kernel/errors.ts';
import { readForm, readQuery } from '../../kernel/form-body.ts';
import { formatDate } from '../../kernel/format.ts';
import { pick } from '../../kernel/i18n.ts';
import { isUuid } from '../../kernel/ids.ts';
import { Layout } from '../../kernel/html/layout.tsx';
import { registerSection } from '../../kernel/page-sections.ts';
import { Checkbox, CheckboxGroup, CsrfField, ErrorSummary, Select, TextArea, TextField } from '../../kernel/html/forms.tsx';
import { parseLeniently } from '../../kernel/lenient.ts';
import { formatMoney } from '../../kernel/money.ts';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { countryName, countryOptions } from '../taxonomy/countries.ts';
import { themeLabel, themeOptions } from '../taxonomy/themes.ts';
import { addNeed, closeNeed, createJointProject, decidePartnershipRequest, postPartnershipMessage, saveOffer, sendPartnershipRequest, sendPublicContact } from './commands.ts';
import { can } from './policy.ts';
import {
  findJointProject,
  findLocalAssociations,
  findNeed,
  findOffer,
  findRequest,
  jointProjectsOf,
  listMessages,
  listNeeds,
  listRequestsOf,
  matchesForNeed,
  matchesForOrganisation,
  matchesForProject,
  projectBySlug,
  organisationChoices,
  organisationsActorEdits,
  organisationsByIds,
  partnersOf,
  visibleOrganisationBySlug,
  type JointProjectView,
  type MatchView,
} from './queries.ts';
import { orgDisplayName, orgLogoUrl, reasonText } from './present.ts';
import {
  decisionSchema,
  jointProjectInputSchema,
  languages,
  maxParticipants,
  needKindOptions,
  participantRoleOptions,
  messageInputSchema,
  needInputSchema,
  offerInputSchema,
  participantRows,
  publicContactSchema,
  publicSearchSchema,
  requestInputSchema,
  skills,
} from './schema.ts';

type Values = Record<string, string | string[]>;
const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '');
const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const translate = (ctx: PageContext, f: Failure): Record<string, string> => Object.fromEntries(Object.entries(f.fields ?? {}).map(([k, v]) => [k, ctx.t(v)]));
const param = (req: { params: unknown }, name: string): string => String((req.params as Record<string, string>)[name] ?? '');

const skillOptions = (ctx: PageContext) => skills.map((s) => ({ value: s, label: ctx.t(`partnerships.skill.${s}`) }));
const languageOptions = (ctx: PageContext) => languages.map((l) => ({ value: l, label: ctx.t(`partnerships.language.${l}`) }));

function OrgLink({ ctx, org }: { ctx: PageContext; org: { slug: string; nameFr: string | null; nameEn: string | null; logoFileId: string | null } }): JSX.Element {
  const logo = orgLogoUrl(org);
  return (
    <span class="org-link">
      {logo ? <img src={logo} alt="" width="32" height="32" loading="lazy" /> : ''}
      <a href={href(ctx, `/organisations/${org.slug}`)} safe>
        {orgDisplayName(org, ctx.locale)}
      </a>
    </span>
  );
}

function JointProjectList({ ctx, items }: { ctx: PageContext; items: JointProjectView[] }): JSX.Element {
  if (items.length === 0) return <p class="empty" safe>{ctx.t('partnerships.joint_projects_none')}</p>;
  return (
    <ul class="stack">
      {items.map(({ project, participants }) => (
        <li>
          <a href={href(ctx, `/joint-projects/${project.id}`)} safe>
            {pick({ fr: project.titleFr, en: project.titleEn }, ctx.locale).text}
          </a>
          <span class="meta" safe>
            {' — ' + participants.map((p) => `${p.organisation ? orgDisplayName(p.organisation, ctx.locale) : '?'} (${ctx.t(`partnerships.role.${p.role}`)}, ${p.sharePercent} %)`).join(', ')}
          </span>
        </li>
      ))}
    </ul>
  );
}

function MatchList({ ctx, matches, contactFor }: { ctx: PageContext; matches: MatchView[]; contactFor?: string }): JSX.Element {
  if (matches.length === 0) return <p class="empty" safe>{ctx.t('partnerships.matches_none')}</p>;
  return (
    <ol class="matches">
      {matches.map((m) => (
        <li>
          <OrgLink ctx={ctx} org={m.organisation} />
          <span class="badge" safe>{ctx.t('partnerships.score', { score: m.score })}</span>
          <ul class="reasons">
            {m.reasons.map((r) => (
              <li safe>{reasonText(r, ctx.t, ctx.locale)}</li>
            ))}
          </ul>
          {contactFor ? (
            <a href={href(ctx, `/organisations/${m.organisation.slug}/request`, { from: contactFor })} safe>
              {ctx.t('partnerships.propose')}
            </a>
          ) : (
            ''
          )}
        </li>
      ))}
    </ol>
  );
}

export function registerPartnershipPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db, config } = deps;

  const requireSignedIn = (ctx: PageContext) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
  };
  const loadOrg = async (ctx: PageContext, slug: string) => {
    const org = await visibleOrganisationBySlug(db, ctx.actor, slug);
    if (!org) throw new AppError('not_found');
    return org;
  };

  // The public search: an association abroad finds associations of the territory by country and theme.
  pages.get('/partnerships', async (ctx, req, reply) => {
    const filter = parseLeniently(publicSearchSchema, readQuery(req));
    const found = await findLocalAssociations(db, filter);
    const { t, locale } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('partnerships.find_title')} section="/partnerships">
        <h1 safe>{t('partnerships.find_title')}</h1>
        <p class="lead" safe>{t('partnerships.find_lead')}</p>
        <p>
          <a href={href(ctx, '/alliances')} safe>{t('nav.alliances')}</a>
          {' · '}
          <a href={href(ctx, '/networks')} safe>{t('nav.networks')}</a>
          {' · '}
          <a href={href(ctx, '/campaigns')} safe>{t('nav.campaigns')}</a>
          {ctx.actor.userId ? (
            <>
              {' · '}
              <a href={href(ctx, '/partnerships/inbox')} safe>{t('partnerships.inbox_title')}</a>
            </>
          ) : (
            ''
          )}
        </p>
        <form method="get" action={href(ctx, '/partnerships')} role="search">
          <Select ctx={ctx} name="country" label={t('partnerships.field.country')} value={filter.country} emptyLabel={t('form.any')} options={countryOptions(locale)} />
          <Select ctx={ctx} name="theme" label={t('partnerships.field.theme')} value={filter.theme} emptyLabel={t('form.any')} options={themeOptions(locale)} />
          <div class="actions">
            <button type="submit" safe>{t('partnerships.search')}</button>
          </div>
        </form>
        {filter.country || filter.theme ? (
          <section aria-labelledby="found">
            <h2 id="found" safe>{t.plural('partnerships.found', found.length)}</h2>
            <ul class="stack">
              {found.map((org) => (
                <li>
                  <OrgLink ctx={ctx} org={org} />
                  <span class="meta" safe>{' — ' + org.countries.map((c) => countryName(c, locale)).join(', ') + ' · ' + org.themes.map((c) => themeLabel(c, locale)).join(', ')}</span>{' '}
                  <a class="button secondary" href={href(ctx, `/partnerships/contact/${org.slug}`)} safe>
                    {t('partnerships.write_to', { name: orgDisplayName(org, locale) })}
                  </a>
                </li>
              ))}
            </ul>
          </section>
        ) : (
          ''
        )}
      </Layout>,
    );
  });

  const contactLabels = (ctx: PageContext) =>
    Object.fromEntries(['senderName', 'senderOrganisation', 'senderEmail', 'senderCountry', 'themes', 'subject', 'message', 'consent'].map((f) => [f, ctx.t(`partnerships.field.${f}`)]));

  function ContactForm({ ctx, org, values, errors }: { ctx: PageContext; org: { slug: string; nameFr: string | null; nameEn: string | null }; values: Values; errors: Record<string, string> }): JSX.Element {
    const { t, locale } = ctx;
    const title = t('partnerships.contact_title', { name: orgDisplayName(org, locale) });
    const field = (name: string, extra: { type?: string; autocomplete?: string } = {}) => (
      <TextField ctx={ctx} name={name} label={t(`partnerships.field.${name}`)} value={str(values[name])} error={errors[name]} required {...extra} />
    );
    return (
      <Layout ctx={ctx} title={title} section="/partnerships">
        <h1 safe>{title}</h1>
        <p class="lead" safe>{t('partnerships.contact_lead')}</p>
        <ErrorSummary ctx={ctx} errors={errors} labels={contactLabels(ctx)} />
        <form method="post" action={href(ctx, `/partnerships/contact/${org.slug}`)} novalidate>
          <CsrfField ctx={ctx} />
          {field('senderName', { autocomplete: 'name' })}
          {field('senderOrganisation', { autocomplete: 'organization' })}
          {field('senderEmail', { type: 'email', autocomplete: 'email' })}
          <Select ctx={ctx} name="senderCountry" label={t('partnerships.field.senderCountry')} required value={str(values.senderCountry)} error={errors.senderCountry} emptyLabel="" options={countryOptions(locale)} />
          <CheckboxGroup ctx={ctx} name="themes" label={t('partnerships.field.themes')} values={list(values.themes)} error={errors.themes} options={themeOptions(locale)} columns />
          {field('subject')}
          <TextArea ctx={ctx} name="message" label={t('partnerships.field.message')} required value={str(values.message)} error={errors.message} rows={8} maxlength={5000} />
          <div class="visually-hidden" aria-hidden="true">
            <label for="f-website" safe>{t('partnerships.field.website')}</label>
            <input id="f-website" name="website" type="text" tabindex="-1" autocomplete="off" value="" />
          </div>
          <Checkbox ctx={ctx} name="consent" label={t('partnerships.field.consent')} checked={str(values.consent) === 'on'} error={errors.consent} />
          <div class="actions">
            <button type="submit" safe>{t('partnerships.send')}</button>
          </div>
        </form>
      </Layout>
    );
  }

  pages.get('/partnerships/contact/:slug', async (ctx, req, reply) => {
    const org = await loadOrg(ctx, param(req, 'slug'));
    return sendPage(reply, <ContactForm ctx={ctx} org={org} values={{}} errors={{}} />);
  });

  pages.post('/partnerships/contact/:slug', async (ctx, req, reply) => {
    const org = await loadOrg(ctx, param(req, 'slug'));
    const form = readForm(req);
    const parsed = validate(publicContactSchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, <ContactForm ctx={ctx} org={org} values={form.fields} errors={parsed.error} />, 422);
    const sent = await sendPublicContact(db, org.id, parsed.value, { ip: req.ip, honeypot: str(form.fields.website) || undefined, baseUrl: config.baseUrl });
    if (!sent.ok) throw new AppError(sent.error.code);
    return redirectTo(reply, ctx, '/partnerships/join', 'partnerships.contact_sent');
  });

  pages.get('/partnerships/join', async (ctx, _req, reply) => {
    const { t } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('partnerships.join_title')} section="/partnerships">
        <h1 safe>{t('partnerships.join_title')}</h1>
        <p class="lead" safe>{t('partnerships.join_lead')}</p>
        <p>
          <a class="button" href={href(ctx, '/sign-in')} safe>{t('partnerships.join_cta')}</a>
        </p>
      </Layout>,
    );
  });

  // An organisation's partners page: partners, joint projects, what it offers and seeks.
  pages.get('/organisations/:slug/partners', async (ctx, req, reply) => {
    const org = await loadOrg(ctx, param(req, 'slug'));
    const [partners, projects, offer, needs] = await Promise.all([partnersOf(db, org.id), jointProjectsOf(db, org.id), findOffer(db, org.id), listNeeds(db, org.id)]);
    const { t, locale } = ctx;
    const name = orgDisplayName(org, locale);
    const editable = can(ctx.actor, 'edit_cooperation', org.id);
    const mine = ctx.actor.memberships.has(org.id);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('partnerships.partners_title', { name })} section="/organisations">
        <p>
          <a href={href(ctx, `/organisations/${org.slug}`)} safe>{'← ' + name}</a>
        </p>
        <h1 safe>{t('partnerships.partners_title', { name })}</h1>
        <div class="actions">
          {ctx.actor.userId && !mine ? (
            <a class="button" href={href(ctx, `/organisations/${org.slug}/request`)} safe>{t('partnerships.propose')}</a>
          ) : (
            ''
          )}
          {!ctx.actor.userId && org.country === 'FR' ? (
            <a class="button secondary" href={href(ctx, `/partnerships/contact/${org.slug}`)} safe>{t('partnerships.write_to', { name })}</a>
          ) : (
            ''
          )}
          {editable ? (
            <>
              <a class="button secondary" href={href(ctx, `/organisations/${org.slug}/cooperation`)} safe>{t('partnerships.edit_cooperation')}</a>
              <a class="button secondary" href={href(ctx, `/organisations/${org.slug}/matches`)} safe>{t('partnerships.matches_title_short')}</a>
            </>
          ) : (
            ''
          )}
        </div>
        <section aria-labelledby="partners">
          <h2 id="partners" safe>{t('partnerships.partners')}</h2>
          {partners.length === 0 ? (
            <p class="empty" safe>{t('partnerships.partners_none')}</p>
          ) : (
            <ul class="stack">
              {partners.map((p) => (
                <li>
                  <OrgLink ctx={ctx} org={p.organisation} />
                  <span class="meta" safe>{' — ' + t('partnerships.since', { date: formatDate(p.since, locale) })}</span>
                </li>
              ))}
            </ul>
          )}
        </section>
        <section aria-labelledby="joint">
          <h2 id="joint" safe>{t('partnerships.joint_projects')}</h2>
          <JointProjectList ctx={ctx} items={projects} />
        </section>
        <section aria-labelledby="offers">
          <h2 id="offers" safe>{t('partnerships.offers')}</h2>
          {offer ? (
            <dl class="dl-grid">
              {offer.skills.length ? (
                <>
                  <dt safe>{t('partnerships.field.skills')}</dt>
                  <dd safe>{offer.skills.map((s) => t(`partnerships.skill.${s}`)).join(', ')}</dd>
                </>
              ) : (
                ''
              )}
              {offer.countries.length ? (
                <>
                  <dt safe>{t('partnerships.field.experience_countries')}</dt>
                  <dd safe>{offer.countries.map((c) => countryName(c, locale)).join(', ')}</dd>
                </>
              ) : (
                ''
              )}
              {offer.themes.length ? (
                <>
                  <dt safe>{t('partnerships.field.experience_themes')}</dt>
                  <dd safe>{offer.themes.map((c) => themeLabel(c, locale)).join(', ')}</dd>
                </>
              ) : (
                ''
              )}
              {offer.languages.length ? (
                <>
                  <dt safe>{t('partnerships.field.languages')}</dt>
                  <dd safe>{offer.languages.map((l) => t(`partnerships.language.${l}`)).join(', ')}</dd>
                </>
              ) : (
                ''
              )}
              {offer.volunteers !== null ? (
                <>
                  <dt safe>{t('partnerships.field.volunteers')}</dt>
                  <dd safe>{String(offer.volunteers)}</dd>
                </>
              ) : (
                ''
              )}
              {offer.cofinancingCents ? (
                <>
                  <dt safe>{t('partnerships.field.cofinancing')}</dt>
                  <dd safe>{formatMoney(offer.cofinancingCents, 'EUR', locale)}</dd>
                </>
              ) : (
                ''
              )}
            </dl>
          ) : (
            <p class="empty" safe>{t('partnerships.offers_none')}</p>
          )}
        </section>
        <section aria-labelledby="needs">
          <h2 id="needs" safe>{t('partnerships.needs')}</h2>
          {needs.length === 0 ? (
            <p class="empty" safe>{t('partnerships.needs_none')}</p>
          ) : (
            <ul class="stack">
              {needs.map((n) => (
                <li>
                  <strong safe>{pick({ fr: n.titleFr, en: n.titleEn }, locale).text}</strong>
                  <span class="meta" safe>
                    {' — ' + [t(`partnerships.kind.${n.kind}`), ...n.skills.map((s) => t(`partnerships.skill.${s}`)), ...n.countries.map((c) => countryName(c, locale))].join(', ')}
                  </span>
                  {editable ? (
                    <>
                      {' '}
                      <a href={href(ctx, `/partnerships/needs/${n.id}/matches`)} safe>{t('partnerships.matches_title_short')}</a>
                      <form method="post" action={href(ctx, `/partnerships/needs/${n.id}/close`)} class="inline-form">
                        <CsrfField ctx={ctx} />
                        <button type="submit" class="secondary" safe>{t('partnerships.close_need')}</button>
                      </form>
                    </>
                  ) : (
                    ''
                  )}
                </li>
              ))}
            </ul>
          )}
        </section>
      </Layout>,
    );
  });

  // Editing what an organisation offers, and adding what it seeks.
  const loadEditable = async (ctx: PageContext, slug: string) => {
    requireSignedIn(ctx);
    const org = await loadOrg(ctx, slug);
    if (!can(ctx.actor, 'edit_cooperation', org.id)) throw new AppError('forbidden');
    return org;
  };

  const offerLabels = (ctx: PageContext) =>
    Object.fromEntries(
      ['skills', 'countries', 'themes', 'languages', 'volunteers', 'cofinancingCents', 'noteFr', 'noteEn', 'kind', 'titleFr', 'titleEn', 'descriptionFr', 'descriptionEn'].map((f) => [f, ctx.t(`partnerships.field.${f}`)]),
    );

  function CooperationForm({ ctx, org, offerValues, needValues, errors }: { ctx: PageContext; org: { slug: string; nameFr: string | null; nameEn: string | null }; offerValues: Values; needValues: Values; errors: Record<string, string> }): JSX.Element {
    const { t, locale } = ctx;
    const title = t('partnerships.cooperation_title', { name: orgDisplayName(org, locale) });
    return (
      <Layout ctx={ctx} title={title} section="/organisations">
        <h1 safe>{title}</h1>
        <ErrorSummary ctx={ctx} errors={errors} labels={offerLabels(ctx)} />
        <form method="post" action={href(ctx, `/organisations/${org.slug}/cooperation`)} novalidate>
          <CsrfField ctx={ctx} />
          {offerValues.version ? <input type="hidden" name="version" value={str(offerValues.version)} /> : ''}
          <fieldset>
            <legend safe>{t('partnerships.offers')}</legend>
            <CheckboxGroup ctx={ctx} name="skills" label={t('partnerships.field.skills')} values={list(offerValues.skills)} error={errors.skills} options={skillOptions(ctx)} columns />
            <CheckboxGroup ctx={ctx} name="countries" label={t('partnerships.field.countries')} values={list(offerValues.countries)} error={errors.countries} options={countryOptions(locale)} columns />
            <CheckboxGroup ctx={ctx} name="themes" label={t('partnerships.field.themes')} values={list(offerValues.themes)} error={errors.themes} options={themeOptions(locale)} columns />
            <CheckboxGroup ctx={ctx} name="languages" label={t('partnerships.field.languages')} values={list(offerValues.languages)} error={errors.languages} options={languageOptions(ctx)} columns />
            <TextField ctx={ctx} name="volunteers" type="number" label={t('partnerships.field.volunteers')} value={str(offerValues.volunteers)} error={errors.volunteers} />
            <TextField ctx={ctx} name="cofinancingCents" label={t('partnerships.field.cofinancingCents')} hint={t('partnerships.hint.euros')} value={str(offerValues.cofinancingCents)} error={errors.cofinancingCents} />
            <TextArea ctx={ctx} name="noteFr" label={t('partnerships.field.noteFr')} value={str(offerValues.noteFr)} error={errors.noteFr} rows={3} />
            <TextArea ctx={ctx} name="noteEn" label={t('partnerships.field.noteEn')} value={str(offerValues.noteEn)} error={errors.noteEn} rows={3} />
          </fieldset>
          <div class="actions">
            <button type="submit" safe>{t('form.save')}</button>
          </div>
        </form>
        <form method="post" action={href(ctx, `/organisations/${org.slug}/needs`)} novalidate>
          <CsrfField ctx={ctx} />
          <fieldset>
            <legend safe>{t('partnerships.add_need')}</legend>
            <Select ctx={ctx} name="kind" label={t('partnerships.field.kind')} required value={str(needValues.kind)} error={errors.kind} options={needKindOptions.map((k) => ({ value: k, label: t(`partnerships.kind.${k}`) }))} />
            <TextField ctx={ctx} name="titleFr" label={t('partnerships.field.titleFr')} value={str(needValues.titleFr)} error={errors.titleFr} />
            <TextField ctx={ctx} name="titleEn" label={t('partnerships.field.titleEn')} value={str(needValues.titleEn)} error={errors.titleEn} />
            <TextArea ctx={ctx} name="descriptionFr" label={t('partnerships.field.descriptionFr')} value={str(needValues.descriptionFr)} error={errors.descriptionFr} rows={3} />
            <CheckboxGroup ctx={ctx} name="skills" label={t('partnerships.field.skills_sought')} values={list(needValues.skills)} error={errors.skills} options={skillOptions(ctx)} columns />
            <CheckboxGroup ctx={ctx} name="countries" label={t('partnerships.field.countries')} values={list(needValues.countries)} error={errors.countries} options={countryOptions(locale)} columns />
            <CheckboxGroup ctx={ctx} name="themes" label={t('partnerships.field.themes')} values={list(needValues.themes)} error={errors.themes} options={themeOptions(locale)} columns />
          </fieldset>
          <div class="actions">
            <button type="submit" safe>{t('partnerships.add_need')}</button>
          </div>
        </form>
      </Layout>
    );
  }

  pages.get('/organisations/:slug/cooperation', async (ctx, req, reply) => {
    const org = await loadEditable(ctx, param(req, 'slug'));
    const offer = await findOffer(db, org.id);
    const values: Values = offer
      ? {
          version: String(offer.version),
          skills: offer.skills,
          countries: offer.countries,
          themes: offer.themes,
          languages: offer.languages,
          volunteers: offer.volunteers === null ? '' : String(offer.volunteers),
          cofinancingCents: offer.cofinancingCents ? String(offer.cofinancingCents / 100) : '',
          noteFr: offer.noteFr ?? '',
          noteEn: offer.noteEn ?? '',
        }
      : {};
    return sendPage(reply, <CooperationForm ctx={ctx} org={org} offerValues={values} needValues={{}} errors={{}} />);
  });

  pages.post('/organisations/:slug/cooperation', async (ctx, req, reply) => {
    const org = await loadEditable(ctx, param(req, 'slug'));
    const form = readForm(req);
    const parsed = validate(offerInputSchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, <CooperationForm ctx={ctx} org={org} offerValues={form.fields} needValues={{}} errors={parsed.error} />, 422);
    const version = /^\d{1,9}$/.test(str(form.fields.version)) ? Number(form.fields.version) : undefined;
    const saved = await saveOffer(db, ctx.actor, org.id, parsed.value, version);
    if (!saved.ok) {
      if (saved.error.code === 'conflict') return sendPage(reply, <CooperationForm ctx={ctx} org={org} offerValues={form.fields} needValues={{}} errors={{ _form: ctx.t('error.conflict.text') }} />, 409);
      throw new AppError(saved.error.code);
    }
    return redirectTo(reply, ctx, `/organisations/${org.slug}/partners`, 'partnerships.saved');
  });

  pages.post('/organisations/:slug/needs', async (ctx, req, reply) => {
    const org = await loadEditable(ctx, param(req, 'slug'));
    const form = readForm(req);
    const parsed = validate(needInputSchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, <CooperationForm ctx={ctx} org={org} offerValues={{}} needValues={form.fields} errors={parsed.error} />, 422);
    const added = await addNeed(db, ctx.actor, org.id, parsed.value);
    if (!added.ok) throw new AppError(added.error.code);
    return redirectTo(reply, ctx, `/partnerships/needs/${added.value.id}/matches`, 'partnerships.need_added');
  });

  pages.post('/partnerships/needs/:id/close', async (ctx, req, reply) => {
    requireSignedIn(ctx);
    const id = param(req, 'id');
    if (!isUuid(id)) throw new AppError('not_found');
    const need = await findNeed(db, id);
    if (!need) throw new AppError('not_found');
    const closed = await closeNeed(db, ctx.actor, id);
    if (!closed.ok) throw new AppError(closed.error.code);
    const [org] = await organisationsByIds(db, [need.organisationId]);
    return redirectTo(reply, ctx, `/organisations/${org?.slug ?? ''}/partners`, 'partnerships.need_closed');
  });

  // Proposed partners, for an organisation or one of its needs (its editors only).
  pages.get('/organisations/:slug/matches', async (ctx, req, reply) => {
    const org = await loadEditable(ctx, param(req, 'slug'));
    const matches = await matchesForOrganisation(db, org.id);
    const title = ctx.t('partnerships.matches_title', { name: orgDisplayName(org, ctx.locale) });
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} section="/organisations">
        <h1 safe>{title}</h1>
        <p class="lead" safe>{ctx.t('partnerships.matches_lead')}</p>
        <MatchList ctx={ctx} matches={matches} contactFor={org.id} />
      </Layout>,
    );
  });

  // Organisations proposed for a project, with the reasons (the editors of its reporting organisation).
  pages.get('/projects/:slug/matches', async (ctx, req, reply) => {
    requireSignedIn(ctx);
    const project = await projectBySlug(db, param(req, 'slug'));
    if (!project) throw new AppError('not_found');
    if (!can(ctx.actor, 'edit_cooperation', project.organisationId)) throw new AppError('forbidden');
    const matches = await matchesForProject(db, project);
    const title = ctx.t('partnerships.project_matches_title', { project: pick({ fr: project.titleFr, en: project.titleEn }, ctx.locale).text });
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} section="/projects">
        <h1 safe>{title}</h1>
        <p class="lead" safe>{ctx.t('partnerships.project_matches_lead')}</p>
        <MatchList ctx={ctx} matches={matches} contactFor={project.organisationId} />
        <p>
          <a href={href(ctx, `/projects/${project.slug}`)} safe>{ctx.t('partnerships.back_to_project')}</a>
        </p>
      </Layout>,
    );
  });

  registerSection<{ slug: string; organisationId: string }>(app, 'project.page', (ctx, project) =>
    can(ctx.actor, 'edit_cooperation', project.organisationId) ? (
      <p class="project-matches">
        <a class="button secondary" href={href(ctx, `/projects/${project.slug}/matches`)} safe>{ctx.t('partnerships.project_matches_link')}</a>
      </p>
    ) : (
      ''
    ),
  );

  pages.get('/partnerships/needs/:id/matches', async (ctx, req, reply) => {
    requireSignedIn(ctx);
    const id = param(req, 'id');
    const need = isUuid(id) ? await findNeed(db, id) : undefined;
    if (!need) throw new AppError('not_found');
    if (!can(ctx.actor, 'edit_cooperation', need.organisationId)) throw new AppError('forbidden');
    const matches = await matchesForNeed(db, need.id);
    const title = ctx.t('partnerships.need_matches_title', { need: pick({ fr: need.titleFr, en: need.titleEn }, ctx.locale).text });
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} section="/organisations">
        <h1 safe>{title}</h1>
        <p class="lead" safe>{ctx.t('partnerships.matches_lead')}</p>
        <MatchList ctx={ctx} matches={matches} contactFor={need.organisationId} />
      </Layout>,
    );
  });

  // Sending a partnership request from one of the actor's organisations.
  function RequestForm({ ctx, org, mine, values, errors }: { ctx: PageContext; org: { slug: string; nameFr: string | null; nameEn: string | null }; mine: { id: string; nameFr: string | null; nameEn: string | null }[]; values: Values; errors: Record<string, string> }): JSX.Element {
    const { t, locale } = ctx;
    const title = t('partnerships.request_title', { name: orgDisplayName(org, locale) });
    const labels = Object.fromEntries(['fromOrganisationId', 'subject', 'message', 'needId'].map((f) => [f, t(`partnerships.field.${f}`)]));
    return (
      <Layout ctx={ctx} title={title} section="/organisations">
        <h1 safe>{title}</h1>
        <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
        {mine.length === 0 ? (
          <p class="empty" safe>{t('partnerships.no_organisation')}</p>
        ) : (
          <form method="post" action={href(ctx, `/organisations/${org.slug}/request`)} novalidate>
            <CsrfField ctx={ctx} />
            <Select ctx={ctx} name="fromOrganisationId" label={labels.fromOrganisationId!} required value={str(values.fromOrganisationId)} error={errors.fromOrganisationId} options={mine.map((o) => ({ value: o.id, label: orgDisplayName(o, locale) }))} />
            <TextField ctx={ctx} name="subject" label={labels.subject!} required value={str(values.subject)} error={errors.subject} />
            <TextArea ctx={ctx} name="message" label={labels.message!} required value={str(values.message)} error={errors.message} rows={8} maxlength={5000} />
            <div class="actions">
              <button type="submit" safe>{t('partnerships.send')}</button>
            </div>
          </form>
        )}
      </Layout>
    );
  }

  pages.get('/organisations/:slug/request', async (ctx, req, reply) => {
    requireSignedIn(ctx);
    const org = await loadOrg(ctx, param(req, 'slug'));
    const mine = (await organisationsActorEdits(db, ctx.actor)).filter((o) => o.id !== org.id);
    const from = str(readQuery(req).from);
    return sendPage(reply, <RequestForm ctx={ctx} org={org} mine={mine} values={{ fromOrganisationId: from }} errors={{}} />);
  });

  pages.post('/organisations/:slug/request', async (ctx, req, reply) => {
    requireSignedIn(ctx);
    const org = await loadOrg(ctx, param(req, 'slug'));
    const mine = (await organisationsActorEdits(db, ctx.actor)).filter((o) => o.id !== org.id);
    const form = readForm(req);
    const again = (errors: Record<string, string>) => sendPage(reply, <RequestForm ctx={ctx} org={org} mine={mine} values={form.fields} errors={errors} />, 422);
    const parsed = validate(requestInputSchema, form.fields, ctx.t);
    if (!parsed.ok) return again(parsed.error);
    const sent = await sendPartnershipRequest(db, ctx.actor, org.id, parsed.value, config.baseUrl);
    if (!sent.ok) {
      if (sent.error.code === 'validation') return again(translate(ctx, sent.error));
      if (sent.error.code === 'forbidden') return again({ fromOrganisationId: ctx.t('partnerships.error.from') });
      throw new AppError(sent.error.code);
    }
    return redirectTo(reply, ctx, `/partnerships/requests/${sent.value.id}`, 'partnerships.request_sent');
  });

  // The inbox: requests received and sent by the actor's organisations.
  pages.get('/partnerships/inbox', async (ctx, _req, reply) => {
    requireSignedIn(ctx);
    const mine = [...ctx.actor.memberships.keys()];
    const requests = await listRequestsOf(db, mine);
    const orgs = new Map((await organisationsByIds(db, [...new Set(requests.flatMap((r) => [r.toOrganisationId, r.fromOrganisationId ?? '']).filter(Boolean))])).map((o) => [o.id, o]));
    const { t, locale } = ctx;
    const nameOf = (id: string | null, fallback: string | null) => (id && orgs.get(id) ? orgDisplayName(orgs.get(id)!, locale) : (fallback ?? '?'));
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('partnerships.inbox_title')} section="/partnerships">
        <h1 safe>{t('partnerships.inbox_title')}</h1>
        {requests.length === 0 ? (
          <p class="empty" safe>{t('partnerships.inbox_empty')}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th scope="col" safe>{t('partnerships.col.date')}</th>
                <th scope="col" safe>{t('partnerships.col.from')}</th>
                <th scope="col" safe>{t('partnerships.col.to')}</th>
                <th scope="col" safe>{t('partnerships.col.subject')}</th>
                <th scope="col" safe>{t('partnerships.col.status')}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr>
                  <td safe>{formatDate(r.createdAt, locale)}</td>
                  <td safe>{r.fromOrganisationId ? nameOf(r.fromOrganisationId, null) : `${r.senderOrganisation ?? ''} (${r.senderCountry ? countryName(r.senderCountry, locale) : ''})`}</td>
                  <td safe>{nameOf(r.toOrganisationId, null)}</td>
                  <td>
                    <a href={href(ctx, `/partnerships/requests/${r.id}`)} safe>{r.subject}</a>
                  </td>
                  <td safe>{t(`partnerships.status.${r.status}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Layout>,
    );
  });

  const loadRequest = async (ctx: PageContext, id: string) => {
    requireSignedIn(ctx);
    const request = isUuid(id) ? await findRequest(db, id) : undefined;
    if (!request || !can(ctx.actor, 'view_request', request)) throw new AppError('not_found');
    return request;
  };

  pages.get('/partnerships/requests/:id', async (ctx, req, reply) => {
    const request = await loadRequest(ctx, param(req, 'id'));
    const [messages, orgs] = await Promise.all([listMessages(db, request.id), organisationsByIds(db, [request.toOrganisationId, ...(request.fromOrganisationId ? [request.fromOrganisationId] : [])])]);
    const byId = new Map(orgs.map((o) => [o.id, o]));
    const to = byId.get(request.toOrganisationId);
    const from = request.fromOrganisationId ? byId.get(request.fromOrganisationId) : undefined;
    const { t, locale } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={request.subject} section="/partnerships">
        <p>
          <a href={href(ctx, '/partnerships/inbox')} safe>{'← ' + t('partnerships.inbox_title')}</a>
        </p>
        <h1 safe>{request.subject}</h1>
        <dl class="dl-grid">
          <dt safe>{t('partnerships.col.from')}</dt>
          <dd>
            {from ? (
              <OrgLink ctx={ctx} org={from} />
            ) : (
              <span safe>{`${request.senderName ?? ''}, ${request.senderOrganisation ?? ''} (${request.senderCountry ? countryName(request.senderCountry, locale) : ''}) — ${request.senderEmail ?? ''}`}</span>
            )}
          </dd>
          <dt safe>{t('partnerships.col.to')}</dt>
          <dd>{to ? <OrgLink ctx={ctx} org={to} /> : ''}</dd>
          <dt safe>{t('partnerships.col.status')}</dt>
          <dd safe>{t(`partnerships.status.${request.status}`)}</dd>
          {request.themes.length ? (
            <>
              <dt safe>{t('partnerships.field.themes')}</dt>
              <dd safe>{request.themes.map((c) => themeLabel(c, locale)).join(', ')}</dd>
            </>
          ) : (
            ''
          )}
        </dl>
        <blockquote class="message" safe>{request.message}</blockquote>
        {messages.map((m) => (
          <div class="message">
            <p class="meta" safe>{`${m.authorOrganisationId && byId.get(m.authorOrganisationId) ? orgDisplayName(byId.get(m.authorOrganisationId)!, locale) : ''} — ${formatDate(m.createdAt, locale)}`}</p>
            <p safe>{m.body}</p>
          </div>
        ))}
        <div class="actions">
          {(['accept', 'decline', 'withdraw'] as const)
            .filter((d) => can(ctx.actor, d === 'withdraw' ? 'withdraw_request' : 'decide_request', request))
            .map((d) => (
              <form method="post" action={href(ctx, `/partnerships/requests/${request.id}/decision`)} class="inline-form">
                <CsrfField ctx={ctx} />
                <input type="hidden" name="decision" value={d} />
                <button type="submit" class={d === 'accept' ? '' : 'secondary'} safe>{t(`partnerships.decision.${d}`)}</button>
              </form>
            ))}
          {can(ctx.actor, 'create_joint_project', request) ? (
            <a class="button" href={href(ctx, `/partnerships/requests/${request.id}/joint-project`)} safe>{t('partnerships.create_joint_project')}</a>
          ) : (
            ''
          )}
        </div>
        {can(ctx.actor, 'post_message', request) ? (
          <form method="post" action={href(ctx, `/partnerships/requests/${request.id}/messages`)} novalidate>
            <CsrfField ctx={ctx} />
            <TextArea ctx={ctx} name="body" label={t('partnerships.field.reply')} required rows={4} maxlength={5000} />
            <div class="actions">
              <button type="submit" safe>{t('partnerships.send')}</button>
            </div>
          </form>
        ) : (
          ''
        )}
      </Layout>,
    );
  });

  pages.post('/partnerships/requests/:id/decision', async (ctx, req, reply) => {
    const request = await loadRequest(ctx, param(req, 'id'));
    const parsed = decisionSchema.safeParse(readForm(req).fields);
    if (!parsed.success) throw new AppError('bad_request');
    const decided = await decidePartnershipRequest(db, ctx.actor, request.id, parsed.data.decision);
    if (!decided.ok) throw new AppError(decided.error.code);
    return redirectTo(reply, ctx, `/partnerships/requests/${request.id}`, `partnerships.decided_${parsed.data.decision}`);
  });

  pages.post('/partnerships/requests/:id/messages', async (ctx, req, reply) => {
    const request = await loadRequest(ctx, param(req, 'id'));
    const parsed = messageInputSchema.safeParse(readForm(req).fields);
    if (!parsed.success) return redirectTo(reply, ctx, `/partnerships/requests/${request.id}`, 'partnerships.message_empty');
    const posted = await postPartnershipMessage(db, ctx.actor, request.id, parsed.data.body);
    if (!posted.ok) throw new AppError(posted.error.code);
    return redirectTo(reply, ctx, `/partnerships/requests/${request.id}`, 'partnerships.message_sent');
  });

  // Turning an accepted partnership into a joint project.
  function JointProjectForm({ ctx, requestId, choices, values, errors }: { ctx: PageContext; requestId: string; choices: { id: string; nameFr: string | null; nameEn: string | null }[]; values: Values; errors: Record<string, string> }): JSX.Element {
    const { t, locale } = ctx;
    const labels = Object.fromEntries(['titleFr', 'titleEn', 'summaryFr', 'summaryEn', 'budgetCents', 'participants'].map((f) => [f, t(`partnerships.field.${f}`)]));
    const options = choices.map((o) => ({ value: o.id, label: orgDisplayName(o, locale) }));
    return (
      <Layout ctx={ctx} title={t('partnerships.create_joint_project')} section="/partnerships">
        <h1 safe>{t('partnerships.create_joint_project')}</h1>
        <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
        <form method="post" action={href(ctx, `/partnerships/requests/${requestId}/joint-project`)} novalidate>
          <CsrfField ctx={ctx} />
          <TextField ctx={ctx} name="titleFr" label={labels.titleFr!} value={str(values.titleFr)} error={errors.titleFr} />
          <TextField ctx={ctx} name="titleEn" label={labels.titleEn!} value={str(values.titleEn)} error={errors.titleEn} />
          <TextArea ctx={ctx} name="summaryFr" label={labels.summaryFr!} value={str(values.summaryFr)} error={errors.summaryFr} rows={3} />
          <TextArea ctx={ctx} name="summaryEn" label={labels.summaryEn!} value={str(values.summaryEn)} error={errors.summaryEn} rows={3} />
          <TextField ctx={ctx} name="budgetCents" label={labels.budgetCents!} hint={t('partnerships.hint.euros')} value={str(values.budgetCents)} error={errors.budgetCents} />
          <fieldset id="f-participants" class={errors.participants ? 'field has-error' : 'field'}>
            <legend safe>{labels.participants}</legend>
            <p class="hint" safe>{t('partnerships.hint.participants')}</p>
            {errors.participants ? <p class="field-error" safe>{errors.participants}</p> : ''}
            {Array.from({ length: maxParticipants }, (_, i) => (
              <div class="row">
                <Select ctx={ctx} name={`org_${i + 1}`} label={t('partnerships.field.participant', { n: i + 1 })} value={str(values[`org_${i + 1}`])} emptyLabel="" options={options} />
                <Select ctx={ctx} name={`role_${i + 1}`} label={t('partnerships.field.role')} value={str(values[`role_${i + 1}`])} emptyLabel="" options={participantRoleOptions.map((r) => ({ value: r, label: t(`partnerships.role.${r}`) }))} />
                <TextField ctx={ctx} name={`share_${i + 1}`} type="number" label={t('partnerships.field.share')} value={str(values[`share_${i + 1}`])} />
              </div>
            ))}
          </fieldset>
          <div class="actions">
            <button type="submit" safe>{t('form.save')}</button>
          </div>
        </form>
      </Layout>
    );
  }

  const loadForJoint = async (ctx: PageContext, id: string) => {
    const request = await loadRequest(ctx, id);
    if (!can(ctx.actor, 'create_joint_project', request)) throw new AppError('forbidden');
    return request;
  };

  pages.get('/partnerships/requests/:id/joint-project', async (ctx, req, reply) => {
    const request = await loadForJoint(ctx, param(req, 'id'));
    const values: Values = { org_1: request.fromOrganisationId ?? '', role_1: 'lead', org_2: request.toOrganisationId, role_2: 'local_partner' };
    return sendPage(reply, <JointProjectForm ctx={ctx} requestId={request.id} choices={await organisationChoices(db)} values={values} errors={{}} />);
  });

  pages.post('/partnerships/requests/:id/joint-project', async (ctx, req, reply) => {
    const request = await loadForJoint(ctx, param(req, 'id'));
    const form = readForm(req);
    const again = async (errors: Record<string, string>) => sendPage(reply, <JointProjectForm ctx={ctx} requestId={request.id} choices={await organisationChoices(db)} values={form.fields} errors={errors} />, 422);
    const parsed = validate(jointProjectInputSchema, { ...form.fields, participants: participantRows(form.fields) }, ctx.t);
    if (!parsed.ok) return again(parsed.error);
    const created = await createJointProject(db, ctx.actor, request.id, parsed.value);
    if (!created.ok) {
      if (created.error.code === 'validation') return again(translate(ctx, created.error));
      throw new AppError(created.error.code);
    }
    return redirectTo(reply, ctx, `/joint-projects/${created.value.id}`, 'partnerships.joint_project_created');
  });

  pages.get('/joint-projects/:id', async (ctx, req, reply) => {
    const id = param(req, 'id');
    const view = isUuid(id) ? await findJointProject(db, id) : undefined;
    if (!view) throw new AppError('not_found');
    const { project, participants } = view;
    const { t, locale } = ctx;
    const title = pick({ fr: project.titleFr, en: project.titleEn }, locale).text;
    const summary = pick({ fr: project.summaryFr, en: project.summaryEn }, locale);
    return sendPage(
      reply,
      <Layout ctx={ctx} title={title} section="/partnerships">
        <h1 safe>{title}</h1>
        {summary.text ? <p class="lead" safe>{summary.text}</p> : ''}
        {project.budgetCents ? <p safe>{t('partnerships.budget', { amount: formatMoney(project.budgetCents, 'EUR', locale) })}</p> : ''}
        <table>
          <caption safe>{t('partnerships.field.participants')}</caption>
          <thead>
            <tr>
              <th scope="col" safe>{t('partnerships.col.organisation')}</th>
              <th scope="col" safe>{t('partnerships.field.role')}</th>
              <th scope="col" safe>{t('partnerships.field.share')}</th>
              {project.budgetCents ? <th scope="col" safe>{t('partnerships.col.amount')}</th> : ''}
            </tr>
          </thead>
          <tbody>
            {participants.map((p) => (
              <tr>
                <td>{p.organisation ? <OrgLink ctx={ctx} org={p.organisation} /> : ''}</td>
                <td safe>{t(`partnerships.role.${p.role}`)}</td>
                <td safe>{`${p.sharePercent} %`}</td>
                {project.budgetCents ? <td safe>{formatMoney(Math.round((project.budgetCents * p.sharePercent) / 100), 'EUR', locale)}</td> : ''}
              </tr>
            ))}
          </tbody>
        </table>
        {project.projectId ? <p safe>{t('partnerships.linked_project', { id: project.projectId })}</p> : ''}
      </Layout>,
    );
  });

}
