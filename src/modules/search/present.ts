// Search rows → list cards, API items, CSV rows and facet labels.
import { pick, type Locale, type Translate } from '../../kernel/i18n.ts';
import { formatMoney } from '../../kernel/money.ts';
import { countryName } from '../taxonomy/countries.ts';
import { themeLabel } from '../taxonomy/themes.ts';
import type { FacetName } from './schema.ts';
import type { FacetValue, ProjectListRow } from './queries.ts';

export const projectTitle = (row: Pick<ProjectListRow, 'titleFr' | 'titleEn'>, locale: Locale): string => pick({ fr: row.titleFr, en: row.titleEn }, locale).text;

export function code(t: Translate, list: string, value: string): string {
  const key = `projects.code.${list}.${value}`;
  const label = t(key);
  return label === key ? value : label;
}

export function facetLabel(t: Translate, locale: Locale, facet: FacetName, value: string, names: Map<string, string>): string {
  switch (facet) {
    case 'theme':
      return themeLabel(value, locale);
    case 'country':
      return countryName(value, locale);
    case 'region':
      return code(t, 'region', value);
    case 'status':
      return code(t, 'status', value);
    case 'organisation':
    case 'funder':
      return names.get(value) ?? value;
    case 'kind': {
      const key = `organisations.kind.${value}`;
      const label = t(key);
      return label === key ? value : label;
    }
    case 'needs':
      return t('search.facet_value.needs');
    default:
      return value;
  }
}

export const budgetText = (row: Pick<ProjectListRow, 'totalBudget' | 'defaultCurrency'>, locale: Locale): string => {
  try {
    return formatMoney(row.totalBudget, row.defaultCurrency, locale);
  } catch {
    return `${row.totalBudget / 100} ${row.defaultCurrency}`;
  }
};

export function presentSummary(row: ProjectListRow, t: Translate, locale: Locale, baseUrl: string) {
  return {
    id: row.id,
    slug: row.slug,
    iatiIdentifier: row.iatiIdentifier,
    title: { fr: row.titleFr, en: row.titleEn },
    displayTitle: projectTitle(row, locale),
    organisation: { id: row.organisationId, slug: row.organisationSlug, name: row.organisationName },
    status: row.activityStatus,
    statusLabel: code(t, 'status', row.activityStatus),
    countries: row.countries,
    regions: row.regions,
    themes: row.themes,
    totalBudget: row.totalBudget,
    currency: row.defaultCurrency,
    startYear: row.startYear,
    endYear: row.endYear,
    needsHelp: row.needsHelp,
    url: `${baseUrl}/${locale}/projects/${row.slug}`,
  };
}

export const csvHeader = (t: Translate): string[] =>
  ['title', 'organisation', 'status', 'countries', 'regions', 'themes', 'start', 'end', 'budget', 'currency', 'needs', 'identifier', 'url'].map((k) => t(`search.csv.${k}`));

export function csvRow(row: ProjectListRow, t: Translate, locale: Locale, baseUrl: string): (string | number | null)[] {
  return [
    projectTitle(row, locale),
    row.organisationName,
    code(t, 'status', row.activityStatus),
    row.countries.map((c) => countryName(c, locale)).join(', '),
    row.regions.map((r) => code(t, 'region', r)).join(', '),
    row.themes.map((c) => themeLabel(c, locale)).join(', '),
    row.actualStart ?? row.plannedStart,
    row.actualEnd ?? row.plannedEnd,
    row.totalBudget / 100,
    row.defaultCurrency,
    row.needsHelp ? t('search.csv.yes') : t('search.csv.no'),
    row.iatiIdentifier,
    `${baseUrl}/${locale}/projects/${row.slug}`,
  ];
}

export function withLabels(t: Translate, locale: Locale, facets: Record<FacetName, FacetValue[]>, names: Map<string, string>) {
  return Object.fromEntries(Object.entries(facets).map(([k, values]) => [k, values.map((v) => ({ value: v.value, label: facetLabel(t, locale, k as FacetName, v.value, names), count: v.count }))]));
}
