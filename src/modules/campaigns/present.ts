// Campaign rows → the public API's shapes and CSV rows. Individual supporters appear only by the name they chose
// to show (never their e-mail address); the others are only counted.
import type { z } from 'zod';
import { orgRef } from '../../kernel/api-query.ts';
import { pick, type Locale } from '../../kernel/i18n.ts';
import type { CampaignPage, CampaignRow } from './queries.ts';
import type { campaignOutputSchema, campaignSummaryOutputSchema } from './schema.ts';

export function campaignStatus(c: Pick<CampaignRow, 'startsOn' | 'endsOn'>, today: string): 'upcoming' | 'ongoing' | 'past' {
  if (c.startsOn && c.startsOn > today) return 'upcoming';
  if (c.endsOn && c.endsOn < today) return 'past';
  return 'ongoing';
}

export function presentCampaignSummary(c: CampaignRow, locale: Locale, baseUrl: string, today: string): z.output<typeof campaignSummaryOutputSchema> {
  return {
    id: c.id,
    slug: c.slug,
    title: pick({ fr: c.titleFr, en: c.titleEn }, locale).text || c.slug,
    summary: pick({ fr: c.summaryFr, en: c.summaryEn }, locale).text,
    url: `${baseUrl}/${locale}/campaigns/${c.slug}`,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    status: campaignStatus(c, today),
    themes: c.themes,
    countries: c.countries,
    website: c.website,
  };
}

export function presentCampaign(page: CampaignPage, locale: Locale, baseUrl: string, today: string): z.output<typeof campaignOutputSchema> {
  const active = page.signatories.filter((s) => s.organisation.status === 'active');
  return {
    ...presentCampaignSummary(page.campaign, locale, baseUrl, today),
    text: pick({ fr: page.campaign.textFr, en: page.campaign.textEn }, locale).text,
    organisers: active.filter((s) => s.role === 'organiser').map((s) => orgRef(s.organisation, locale)),
    cosigners: active.filter((s) => s.role === 'cosigner').map((s) => ({ organisation: orgRef(s.organisation, locale), signedAt: s.signedAt.toISOString() })),
    supporters: { count: page.supporterCount, publicNames: page.publicSupporters },
    links: [
      ...page.events.map((e) => ({ kind: 'event' as const, title: pick({ fr: e.titleFr, en: e.titleEn }, locale).text, on: e.startsAt.toISOString().slice(0, 10), url: `${baseUrl}/${locale}/events/${e.slug}` })),
      ...page.news.map((n) => ({ kind: 'news' as const, title: pick({ fr: n.titleFr, en: n.titleEn }, locale).text, on: n.publishedAt ? n.publishedAt.toISOString().slice(0, 10) : null, url: `${baseUrl}/${locale}/news/${n.slug}` })),
      ...page.links.map((l) => ({ kind: l.kind, title: pick({ fr: l.titleFr, en: l.titleEn }, locale).text, on: l.on, url: l.url })),
    ],
  };
}

export const campaignCsvHeader = ['id', 'slug', 'title', 'status', 'starts_on', 'ends_on', 'themes', 'countries', 'url'];
export const campaignCsvRow = (c: z.output<typeof campaignSummaryOutputSchema>) => [c.id, c.slug, c.title, c.status, c.startsOn ?? '', c.endsOn ?? '', c.themes.join(' '), c.countries.join(' '), c.url];
