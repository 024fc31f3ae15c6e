// What IATI requires of an activity or organisation record, field by field, as codes (the UI translates them
// with `iati.problem.<code>` from messages.ts). Two layers:
// - schema problems: what the 2.03 XML schema requires (a title, a reporting organisation, dates on budgets…).
//   The writer refuses a record with any of these, so every file it writes validates.
// - rule problems: the official IATI rulesets (validator/IATI-Rulesets/rulesets/standard.json) that apply to the
//   fields we hold: percentages add up to 100 per vocabulary, start before end, nothing in the future… The rule
//   id is given beside each check. `severity` follows the ruleset: 'error' blocks publication, 'warning' informs.
import type {
  AidType,
  IatiActivity,
  IatiOrganisation,
  IndicatorValue,
  Money,
  Narratives,
  TransactionOrg,
} from './model.ts';
import { isWritableDecimal } from './decimal.ts';

export interface Problem {
  /** Path in the model, e.g. `sectors`, `transactions[2].value.currency`. */
  field: string;
  code: ProblemCode;
  params: Record<string, string | number>;
  severity: 'error' | 'warning';
}

export const problemCodes = [
  // schema
  'identifier_missing',
  'reporting_org_missing',
  'reporting_org_ref_missing',
  'reporting_org_type_missing',
  'reporting_org_name_missing',
  'title_missing',
  'description_missing',
  'description_empty',
  'participating_org_missing',
  'participating_org_role_missing',
  'other_identifier_type_missing',
  'status_missing',
  'date_missing',
  'date_invalid',
  'datetime_invalid',
  'number_invalid',
  'language_invalid',
  'code_missing',
  'period_start_missing',
  'period_end_missing',
  'value_missing',
  'value_date_missing',
  'transaction_type_missing',
  'transaction_date_missing',
  'document_url_missing',
  'document_format_missing',
  'document_title_missing',
  'document_category_missing',
  'result_type_missing',
  'result_title_missing',
  'result_indicator_missing',
  'indicator_measure_missing',
  'indicator_title_missing',
  'baseline_year_missing',
  'organisation_name_missing',
  'recipient_org_name_missing',
  'budget_line_name_missing',
  // rulesets
  'identifier_is_org',
  'identifier_prefix',
  'identifier_symbols',
  'start_date_missing',
  'planned_dates_order',
  'actual_dates_order',
  'actual_date_future',
  'last_updated_future',
  'transaction_date_future',
  'value_date_future',
  'language_missing',
  'transaction_currency_missing',
  'budget_currency_missing',
  'disbursement_currency_missing',
  'expenditure_currency_missing',
  'sector_missing',
  'sector_levels_mixed',
  'sector_transactions_incomplete',
  'sector_percentage_missing',
  'sector_shares_sum',
  'sector_single_percentage',
  'sector_narrative_missing',
  'sector_dac_missing',
  'percentage_range',
  'country_missing',
  'country_levels_mixed',
  'country_percentage_missing',
  'country_shares_sum',
  'country_single_percentage',
  'participating_org_name_missing',
  'provider_org_name_missing',
  'receiver_org_name_missing',
  'policy_significance_missing',
  'policy_narrative_missing',
  'budget_period_order',
  'budget_period_too_long',
  'budget_line_date_outside',
  'budget_not_provided_conflict',
  'indicator_period_order',
  'baseline_value_missing',
  'target_value_missing',
  'actual_value_missing',
  'indicator_value_not_number',
  'indicator_value_qualitative',
  'aid_type_repeated',
  'aid_type_dac_missing',
  'point_invalid',
] as const;
export type ProblemCode = (typeof problemCodes)[number];

type Params = Record<string, string | number>;

class Problems {
  readonly list: Problem[] = [];
  error(field: string, code: ProblemCode, params: Params = {}): void {
    this.list.push({ field, code, params, severity: 'error' });
  }
  warning(field: string, code: ProblemCode, params: Params = {}): void {
    this.list.push({ field, code, params, severity: 'warning' });
  }
}

const hasText = (text: Narratives): boolean => Object.keys(text).length > 0;
const blank = (value: string | undefined): boolean => value === undefined || value.trim() === '';

// ─── Value formats (the schema's simple types) ───────────────────────────────────────────────────────────

const DAYS = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function isIsoDate(value: string): boolean {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!m) return false;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > DAYS[month - 1]!) return false;
  return !(month === 2 && day === 29 && !(year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)));
}

export function isIsoDateTime(value: string): boolean {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}):(\d{2}):(\d{2})(\.\d+)?(Z|[+-]\d{2}:\d{2})?$/.exec(value);
  return !!m && isIsoDate(m[1]!) && Number(m[2]) < 24 && Number(m[3]) < 60 && Number(m[4]) < 60;
}

function checkDate(p: Problems, field: string, value: string | undefined): void {
  if (value !== undefined && !isIsoDate(value)) p.error(field, 'date_invalid', { value });
}

const LANGUAGE = /^[a-zA-Z]{1,8}(-[a-zA-Z0-9]{1,8})*$/;

/** xml:lang values must be xs:language tags (en, fr, pt-BR…). */
function checkLanguages(p: Problems, defaultLanguage: string | undefined, texts: Narratives[]): void {
  const bad = new Set<string>();
  if (defaultLanguage !== undefined && !LANGUAGE.test(defaultLanguage)) bad.add(defaultLanguage);
  for (const text of texts) for (const key in text) if (key !== '' && !LANGUAGE.test(key)) bad.add(key);
  for (const value of bad) p.error('defaultLanguage', 'language_invalid', { value });
}

function checkCode(p: Problems, field: string, value: string | undefined): void {
  if (blank(value)) p.error(field, 'code_missing');
}

/** An amount or percentage the XML can carry (an xsd:decimal of at most 24 digits). */
function checkDecimal(p: Problems, field: string, value: number | undefined): void {
  if (value !== undefined && !isWritableDecimal(value)) p.error(field, 'number_invalid', { value: String(value) });
}

function checkMoney(p: Problems, field: string, value: Money | undefined): void {
  if (value === undefined) return p.error(field, 'value_missing');
  checkDecimal(p, `${field}.amount`, value.amount);
  if (value.valueDate === undefined) p.error(`${field}.valueDate`, 'value_date_missing');
  else checkDate(p, `${field}.valueDate`, value.valueDate);
}

function checkReportingOrg(p: Problems, org: IatiActivity['reportingOrg']): void {
  if (org === undefined) return p.error('reportingOrg', 'reporting_org_missing');
  if (blank(org.ref)) p.error('reportingOrg.ref', 'reporting_org_ref_missing');
  if (blank(org.type)) p.error('reportingOrg.type', 'reporting_org_type_missing');
  if (!hasText(org.name)) p.error('reportingOrg.name', 'reporting_org_name_missing');
}

function checkDocumentLink(p: Problems, field: string, d: IatiActivity['documentLinks'][number]): void {
  if (blank(d.url)) p.error(`${field}.url`, 'document_url_missing');
  if (blank(d.format)) p.error(`${field}.format`, 'document_format_missing');
  if (!hasText(d.title)) p.error(`${field}.title`, 'document_title_missing');
  if (d.categories.length === 0) p.error(`${field}.categories`, 'document_category_missing');
  d.categories.forEach((c, i) => checkCode(p, `${field}.categories[${i}]`, c));
  d.languages.forEach((c, i) => checkCode(p, `${field}.languages[${i}]`, c));
  checkDate(p, `${field}.documentDate`, d.documentDate);
}

// ─── Schema problems ─────────────────────────────────────────────────────────────────────────────────────

/** What the IATI 2.03 activity schema requires: with none of these, the written XML validates. */
export function activitySchemaProblems(a: IatiActivity): Problem[] {
  const p = new Problems();
  if (blank(a.identifier)) p.error('identifier', 'identifier_missing');
  checkReportingOrg(p, a.reportingOrg);
  if (!hasText(a.title)) p.error('title', 'title_missing');
  if (a.descriptions.length === 0) p.error('descriptions', 'description_missing');
  a.descriptions.forEach((d, i) => {
    if (!hasText(d.text)) p.error(`descriptions[${i}].text`, 'description_empty');
  });
  if (a.participatingOrgs.length === 0) p.error('participatingOrgs', 'participating_org_missing');
  a.participatingOrgs.forEach((o, i) => {
    if (blank(o.role)) p.error(`participatingOrgs[${i}].role`, 'participating_org_role_missing');
  });
  a.otherIdentifiers.forEach((o, i) => {
    checkCode(p, `otherIdentifiers[${i}].ref`, o.ref);
    if (blank(o.type)) p.error(`otherIdentifiers[${i}].type`, 'other_identifier_type_missing');
  });
  if (blank(a.status)) p.error('status', 'status_missing');
  if (a.dates.length === 0) p.error('dates', 'date_missing');
  a.dates.forEach((d, i) => {
    checkCode(p, `dates[${i}].type`, d.type);
    if (!isIsoDate(d.date)) p.error(`dates[${i}].date`, 'date_invalid', { value: d.date });
  });
  if (a.lastUpdated !== undefined && !isIsoDateTime(a.lastUpdated)) {
    p.error('lastUpdated', 'datetime_invalid', { value: a.lastUpdated });
  }
  checkLanguages(p, a.defaultLanguage, narrativesOf(a));
  if (a.hierarchy !== undefined && !(Number.isInteger(a.hierarchy) && Math.abs(a.hierarchy) < 2 ** 31)) {
    p.error('hierarchy', 'number_invalid', { value: a.hierarchy });
  }
  a.recipientCountries.forEach((c, i) => {
    checkCode(p, `recipientCountries[${i}].code`, c.code);
    checkDecimal(p, `recipientCountries[${i}].percentage`, c.percentage);
  });
  a.recipientRegions.forEach((r, i) => {
    checkCode(p, `recipientRegions[${i}].code`, r.code);
    checkDecimal(p, `recipientRegions[${i}].percentage`, r.percentage);
  });
  a.locations.forEach((l, i) => {
    l.ids.forEach((id, j) => {
      checkCode(p, `locations[${i}].ids[${j}].code`, id.code);
      checkCode(p, `locations[${i}].ids[${j}].vocabulary`, id.vocabulary);
    });
    l.administratives.forEach((adm, j) => {
      checkCode(p, `locations[${i}].administratives[${j}].code`, adm.code);
      checkCode(p, `locations[${i}].administratives[${j}].vocabulary`, adm.vocabulary);
      if (adm.level !== undefined && !(Number.isSafeInteger(adm.level) && adm.level >= 0)) {
        p.error(`locations[${i}].administratives[${j}].level`, 'number_invalid', { value: adm.level });
      }
    });
  });
  a.sectors.forEach((s, i) => {
    checkCode(p, `sectors[${i}].code`, s.code);
    checkDecimal(p, `sectors[${i}].percentage`, s.percentage);
  });
  a.tags.forEach((t, i) => {
    checkCode(p, `tags[${i}].code`, t.code);
    checkCode(p, `tags[${i}].vocabulary`, t.vocabulary);
  });
  a.policyMarkers.forEach((m, i) => checkCode(p, `policyMarkers[${i}].code`, m.code));
  a.defaultAidTypes.forEach((t, i) => checkCode(p, `defaultAidTypes[${i}].code`, t.code));
  a.budgets.forEach((b, i) => {
    const f = `budgets[${i}]`;
    if (b.periodStart === undefined) p.error(`${f}.periodStart`, 'period_start_missing');
    if (b.periodEnd === undefined) p.error(`${f}.periodEnd`, 'period_end_missing');
    checkDate(p, `${f}.periodStart`, b.periodStart);
    checkDate(p, `${f}.periodEnd`, b.periodEnd);
    checkMoney(p, `${f}.value`, b.value);
  });
  a.plannedDisbursements.forEach((d, i) => {
    const f = `plannedDisbursements[${i}]`;
    if (d.periodStart === undefined) p.error(`${f}.periodStart`, 'period_start_missing');
    checkDate(p, `${f}.periodStart`, d.periodStart);
    checkDate(p, `${f}.periodEnd`, d.periodEnd);
    checkMoney(p, `${f}.value`, d.value);
  });
  a.transactions.forEach((t, i) => {
    const f = `transactions[${i}]`;
    if (blank(t.type)) p.error(`${f}.type`, 'transaction_type_missing');
    if (t.date === undefined) p.error(`${f}.date`, 'transaction_date_missing');
    else checkDate(p, `${f}.date`, t.date);
    checkMoney(p, `${f}.value`, t.value);
    t.sectors.forEach((s, j) => checkCode(p, `${f}.sectors[${j}].code`, s.code));
    if (t.recipientCountry) checkCode(p, `${f}.recipientCountry.code`, t.recipientCountry.code);
    if (t.recipientRegion) checkCode(p, `${f}.recipientRegion.code`, t.recipientRegion.code);
    t.aidTypes.forEach((x, j) => checkCode(p, `${f}.aidTypes[${j}].code`, x.code));
  });
  a.documentLinks.forEach((d, i) => checkDocumentLink(p, `documentLinks[${i}]`, d));
  a.relatedActivities.forEach((r, i) => {
    checkCode(p, `relatedActivities[${i}].ref`, r.ref);
    checkCode(p, `relatedActivities[${i}].type`, r.type);
  });
  a.results.forEach((r, i) => {
    const f = `results[${i}]`;
    if (blank(r.type)) p.error(`${f}.type`, 'result_type_missing');
    if (!hasText(r.title)) p.error(`${f}.title`, 'result_title_missing');
    if (r.indicators.length === 0) p.error(`${f}.indicators`, 'result_indicator_missing');
    r.indicators.forEach((ind, j) => {
      const g = `${f}.indicators[${j}]`;
      if (blank(ind.measure)) p.error(`${g}.measure`, 'indicator_measure_missing');
      if (!hasText(ind.title)) p.error(`${g}.title`, 'indicator_title_missing');
      ind.baselines.forEach((b, k) => {
        if (b.year === undefined) p.error(`${g}.baselines[${k}].year`, 'baseline_year_missing');
        else if (!(Number.isInteger(b.year) && b.year > 0)) {
          p.error(`${g}.baselines[${k}].year`, 'number_invalid', { value: b.year });
        }
        checkDate(p, `${g}.baselines[${k}].date`, b.date);
      });
      ind.periods.forEach((per, k) => {
        if (per.start === undefined) p.error(`${g}.periods[${k}].start`, 'period_start_missing');
        if (per.end === undefined) p.error(`${g}.periods[${k}].end`, 'period_end_missing');
        checkDate(p, `${g}.periods[${k}].start`, per.start);
        checkDate(p, `${g}.periods[${k}].end`, per.end);
      });
    });
  });
  return p.list;
}

/** What the IATI 2.03 organisation schema requires. */
export function organisationSchemaProblems(o: IatiOrganisation): Problem[] {
  const p = new Problems();
  if (blank(o.identifier)) p.error('identifier', 'identifier_missing');
  if (!hasText(o.name)) p.error('name', 'organisation_name_missing');
  checkReportingOrg(p, o.reportingOrg);
  if (o.lastUpdated !== undefined && !isIsoDateTime(o.lastUpdated)) {
    p.error('lastUpdated', 'datetime_invalid', { value: o.lastUpdated });
  }
  checkLanguages(p, o.defaultLanguage, organisationTexts(o));
  const budgets: [string, { periodStart?: string; periodEnd?: string; value?: Money; lines: typeof o.totalBudgets[number]['lines'] }[]][] = [
    ['totalBudgets', o.totalBudgets],
    ['recipientOrgBudgets', o.recipientOrgBudgets],
    ['recipientRegionBudgets', o.recipientRegionBudgets],
    ['recipientCountryBudgets', o.recipientCountryBudgets],
    ['totalExpenditures', o.totalExpenditures],
  ];
  for (const [name, list] of budgets) {
    list.forEach((b, i) => {
      const f = `${name}[${i}]`;
      if (b.periodStart === undefined) p.error(`${f}.periodStart`, 'period_start_missing');
      if (b.periodEnd === undefined) p.error(`${f}.periodEnd`, 'period_end_missing');
      checkDate(p, `${f}.periodStart`, b.periodStart);
      checkDate(p, `${f}.periodEnd`, b.periodEnd);
      checkMoney(p, `${f}.value`, b.value);
      b.lines.forEach((line, j) => {
        checkMoney(p, `${f}.lines[${j}].value`, line.value);
        if (!hasText(line.narrative)) p.error(`${f}.lines[${j}].narrative`, 'budget_line_name_missing');
      });
    });
  }
  o.recipientOrgBudgets.forEach((b, i) => {
    if (!hasText(b.recipientOrg.name)) p.error(`recipientOrgBudgets[${i}].recipientOrg.name`, 'recipient_org_name_missing');
  });
  o.recipientCountryBudgets.forEach((b, i) => {
    checkCode(p, `recipientCountryBudgets[${i}].recipientCountry.code`, b.recipientCountry.code);
  });
  o.documentLinks.forEach((d, i) => {
    checkDocumentLink(p, `documentLinks[${i}]`, d);
    d.recipientCountries.forEach((c, j) => checkCode(p, `documentLinks[${i}].recipientCountries[${j}].code`, c.code));
  });
  return p.list;
}

// ─── Rulesets ────────────────────────────────────────────────────────────────────────────────────────────

export interface CheckOptions {
  /** Today as YYYY-MM-DD, for the "not in the future" rules; the real date when absent. */
  today?: string;
}

const todayOf = (options: CheckOptions): string => options.today ?? new Date().toISOString().slice(0, 10);
const sum = (values: number[]): number => values.reduce((s, v) => s + v, 0);
const round2 = (n: number): number => Math.round(n * 100) / 100;
const isHundred = (n: number): boolean => Math.abs(n - 100) < 1e-6;
const vocab = (v: string | undefined): string => (v === undefined || v === '' ? '1' : v);

function groupBy<T>(items: T[], key: (item: T) => string): Map<string, { item: T; index: number }[]> {
  const groups = new Map<string, { item: T; index: number }[]>();
  items.forEach((item, index) => {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push({ item, index });
    else groups.set(k, [{ item, index }]);
  });
  return groups;
}

/** One year after a date (same month and day; 29 February → 28 February). */
function oneYearAfter(date: string): string {
  const year = String(Number(date.slice(0, 4)) + 1).padStart(4, '0');
  const rest = date.slice(4) === '-02-29' ? '-02-28' : date.slice(4);
  return year + rest;
}

function checkPeriod(p: Problems, field: string, start: string | undefined, end: string | undefined, limitYear: boolean): void {
  if (start === undefined || end === undefined || !isIsoDate(start) || !isIsoDate(end)) return;
  if (start > end) p.error(field, 'budget_period_order', { start, end }); // 8.6.3
  else if (limitYear && end > oneYearAfter(start)) p.error(field, 'budget_period_too_long', { start, end }); // 7.5.3
}

function checkFuture(p: Problems, field: string, date: string | undefined, today: string, code: ProblemCode): void {
  const day = date?.slice(0, 10);
  if (day !== undefined && isIsoDate(day) && day > today) p.error(field, code, { date: day });
}

function narrativesOf(a: IatiActivity): Narratives[] {
  const out: Narratives[] = [a.title, ...a.descriptions.map((d) => d.text)];
  if (a.reportingOrg) out.push(a.reportingOrg.name);
  for (const o of a.participatingOrgs) out.push(o.name);
  for (const o of a.otherIdentifiers) if (o.ownerOrg) out.push(o.ownerOrg.name);
  for (const c of a.recipientCountries) out.push(c.name);
  for (const r of a.recipientRegions) out.push(r.name);
  for (const l of a.locations) out.push(l.name, l.description, l.activityDescription);
  for (const s of a.sectors) out.push(s.narrative);
  for (const t of a.tags) out.push(t.narrative);
  for (const m of a.policyMarkers) out.push(m.narrative);
  for (const c of a.contacts) out.push(c.organisation, c.department, c.personName, c.jobTitle, ...c.mailingAddresses);
  for (const d of a.plannedDisbursements) {
    if (d.providerOrg) out.push(d.providerOrg.name);
    if (d.receiverOrg) out.push(d.receiverOrg.name);
  }
  for (const t of a.transactions) {
    out.push(t.description, ...t.sectors.map((s) => s.narrative));
    if (t.providerOrg) out.push(t.providerOrg.name);
    if (t.receiverOrg) out.push(t.receiverOrg.name);
    if (t.recipientCountry) out.push(t.recipientCountry.name);
    if (t.recipientRegion) out.push(t.recipientRegion.name);
  }
  for (const d of a.documentLinks) out.push(d.title, d.description);
  for (const r of a.results) {
    out.push(r.title, r.description);
    for (const i of r.indicators) {
      out.push(i.title, i.description, ...i.baselines.map((b) => b.comment));
      for (const p of i.periods) out.push(...p.targets.map((t) => t.comment), ...p.actuals.map((t) => t.comment));
    }
  }
  return out;
}

function organisationTexts(o: IatiOrganisation): Narratives[] {
  const texts: Narratives[] = [o.name, ...(o.reportingOrg ? [o.reportingOrg.name] : [])];
  for (const b of o.recipientOrgBudgets) texts.push(b.recipientOrg.name);
  for (const b of o.recipientRegionBudgets) texts.push(b.recipientRegion.name);
  for (const b of o.recipientCountryBudgets) texts.push(b.recipientCountry.name);
  for (const d of o.documentLinks) {
    texts.push(d.title, d.description);
    for (const c of d.recipientCountries) texts.push(c.name);
  }
  for (const list of [o.totalBudgets, o.recipientOrgBudgets, o.recipientRegionBudgets, o.recipientCountryBudgets, o.totalExpenditures]) {
    for (const b of list) for (const line of b.lines) texts.push(line.narrative);
  }
  return texts;
}

function checkIndicatorValue(p: Problems, field: string, v: IndicatorValue, measure: string | undefined, missing: ProblemCode): void {
  if (measure === '1' || measure === '2' || measure === '3' || measure === '4') {
    if (v.value === undefined) p.error(field, missing); // 8.8.1, 8.9.1, 8.10.1
    else if (!Number.isFinite(Number(v.value))) p.warning(field, 'indicator_value_not_number', { value: v.value }); // 8.x.2
  } else if (measure === '5' && v.value !== undefined) {
    p.warning(field, 'indicator_value_qualitative', { value: v.value }); // 8.8.3, 8.9.3, 8.10.3
  }
}

function checkAidTypes(p: Problems, field: string, types: AidType[]): void {
  for (const [vocabulary, group] of groupBy(types, (t) => vocab(t.vocabulary))) {
    if (group.length > 1) p.warning(field, 'aid_type_repeated', { vocabulary }); // 107.1.2, 107.2.2
  }
  if (types.length > 0 && !types.some((t) => vocab(t.vocabulary) === '1')) {
    p.warning(field, 'aid_type_dac_missing'); // 107.1.1, 107.2.1
  }
}

function checkOrgNamed(p: Problems, field: string, org: TransactionOrg | undefined, code: ProblemCode): void {
  if (org !== undefined && blank(org.ref) && !hasText(org.name)) p.error(field, code);
}

/** Every problem of an activity: the schema's, then the official rules that apply to our fields. */
export function checkActivity(a: IatiActivity, options: CheckOptions = {}): Problem[] {
  const p = new Problems();
  p.list.push(...activitySchemaProblems(a));
  const today = todayOf(options);
  const orgRef = a.reportingOrg?.ref;

  // Identifiers: 1.1.3, 1.1.21, 1.3.13
  if (!blank(a.identifier)) {
    if (orgRef !== undefined && a.identifier === orgRef) p.error('identifier', 'identifier_is_org');
    else if (orgRef !== undefined) {
      const previous = a.otherIdentifiers.filter((o) => o.type === 'B1').map((o) => o.ref);
      if (![orgRef, ...previous].some((prefix) => a.identifier.startsWith(`${prefix}-`))) {
        p.warning('identifier', 'identifier_prefix', { prefix: orgRef });
      }
    }
    if (/[/&|?]/.test(a.identifier)) p.warning('identifier', 'identifier_symbols');
  }

  // Dates: 6.11.1, 11.1.1–11.1.5, 11.2.1, 11.2.2
  const dateOf = (type: string) => a.dates.find((d) => d.type === type && isIsoDate(d.date))?.date;
  if (!a.dates.some((d) => d.type === '1' || d.type === '2')) p.error('dates', 'start_date_missing');
  const [plannedStart, actualStart, plannedEnd, actualEnd] = ['1', '2', '3', '4'].map(dateOf);
  if (plannedStart && plannedEnd && plannedStart > plannedEnd) {
    p.error('dates', 'planned_dates_order', { start: plannedStart, end: plannedEnd });
  }
  if (actualStart && actualEnd && actualStart > actualEnd) {
    p.error('dates', 'actual_dates_order', { start: actualStart, end: actualEnd });
  }
  a.dates.forEach((d, i) => {
    if (d.type === '2' || d.type === '4') checkFuture(p, `dates[${i}].date`, d.date, today, 'actual_date_future');
  });
  checkFuture(p, 'lastUpdated', a.lastUpdated, today, 'last_updated_future');

  // Language: 4.1.1
  if (a.defaultLanguage === undefined && narrativesOf(a).some((n) => '' in n)) {
    p.error('defaultLanguage', 'language_missing');
  }

  // Participants: 6.10.1
  a.participatingOrgs.forEach((o, i) => {
    if (blank(o.ref) && !hasText(o.name)) p.error(`participatingOrgs[${i}].name`, 'participating_org_name_missing');
  });

  // Sectors: 6.2.2, 6.6.2, 6.7.2, 2.1.1, 2.1.2, 2.1.4, 2.2.1, 102.1.1, 12.3.1
  const withSector = a.transactions.filter((t) => t.sectors.length > 0).length;
  if (a.sectors.length === 0 && (withSector === 0 || a.transactions.length === 0)) p.error('sectors', 'sector_missing');
  if (a.sectors.length > 0 && withSector > 0) p.error('sectors', 'sector_levels_mixed');
  if (a.sectors.length === 0 && withSector > 0 && withSector < a.transactions.length) {
    p.error('transactions', 'sector_transactions_incomplete');
  }
  for (const [vocabulary, group] of groupBy(a.sectors, (s) => vocab(s.vocabulary))) {
    const percentages = group.map((g) => g.item.percentage).filter((x): x is number => x !== undefined);
    if (group.length > 1) {
      if (percentages.length < group.length) p.error('sectors', 'sector_percentage_missing', { vocabulary });
      const total = sum(percentages);
      if (percentages.length > 0 && !isHundred(total)) {
        p.error('sectors', 'sector_shares_sum', { vocabulary, sum: round2(total) });
      }
    } else if (percentages.length === 1 && !isHundred(percentages[0]!)) {
      p.error(`sectors[${group[0]!.index}].percentage`, 'sector_single_percentage', {
        vocabulary,
        value: percentages[0]!,
      });
    }
    if (vocabulary === '98' || vocabulary === '99') {
      for (const g of group) {
        if (!hasText(g.item.narrative)) p.error(`sectors[${g.index}].narrative`, 'sector_narrative_missing');
      }
    }
  }
  if (a.sectors.length > 0 && !a.sectors.some((s) => vocab(s.vocabulary) === '1')) {
    p.warning('sectors', 'sector_dac_missing');
  }
  a.sectors.forEach((s, i) => {
    if (s.percentage !== undefined && (s.percentage < 0 || s.percentage > 100)) {
      p.error(`sectors[${i}].percentage`, 'percentage_range', { value: s.percentage });
    }
  });

  // Countries and regions: 3.1.1, 3.1.2, 3.1.4, 3.4.1, 3.4.2, 3.4.4, 3.6.2, 3.7.1, 3.7.2, 12.1.1
  const countries = a.recipientCountries;
  const regions = a.recipientRegions;
  const txGeo = a.transactions.filter((t) => t.recipientCountry || t.recipientRegion).length;
  if (countries.length + regions.length > 0) {
    if (txGeo > 0) p.error('recipientCountries', 'country_levels_mixed');
  } else if (txGeo === 0 || txGeo < a.transactions.length) {
    p.error('recipientCountries', 'country_missing');
  }
  const regionGroups = groupBy(regions, (r) => vocab(r.vocabulary));
  const shareSets: { items: { percentage?: number }[]; field: string }[] = [];
  if (regions.length === 0) shareSets.push({ items: countries, field: 'recipientCountries' });
  for (const group of regionGroups.values()) {
    shareSets.push({ items: [...countries, ...group.map((g) => g.item)], field: 'recipientRegions' });
  }
  for (const { items, field } of shareSets) {
    const percentages = items.map((x) => x.percentage).filter((x): x is number => x !== undefined);
    if (items.length > 1) {
      if (percentages.length < items.length) p.error(field, 'country_percentage_missing');
      const total = sum(percentages);
      if (percentages.length > 0 && !isHundred(total)) p.error(field, 'country_shares_sum', { sum: round2(total) });
    } else if (percentages.length === 1 && !isHundred(percentages[0]!)) {
      p.error(field, 'country_single_percentage', { value: percentages[0]! });
    }
  }
  [...countries.map((c, i) => [`recipientCountries[${i}]`, c] as const), ...regions.map((r, i) => [`recipientRegions[${i}]`, r] as const)].forEach(
    ([field, x]) => {
      if (x.percentage !== undefined && (x.percentage < 0 || x.percentage > 100)) {
        p.error(`${field}.percentage`, 'percentage_range', { value: x.percentage });
      }
    },
  );

  // Locations: a point on Earth.
  a.locations.forEach((l, i) => {
    if (l.point && !(Math.abs(l.point.lat) <= 90 && Math.abs(l.point.lng) <= 180)) {
      p.error(`locations[${i}].point`, 'point_invalid', { lat: l.point.lat, lng: l.point.lng });
    }
  });

  // Policy markers: 6.14.1, 6.13.1
  a.policyMarkers.forEach((m, i) => {
    const v = vocab(m.vocabulary);
    if (v === '1' && blank(m.significance)) p.error(`policyMarkers[${i}].significance`, 'policy_significance_missing');
    if (v === '99' && !hasText(m.narrative)) p.error(`policyMarkers[${i}].narrative`, 'policy_narrative_missing');
  });

  // Aid types: 107.x
  checkAidTypes(p, 'defaultAidTypes', a.defaultAidTypes);
  a.transactions.forEach((t, i) => {
    if (t.aidTypes.length > 0) checkAidTypes(p, `transactions[${i}].aidTypes`, t.aidTypes);
  });

  // Money: 7.8.1 (currency), 8.6.3 and 7.5.3 (periods), 11.2.x (future), 6.9.x (organisations)
  const currencyMissing = (value: Money | undefined) =>
    a.defaultCurrency === undefined && value !== undefined && value.currency === undefined;
  a.budgets.forEach((b, i) => {
    if (currencyMissing(b.value)) p.error(`budgets[${i}].value.currency`, 'budget_currency_missing');
    checkPeriod(p, `budgets[${i}]`, b.periodStart, b.periodEnd, true);
  });
  if (a.budgetNotProvided !== undefined && a.budgets.length > 0) p.error('budgetNotProvided', 'budget_not_provided_conflict');
  a.plannedDisbursements.forEach((d, i) => {
    if (currencyMissing(d.value)) p.error(`plannedDisbursements[${i}].value.currency`, 'disbursement_currency_missing');
    checkPeriod(p, `plannedDisbursements[${i}]`, d.periodStart, d.periodEnd, false);
    checkOrgNamed(p, `plannedDisbursements[${i}].providerOrg`, d.providerOrg, 'provider_org_name_missing');
    checkOrgNamed(p, `plannedDisbursements[${i}].receiverOrg`, d.receiverOrg, 'receiver_org_name_missing');
  });
  a.transactions.forEach((t, i) => {
    const f = `transactions[${i}]`;
    if (currencyMissing(t.value)) p.error(`${f}.value.currency`, 'transaction_currency_missing');
    checkFuture(p, `${f}.date`, t.date, today, 'transaction_date_future');
    checkFuture(p, `${f}.value.valueDate`, t.value?.valueDate, today, 'value_date_future');
    checkOrgNamed(p, `${f}.providerOrg`, t.providerOrg, 'provider_org_name_missing');
    checkOrgNamed(p, `${f}.receiverOrg`, t.receiverOrg, 'receiver_org_name_missing');
  });

  // Results: 8.6.1, 8.8.x, 8.9.x, 8.10.x
  a.results.forEach((r, i) => {
    r.indicators.forEach((ind, j) => {
      const g = `results[${i}].indicators[${j}]`;
      ind.baselines.forEach((b, k) => checkIndicatorValue(p, `${g}.baselines[${k}].value`, b, ind.measure, 'baseline_value_missing'));
      ind.periods.forEach((per, k) => {
        if (per.start && per.end && isIsoDate(per.start) && isIsoDate(per.end) && per.start > per.end) {
          p.error(`${g}.periods[${k}]`, 'indicator_period_order', { start: per.start, end: per.end });
        }
        per.targets.forEach((t, m) => checkIndicatorValue(p, `${g}.periods[${k}].targets[${m}].value`, t, ind.measure, 'target_value_missing'));
        per.actuals.forEach((t, m) => checkIndicatorValue(p, `${g}.periods[${k}].actuals[${m}].value`, t, ind.measure, 'actual_value_missing'));
      });
    });
  });
  return p.list;
}

/** Every problem of an organisation record: the schema's, then the official organisation rules. */
export function checkOrganisation(o: IatiOrganisation, options: CheckOptions = {}): Problem[] {
  const p = new Problems();
  p.list.push(...organisationSchemaProblems(o));
  const today = todayOf(options);
  if (!blank(o.identifier) && /[/&|?]/.test(o.identifier)) p.warning('identifier', 'identifier_symbols'); // 1.12.13
  checkFuture(p, 'lastUpdated', o.lastUpdated, today, 'last_updated_future'); // 11.4.1
  // 4.5.1
  if (o.defaultLanguage === undefined && organisationTexts(o).some((n) => '' in n)) {
    p.error('defaultLanguage', 'language_missing');
  }
  // 7.8.2, 8.6.3, 7.5.3, 11.3.1
  const budgetLists = [
    ['totalBudgets', o.totalBudgets],
    ['recipientOrgBudgets', o.recipientOrgBudgets],
    ['recipientRegionBudgets', o.recipientRegionBudgets],
    ['recipientCountryBudgets', o.recipientCountryBudgets],
  ] as const;
  for (const [name, list] of budgetLists) {
    list.forEach((b, i) => {
      const f = `${name}[${i}]`;
      if (o.defaultCurrency === undefined && b.value && b.value.currency === undefined) {
        p.error(`${f}.value.currency`, 'budget_currency_missing');
      }
      checkPeriod(p, f, b.periodStart, b.periodEnd, true);
      b.lines.forEach((line, j) => {
        if (o.defaultCurrency === undefined && line.value && line.value.currency === undefined) {
          p.error(`${f}.lines[${j}].value.currency`, 'budget_currency_missing');
        }
        const date = line.value?.valueDate;
        if (name === 'recipientCountryBudgets' && date && b.periodStart && b.periodEnd && (date < b.periodStart || date > b.periodEnd)) {
          p.error(`${f}.lines[${j}].value.valueDate`, 'budget_line_date_outside', { date });
        }
      });
    });
  }
  o.totalExpenditures.forEach((e, i) => {
    const f = `totalExpenditures[${i}]`;
    if (o.defaultCurrency === undefined && e.value && e.value.currency === undefined) {
      p.error(`${f}.value.currency`, 'expenditure_currency_missing');
    }
    checkPeriod(p, f, e.periodStart, e.periodEnd, true);
  });
  return p.list;
}
