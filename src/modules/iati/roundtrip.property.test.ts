// Properties over generated records: any activity or organisation of the model, written and read back, is the
// same record; a record generated complete has no schema problem and its XML validates (one xmllint run per
// batch); and the reader never throws anything but a typed error, whatever bytes it is given.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type {
  ActivityDate,
  AidType,
  Baseline,
  Budget,
  BudgetLine,
  ContactInfo,
  Description,
  DocumentLink,
  Expenditure,
  IatiActivity,
  IatiOrganisation,
  Indicator,
  IndicatorPeriod,
  IndicatorValue,
  Location,
  Money,
  Narratives,
  OrgBudget,
  OrgDocumentLink,
  OtherIdentifier,
  ParticipatingOrg,
  PlannedDisbursement,
  PolicyMarker,
  RecipientCountry,
  RecipientRegion,
  RelatedActivity,
  ReportingOrg,
  Result,
  Sector,
  Tag,
  Transaction,
  TransactionOrg,
} from './model.ts';
import { isIatiParseError, parseIati, parseIatiAll } from './parse.ts';
import { activitySchemaProblems, organisationSchemaProblems } from './rules.ts';
import { activityXml, organisationXml, stripNonXml, writeActivities, writeOrganisations } from './write.ts';
import { differences, schema203, xmllint } from './testing.ts';

// ─── Arbitraries for the model ───────────────────────────────────────────────────────────────────────────

/** Model texts: trimmed, not empty, only characters XML can carry (markup, quotes, CR, tabs and emoji included). */
const text = fc
  .oneof(
    { weight: 3, arbitrary: fc.string({ unit: 'binary', minLength: 1, maxLength: 24 }) },
    { weight: 2, arbitrary: fc.string({ unit: fc.constantFrom('a', 'é', ' ', '<', '>', '&', '"', "'", '\r', '\n', '\t', ']', '😀', '₣'), minLength: 1, maxLength: 16 }) },
  )
  .map((s) => stripNonXml(s).trim())
  .filter((s) => s !== '');
const code = fc.oneof(fc.constantFrom('1', '2', '10', 'A01', 'C01', 'ML', 'XM-DAC-41114', 'application/pdf'), text);
const language = fc.constantFrom('en', 'fr', 'es', 'pt-br', 'sw');
const finite = fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (n === 0 ? 0 : n));
const percentage = fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }).map((n) => (n === 0 ? 0 : n)), fc.integer({ min: 0, max: 100 }));
const url = fc.webUrl();

const daysIn = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const isoDate = fc
  .record({ y: fc.integer({ min: 1, max: 9999 }), m: fc.integer({ min: 1, max: 12 }), d: fc.integer({ min: 1, max: 31 }) })
  .map(({ y, m, d }) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, daysIn(y, m))).padStart(2, '0')}`);
const isoDateTime = fc
  .tuple(isoDate, fc.integer({ min: 0, max: 86399 }), fc.constantFrom('', '.5', '.123'), fc.constantFrom('', 'Z', '+01:00', '-04:30'))
  .map(([d, s, f, z]) => {
    const hh = String(Math.floor(s / 3600)).padStart(2, '0');
    const mm = String(Math.floor(s / 60) % 60).padStart(2, '0');
    const ss = String(s % 60).padStart(2, '0');
    return `${d}T${hh}:${mm}:${ss}${f}${z}`;
  });

/** A record arbitrary whose listed keys may be absent (never undefined-valued). */
function rec<T extends object>(model: { [K in keyof T]-?: fc.Arbitrary<T[K]> }, optional: (keyof T)[] = []): fc.Arbitrary<T> {
  const requiredKeys = (Object.keys(model) as (keyof T)[]).filter((k) => !optional.includes(k));
  return fc.record(model, { requiredKeys, noNullPrototype: true }) as unknown as fc.Arbitrary<T>;
}

/** `complete`: every element the 2.03 schema requires is there (the record must then validate). */
function arbitraries(complete: boolean) {
  const opt = <K extends string>(...keys: K[]) => (complete ? [] : keys);
  const list = <T>(item: fc.Arbitrary<T>, required = false, max = 3) =>
    fc.array(item, { minLength: complete && required ? 1 : 0, maxLength: max });
  const narratives = (required = false): fc.Arbitrary<Narratives> =>
    fc.dictionary(language, text, { minKeys: complete && required ? 1 : 0, maxKeys: 3, noNullPrototype: true });
  const someNarratives = fc.dictionary(language, text, { minKeys: 1, maxKeys: 2, noNullPrototype: true });
  const uri = complete ? url : text;
  // Complete records hold numbers as people write them (cents, shares to 1/100); others any double at all.
  const amount = complete ? fc.integer({ min: -1e15, max: 1e15 }).map((c) => c / 100) : finite;
  const share = complete ? fc.integer({ min: 0, max: 10000 }).map((c) => c / 100) : percentage;
  const money: fc.Arbitrary<Money> = rec<Money>({ amount, currency: code, valueDate: isoDate }, ['currency', ...opt('valueDate')]);

  const reportingOrg = rec<ReportingOrg>(
    { ref: code, type: code, secondaryReporter: fc.boolean(), name: narratives(true) },
    ['secondaryReporter', ...opt('ref', 'type')],
  );
  const description = rec<Description>({ type: code, text: narratives(true) }, ['type']);
  const participatingOrg = rec<ParticipatingOrg>(
    { ref: code, type: code, role: code, activityId: text, crsChannelCode: code, name: narratives() },
    ['ref', 'type', 'activityId', 'crsChannelCode', ...opt('role')],
  );
  const otherIdentifier = rec<OtherIdentifier>(
    { ref: code, type: code, ownerOrg: rec({ ref: code, name: narratives() }, ['ref']) },
    ['ownerOrg', ...opt('type')],
  );
  const activityDate = rec<ActivityDate>({ type: code, date: isoDate });
  const contact = rec<ContactInfo>(
    {
      type: code,
      organisation: narratives(),
      department: narratives(),
      personName: narratives(),
      jobTitle: narratives(),
      telephones: list(text),
      emails: list(text),
      websites: list(uri),
      mailingAddresses: list(someNarratives),
    },
    ['type'],
  );
  const recipientCountry = rec<RecipientCountry>({ code, percentage: share, name: narratives() }, ['percentage']);
  const recipientRegion = rec<RecipientRegion>(
    { code, vocabulary: code, vocabularyUri: uri, percentage: share, name: narratives() },
    ['vocabulary', 'vocabularyUri', 'percentage'],
  );
  const location = rec<Location>(
    {
      ref: text,
      reach: code,
      ids: list(rec({ vocabulary: code, code })),
      name: narratives(),
      description: narratives(),
      activityDescription: narratives(),
      administratives: list(rec({ vocabulary: code, code, level: fc.nat() }, ['level'])),
      point: rec({ lat: finite, lng: finite }),
      exactness: code,
      locationClass: code,
      featureDesignation: code,
    },
    ['ref', 'reach', 'point', 'exactness', 'locationClass', 'featureDesignation'],
  );
  const sector = rec<Sector>(
    { vocabulary: code, vocabularyUri: uri, code, percentage: share, narrative: narratives() },
    ['vocabulary', 'vocabularyUri', 'percentage'],
  );
  const tag = rec<Tag>({ vocabulary: code, vocabularyUri: uri, code, narrative: narratives() }, ['vocabularyUri']);
  const policyMarker = rec<PolicyMarker>(
    { vocabulary: code, vocabularyUri: uri, code, significance: code, narrative: narratives() },
    ['vocabulary', 'vocabularyUri', 'significance'],
  );
  const aidType = rec<AidType>({ vocabulary: code, code }, ['vocabulary']);
  const budget = rec<Budget>(
    { type: code, status: code, periodStart: isoDate, periodEnd: isoDate, value: money },
    ['type', 'status', ...opt('periodStart', 'periodEnd', 'value')],
  );
  const transactionOrg = rec<TransactionOrg>({ ref: code, type: code, activityId: text, name: narratives() }, ['ref', 'type', 'activityId']);
  const plannedDisbursement = rec<PlannedDisbursement>(
    { type: code, periodStart: isoDate, periodEnd: isoDate, value: money, providerOrg: transactionOrg, receiverOrg: transactionOrg },
    ['type', 'periodEnd', 'providerOrg', 'receiverOrg', ...opt('periodStart', 'value')],
  );
  const transaction = rec<Transaction>(
    {
      ref: text,
      humanitarian: fc.boolean(),
      type: code,
      date: isoDate,
      value: money,
      description: narratives(),
      providerOrg: transactionOrg,
      receiverOrg: transactionOrg,
      disbursementChannel: code,
      sectors: list(rec({ vocabulary: code, vocabularyUri: uri, code, narrative: narratives() }, ['vocabulary', 'vocabularyUri'])),
      recipientCountry: rec({ code, name: narratives() }),
      recipientRegion: rec({ code, vocabulary: code, vocabularyUri: uri, name: narratives() }, ['vocabulary', 'vocabularyUri']),
      flowType: code,
      financeType: code,
      aidTypes: list(aidType),
      tiedStatus: code,
    },
    ['ref', 'humanitarian', 'providerOrg', 'receiverOrg', 'disbursementChannel', 'recipientCountry', 'recipientRegion', 'flowType', 'financeType', 'tiedStatus', ...opt('type', 'date', 'value')],
  );
  const documentLinkFields = {
    url: uri,
    format: code,
    title: narratives(true),
    description: narratives(),
    categories: list(code, true),
    languages: list(code),
    documentDate: isoDate,
  };
  const documentLink = rec<DocumentLink>(documentLinkFields, ['documentDate', ...opt('format')]);
  const relatedActivity = rec<RelatedActivity>({ ref: code, type: code });
  const indicatorValue = rec<IndicatorValue>({ value: text, comment: narratives() }, ['value']);
  const baseline = rec<Baseline>(
    { value: text, comment: narratives(), year: fc.integer({ min: 1, max: 9999 }), date: isoDate },
    ['value', 'date', ...opt('year')],
  );
  const period = rec<IndicatorPeriod>(
    { start: isoDate, end: isoDate, targets: list(indicatorValue), actuals: list(indicatorValue) },
    opt('start', 'end'),
  );
  const indicator = rec<Indicator>(
    {
      measure: code,
      ascending: fc.boolean(),
      aggregationStatus: fc.boolean(),
      title: narratives(true),
      description: narratives(),
      baselines: list(baseline, false, 2),
      periods: list(period, false, 2),
    },
    ['ascending', 'aggregationStatus', ...opt('measure')],
  );
  const result = rec<Result>(
    { type: code, aggregationStatus: fc.boolean(), title: narratives(true), description: narratives(), indicators: list(indicator, true, 2) },
    ['aggregationStatus', ...opt('type')],
  );

  const activity = rec<IatiActivity>(
    {
      identifier: text,
      reportingOrg,
      defaultLanguage: language,
      defaultCurrency: code,
      humanitarian: fc.boolean(),
      hierarchy: fc.integer({ min: -(2 ** 31), max: 2 ** 31 - 1 }),
      lastUpdated: isoDateTime,
      budgetNotProvided: code,
      title: narratives(true),
      descriptions: list(description, true),
      participatingOrgs: list(participatingOrg, true),
      otherIdentifiers: list(otherIdentifier),
      status: code,
      dates: list(activityDate, true),
      contacts: list(contact, false, 2),
      scope: code,
      recipientCountries: list(recipientCountry),
      recipientRegions: list(recipientRegion),
      locations: list(location, false, 2),
      sectors: list(sector),
      tags: list(tag),
      policyMarkers: list(policyMarker),
      collaborationType: code,
      defaultFlowType: code,
      defaultFinanceType: code,
      defaultAidTypes: list(aidType),
      defaultTiedStatus: code,
      budgets: list(budget),
      plannedDisbursements: list(plannedDisbursement),
      transactions: list(transaction, false, 4),
      documentLinks: list(documentLink, false, 2),
      relatedActivities: list(relatedActivity),
      results: list(result, false, 2),
    },
    [
      'defaultLanguage', 'defaultCurrency', 'humanitarian', 'hierarchy', 'lastUpdated', 'budgetNotProvided', 'scope',
      'collaborationType', 'defaultFlowType', 'defaultFinanceType', 'defaultTiedStatus', ...opt('reportingOrg', 'status'),
    ],
  );

  const budgetLine = rec<BudgetLine>({ ref: text, value: money, narrative: narratives(true) }, ['ref', ...opt('value')]);
  const orgBudgetFields = {
    status: code,
    periodStart: isoDate,
    periodEnd: isoDate,
    value: money,
    lines: list(budgetLine, false, 2),
  };
  const orgBudgetOptional = ['status', ...opt('periodStart', 'periodEnd', 'value')] as (keyof OrgBudget)[];
  const orgBudget = rec<OrgBudget>(orgBudgetFields, orgBudgetOptional);
  const organisation = rec<IatiOrganisation>(
    {
      identifier: text,
      name: narratives(true),
      reportingOrg,
      defaultLanguage: language,
      defaultCurrency: code,
      lastUpdated: isoDateTime,
      totalBudgets: list(orgBudget),
      recipientOrgBudgets: list(
        rec({ ...orgBudgetFields, recipientOrg: rec({ ref: code, name: narratives(true) }, ['ref']) }, orgBudgetOptional),
      ),
      recipientRegionBudgets: list(
        rec(
          { ...orgBudgetFields, recipientRegion: rec({ code, vocabulary: code, vocabularyUri: uri, name: narratives() }, ['code', 'vocabulary', 'vocabularyUri']) },
          orgBudgetOptional,
        ),
      ),
      recipientCountryBudgets: list(rec({ ...orgBudgetFields, recipientCountry: rec({ code, name: narratives() }) }, orgBudgetOptional)),
      totalExpenditures: list(
        rec<Expenditure>({ periodStart: isoDate, periodEnd: isoDate, value: money, lines: list(budgetLine, false, 2) }, opt('periodStart', 'periodEnd', 'value')),
      ),
      documentLinks: list(
        rec<OrgDocumentLink>({ ...documentLinkFields, recipientCountries: list(rec({ code, name: narratives() })) }, ['documentDate', ...opt('format')]),
        false,
        2,
      ),
    },
    ['defaultLanguage', 'defaultCurrency', 'lastUpdated', ...opt('reportingOrg')],
  );
  return { activity, organisation };
}

const any = arbitraries(false);
const complete = arbitraries(true);

async function text2(chunks: AsyncIterable<string>) {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

// ─── Properties ──────────────────────────────────────────────────────────────────────────────────────────

test('any activity: write → parse gives the same activity', async () => {
  await fc.assert(
    fc.asyncProperty(any.activity, async (activity) => {
      const xml = `<iati-activities version="2.03">\n${activityXml(activity)}</iati-activities>`;
      const events = await parseIatiAll([xml]);
      const back = events.find((e) => e.kind === 'activity');
      assert.ok(back?.kind === 'activity', 'read back');
      assert.deepEqual(differences(activity, back.activity), []);
      assert.deepEqual(back.activity, activity);
    }),
    { numRuns: 300 },
  );
});

test('any organisation: write → parse gives the same organisation', async () => {
  await fc.assert(
    fc.asyncProperty(any.organisation, async (organisation) => {
      const xml = `<iati-organisations version="2.03">\n${organisationXml(organisation)}</iati-organisations>`;
      const events = await parseIatiAll([xml]);
      const back = events.find((e) => e.kind === 'organisation');
      assert.ok(back?.kind === 'organisation', 'read back');
      assert.deepEqual(differences(organisation, back.organisation), []);
    }),
    { numRuns: 200 },
  );
});

test('complete activities and organisations have no schema problem, and their files validate', async () => {
  const activities = fc.sample(complete.activity, { numRuns: 150, seed: 20250101 });
  const organisations = fc.sample(complete.organisation, { numRuns: 100, seed: 20250101 });
  for (const a of activities) assert.deepEqual(activitySchemaProblems(a), []);
  for (const o of organisations) assert.deepEqual(organisationSchemaProblems(o), []);
  const generatedAt = new Date('2025-01-01T00:00:00Z');
  assert.deepEqual(await xmllint(await text2(writeActivities(activities, { generatedAt })), schema203.activities), []);
  assert.deepEqual(await xmllint(await text2(writeOrganisations(organisations, { generatedAt })), schema203.organisations), []);
});

test('the reader never throws anything but a typed error, whatever it is given', async () => {
  const sample = `<iati-activities version="2.03"><iati-activity xml:lang="en"><iati-identifier>A-1</iati-identifier><title><narrative>T</narrative></title><transaction><value value-date="2024-01-01">5</value></transaction></iati-activity></iati-activities>`;
  const mutated = fc
    .tuple(fc.nat({ max: sample.length }), fc.nat({ max: 20 }), fc.string({ unit: 'binary', maxLength: 12 }))
    .map(([at, cut, insert]) => sample.slice(0, at) + insert + sample.slice(at + cut));
  const bytes = fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b));
  await fc.assert(
    fc.asyncProperty(fc.oneof(mutated, fc.string({ unit: 'binary', maxLength: 200 }), bytes), fc.integer({ min: 1, max: 64 }), async (input, size) => {
      const chunks: (string | Buffer)[] = [];
      for (let i = 0; i < input.length; i += size) chunks.push(input.slice(i, i + size));
      try {
        for await (const _ of parseIati(chunks));
      } catch (err) {
        assert.ok(isIatiParseError(err), String(err));
      }
    }),
    { numRuns: 1000 },
  );
});
