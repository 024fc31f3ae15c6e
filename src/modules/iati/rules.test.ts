// What IATI requires, case by case: a complete sample passes every check; each change below breaks exactly
// the rule it names (the expected problems are written out by hand, field by field). Messages exist in French
// and English for every code the module can produce.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IatiActivity, IatiOrganisation } from './model.ts';
import { iatiMessages } from './messages.ts';
import { parseErrorCodes } from './parse.ts';
import { activitySchemaProblems, checkActivity, checkOrganisation, problemCodes, type Problem } from './rules.ts';
import { sampleActivity, sampleOrganisation } from './testing.ts';

const today = '2025-01-01';
type Expected = [field: string, code: Problem['code'], params?: Problem['params'], severity?: Problem['severity']];
const problems = (list: Expected[]): Problem[] =>
  list.map(([field, code, params = {}, severity = 'error']) => ({ field, code, params, severity }));

test('the complete sample activity and organisation have no problem at all', () => {
  assert.deepEqual(checkActivity(sampleActivity(), { today }), []);
  assert.deepEqual(checkOrganisation(sampleOrganisation(), { today }), []);
});

const activityCases: [string, (a: IatiActivity) => void, Expected[]][] = [
  ['no title', (a) => void (a.title = {}), [['title', 'title_missing']]],
  [
    'no description, no participant, no status, no date',
    (a) => {
      a.descriptions = [];
      a.participatingOrgs = [];
      delete a.status;
      a.dates = [];
    },
    [
      ['descriptions', 'description_missing'],
      ['participatingOrgs', 'participating_org_missing'],
      ['status', 'status_missing'],
      ['dates', 'date_missing'],
      ['dates', 'start_date_missing'],
    ],
  ],
  ['no reporting organisation', (a) => void delete a.reportingOrg, [['reportingOrg', 'reporting_org_missing']]],
  [
    'reporting organisation without ref, type or name',
    (a) => void (a.reportingOrg = { name: {} }),
    [
      ['reportingOrg.ref', 'reporting_org_ref_missing'],
      ['reportingOrg.type', 'reporting_org_type_missing'],
      ['reportingOrg.name', 'reporting_org_name_missing'],
    ],
  ],
  ['no sector anywhere', (a) => void (a.sectors = []), [['sectors', 'sector_missing']]],
  [
    'sector shares add up to 90 %',
    (a) => void (a.sectors[1]!.percentage = 30),
    [['sectors', 'sector_shares_sum', { vocabulary: '1', sum: 90 }]],
  ],
  [
    'a sector share is missing',
    (a) => void delete a.sectors[1]!.percentage,
    [
      ['sectors', 'sector_percentage_missing', { vocabulary: '1' }],
      ['sectors', 'sector_shares_sum', { vocabulary: '1', sum: 60 }],
    ],
  ],
  [
    'a single sector at 50 %',
    (a) => void (a.sectors = [{ code: '11220', percentage: 50, narrative: {} }]),
    [['sectors[0].percentage', 'sector_single_percentage', { vocabulary: '1', value: 50 }]],
  ],
  [
    'an own-vocabulary sector without label, and no DAC sector',
    (a) => void (a.sectors = [{ vocabulary: '99', code: 'education', narrative: {} }]),
    [
      ['sectors[0].narrative', 'sector_narrative_missing'],
      ['sectors', 'sector_dac_missing', {}, 'warning'],
    ],
  ],
  [
    'sectors both on the activity and on a transaction',
    (a) => void (a.transactions[0]!.sectors = [{ code: '11220', narrative: {} }]),
    [['sectors', 'sector_levels_mixed']],
  ],
  [
    'sectors on one transaction only',
    (a) => {
      a.sectors = [];
      a.transactions[0]!.sectors = [{ code: '11220', narrative: {} }];
    },
    [['transactions', 'sector_transactions_incomplete']],
  ],
  [
    'sectors on every transaction instead of the activity',
    (a) => {
      a.sectors = [];
      for (const t of a.transactions) t.sectors = [{ code: '11220', narrative: {} }];
    },
    [],
  ],
  [
    'country and region shares add up to 90 %',
    (a) => void (a.recipientCountries[0]!.percentage = 70),
    [['recipientRegions', 'country_shares_sum', { sum: 90 }]],
  ],
  [
    'two countries, one without share',
    (a) => {
      a.recipientRegions = [];
      a.recipientCountries = [
        { code: 'ML', percentage: 90, name: {} },
        { code: 'SN', name: {} },
      ];
    },
    [
      ['recipientCountries', 'country_percentage_missing'],
      ['recipientCountries', 'country_shares_sum', { sum: 90 }],
    ],
  ],
  [
    'a single country at 80 %, and a share above 100',
    (a) => {
      a.recipientRegions = [];
      a.recipientCountries = [{ code: 'ML', percentage: 180, name: {} }];
    },
    [
      ['recipientCountries', 'country_single_percentage', { value: 180 }],
      ['recipientCountries[0].percentage', 'percentage_range', { value: 180 }],
    ],
  ],
  [
    'no country or region',
    (a) => {
      a.recipientCountries = [];
      a.recipientRegions = [];
    },
    [['recipientCountries', 'country_missing']],
  ],
  [
    'countries both on the activity and on a transaction',
    (a) => void (a.transactions[1]!.recipientCountry = { code: 'ML', name: {} }),
    [['recipientCountries', 'country_levels_mixed']],
  ],
  [
    'planned start after planned end; actual end in the future',
    (a) => {
      a.dates = [
        { type: '1', date: '2026-01-01' },
        { type: '3', date: '2025-06-30' },
        { type: '2', date: '2024-02-01' },
        { type: '4', date: '2025-03-01' },
      ];
    },
    [
      ['dates', 'planned_dates_order', { start: '2026-01-01', end: '2025-06-30' }],
      ['dates[3].date', 'actual_date_future', { date: '2025-03-01' }],
    ],
  ],
  [
    'only end dates',
    (a) => void (a.dates = [{ type: '3', date: '2025-06-30' }]),
    [['dates', 'start_date_missing']],
  ],
  [
    'an impossible date and a bad date-time',
    (a) => {
      a.dates[0]!.date = '2024-02-30';
      a.lastUpdated = 'yesterday';
    },
    [
      ['dates[0].date', 'date_invalid', { value: '2024-02-30' }],
      ['lastUpdated', 'datetime_invalid', { value: 'yesterday' }],
    ],
  ],
  [
    'no default currency and a transaction without currency',
    (a) => {
      delete a.defaultCurrency;
      for (const b of a.budgets) if (b.value) b.value.currency = 'EUR';
      for (const d of a.plannedDisbursements) if (d.value) d.value.currency = 'EUR';
    },
    [['transactions[0].value.currency', 'transaction_currency_missing']],
  ],
  [
    'no default currency anywhere',
    (a) => {
      delete a.defaultCurrency;
      delete a.transactions[1]!.value!.currency;
    },
    [
      ['budgets[0].value.currency', 'budget_currency_missing'],
      ['plannedDisbursements[0].value.currency', 'disbursement_currency_missing'],
      ['transactions[0].value.currency', 'transaction_currency_missing'],
      ['transactions[1].value.currency', 'transaction_currency_missing'],
    ],
  ],
  [
    'a transaction without type, date, or value date, and in the future',
    (a) => {
      const t = a.transactions[0]!;
      delete t.type;
      delete t.date;
      t.value = { amount: 1 };
      a.transactions[1]!.date = '2026-01-01';
    },
    [
      ['transactions[0].type', 'transaction_type_missing'],
      ['transactions[0].date', 'transaction_date_missing'],
      ['transactions[0].value.valueDate', 'value_date_missing'],
      ['transactions[1].date', 'transaction_date_future', { date: '2026-01-01' }],
    ],
  ],
  [
    'a budget over more than a year, and one that ends before it starts',
    (a) => {
      a.budgets = [
        { periodStart: '2024-01-01', periodEnd: '2025-01-02', value: { amount: 1, valueDate: '2024-01-01' } },
        { periodStart: '2024-06-01', periodEnd: '2024-01-01', value: { amount: 1, valueDate: '2024-01-01' } },
        { periodStart: '2024-01-01', periodEnd: '2025-01-01', value: { amount: 1, valueDate: '2024-01-01' } },
      ];
    },
    [
      ['budgets[0]', 'budget_period_too_long', { start: '2024-01-01', end: '2025-01-02' }],
      ['budgets[1]', 'budget_period_order', { start: '2024-06-01', end: '2024-01-01' }],
    ],
  ],
  [
    'a budget without period or value, while “budget not provided” is set',
    (a) => {
      a.budgets = [{}];
      a.budgetNotProvided = '1';
    },
    [
      ['budgets[0].periodStart', 'period_start_missing'],
      ['budgets[0].periodEnd', 'period_end_missing'],
      ['budgets[0].value', 'value_missing'],
      ['budgetNotProvided', 'budget_not_provided_conflict'],
    ],
  ],
  [
    'participants without role or name; a receiver without name',
    (a) => {
      a.participatingOrgs.push({ name: {} });
      a.transactions[0]!.receiverOrg = { name: {} };
    },
    [
      ['participatingOrgs[3].role', 'participating_org_role_missing'],
      ['participatingOrgs[3].name', 'participating_org_name_missing'],
      ['transactions[0].receiverOrg', 'receiver_org_name_missing'],
    ],
  ],
  [
    'identifier equal to the organisation’s',
    (a) => void (a.identifier = a.reportingOrg!.ref!),
    [['identifier', 'identifier_is_org']],
  ],
  [
    'identifier without the organisation prefix, with a slash',
    (a) => void (a.identifier = 'PROJECT/1'),
    [
      ['identifier', 'identifier_prefix', { prefix: 'FR-RNA-W751000001' }, 'warning'],
      ['identifier', 'identifier_symbols', {}, 'warning'],
    ],
  ],
  [
    'a narrative without language and no default language; a bad language code',
    (a) => {
      delete a.defaultLanguage;
      a.title = { '': 'Titre', fr_FR: 'Titre' };
    },
    [
      ['defaultLanguage', 'language_invalid', { value: 'fr_FR' }],
      ['defaultLanguage', 'language_missing'],
    ],
  ],
  [
    'policy markers without significance or label',
    (a) => {
      a.policyMarkers = [
        { code: '1', narrative: {} },
        { vocabulary: '99', code: 'x', narrative: {} },
      ];
    },
    [
      ['policyMarkers[0].significance', 'policy_significance_missing'],
      ['policyMarkers[1].narrative', 'policy_narrative_missing'],
    ],
  ],
  [
    'two DAC aid types',
    (a) => void a.defaultAidTypes.push({ code: 'B01' }),
    [['defaultAidTypes', 'aid_type_repeated', { vocabulary: '1' }, 'warning']],
  ],
  [
    'results: no indicator; an indicator without measure, values, or with its period reversed',
    (a) => {
      const r = a.results[0]!;
      a.results.push({ type: '2', title: { fr: 'Effet' }, description: {}, indicators: [] });
      const ind = r.indicators[0]!;
      ind.baselines[0] = { comment: {} };
      ind.periods[0] = { start: '2024-12-31', end: '2024-01-01', targets: [{ comment: {} }], actuals: [{ value: 'beaucoup', comment: {} }] };
    },
    [
      ['results[0].indicators[0].baselines[0].year', 'baseline_year_missing'],
      ['results[1].indicators', 'result_indicator_missing'],
      ['results[0].indicators[0].baselines[0].value', 'baseline_value_missing'],
      ['results[0].indicators[0].periods[0]', 'indicator_period_order', { start: '2024-12-31', end: '2024-01-01' }],
      ['results[0].indicators[0].periods[0].targets[0].value', 'target_value_missing'],
      ['results[0].indicators[0].periods[0].actuals[0].value', 'indicator_value_not_number', { value: 'beaucoup' }, 'warning'],
    ],
  ],
  [
    'a qualitative indicator with a number; a result without type or title',
    (a) => {
      const r = a.results[0]!;
      delete r.type;
      r.title = {};
      r.indicators[0]!.measure = '5';
    },
    [
      ['results[0].type', 'result_type_missing'],
      ['results[0].title', 'result_title_missing'],
      ['results[0].indicators[0].baselines[0].value', 'indicator_value_qualitative', { value: '0' }, 'warning'],
      ['results[0].indicators[0].periods[0].targets[0].value', 'indicator_value_qualitative', { value: '300' }, 'warning'],
      ['results[0].indicators[0].periods[0].actuals[0].value', 'indicator_value_qualitative', { value: '280' }, 'warning'],
    ],
  ],
  [
    'a document without format, title or category',
    (a) => void (a.documentLinks = [{ url: 'https://example.org/x', title: {}, description: {}, categories: [], languages: [] }]),
    [
      ['documentLinks[0].format', 'document_format_missing'],
      ['documentLinks[0].title', 'document_title_missing'],
      ['documentLinks[0].categories', 'document_category_missing'],
    ],
  ],
  [
    'an amount and a share with more digits than an xsd:decimal can carry',
    (a) => {
      a.budgets[0]!.value!.amount = 1e30;
      a.sectors[0]!.percentage = 1e-30;
    },
    [
      ['sectors[0].percentage', 'number_invalid', { value: '1e-30' }],
      ['budgets[0].value.amount', 'number_invalid', { value: '1e+30' }],
      ['sectors', 'sector_shares_sum', { vocabulary: '1', sum: 40 }],
    ],
  ],
  [
    'a point off the Earth',
    (a) => void (a.locations[0]!.point = { lat: 95, lng: 10 }),
    [['locations[0].point', 'point_invalid', { lat: 95, lng: 10 }]],
  ],
];

for (const [name, change, expected] of activityCases) {
  test(`activity: ${name}`, () => {
    const activity = sampleActivity();
    change(activity);
    assert.deepEqual(checkActivity(activity, { today }), problems(expected));
  });
}

test('schema problems are the subset of problems that would make the XML invalid', () => {
  const a = sampleActivity();
  a.sectors[1]!.percentage = 30;
  a.title = {};
  assert.deepEqual(activitySchemaProblems(a), problems([['title', 'title_missing']]));
});

const organisationCases: [string, (o: IatiOrganisation) => void, Expected[]][] = [
  [
    'no name, no reporting organisation',
    (o) => {
      o.name = {};
      delete o.reportingOrg;
    },
    [
      ['name', 'organisation_name_missing'],
      ['reportingOrg', 'reporting_org_missing'],
    ],
  ],
  [
    'budgets: incomplete, too long, line outside the period, no currency',
    (o) => {
      delete o.defaultCurrency;
      o.totalBudgets = [{ periodStart: '2024-01-01', periodEnd: '2025-06-30', value: { amount: 1, currency: 'EUR', valueDate: '2024-01-01' }, lines: [] }];
      o.recipientOrgBudgets = [{ recipientOrg: { name: {} }, lines: [] }];
      o.recipientCountryBudgets[0]!.lines[0]!.value!.valueDate = '2025-02-01';
      o.recipientCountryBudgets[0]!.value!.currency = 'EUR';
      o.recipientCountryBudgets[0]!.lines[0]!.value!.currency = 'EUR';
      o.recipientRegionBudgets[0]!.value!.currency = 'EUR';
      o.totalExpenditures[0]!.value!.currency = 'EUR';
      o.totalExpenditures[0]!.lines[0]!.value!.currency = 'EUR';
    },
    [
      ['recipientOrgBudgets[0].periodStart', 'period_start_missing'],
      ['recipientOrgBudgets[0].periodEnd', 'period_end_missing'],
      ['recipientOrgBudgets[0].value', 'value_missing'],
      ['recipientOrgBudgets[0].recipientOrg.name', 'recipient_org_name_missing'],
      ['totalBudgets[0]', 'budget_period_too_long', { start: '2024-01-01', end: '2025-06-30' }],
      ['recipientCountryBudgets[0].lines[0].value.valueDate', 'budget_line_date_outside', { date: '2025-02-01' }],
    ],
  ],
  [
    'a narrative without language, updated in the future',
    (o) => {
      delete o.defaultLanguage;
      o.name = { '': 'Comité' };
      o.reportingOrg!.name = { fr: 'Comité' };
      o.recipientOrgBudgets[0]!.recipientOrg.name = { fr: 'APE' };
      o.recipientRegionBudgets[0]!.recipientRegion.name = { fr: 'Afrique' };
      o.recipientCountryBudgets[0]!.recipientCountry.name = { fr: 'Mali' };
      o.recipientCountryBudgets[0]!.lines[0]!.narrative = { fr: 'Kayes' };
      o.totalBudgets[0]!.lines[0]!.narrative = { fr: 'Éducation' };
      o.totalExpenditures[0]!.lines[0]!.narrative = { fr: 'Frais' };
      o.documentLinks[0]!.title = { fr: 'Rapport' };
      o.lastUpdated = '2026-01-01T00:00:00Z';
    },
    [
      ['lastUpdated', 'last_updated_future', { date: '2026-01-01' }],
      ['defaultLanguage', 'language_missing'],
    ],
  ],
];

for (const [name, change, expected] of organisationCases) {
  test(`organisation: ${name}`, () => {
    const organisation = sampleOrganisation();
    change(organisation);
    assert.deepEqual(checkOrganisation(organisation, { today }), problems(expected));
  });
}

test('every code has a message in French and in English, with the same placeholders', () => {
  const keys = [
    ...problemCodes.map((c) => `iati.problem.${c}`),
    ...parseErrorCodes.map((c) => `iati.parse.${c}`),
    ...['identifier_missing', 'record_too_large', 'misplaced'].map((c) => `iati.skip.${c}`),
    ...['date_reformatted', 'date_unreadable', 'number_unreadable', 'element_incomplete', 'element_repeated'].map((c) => `iati.warning.${c}`),
  ];
  for (const key of keys) {
    assert.ok(iatiMessages.fr[key], `fr ${key}`);
    assert.ok(iatiMessages.en[key], `en ${key}`);
  }
  assert.deepEqual(Object.keys(iatiMessages.fr).sort(), Object.keys(iatiMessages.en).sort());
  // The interface texts (iati.import.*: the upload page and its report) are not codes.
  const codeMessages = Object.keys(iatiMessages.fr).filter((k) => /^iati\.(problem|parse|skip|warning)\./.test(k));
  assert.deepEqual(codeMessages.sort(), [...keys].sort(), 'no message without a code');
  const placeholders = (s: string) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
  for (const key of keys) assert.deepEqual(placeholders(iatiMessages.fr[key]!), placeholders(iatiMessages.en[key]!), key);
});
