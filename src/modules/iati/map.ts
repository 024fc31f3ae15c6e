// Projects ⇄ IATI activities. `toIatiActivity` turns a project with everything it holds (a `ProjectBundle` of the
// projects module) into an `IatiActivity`; `fromIatiActivity` turns an activity into a `ProjectRecord`: the
// project's columns and child rows, ready for the projects module's commands. What the project model holds goes to
// its columns; everything else of the element goes to the `iati_extra` of the record it belongs to, so that
// activity → record → activity gives the same activity (tested in map.test.ts).
//
// Conventions of `iatiExtra` (one object per project and per child row):
// - The element's own fields not held in columns, under their model names (e.g. `contacts`, `policyMarkers` on the
//   project; `vocabularyUri` on a sector row).
// - Narratives in languages other than French and English under `<field>Other` (e.g. `titleOther: { es: '…' }`).
// - An amount that is not a whole number of cents keeps its exact value under `amount`.
import type { ImportedProjectColumns } from '../projects/commands.ts';
import type { ProjectBundle } from '../projects/queries.ts';
import { themeForDacCode } from '../taxonomy/themes.ts';
import type {
  ActivityDate,
  Budget,
  BudgetLine,
  Expenditure,
  IatiOrganisation,
  Money,
  OrgBudget,
  Description,
  DocumentLink,
  IatiActivity,
  Indicator,
  Location,
  Narratives,
  ParticipatingOrg,
  RecipientCountry,
  RecipientRegion,
  Result,
  Sector,
  Transaction,
  TransactionOrg,
} from './model.ts';

type Extra = Record<string, unknown>;
type Bilingual = { fr: string | null; en: string | null };

/** A project as IATI describes it: the project's columns, its child rows, and what the model does not hold. */
export interface ProjectRecord {
  iatiIdentifier: string;
  /** The reporting organisation as the activity names it (matched against the directory by the importer). */
  reportingOrg?: { ref?: string; type?: string; name: Narratives };
  project: ImportedProjectColumns;
  countries: { code: string; percentage: number | null; iatiExtra: Extra }[];
  regions: { code: string; vocabulary: string; percentage: number | null; iatiExtra: Extra }[];
  sectors: { theme: string | null; vocabulary: string; code: string; percentage: number | null; iatiExtra: Extra }[];
  /** `organisationId` stays null here: the importer resolves `ref`/`name` against the directory. */
  participants: { role: string; organisationId: string | null; name: string | null; ref: string | null; type: string | null; iatiExtra: Extra }[];
  locations: { name: string; lat: number | null; lng: number | null; exactness: string; locationClass: string | null; iatiExtra: Extra }[];
  budgets: { type: string; status: string; periodStart: string; periodEnd: string; amount: number; currency: string; valueDate: string | null; iatiExtra: Extra }[];
  transactions: {
    type: string;
    date: string;
    amount: number;
    currency: string;
    valueDate: string | null;
    description: string | null;
    providerName: string | null;
    providerRef: string | null;
    receiverName: string | null;
    receiverRef: string | null;
    iatiExtra: Extra;
  }[];
  results: { type: string; titleFr: string | null; titleEn: string | null; descriptionFr: string | null; descriptionEn: string | null; indicators: StoredIndicator[]; iatiExtra: Extra }[];
  documents: { titleFr: string | null; titleEn: string | null; category: string; url: string | null; fileId?: string | null; format: string | null; language: string | null; documentDate: string | null; iatiExtra: Extra }[];
}

/** Where the files stored on the platform are served (BASE_URL): uploaded documents become absolute links. */
export interface ActivityLinks {
  filesBaseUrl?: string | undefined;
}

/** A transaction coming from another module (funding awards and payments), already in IATI's shape. */
export type ExtraTransaction = Transaction;

// ─── Small helpers ───────────────────────────────────────────────────────────────────────────────────────

/** French and English texts of narratives, and the other languages (kept whole in `iatiExtra`). */
function split(n: Narratives): { fr: string | null; en: string | null; other?: Narratives } {
  const other: Narratives = {};
  for (const [lang, text] of Object.entries(n)) if (lang !== 'fr' && lang !== 'en') other[lang] = text;
  return { fr: n.fr ?? null, en: n.en ?? null, ...(Object.keys(other).length ? { other } : {}) };
}

function join(fr: string | null | undefined, en: string | null | undefined, other?: unknown): Narratives {
  const out: Narratives = {};
  if (other && typeof other === 'object') for (const [k, v] of Object.entries(other)) if (typeof v === 'string' && v) out[k] = v;
  if (fr) out.fr = fr;
  if (en) out.en = en;
  return out;
}

/** Drops absent values so that the model's "absent, never undefined" convention holds. */
function clean<T extends object>(o: T): T {
  for (const k of Object.keys(o) as (keyof T)[]) if (o[k] === undefined || o[k] === null) delete o[k];
  return o;
}

function without<T extends object>(o: T, keys: readonly string[]): Extra {
  const out: Extra = {};
  for (const [k, v] of Object.entries(o)) if (!keys.includes(k) && v !== undefined) out[k] = v;
  return out;
}

const toCents = (amount: number) => Math.round(amount * 100);
/** Exact amount: the stored one when the cents would round it. */
const amountOf = (cents: number, extra: Extra) => (typeof extra.amount === 'number' ? extra.amount : cents / 100);
const keepAmount = (amount: number): Extra => (toCents(amount) / 100 === amount ? {} : { amount });

/** A value in IATI's shape; a project made here gets its period start (or date) as value date, which IATI requires. */
const moneyOf = (r: { amount: number; currency: string; valueDate: string | null }, e: Extra, fallbackDate: string) =>
  clean({ amount: amountOf(r.amount, e), currency: e.currencyAbsent ? undefined : r.currency, valueDate: r.valueDate ?? (e.valueDateAbsent ? undefined : fallbackDate) });
const absentMoney = (v: { currency?: string; valueDate?: string }): Extra => ({ ...(v.currency === undefined ? { currencyAbsent: true } : {}), ...(v.valueDate === undefined ? { valueDateAbsent: true } : {}) });
const asExtra = (v: unknown): Extra => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Extra) : {});
const listOf = <T>(v: unknown): T[] => (Array.isArray(v) ? (v as T[]) : []);
const ref = (s: string | null | undefined) => s ?? undefined;
/**
 * The organisation's IATI identifier; without one, the same made-up prefix the projects module gives its activity
 * identifiers (`XX-PASSERELLE-<slug>`), so that a reporting organisation always has the ref IATI requires.
 */
export const organisationRef = (org: { iatiId: string | null; slug: string }): string => org.iatiId ?? `XX-PASSERELLE-${org.slug}`;
/** A name column back to narratives, with its language and the other languages kept in extra. */
const namedAs = (name: string, e: Extra): Narratives => ({ ...(asExtra(e.nameOther) as Narratives), [typeof e.nameLang === 'string' ? e.nameLang : 'fr']: name });

// ─── Project → activity ─────────────────────────────────────────────────────────────────────────────────

const dateTypes = [
  ['1', 'plannedStart'],
  ['2', 'actualStart'],
  ['3', 'plannedEnd'],
  ['4', 'actualEnd'],
] as const;

/**
 * The activity of a project. `extraTransactions` are added after the project's own (funding awards and payments
 * from the funding module). Directory organisations named by the project come from `bundle.organisations`.
 */
export function toIatiActivity(bundle: ProjectBundle, extraTransactions: readonly Transaction[] = [], links: ActivityLinks = {}): IatiActivity {
  const fileUrl = (fileId: string | null | undefined) => (fileId && links.filesBaseUrl ? `${links.filesBaseUrl.replace(/\/$/, '')}/files/${fileId}` : undefined);
  const p = bundle.project;
  const x = asExtra(p.iatiExtra);
  const org = bundle.organisations.get(p.organisationId);
  const orgName = (id: string | null | undefined): Narratives => {
    const o = id ? bundle.organisations.get(id) : undefined;
    return o ? join(o.nameFr, o.nameEn) : {};
  };
  const reportingOrg = x.reportingOrg
    ? (x.reportingOrg as IatiActivity['reportingOrg'])
    : org
      ? clean({ ref: organisationRef(org), type: org.kind || undefined, name: join(org.nameFr, org.nameEn) })
      : undefined;

  const descriptions: Description[] = [];
  const desc = (type: string, fr: string | null, en: string | null, other: unknown) => {
    const text = join(fr, en, other);
    if (Object.keys(text).length) descriptions.push(type === '1' && x.descriptionTypeAbsent ? { text } : { type, text });
  };
  desc('1', p.descriptionFr, p.descriptionEn, x.descriptionOther);
  desc('2', p.objectivesFr, p.objectivesEn, x.objectivesOther);
  desc('3', p.targetGroupsFr, p.targetGroupsEn, x.targetGroupsOther);
  descriptions.push(...listOf<Description>(x.descriptions));

  const dates: ActivityDate[] = [];
  for (const [type, key] of dateTypes) if (p[key]) dates.push({ type, date: p[key] });
  dates.push(...listOf<ActivityDate>(x.dates));

  const participatingOrgs: ParticipatingOrg[] = bundle.participants.map((r) => {
    const e = asExtra(r.iatiExtra);
    const o = r.organisationId ? bundle.organisations.get(r.organisationId) : undefined;
    const named = r.name ? namedAs(r.name, e) : orgName(r.organisationId);
    // An imported participant the publisher named without ref or type keeps it so, even when matched in the directory.
    return clean({
      ...(without(e, ['nameOther', 'nameLang', 'roleAbsent', 'refAbsent', 'typeAbsent']) as Partial<ParticipatingOrg>),
      ref: ref(r.ref) ?? (e.refAbsent ? undefined : (o?.iatiId ?? undefined)),
      type: ref(r.type) ?? (e.typeAbsent ? undefined : o?.kind || undefined),
      role: e.roleAbsent ? undefined : r.role,
      name: named,
    });
  });

  const tags = listOf<IatiActivity['tags'][number]>(x.tags);
  const sdgTags = p.sdgs.map((code) => ({ vocabulary: '2', code, narrative: {} }));

  const transactionOrg = (id: string | null, name: string | null, refCode: string | null, e: unknown): TransactionOrg | undefined => {
    const extra = asExtra(e);
    const o = id ? bundle.organisations.get(id) : undefined;
    if (!o && !name && !refCode && !Object.keys(extra).length) return undefined;
    const narratives = extra.name ? (extra.name as Narratives) : name ? { fr: name } : orgName(id);
    return clean({ ...(without(extra, ['name']) as Partial<TransactionOrg>), ref: ref(refCode) ?? o?.iatiId ?? undefined, name: narratives });
  };

  const activity: IatiActivity = {
    ...(without(x, [
      'reportingOrg',
      'descriptions',
      'dates',
      'tags',
      'titleOther',
      'descriptionOther',
      'objectivesOther',
      'targetGroupsOther',
      'descriptionTypeAbsent',
      'statusAbsent',
      'humanitarianAbsent',
      'defaultCurrencyAbsent',
      'noParticipants',
    ]) as Partial<IatiActivity>),
    identifier: p.iatiIdentifier,
    ...(reportingOrg ? { reportingOrg } : {}),
    ...(x.defaultCurrencyAbsent ? {} : { defaultCurrency: p.defaultCurrency }),
    ...(x.humanitarianAbsent ? {} : { humanitarian: p.humanitarian }),
    lastUpdated: typeof x.lastUpdated === 'string' ? x.lastUpdated : p.updatedAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    title: join(p.titleFr, p.titleEn, x.titleOther),
    descriptions,
    // IATI wants at least one participating organisation: a project that names none is the reporting
    // organisation's own (accountable, role 2).
    participatingOrgs: participatingOrgs.length === 0 && reportingOrg && !x.noParticipants ? [clean({ ref: reportingOrg.ref, type: reportingOrg.type, role: '2', name: reportingOrg.name })] : participatingOrgs,
    otherIdentifiers: listOf(x.otherIdentifiers),
    ...(x.statusAbsent ? {} : { status: p.activityStatus }),
    dates,
    contacts: listOf(x.contacts),
    recipientCountries: bundle.countries.map((r) => {
      const e = asExtra(r.iatiExtra);
      return clean({ ...(e as Partial<RecipientCountry>), code: r.code, percentage: r.percentage ?? undefined, name: (e.name as Narratives) ?? {} });
    }),
    recipientRegions: bundle.regions.map((r) => {
      const e = asExtra(r.iatiExtra);
      return clean({ ...(without(e, ['vocabularyAbsent']) as Partial<RecipientRegion>), code: r.code, vocabulary: e.vocabularyAbsent ? undefined : r.vocabulary, percentage: r.percentage ?? undefined, name: (e.name as Narratives) ?? {} });
    }),
    locations: bundle.locations.map((r) => {
      const e = asExtra(r.iatiExtra);
      const base = { ids: [], description: {}, activityDescription: {}, administratives: [], ...(without(e, ['nameOther', 'nameLang', 'exactnessAbsent']) as Partial<Location>) };
      const name = r.name ? namedAs(r.name, e) : (asExtra(e.nameOther) as Narratives);
      return clean({
        ...base,
        name: name as Narratives,
        point: r.lat !== null && r.lng !== null ? { lat: r.lat, lng: r.lng } : undefined,
        exactness: e.exactnessAbsent ? undefined : r.exactness,
        locationClass: r.locationClass ?? undefined,
      }) as Location;
    }),
    sectors: bundle.sectors.map((r) => {
      const e = asExtra(r.iatiExtra);
      return clean({ ...(without(e, ['vocabularyAbsent']) as Partial<Sector>), vocabulary: e.vocabularyAbsent ? undefined : r.vocabulary, code: r.code, percentage: r.percentage ?? undefined, narrative: (e.narrative as Narratives) ?? {} });
    }),
    tags: [...sdgTags.filter((s) => !tags.some((t) => t.vocabulary === '2' && t.code === s.code)), ...tags],
    policyMarkers: listOf(x.policyMarkers),
    defaultAidTypes: listOf(x.defaultAidTypes),
    budgets: bundle.budgets.map((r) => {
      const e = asExtra(r.iatiExtra);
      return clean({
        ...(without(e, ['amount', 'currencyAbsent', 'valueDateAbsent']) as Partial<Budget>),
        type: r.type,
        status: r.status,
        periodStart: r.periodStart,
        periodEnd: r.periodEnd,
        value: moneyOf(r, e, r.periodStart),
      });
    }),
    plannedDisbursements: listOf(x.plannedDisbursements),
    transactions: [
      ...bundle.transactions.map((r) => {
        const e = asExtra(r.iatiExtra);
        return clean({
          sectors: [],
          aidTypes: [],
          ...(without(e, ['amount', 'currencyAbsent', 'valueDateAbsent', 'description', 'providerOrg', 'receiverOrg']) as Partial<Transaction>),
          type: r.type,
          date: r.date,
          value: moneyOf(r, e, r.date),
          description: e.description ? (e.description as Narratives) : r.description ? { fr: r.description } : {},
          providerOrg: transactionOrg(r.providerOrganisationId, r.providerName, r.providerRef, e.providerOrg),
          receiverOrg: transactionOrg(r.receiverOrganisationId, r.receiverName, r.receiverRef, e.receiverOrg),
        }) as Transaction;
      }),
      ...extraTransactions,
    ],
    documentLinks: bundle.documents
      .filter((r) => r.url || asExtra(r.iatiExtra).url || fileUrl(r.fileId))
      .map((r) => {
        const e = asExtra(r.iatiExtra);
        return clean({
          description: {},
          languages: r.language ? [r.language] : [],
          ...(without(e, ['titleOther', 'categories']) as Partial<DocumentLink>),
          url: r.url ?? (e.url ? String(e.url) : fileUrl(r.fileId)!),
          format: r.format ?? (typeof e.format === 'string' ? e.format : 'text/html'),
          title: join(r.titleFr, r.titleEn, e.titleOther),
          categories: [r.category, ...listOf<string>(e.categories)],
          documentDate: r.documentDate ?? undefined,
        }) as DocumentLink;
      }),
    relatedActivities: listOf(x.relatedActivities),
    results: bundle.results.map((r) => {
      const e = asExtra(r.iatiExtra);
      return clean({
        ...(without(e, ['titleOther', 'descriptionOther', 'indicators']) as Partial<Result>),
        type: r.type,
        title: join(r.titleFr, r.titleEn, e.titleOther),
        description: join(r.descriptionFr, r.descriptionEn, e.descriptionOther),
        indicators: Array.isArray(e.indicators) ? (e.indicators as Indicator[]) : r.indicators.map(storedToIndicator),
      }) as Result;
    }),
  };
  return activity;
}

type StoredIndicator = ProjectBundle['results'][number]['indicators'][number];

function storedToIndicator(i: StoredIndicator): Indicator {
  return clean({
    measure: i.measure,
    ascending: i.ascending,
    title: join(i.titleFr, i.titleEn),
    description: {},
    baselines: i.baselines.map((b) => clean({ year: b.year, value: b.value, comment: {} })),
    periods: i.periods.map((p) => clean({ start: p.start, end: p.end, targets: p.target ? [{ value: p.target, comment: {} }] : [], actuals: p.actual ? [{ value: p.actual, comment: {} }] : [] })),
  });
}

// ─── Activity → project ─────────────────────────────────────────────────────────────────────────────────

/** Narrative in one column: French, else English, else the first; the whole narratives in extra when that loses. */
function oneText(n: Narratives): { text: string | null; extra?: Narratives } {
  const keys = Object.keys(n);
  if (keys.length === 0) return { text: null };
  if (keys.length === 1 && keys[0] === 'fr') return { text: n.fr! };
  return { text: n.fr ?? n.en ?? n[keys[0]!]!, extra: n };
}

/** One name column plus the language it was in (`nameLang`) and the other languages (`nameOther`). */
function nameColumn(n: Narratives): { name: string | null; extra: Extra } {
  const keys = Object.keys(n);
  if (keys.length === 0) return { name: null, extra: {} };
  const lang = n.fr !== undefined ? 'fr' : n.en !== undefined ? 'en' : keys[0]!;
  const other: Narratives = {};
  for (const k of keys) if (k !== lang) other[k] = n[k]!;
  return { name: n[lang]!, extra: { ...(lang !== 'fr' ? { nameLang: lang } : {}), ...(Object.keys(other).length ? { nameOther: other } : {}) } };
}

const otherKey = (field: string, n: Narratives): Extra => {
  const s = split(n);
  return s.other ? { [`${field}Other`]: s.other } : {};
};

/** The project's columns and rows of an activity (nothing is looked up: organisations are matched by the importer). */
export function fromIatiActivity(a: IatiActivity): ProjectRecord {
  const extra: Extra = {};
  const keep = (key: string, value: unknown) => {
    if (value === undefined) return;
    if (Array.isArray(value) && value.length === 0) return;
    extra[key] = value;
  };
  keep('reportingOrg', a.reportingOrg);
  keep('defaultLanguage', a.defaultLanguage);
  keep('hierarchy', a.hierarchy);
  keep('lastUpdated', a.lastUpdated);
  keep('budgetNotProvided', a.budgetNotProvided);
  keep('scope', a.scope);
  keep('collaborationType', a.collaborationType);
  keep('defaultFlowType', a.defaultFlowType);
  keep('defaultFinanceType', a.defaultFinanceType);
  keep('defaultTiedStatus', a.defaultTiedStatus);
  keep('otherIdentifiers', a.otherIdentifiers);
  keep('contacts', a.contacts);
  keep('policyMarkers', a.policyMarkers);
  keep('defaultAidTypes', a.defaultAidTypes);
  keep('plannedDisbursements', a.plannedDisbursements);
  keep('relatedActivities', a.relatedActivities);
  if (a.participatingOrgs.length === 0) extra.noParticipants = true;
  Object.assign(extra, otherKey('title', a.title));

  // Descriptions: the first of types 1 (or none), 2 and 3 in columns; the others as they are.
  const columnsOf: Record<string, Bilingual | undefined> = {};
  const otherDescriptions: Description[] = [];
  for (const d of a.descriptions) {
    const type = d.type ?? '1';
    if (['1', '2', '3'].includes(type) && !columnsOf[type] && (d.type !== undefined || type === '1')) {
      const s = split(d.text);
      columnsOf[type] = { fr: s.fr, en: s.en };
      const field = type === '1' ? 'description' : type === '2' ? 'objectives' : 'targetGroups';
      if (s.other) extra[`${field}Other`] = s.other;
      if (d.type === undefined) extra.descriptionTypeAbsent = true;
    } else otherDescriptions.push(d);
  }
  keep('descriptions', otherDescriptions);

  const dateColumns: Record<string, string | null> = { plannedStart: null, actualStart: null, plannedEnd: null, actualEnd: null };
  const otherDates: ActivityDate[] = [];
  for (const d of a.dates) {
    const key = dateTypes.find(([t]) => t === d.type)?.[1];
    if (key && dateColumns[key] === null) dateColumns[key] = d.date;
    else otherDates.push(d);
  }
  keep('dates', otherDates);

  const sdgs: string[] = [];
  const otherTags = a.tags.filter((t) => {
    const isGoal = t.vocabulary === '2' && /^(?:[1-9]|1[0-7])$/.test(t.code) && !t.vocabularyUri && Object.keys(t.narrative).length === 0 && !sdgs.includes(t.code);
    if (isGoal) sdgs.push(t.code);
    return !isGoal;
  });
  keep('tags', otherTags);
  // The project keeps goals sorted; the order they were published in is kept when it differs.
  const sorted = [...sdgs].sort((x, y) => Number(x) - Number(y));
  if (sorted.join() !== sdgs.join()) extra.tags = [...sdgs.map((code) => ({ vocabulary: '2', code, narrative: {} })), ...otherTags];

  const project: ProjectRecord['project'] = {
    titleFr: a.title.fr ?? null,
    titleEn: a.title.en ?? null,
    descriptionFr: columnsOf['1']?.fr ?? null,
    descriptionEn: columnsOf['1']?.en ?? null,
    objectivesFr: columnsOf['2']?.fr ?? null,
    objectivesEn: columnsOf['2']?.en ?? null,
    targetGroupsFr: columnsOf['3']?.fr ?? null,
    targetGroupsEn: columnsOf['3']?.en ?? null,
    activityStatus: a.status ?? '2',
    plannedStart: dateColumns.plannedStart ?? null,
    actualStart: dateColumns.actualStart ?? null,
    plannedEnd: dateColumns.plannedEnd ?? null,
    actualEnd: dateColumns.actualEnd ?? null,
    humanitarian: a.humanitarian ?? false,
    defaultCurrency: a.defaultCurrency ?? 'EUR',
    sdgs: sorted,
    iatiExtra: extra,
  };
  if (a.status === undefined) extra.statusAbsent = true;
  if (a.humanitarian === undefined) extra.humanitarianAbsent = true;
  if (a.defaultCurrency === undefined) extra.defaultCurrencyAbsent = true;

  return {
    iatiIdentifier: a.identifier,
    ...(a.reportingOrg ? { reportingOrg: clean({ ref: a.reportingOrg.ref, type: a.reportingOrg.type, name: a.reportingOrg.name }) } : {}),
    project,
    countries: a.recipientCountries.map((c) => ({ code: c.code, percentage: c.percentage ?? null, iatiExtra: without(c, ['code', 'percentage']) })),
    regions: a.recipientRegions.map((r) => ({ code: r.code, vocabulary: r.vocabulary ?? '1', percentage: r.percentage ?? null, iatiExtra: { ...without(r, ['code', 'vocabulary', 'percentage']), ...(r.vocabulary === undefined ? { vocabularyAbsent: true } : {}) } })),
    sectors: a.sectors.map((s) => ({
      theme: (s.vocabulary ?? '1') === '1' ? (themeForDacCode(s.code) ?? null) : null,
      vocabulary: s.vocabulary ?? '1',
      code: s.code,
      percentage: s.percentage ?? null,
      iatiExtra: { ...without(s, ['vocabulary', 'code', 'percentage']), ...(s.vocabulary === undefined ? { vocabularyAbsent: true } : {}) },
    })),
    participants: a.participatingOrgs.map((o) => {
      const n = nameColumn(o.name);
      return {
        role: o.role ?? '4',
        organisationId: null,
        name: n.name,
        ref: o.ref ?? null,
        type: o.type ?? null,
        iatiExtra: { ...without(o, ['ref', 'type', 'role', 'name']), ...n.extra, ...(o.role === undefined ? { roleAbsent: true } : {}), ...(o.ref === undefined ? { refAbsent: true } : {}), ...(o.type === undefined ? { typeAbsent: true } : {}) },
      };
    }),
    locations: a.locations.map((l) => {
      const n = nameColumn(l.name);
      return {
        name: n.name ?? '',
        lat: l.point?.lat ?? null,
        lng: l.point?.lng ?? null,
        exactness: l.exactness ?? '1',
        locationClass: l.locationClass ?? null,
        iatiExtra: { ...without(l, ['name', 'point', 'exactness', 'locationClass']), ...n.extra, ...(l.exactness === undefined ? { exactnessAbsent: true } : {}) },
      };
    }),
    budgets: a.budgets
      .filter((b) => b.periodStart && b.periodEnd && b.value)
      .map((b) => ({
        type: b.type ?? '1',
        status: b.status ?? '1',
        periodStart: b.periodStart!,
        periodEnd: b.periodEnd!,
        amount: toCents(b.value!.amount),
        currency: b.value!.currency ?? a.defaultCurrency ?? 'EUR',
        valueDate: b.value!.valueDate ?? null,
        iatiExtra: { ...without(b, ['type', 'status', 'periodStart', 'periodEnd', 'value']), ...keepAmount(b.value!.amount), ...absentMoney(b.value!) },
      })),
    transactions: a.transactions
      .filter((t) => t.type && t.date && t.value)
      .map((t) => {
        const d = oneText(t.description);
        const provider = t.providerOrg ? oneText(t.providerOrg.name) : { text: null };
        const receiver = t.receiverOrg ? oneText(t.receiverOrg.name) : { text: null };
        return {
          type: t.type!,
          date: t.date!,
          amount: toCents(t.value!.amount),
          currency: t.value!.currency ?? a.defaultCurrency ?? 'EUR',
          valueDate: t.value!.valueDate ?? null,
          description: d.text,
          providerName: provider.text,
          providerRef: t.providerOrg?.ref ?? null,
          receiverName: receiver.text,
          receiverRef: t.receiverOrg?.ref ?? null,
          iatiExtra: {
            ...without(t, ['type', 'date', 'value', 'description', 'providerOrg', 'receiverOrg']),
            ...keepAmount(t.value!.amount),
            ...absentMoney(t.value!),
            ...(d.extra ? { description: d.extra } : {}),
            ...(t.providerOrg && (provider.extra || Object.keys(without(t.providerOrg, ['ref', 'name'])).length) ? { providerOrg: { ...without(t.providerOrg, ['ref']) } } : {}),
            ...(t.receiverOrg && (receiver.extra || Object.keys(without(t.receiverOrg, ['ref', 'name'])).length) ? { receiverOrg: { ...without(t.receiverOrg, ['ref']) } } : {}),
          },
        };
      }),
    results: a.results.map((r) => ({
      type: r.type ?? '1',
      titleFr: r.title.fr ?? null,
      titleEn: r.title.en ?? null,
      descriptionFr: r.description.fr ?? null,
      descriptionEn: r.description.en ?? null,
      indicators: r.indicators.map(indicatorToStored),
      iatiExtra: { ...without(r, ['type', 'title', 'description', 'indicators']), ...otherKey('title', r.title), ...otherKey('description', r.description), indicators: r.indicators },
    })),
    documents: a.documentLinks.map((d) => ({
      titleFr: d.title.fr ?? null,
      titleEn: d.title.en ?? null,
      category: d.categories[0] ?? 'A01',
      url: d.url,
      // 1.0x files may omit the format; 2.0x requires it and our export writes text/html then: store what we export.
      format: d.format ?? 'text/html',
      language: d.languages.length === 1 ? d.languages[0]! : null,
      documentDate: d.documentDate ?? null,
      iatiExtra: {
        ...without(d, ['title', 'categories', 'url', 'format', 'documentDate', 'languages']),
        ...(d.languages.length !== 1 ? { languages: d.languages } : {}),
        ...(d.categories.length > 1 ? { categories: d.categories.slice(1) } : {}),
        ...otherKey('title', d.title),
      },
    })),
  };
}

function indicatorToStored(i: Indicator): StoredIndicator {
  return {
    measure: i.measure ?? '1',
    ...(i.ascending !== undefined ? { ascending: i.ascending } : {}),
    ...(i.title.fr ? { titleFr: i.title.fr } : {}),
    ...(i.title.en ? { titleEn: i.title.en } : {}),
    baselines: i.baselines.map((b) => clean({ year: b.year, value: b.value })),
    periods: i.periods.map((p) => clean({ start: p.start, end: p.end, target: p.targets[0]?.value, actual: p.actuals[0]?.value })),
  };
}

// ─── Organisation files: budgets and expenditure ⇄ rows of iati_organisation_budgets ───────────────────────

export type OrganisationBudgetKind = 'total_budget' | 'recipient_org_budget' | 'recipient_region_budget' | 'recipient_country_budget' | 'total_expenditure';

/** A row of `iati_organisation_budgets` without its id and organisation. */
export interface OrganisationBudgetRow {
  kind: OrganisationBudgetKind;
  status: string | null;
  periodStart: string;
  periodEnd: string;
  amountCents: number;
  currency: string | null;
  valueDate: string | null;
  recipientRef: string | null;
  recipientCode: string | null;
  recipientVocabulary: string | null;
  recipientName: Narratives;
  lines: BudgetLine[];
  position: number;
}

export type OrganisationBudgets = Pick<IatiOrganisation, 'totalBudgets' | 'recipientOrgBudgets' | 'recipientRegionBudgets' | 'recipientCountryBudgets' | 'totalExpenditures'>;

/**
 * The budgets and expenditure of an organisation file as rows. One without a period or a value, or whose value
 * is not a whole number of cents a row can hold, is left out and counted in `dropped`.
 */
export function organisationBudgetRows(o: OrganisationBudgets & Pick<IatiOrganisation, 'defaultCurrency'>): { rows: OrganisationBudgetRow[]; dropped: number } {
  const rows: OrganisationBudgetRow[] = [];
  let dropped = 0;
  // Values without a currency are in the file's default currency: it is written into them, since the file that
  // Passerelle publishes states no default currency of its own.
  const withCurrency = (v: Money): Money => (v.currency || !o.defaultCurrency ? v : { ...v, currency: o.defaultCurrency });
  const add = (kind: OrganisationBudgetKind, b: OrgBudget | Expenditure, recipient: Partial<Pick<OrganisationBudgetRow, 'recipientRef' | 'recipientCode' | 'recipientVocabulary'>> & { name?: Narratives } = {}) => {
    const cents = b.value ? Math.round(b.value.amount * 100) : NaN;
    if (!b.periodStart || !b.periodEnd || !Number.isSafeInteger(cents)) {
      dropped++;
      return;
    }
    rows.push({
      kind,
      status: 'status' in b ? (b.status ?? null) : null,
      periodStart: b.periodStart,
      periodEnd: b.periodEnd,
      amountCents: cents,
      currency: b.value!.currency ?? o.defaultCurrency ?? null,
      valueDate: b.value!.valueDate ?? null,
      recipientRef: recipient.recipientRef ?? null,
      recipientCode: recipient.recipientCode ?? null,
      recipientVocabulary: recipient.recipientVocabulary ?? null,
      recipientName: recipient.name ?? {},
      lines: b.lines.map((l) => (l.value ? { ...l, value: withCurrency(l.value) } : l)),
      position: rows.length,
    });
  };
  for (const b of o.totalBudgets) add('total_budget', b);
  for (const b of o.recipientOrgBudgets) add('recipient_org_budget', b, { recipientRef: b.recipientOrg.ref ?? null, name: b.recipientOrg.name });
  for (const b of o.recipientRegionBudgets) add('recipient_region_budget', b, { recipientCode: b.recipientRegion.code ?? null, recipientVocabulary: b.recipientRegion.vocabulary ?? null, name: b.recipientRegion.name });
  for (const b of o.recipientCountryBudgets) add('recipient_country_budget', b, { recipientCode: b.recipientCountry.code, name: b.recipientCountry.name });
  for (const e of o.totalExpenditures) add('total_expenditure', e);
  return { rows, dropped };
}

/** Stored rows back as the organisation file's budgets and expenditure, in their stored order. */
export function organisationBudgetsFromRows(rows: readonly OrganisationBudgetRow[]): OrganisationBudgets {
  const out: OrganisationBudgets = { totalBudgets: [], recipientOrgBudgets: [], recipientRegionBudgets: [], recipientCountryBudgets: [], totalExpenditures: [] };
  for (const r of [...rows].sort((a, b) => a.position - b.position)) {
    const value = { amount: r.amountCents / 100, ...(r.currency ? { currency: r.currency } : {}), ...(r.valueDate ? { valueDate: r.valueDate } : {}) };
    const budget: OrgBudget = { ...(r.status ? { status: r.status } : {}), periodStart: r.periodStart, periodEnd: r.periodEnd, value, lines: r.lines };
    if (r.kind === 'total_budget') out.totalBudgets.push(budget);
    else if (r.kind === 'recipient_org_budget') out.recipientOrgBudgets.push({ ...budget, recipientOrg: { ...(r.recipientRef ? { ref: r.recipientRef } : {}), name: r.recipientName } });
    else if (r.kind === 'recipient_region_budget')
      out.recipientRegionBudgets.push({ ...budget, recipientRegion: { ...(r.recipientCode ? { code: r.recipientCode } : {}), ...(r.recipientVocabulary ? { vocabulary: r.recipientVocabulary } : {}), name: r.recipientName } });
    else if (r.kind === 'recipient_country_budget') out.recipientCountryBudgets.push({ ...budget, recipientCountry: { code: r.recipientCode ?? '', name: r.recipientName } });
    else out.totalExpenditures.push({ periodStart: r.periodStart, periodEnd: r.periodEnd, value, lines: r.lines });
  }
  return out;
}
