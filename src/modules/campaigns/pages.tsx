// Campaign pages: the list, a campaign (text, period, organisers and co-signers, supporters, events and news,
// kit), signing on for an organisation, an individual's support with e-mail confirmation, and erasure.
import type { FastifyInstance } from 'fastify';
import type { Deps } from '../../deps.ts';
import { AppError } from '../../kernel/errors.ts';
import { readForm } from '../../kernel/form-body.ts';
import { formatDate, formatDateTime, formatNumber } from '../../kernel/format.ts';
import { pick } from '../../kernel/i18n.ts';
import { isUuid } from '../../kernel/ids.ts';
import { Layout } from '../../kernel/html/layout.tsx';
import { Checkbox, CsrfField, ErrorSummary, Select, TextField } from '../../kernel/html/forms.tsx';
import { LinkList } from '../../kernel/html/link-list.tsx';
import { validate } from '../../kernel/validation.ts';
import { href, pageRoutes, redirectTo, sendPage, type PageContext } from '../../kernel/web.ts';
import { countryName } from '../taxonomy/countries.ts';
import { themeLabel } from '../taxonomy/themes.ts';
import { confirmSupport, eraseSupport, signCampaign, supportCampaign, withdrawSignature } from './commands.ts';
import { can } from './policy.ts';
import { findKitDocument, listCampaigns, loadCampaignPage, organisationsActorEdits, type CampaignPage } from './queries.ts';
import { signSchema, supportSchema, tokenSchema } from './schema.ts';
import { registerCampaignManagePages } from './manage.tsx';

type Values = Record<string, string | string[]>;
const str = (v: string | string[] | undefined): string => (typeof v === 'string' ? v : '');
const param = (req: { params: unknown }, name: string): string => String((req.params as Record<string, string>)[name] ?? '');
const name = (o: { nameFr: string | null; nameEn: string | null }, ctx: PageContext) => pick({ fr: o.nameFr, en: o.nameEn }, ctx.locale).text;

function CampaignView({ ctx, page, mine, values, errors }: { ctx: PageContext; page: CampaignPage; mine: { id: string; nameFr: string | null; nameEn: string | null }[]; values: Values; errors: Record<string, string> }): JSX.Element {
  const { t, locale } = ctx;
  const c = page.campaign;
  const title = pick({ fr: c.titleFr, en: c.titleEn }, locale).text;
  const text = pick({ fr: c.textFr, en: c.textEn }, locale);
  const ref = { organiserIds: page.signatories.filter((s) => s.role === 'organiser').map((s) => s.organisationId), signatoryIds: page.signatories.map((s) => s.organisationId) };
  const canSignFor = mine.filter((o) => can(ctx.actor, 'sign', ref, o.id));
  const signed = mine.filter((o) => can(ctx.actor, 'withdraw_signature', ref, o.id));
  const list = (role: 'organiser' | 'cosigner') => page.signatories.filter((s) => s.role === role);
  const labels = { name: t('campaigns.field.name'), email: t('campaigns.field.email'), organisationId: t('campaigns.field.organisation') };
  return (
    <Layout ctx={ctx} title={title} section="/campaigns">
      <h1 safe>{title}</h1>
      <p class="meta" safe>
        {[c.startsOn ? t('campaigns.period', { from: formatDate(c.startsOn, locale), to: c.endsOn ? formatDate(c.endsOn, locale) : t('campaigns.ongoing') }) : '', c.countries.map((x) => countryName(x, locale)).join(', '), c.themes.map((x) => themeLabel(x, locale)).join(', ')]
          .filter(Boolean)
          .join(' · ')}
      </p>
      <ErrorSummary ctx={ctx} errors={errors} labels={labels} />
      {text.text.split(/\n{2,}/).map((para) => (
        <p lang={text.lang === locale ? undefined : text.lang} safe>{para}</p>
      ))}
      {can(ctx.actor, 'edit', ref) ? (
        <p>
          <a class="button secondary" href={href(ctx, `/campaigns/${c.slug}/edit`)} safe>{t('campaigns.edit_link')}</a>
        </p>
      ) : (
        ''
      )}
      {c.goalsFr || c.goalsEn ? (
        <section aria-labelledby="goals">
          <h2 id="goals" safe>{t('campaigns.goals')}</h2>
          <ul>
            {pick({ fr: c.goalsFr, en: c.goalsEn }, locale)
              .text.split(/\r?\n/)
              .filter((g) => g.trim())
              .map((g) => (
                <li safe>{g.replace(/^[-*]\s*/, '')}</li>
              ))}
          </ul>
        </section>
      ) : (
        ''
      )}
      {c.website ? (
        <p>
          <a href={c.website} rel="noopener" safe>{t('campaigns.website')}</a>
        </p>
      ) : (
        ''
      )}
      <section aria-labelledby="organisers">
        <h2 id="organisers" safe>{t('campaigns.organisers')}</h2>
        <ul class="logo-list">
          {list('organiser').map((s) => (
            <li>
              {s.organisation.logoFileId ? <img src={`/files/${s.organisation.logoFileId}`} alt="" width="48" height="48" /> : ''}
              <a href={href(ctx, `/organisations/${s.organisation.slug}`)} safe>{name(s.organisation, ctx)}</a>
            </li>
          ))}
        </ul>
        <h2 id="cosigners" safe>{t.plural('campaigns.cosigners', list('cosigner').length)}</h2>
        <ul class="logo-list" aria-labelledby="cosigners">
          {list('cosigner').map((s) => (
            <li>
              {s.organisation.logoFileId ? <img src={`/files/${s.organisation.logoFileId}`} alt="" width="48" height="48" /> : ''}
              <a href={href(ctx, `/organisations/${s.organisation.slug}`)} safe>{name(s.organisation, ctx)}</a>
              <span class="meta" safe>{' — ' + formatDate(s.signedAt, locale)}</span>
            </li>
          ))}
        </ul>
        {canSignFor.length ? (
          <form method="post" action={href(ctx, `/campaigns/${c.slug}/sign`)} novalidate>
            <CsrfField ctx={ctx} />
            <Select ctx={ctx} name="organisationId" label={labels.organisationId} value={str(values.organisationId)} error={errors.organisationId} options={canSignFor.map((o) => ({ value: o.id, label: name(o, ctx) }))} />
            <div class="actions">
              <button type="submit" safe>{t('campaigns.sign')}</button>
            </div>
          </form>
        ) : (
          ''
        )}
        {signed.map((o) => (
          <form method="post" action={href(ctx, `/campaigns/${c.slug}/withdraw`)} class="inline-form">
            <CsrfField ctx={ctx} />
            <input type="hidden" name="organisationId" value={o.id} />
            <button type="submit" class="secondary" safe>{t('campaigns.withdraw', { name: name(o, ctx) })}</button>
          </form>
        ))}
      </section>
      <section aria-labelledby="supporters">
        <h2 id="supporters" safe>{t.plural('campaigns.supporters', page.supporterCount, { count: formatNumber(page.supporterCount, locale) })}</h2>
        {page.publicSupporters.length ? <p safe>{page.publicSupporters.join(', ')}</p> : ''}
        <form method="post" action={href(ctx, `/campaigns/${c.slug}/support`)} novalidate>
          <CsrfField ctx={ctx} />
          <TextField ctx={ctx} name="name" label={labels.name} required autocomplete="name" value={str(values.name)} error={errors.name} />
          <TextField ctx={ctx} name="email" type="email" label={labels.email} required autocomplete="email" hint={t('campaigns.hint.email')} value={str(values.email)} error={errors.email} />
          <Checkbox ctx={ctx} name="displayPublicly" label={t('campaigns.field.displayPublicly')} checked={str(values.displayPublicly) === 'on'} />
          <div class="actions">
            <button type="submit" safe>{t('campaigns.support')}</button>
          </div>
        </form>
      </section>
      <section aria-labelledby="campaign-events">
        <h2 id="campaign-events" safe>{t('campaigns.events')}</h2>
        {page.events.length === 0 ? (
          <p class="empty" safe>{t('campaigns.events_none')}</p>
        ) : (
          <LinkList items={page.events.map((e) => ({ href: href(ctx, `/events/${e.slug}`), title: pick({ fr: e.titleFr, en: e.titleEn }, locale).text, meta: formatDateTime(e.startsAt, locale, e.timeZone) }))} />
        )}
      </section>
      <section aria-labelledby="campaign-news">
        <h2 id="campaign-news" safe>{t('campaigns.news')}</h2>
        {page.news.length === 0 ? (
          <p class="empty" safe>{t('campaigns.news_none')}</p>
        ) : (
          <LinkList items={page.news.map((n) => ({ href: href(ctx, `/news/${n.slug}`), title: pick({ fr: n.titleFr, en: n.titleEn }, locale).text, meta: n.publishedAt ? formatDate(n.publishedAt, locale) : undefined }))} />
        )}
        {page.links.length ? (
          <ul class="stack">
            {page.links.map((l) => (
              <li>
                <span class="badge" safe>{t(`campaigns.link.${l.kind}`)}</span>{' '}
                {l.url ? <a href={l.url} rel="noopener" safe>{pick({ fr: l.titleFr, en: l.titleEn }, locale).text}</a> : <span safe>{pick({ fr: l.titleFr, en: l.titleEn }, locale).text}</span>}
                {l.on ? <span class="meta" safe>{' — ' + formatDate(l.on, locale)}</span> : ''}
              </li>
            ))}
          </ul>
        ) : (
          ''
        )}
      </section>
      <section aria-labelledby="kit">
        <h2 id="kit" safe>{t('campaigns.kit')}</h2>
        {page.documents.length === 0 ? (
          <p class="empty" safe>{t('campaigns.kit_none')}</p>
        ) : (
          <ul class="stack">
            {page.documents.map((d) => (
              <li>
                <a href={href(ctx, `/campaigns/${c.slug}/kit/${d.id}`)} download="" safe>{pick({ fr: d.titleFr, en: d.titleEn }, locale).text}</a>
                <span class="meta" safe>{` — ${d.mediaType === 'application/pdf' ? 'PDF' : 'ZIP'}, ${formatNumber(Math.ceil(d.size / 1024), locale)} ko`}</span>
              </li>
            ))}
          </ul>
        )}
      </section>
    </Layout>
  );
}

export function registerCampaignPages(app: FastifyInstance, deps: Deps): void {
  const pages = pageRoutes(app);
  const { db, config } = deps;
  registerCampaignManagePages(app, deps);

  pages.get('/campaigns', async (ctx, _req, reply) => {
    const items = await listCampaigns(db);
    const { t, locale } = ctx;
    return sendPage(
      reply,
      <Layout ctx={ctx} title={t('campaigns.title')} section="/campaigns">
        <h1 safe>{t('campaigns.title')}</h1>
        <p class="lead" safe>{t('campaigns.lead')}</p>
        <ul class="cards">
          {items.map((c) => (
            <li>
              <article class="card">
                <h2>
                  <a href={href(ctx, `/campaigns/${c.slug}`)} safe>{pick({ fr: c.titleFr, en: c.titleEn }, locale).text}</a>
                </h2>
                <p safe>{pick({ fr: c.summaryFr, en: c.summaryEn }, locale).text}</p>
              </article>
            </li>
          ))}
        </ul>
      </Layout>,
    );
  });

  const load = async (slug: string) => {
    const page = await loadCampaignPage(db, slug);
    if (!page) throw new AppError('not_found');
    return page;
  };
  const show = async (ctx: PageContext, slug: string, values: Values, errors: Record<string, string>, status = 200) => {
    const [page, mine] = await Promise.all([load(slug), ctx.actor.userId ? organisationsActorEdits(db, ctx.actor) : Promise.resolve([])]);
    return { html: <CampaignView ctx={ctx} page={page} mine={mine} values={values} errors={errors} />, status };
  };

  pages.get('/campaigns/:slug', async (ctx, req, reply) => {
    const { html } = await show(ctx, param(req, 'slug'), {}, {});
    return sendPage(reply, html);
  });

  pages.post('/campaigns/:slug/sign', async (ctx, req, reply) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const slug = param(req, 'slug');
    const form = readForm(req);
    const parsed = validate(signSchema, form.fields, ctx.t);
    if (!parsed.ok) return sendPage(reply, (await show(ctx, slug, form.fields, parsed.error)).html, 422);
    const signed = await signCampaign(db, ctx.actor, slug, parsed.value.organisationId);
    if (!signed.ok) {
      if (signed.error.code === 'not_found') throw new AppError('not_found');
      return sendPage(reply, (await show(ctx, slug, form.fields, { organisationId: ctx.t('campaigns.error.organisation') })).html, 422);
    }
    return redirectTo(reply, ctx, `/campaigns/${slug}`, 'campaigns.signed');
  });

  pages.post('/campaigns/:slug/withdraw', async (ctx, req, reply) => {
    if (!ctx.actor.userId) throw new AppError('unauthenticated');
    const slug = param(req, 'slug');
    const parsed = signSchema.safeParse(readForm(req).fields);
    if (!parsed.success) throw new AppError('bad_request');
    const done = await withdrawSignature(db, ctx.actor, slug, parsed.data.organisationId);
    if (!done.ok) throw new AppError(done.error.code);
    return redirectTo(reply, ctx, `/campaigns/${slug}`, 'campaigns.withdrawn');
  });

  pages.post(
    '/campaigns/:slug/support',
    async (ctx, req, reply) => {
      const slug = param(req, 'slug');
      const form = readForm(req);
      const parsed = validate(supportSchema, form.fields, ctx.t);
      if (!parsed.ok) return sendPage(reply, (await show(ctx, slug, form.fields, parsed.error)).html, 422);
      const done = await supportCampaign(db, slug, parsed.value, config.baseUrl, ctx.locale);
      if (!done.ok) throw new AppError(done.error.code);
      return redirectTo(reply, ctx, `/campaigns/${slug}`, 'campaigns.support_sent');
    },
  );

  // Links from the mail lead to a page with a button: following a link never changes anything by itself.
  for (const kind of ['confirm', 'erase'] as const) {
    pages.get(`/campaigns/:slug/${kind}/:token`, async (ctx, req, reply) => {
      const page = await load(param(req, 'slug'));
      const token = param(req, 'token');
      if (!tokenSchema.safeParse(token).success) throw new AppError('not_found');
      const { t, locale } = ctx;
      return sendPage(
        reply,
        <Layout ctx={ctx} title={t(`campaigns.${kind}_title`)} section="/campaigns">
          <h1 safe>{t(`campaigns.${kind}_title`)}</h1>
          <p safe>{pick({ fr: page.campaign.titleFr, en: page.campaign.titleEn }, locale).text}</p>
          <form method="post" action={href(ctx, `/campaigns/${page.campaign.slug}/${kind}/${token}`)}>
            <CsrfField ctx={ctx} />
            <button type="submit" class={kind === 'erase' ? 'danger' : ''} safe>{t(`campaigns.${kind}_button`)}</button>
          </form>
        </Layout>,
      );
    });
    pages.post(`/campaigns/:slug/${kind}/:token`, async (ctx, req, reply) => {
      const slug = param(req, 'slug');
      const token = param(req, 'token');
      if (!tokenSchema.safeParse(token).success) throw new AppError('not_found');
      const done = kind === 'confirm' ? await confirmSupport(db, slug, token) : await eraseSupport(db, slug, token);
      if (!done.ok) throw new AppError(done.error.code);
      return redirectTo(reply, ctx, `/campaigns/${slug}`, kind === 'confirm' ? 'campaigns.confirmed' : 'campaigns.erased');
    });
  }

  pages.get('/campaigns/:slug/kit/:id', async (ctx, req, reply) => {
    const page = await load(param(req, 'slug'));
    const id = param(req, 'id');
    const doc = isUuid(id) ? await findKitDocument(db, page.campaign.id, id) : undefined;
    if (!doc) throw new AppError('not_found');
    void ctx;
    return reply
      .header('x-content-type-options', 'nosniff')
      .header('content-disposition', `attachment; filename="${doc.fileName.replace(/[^\w.-]/g, '_')}"`)
      .type(doc.mediaType)
      .send(doc.content);
  });

}
