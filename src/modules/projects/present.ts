// Rows → what pages, the API and exports show. Raw rows never leave the module.
import { pick, type Locale, type Translate } from '../../kernel/i18n.ts';
import { formatDate } from '../../kernel/format.ts';
import { formatMoney } from '../../kernel/money.ts';
import { countryName } from '../taxonomy/countries.ts';
import { themeLabel } from '../taxonomy/themes.ts';
import type { ProjectBundle, ProjectRow } from './queries.ts';

export const displayTitle = (row: Pick<ProjectRow, 'titleFr' | 'titleEn'>, locale: Locale): string => pick({ fr: row.titleFr, en: row.titleEn }, locale).text;

/** Label of an IATI code from our lists; an unknown (imported) code is shown as the code itself. */
export function codeLabel(t: Translate, list: string, code: string | null | undefined): string {
  if (!code) return '';
  const key = `projects.code.${list}.${code}`;
  const label = t(key);
  return label === key ? code : label;
}

export const money = (cents: number, currency: string, locale: Locale): string => {
  try {
    return formatMoney(cents, currency, locale);
  } catch {
    return `${(cents / 100).toFixed(2)} ${currency}`;
  }
};

export const dateText = (iso: string | null | undefined, locale: Locale): string => (iso ? formatDate(iso, locale, 'short') : '');

export function organisationLabel(bundle: Pick<ProjectBundle, 'organisations'>, id: string | null | undefined, name: string | null | undefined, locale: Locale): string {
  if (id) {
    const org = bundle.organisations.get(id);
    if (org) return pick({ fr: org.nameFr, en: org.nameEn }, locale).text;
  }
  return name ?? '';
}

export const pct = (p: number | null | undefined): string => (typeof p === 'number' ? ` (${p} %)` : '');

/** One line describing a repeated element, for the edit page's lists. */
export function rowSummary(section: string, row: Record<string, unknown>, bundle: ProjectBundle, t: Translate, locale: Locale): string {
  const cur = (row.currency as string) ?? bundle.project.defaultCurrency;
  const s = (k: string): string => (row[k] === null || row[k] === undefined ? '' : String(row[k]));
  const n = (k: string): number => Number(row[k] ?? 0);
  const p = (k: string): number | null => (typeof row[k] === 'number' ? (row[k] as number) : null);
  const tx = (fr: string, en: string): string => pick({ fr: s(fr) || null, en: s(en) || null }, locale).text;
  switch (section) {
    case 'countries':
      return countryName(s('code'), locale) + pct(p('percentage'));
    case 'regions':
      return codeLabel(t, 'region', s('code')) + pct(p('percentage'));
    case 'sectors':
      return `${s('theme') ? themeLabel(s('theme'), locale) : ''} — DAC ${s('code')}${pct(p('percentage'))}`;
    case 'participants':
      return `${organisationLabel(bundle, s('organisationId') || null, s('name') || null, locale)} — ${codeLabel(t, 'role', s('role'))}${s('organisationId') && s('acceptance') !== 'accepted' ? ` — ${t(`projects.acceptance.${s('acceptance')}`)}` : ''}`;
    case 'locations':
      return `${s('name')} (${s('lat')}, ${s('lng')})`;
    case 'budgets':
      return `${dateText(s('periodStart'), locale)} – ${dateText(s('periodEnd'), locale)} : ${money(n('amount'), cur, locale)} — ${codeLabel(t, 'budget_type', s('type'))}`;
    case 'transactions':
      return `${dateText(s('date'), locale)} — ${codeLabel(t, 'transaction', s('type'))} — ${money(n('amount'), cur, locale)}`;
    case 'results':
      return `${tx('titleFr', 'titleEn')} — ${codeLabel(t, 'result', s('type'))}`;
    case 'documents':
      return `${tx('titleFr', 'titleEn')} — ${codeLabel(t, 'document', s('category'))}`;
    case 'photos':
      return tx('captionFr', 'captionEn') || t('projects.section.photos');
    case 'updates':
      return `${dateText(s('date'), locale)} — ${tx('titleFr', 'titleEn')}`;
    case 'needs':
      return `${t(`projects.need.${s('kind')}`)} — ${tx('textFr', 'textEn')}`;
    default:
      return '';
  }
}

/** Money in and out, from the transactions (in the project's default currency only). */
export function moneyTotals(bundle: ProjectBundle): { budget: number; incoming: number; committed: number; spent: number } {
  const sum = (types: string[]) => bundle.transactions.filter((x) => types.includes(x.type) && x.currency === bundle.project.defaultCurrency).reduce((a, b) => a + b.amount, 0);
  return { budget: bundle.project.totalBudget, incoming: sum(['1']), committed: sum(['2', '11']), spent: sum(['3', '4']) };
}

export function projectDetail(bundle: ProjectBundle, locale: Locale, baseUrl: string) {
  const p = bundle.project;
  const org = bundle.organisations.get(p.organisationId);
  const name = (id: string | null, n: string | null) => organisationLabel(bundle, id, n, locale) || null;
  return {
    id: p.id,
    slug: p.slug,
    iatiIdentifier: p.iatiIdentifier,
    title: { fr: p.titleFr, en: p.titleEn },
    organisation: { id: p.organisationId, slug: org?.slug ?? '', name: org ? pick({ fr: org.nameFr, en: org.nameEn }, locale).text : '' },
    status: p.activityStatus,
    countries: p.countries,
    themes: p.themes,
    totalBudget: p.totalBudget,
    currency: p.defaultCurrency,
    url: `${baseUrl}/${locale}/projects/${p.slug}`,
    description: { fr: p.descriptionFr, en: p.descriptionEn },
    objectives: { fr: p.objectivesFr, en: p.objectivesEn },
    targetGroups: { fr: p.targetGroupsFr, en: p.targetGroupsEn },
    dates: { plannedStart: p.plannedStart, actualStart: p.actualStart, plannedEnd: p.plannedEnd, actualEnd: p.actualEnd },
    humanitarian: p.humanitarian,
    sdgs: p.sdgs,
    recipientCountries: bundle.countries.map((c) => ({ code: c.code, percentage: c.percentage })),
    recipientRegions: bundle.regions.map((c) => ({ code: c.code, percentage: c.percentage })),
    sectors: bundle.sectors.map((s) => ({ theme: s.theme, vocabulary: s.vocabulary, code: s.code, percentage: s.percentage })),
    participants: bundle.participants
      .filter((x) => !x.organisationId || x.acceptance === 'accepted')
      .map((x) => ({ role: x.role, name: name(x.organisationId, x.name) ?? '', ref: x.ref, organisationSlug: x.organisationId ? (bundle.organisations.get(x.organisationId)?.slug ?? null) : null })),
    locations: bundle.locations.map((l) => ({ name: l.name, lat: l.lat, lng: l.lng, exactness: l.exactness })),
    budgets: bundle.budgets.map((b) => ({ type: b.type, status: b.status, periodStart: b.periodStart, periodEnd: b.periodEnd, amount: b.amount, currency: b.currency })),
    transactions: bundle.transactions.map((x) => ({ type: x.type, date: x.date, amount: x.amount, currency: x.currency, provider: name(x.providerOrganisationId, x.providerName), receiver: name(x.receiverOrganisationId, x.receiverName), description: x.description })),
    results: bundle.results.map((r) => ({ type: r.type, title: { fr: r.titleFr, en: r.titleEn }, indicators: r.indicators })),
    documents: bundle.documents.map((d) => ({ title: { fr: d.titleFr, en: d.titleEn }, category: d.category, url: d.url ?? (d.fileId ? `${baseUrl}/files/${d.fileId}` : null) })),
    needs: bundle.needs.map((n) => ({ kind: n.kind, text: { fr: n.textFr, en: n.textEn } })),
    updates: bundle.updates.map((u) => ({ date: u.date, title: { fr: u.titleFr, en: u.titleEn }, body: { fr: u.bodyFr, en: u.bodyEn } })),
  };
}
