// Row → what pages, the API and exports show. Raw rows never leave the module.
import { pick, type Locale } from '../../kernel/i18n.ts';
import { countryName } from '../taxonomy/countries.ts';
import { themeLabel } from '../taxonomy/themes.ts';
import type { OrganisationRow } from './queries.ts';
import type { OrganisationOutput } from './schema.ts';

export const displayName = (row: Pick<OrganisationRow, 'nameFr' | 'nameEn'>, locale: Locale): string =>
  pick({ fr: row.nameFr, en: row.nameEn }, locale).text;

export const logoUrl = (row: Pick<OrganisationRow, 'logoFileId'>): string | null => (row.logoFileId ? `/files/${row.logoFileId}` : null);

export const organisationPath = (row: Pick<OrganisationRow, 'slug'>, locale: Locale): string => `/${locale}/organisations/${row.slug}`;

export function presentOrganisation(row: OrganisationRow, locale: Locale, baseUrl: string, showContact: boolean): OrganisationOutput {
  return {
    id: row.id,
    slug: row.slug,
    name: { fr: row.nameFr, en: row.nameEn },
    displayName: displayName(row, locale),
    kind: row.kind,
    subtype: row.subtype as OrganisationOutput['subtype'],
    website: row.website,
    logoUrl: row.logoFileId ? `${baseUrl}/files/${row.logoFileId}` : null,
    summary: { fr: row.summaryFr, en: row.summaryEn },
    description: { fr: row.descriptionFr, en: row.descriptionEn },
    city: row.city,
    country: row.country,
    countries: row.countries,
    themes: row.themes,
    identifiers: { siret: row.siret, rna: row.rna, iati: row.iatiId },
    lookingForPartners: row.lookingForPartners,
    contactEmail: showContact ? row.contactEmail : null,
    staffCount: row.staffCount,
    volunteerCount: row.volunteerCount,
    status: row.status,
    url: `${baseUrl}${organisationPath(row, locale)}`,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export const csvHeader = (t: (key: string) => string): string[] => [
  t('organisations.field.name'),
  t('organisations.field.subtype'),
  t('organisations.field.kind'),
  t('organisations.field.city'),
  t('organisations.field.countries'),
  t('organisations.field.themes'),
  t('organisations.field.website'),
  t('organisations.field.siret'),
  t('organisations.field.rna'),
  t('organisations.field.iatiId'),
  t('organisations.field.lookingForPartners'),
  t('organisations.field.url'),
];

/** One CSV line, with readable labels (country and theme names) rather than codes only. */
export function csvRow(row: OrganisationRow, locale: Locale, baseUrl: string, t: (key: string) => string): string[] {
  return [
    displayName(row, locale),
    t(`organisations.subtype.${row.subtype}`),
    t(`organisations.kind.${row.kind}`),
    row.city ?? '',
    row.countries.map((c) => countryName(c, locale)).join(', '),
    row.themes.map((c) => themeLabel(c, locale)).join(', '),
    row.website ?? '',
    row.siret ?? '',
    row.rna ?? '',
    row.iatiId ?? '',
    row.lookingForPartners ? t('organisations.yes') : t('organisations.no'),
    `${baseUrl}${organisationPath(row, locale)}`,
  ];
}

/** The organisation as a form's values (strings), for the edit form. */
export function formValues(row: OrganisationRow): Record<string, string | string[]> {
  return {
    nameFr: row.nameFr ?? '',
    nameEn: row.nameEn ?? '',
    subtype: row.subtype,
    kind: row.kind,
    website: row.website ?? '',
    summaryFr: row.summaryFr ?? '',
    summaryEn: row.summaryEn ?? '',
    descriptionFr: row.descriptionFr ?? '',
    descriptionEn: row.descriptionEn ?? '',
    address: row.address ?? '',
    postcode: row.postcode ?? '',
    city: row.city ?? '',
    country: row.country,
    countries: row.countries,
    themes: row.themes,
    siret: row.siret ?? '',
    rna: row.rna ?? '',
    iatiId: row.iatiId ?? '',
    lookingForPartners: row.lookingForPartners ? 'on' : '',
    contactEmail: row.contactEmail ?? '',
    contactPublic: row.contactPublic ? 'on' : '',
    staffCount: row.staffCount === null ? '' : String(row.staffCount),
    volunteerCount: row.volunteerCount === null ? '' : String(row.volunteerCount),
    version: String(row.version),
  };
}
