// Row → what pages, feeds, the API and exports show. Raw rows never leave the module.
import { pick, type Locale, type Translate } from '../../kernel/i18n.ts';
import { renderRichText, richTextToPlain } from '../../kernel/rich-text.ts';
import { countryName } from '../taxonomy/countries.ts';
import { themeLabel } from '../taxonomy/themes.ts';
import type { AuthorRow as OrganisationRow } from './queries.ts';
import type { NewsRow } from './queries.ts';
import type { NewsInput, NewsOutput } from './schema.ts';

export const newsTitle = (row: Pick<NewsRow, 'titleFr' | 'titleEn'>, locale: Locale) => pick({ fr: row.titleFr, en: row.titleEn }, locale);
export const newsBody = (row: Pick<NewsRow, 'bodyFr' | 'bodyEn'>, locale: Locale) => pick({ fr: row.bodyFr, en: row.bodyEn }, locale);

/** The summary, or the start of the body as plain text. */
export function newsSummary(row: NewsRow, locale: Locale): { text: string; lang: Locale } {
  const summary = pick({ fr: row.summaryFr, en: row.summaryEn }, locale);
  if (summary.text) return summary;
  const body = newsBody(row, locale);
  const plain = richTextToPlain(body.text).replace(/\s+/g, ' ');
  return { text: plain.length > 280 ? `${plain.slice(0, 277).trimEnd()}…` : plain, lang: body.lang };
}

export const organisationName = (org: OrganisationRow | undefined, locale: Locale): string | null =>
  org ? pick({ fr: org.nameFr, en: org.nameEn }, locale).text : null;

export const newsPath = (row: Pick<NewsRow, 'slug'>) => `/news/${row.slug}`;

export function presentNews(row: NewsRow, author: OrganisationRow | undefined, locale: Locale, baseUrl: string): NewsOutput {
  return {
    id: row.id,
    slug: row.slug,
    type: row.type,
    title: { fr: row.titleFr, en: row.titleEn },
    summary: { fr: row.summaryFr, en: row.summaryEn },
    bodyHtml: { fr: row.bodyFr ? renderRichText(row.bodyFr) : null, en: row.bodyEn ? renderRichText(row.bodyEn) : null },
    author: { kind: row.authorKind, organisationId: row.authorOrganisationId, slug: author?.slug ?? null, name: organisationName(author, locale) },
    themes: row.themes,
    countries: row.countries,
    projectIds: row.projectIds,
    campaignIds: row.campaignIds,
    publishedAt: row.publishedAt?.toISOString() ?? null,
    dateline: row.datelinePlace && row.datelineDate ? { place: row.datelinePlace, date: row.datelineDate } : null,
    pressContacts: row.pressContacts,
    url: `${baseUrl}/${locale}${newsPath(row)}`,
  };
}

export const csvHeader = (t: Translate): string[] =>
  ['title', 'type', 'author', 'published', 'themes', 'countries', 'summary', 'url'].map((k) => t(`news.csv.${k}`));

export function csvRow(row: NewsRow, author: OrganisationRow | undefined, locale: Locale, baseUrl: string, t: Translate): (string | null)[] {
  return [
    newsTitle(row, locale).text,
    t(`news.type.${row.type}`),
    organisationName(author, locale) ?? t('news.platform'),
    row.publishedAt?.toISOString().slice(0, 10) ?? '',
    row.themes.map((c) => themeLabel(c, locale)).join(', '),
    row.countries.map((c) => countryName(c, locale)).join(', '),
    newsSummary(row, locale).text,
    `${baseUrl}/${locale}${newsPath(row)}`,
  ];
}

type Values = Record<string, string | string[]>;
export function formValues(row: NewsRow): Values {
  const values: Values = {
    version: String(row.version),
    type: row.type,
    authorOrganisationId: row.authorOrganisationId ?? '',
    authorKind: row.authorKind,
    titleFr: row.titleFr ?? '',
    titleEn: row.titleEn ?? '',
    summaryFr: row.summaryFr ?? '',
    summaryEn: row.summaryEn ?? '',
    bodyFr: row.bodyFr ?? '',
    bodyEn: row.bodyEn ?? '',
    themes: row.themes,
    countries: row.countries,
    projectIds: row.projectIds.join('\n'),
    campaignIds: row.campaignIds.join('\n'),
    status: row.status,
    publishedOn: row.publishedAt?.toISOString().slice(0, 10) ?? '',
    datelinePlace: row.datelinePlace ?? '',
    datelineDate: row.datelineDate ?? '',
  };
  row.pressContacts.slice(0, 3).forEach((c, i) => {
    values[`contact${i + 1}Name`] = c.name;
    values[`contact${i + 1}Role`] = c.role ?? '';
    values[`contact${i + 1}Email`] = c.email ?? '';
    values[`contact${i + 1}Phone`] = c.phone ?? '';
  });
  return values;
}

/** Demo/seed helper type: every optional field of the input left empty. */
export const emptyNewsInput: Omit<NewsInput, 'titleFr'> = {
  type: 'news',
  authorOrganisationId: undefined,
  authorKind: 'organisation',
  titleEn: undefined,
  summaryFr: undefined,
  summaryEn: undefined,
  bodyFr: undefined,
  bodyEn: undefined,
  themes: [],
  countries: [],
  projectIds: [],
  campaignIds: [],
  status: 'published',
  publishedOn: undefined,
  datelinePlace: undefined,
  datelineDate: undefined,
  contact1Name: undefined,
  contact1Role: undefined,
  contact1Email: undefined,
  contact1Phone: undefined,
  contact2Name: undefined,
  contact2Role: undefined,
  contact2Email: undefined,
  contact2Phone: undefined,
  contact3Name: undefined,
  contact3Role: undefined,
  contact3Email: undefined,
  contact3Phone: undefined,
};
