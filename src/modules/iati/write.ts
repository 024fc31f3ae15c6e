// Streaming IATI 2.03 writer: records in, XML text chunks out (one chunk per record), constant memory.
//
// One small pure function per element, called in the order of the 2.03 schema's sequences
// (iati-activities-schema.xsd, iati-organisations-schema.xsd). Empty optional elements are omitted. A record
// the schema would reject (a required element missing: see `activitySchemaProblems`) is not written by
// default: it is reported through `onSkip`, so that every file written validates.
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
  RecipientCountryBudget,
  RecipientOrgBudget,
  RecipientRegion,
  RecipientRegionBudget,
  RelatedActivity,
  ReportingOrg,
  Result,
  Sector,
  Tag,
  Transaction,
  TransactionOrg,
} from './model.ts';
import { formatDecimal } from './decimal.ts';
import { activitySchemaProblems, organisationSchemaProblems, type Problem } from './rules.ts';

export interface WriteMeta {
  /** The file's generated-datetime; now when absent. */
  generatedAt?: Date;
  /**
   * 'skip' (default): a record the 2.03 schema would reject is left out and reported to `onSkip`.
   * 'write': every record is written as it is (the output may then not validate; for round-trip tests).
   */
  incomplete?: 'skip' | 'write';
  onSkip?: (identifier: string, problems: Problem[]) => void;
}

export const IATI_VERSION = '2.03';

export async function* writeActivities(
  activities: AsyncIterable<IatiActivity> | Iterable<IatiActivity>,
  meta: WriteMeta = {},
): AsyncGenerator<string, void, undefined> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<iati-activities${attrs([
    ['version', IATI_VERSION],
    ['generated-datetime', dateTimeNow(meta.generatedAt)],
  ])}>\n`;
  for await (const activity of activities) {
    if (meta.incomplete !== 'write') {
      const problems = activitySchemaProblems(activity);
      if (problems.length > 0) {
        meta.onSkip?.(activity.identifier, problems);
        continue;
      }
    }
    yield activityXml(activity);
  }
  yield '</iati-activities>\n';
}

export async function* writeOrganisations(
  organisations: AsyncIterable<IatiOrganisation> | Iterable<IatiOrganisation>,
  meta: WriteMeta = {},
): AsyncGenerator<string, void, undefined> {
  yield `<?xml version="1.0" encoding="UTF-8"?>\n<iati-organisations${attrs([
    ['version', IATI_VERSION],
    ['generated-datetime', dateTimeNow(meta.generatedAt)],
  ])}>\n`;
  for await (const organisation of organisations) {
    if (meta.incomplete !== 'write') {
      const problems = organisationSchemaProblems(organisation);
      if (problems.length > 0) {
        meta.onSkip?.(organisation.identifier, problems);
        continue;
      }
    }
    yield organisationXml(organisation);
  }
  yield '</iati-organisations>\n';
}

function dateTimeNow(date: Date = new Date()): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

// ─── Text ────────────────────────────────────────────────────────────────────────────────────────────────

// Characters XML 1.0 cannot carry at all (C0 controls but tab/newline/return, lone surrogates, U+FFFE/F).
// eslint-disable-next-line no-control-regex -- matching those control characters is the point
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/** Drops the characters XML 1.0 cannot carry (the writer does so in every text and attribute). */
export function stripNonXml(value: string): string {
  return value.replace(NOT_XML, '');
}

export function escapeText(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\r/g, '&#13;');
}

export function escapeAttr(value: string): string {
  return value
    .replace(NOT_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/\t/g, '&#9;')
    .replace(/\n/g, '&#10;')
    .replace(/\r/g, '&#13;');
}

type AttrValue = string | number | boolean | undefined;

function attrs(list: [string, AttrValue][]): string {
  let out = '';
  for (const [name, value] of list) {
    if (value === undefined) continue;
    const text =
      typeof value === 'boolean' ? (value ? '1' : '0') : typeof value === 'number' ? formatDecimal(value) : value;
    out += ` ${name}="${escapeAttr(text)}"`;
  }
  return out;
}

const PAD = Array.from({ length: 12 }, (_, i) => '  '.repeat(i));

/** An element with child elements (already rendered one level deeper); `<x/>` when it has none. */
function el(d: number, name: string, attributes: [string, AttrValue][], children: string[] = []): string {
  const pad = PAD[d]!;
  const body = children.join('');
  if (body === '') return `${pad}<${name}${attrs(attributes)}/>\n`;
  return `${pad}<${name}${attrs(attributes)}>\n${body}${pad}</${name}>\n`;
}

/** An element holding text. */
function leaf(d: number, name: string, attributes: [string, AttrValue][], text: string): string {
  return `${PAD[d]!}<${name}${attrs(attributes)}>${escapeText(text)}</${name}>\n`;
}

/** `<code-element code="…"/>`, omitted when the code is absent. */
function code(d: number, name: string, value: string | undefined, extra: [string, AttrValue][] = []): string {
  return value === undefined ? '' : el(d, name, [['code', value], ...extra]);
}

function dateEl(d: number, name: string, date: string | undefined): string {
  return date === undefined ? '' : el(d, name, [['iso-date', date]]);
}

function narrativesXml(d: number, text: Narratives): string[] {
  const out: string[] = [];
  for (const [language, value] of Object.entries(text)) {
    out.push(leaf(d, 'narrative', [['xml:lang', language === '' ? undefined : language]], value));
  }
  return out;
}

const isEmpty = (text: Narratives): boolean => {
  for (const _ in text) return false;
  return true;
};

/** An element whose content is narratives (textRequiredType): omitted when there is no text. */
function textEl(d: number, name: string, text: Narratives, attributes: [string, AttrValue][] = []): string {
  return isEmpty(text) ? '' : el(d, name, attributes, narrativesXml(d + 1, text));
}

function valueXml(d: number, name: string, value: Money | undefined): string {
  if (value === undefined) return '';
  return leaf(
    d,
    name,
    [
      ['currency', value.currency],
      ['value-date', value.valueDate],
    ],
    formatDecimal(value.amount),
  );
}

// ─── Activity, in schema order ───────────────────────────────────────────────────────────────────────────

export function activityXml(a: IatiActivity): string {
  const d = 2;
  return el(
    1,
    'iati-activity',
    [
      ['last-updated-datetime', a.lastUpdated],
      ['xml:lang', a.defaultLanguage],
      ['default-currency', a.defaultCurrency],
      ['humanitarian', a.humanitarian],
      ['hierarchy', a.hierarchy],
      ['budget-not-provided', a.budgetNotProvided],
    ],
    [
      leaf(d, 'iati-identifier', [], a.identifier),
      a.reportingOrg ? reportingOrgXml(d, a.reportingOrg) : '',
      textEl(d, 'title', a.title),
      ...a.descriptions.map((x) => descriptionXml(d, x)),
      ...a.participatingOrgs.map((x) => participatingOrgXml(d, x)),
      ...a.otherIdentifiers.map((x) => otherIdentifierXml(d, x)),
      code(d, 'activity-status', a.status),
      ...a.dates.map((x) => activityDateXml(d, x)),
      ...a.contacts.map((x) => contactInfoXml(d, x)),
      code(d, 'activity-scope', a.scope),
      ...a.recipientCountries.map((x) => recipientCountryXml(d, x)),
      ...a.recipientRegions.map((x) => recipientRegionXml(d, x)),
      ...a.locations.map((x) => locationXml(d, x)),
      ...a.sectors.map((x) => sectorXml(d, x)),
      ...a.tags.map((x) => tagXml(d, x)),
      ...a.policyMarkers.map((x) => policyMarkerXml(d, x)),
      code(d, 'collaboration-type', a.collaborationType),
      code(d, 'default-flow-type', a.defaultFlowType),
      code(d, 'default-finance-type', a.defaultFinanceType),
      ...a.defaultAidTypes.map((x) => aidTypeXml(d, 'default-aid-type', x)),
      code(d, 'default-tied-status', a.defaultTiedStatus),
      ...a.budgets.map((x) => budgetXml(d, x)),
      ...a.plannedDisbursements.map((x) => plannedDisbursementXml(d, x)),
      ...a.transactions.map((x) => transactionXml(d, x)),
      ...a.documentLinks.map((x) => documentLinkXml(d, x)),
      ...a.relatedActivities.map((x) => relatedActivityXml(d, x)),
      ...a.results.map((x) => resultXml(d, x)),
    ],
  );
}

export function reportingOrgXml(d: number, org: ReportingOrg): string {
  return el(
    d,
    'reporting-org',
    [
      ['ref', org.ref],
      ['type', org.type],
      ['secondary-reporter', org.secondaryReporter],
    ],
    narrativesXml(d + 1, org.name),
  );
}

export function descriptionXml(d: number, x: Description): string {
  return el(d, 'description', [['type', x.type]], narrativesXml(d + 1, x.text));
}

export function participatingOrgXml(d: number, x: ParticipatingOrg): string {
  return el(
    d,
    'participating-org',
    [
      ['ref', x.ref],
      ['type', x.type],
      ['role', x.role],
      ['activity-id', x.activityId],
      ['crs-channel-code', x.crsChannelCode],
    ],
    narrativesXml(d + 1, x.name),
  );
}

export function otherIdentifierXml(d: number, x: OtherIdentifier): string {
  const owner = x.ownerOrg ? el(d + 1, 'owner-org', [['ref', x.ownerOrg.ref]], narrativesXml(d + 2, x.ownerOrg.name)) : '';
  return el(
    d,
    'other-identifier',
    [
      ['ref', x.ref],
      ['type', x.type],
    ],
    [owner],
  );
}

export function activityDateXml(d: number, x: ActivityDate): string {
  return el(d, 'activity-date', [
    ['type', x.type],
    ['iso-date', x.date],
  ]);
}

export function contactInfoXml(d: number, x: ContactInfo): string {
  const e = d + 1;
  return el(
    d,
    'contact-info',
    [['type', x.type]],
    [
      textEl(e, 'organisation', x.organisation),
      textEl(e, 'department', x.department),
      textEl(e, 'person-name', x.personName),
      textEl(e, 'job-title', x.jobTitle),
      ...x.telephones.map((t) => leaf(e, 'telephone', [], t)),
      ...x.emails.map((t) => leaf(e, 'email', [], t)),
      ...x.websites.map((t) => leaf(e, 'website', [], t)),
      ...x.mailingAddresses.map((t) => textEl(e, 'mailing-address', t)),
    ],
  );
}

export function recipientCountryXml(d: number, x: RecipientCountry): string {
  return el(
    d,
    'recipient-country',
    [
      ['code', x.code],
      ['percentage', x.percentage],
    ],
    narrativesXml(d + 1, x.name),
  );
}

export function recipientRegionXml(d: number, x: RecipientRegion): string {
  return el(
    d,
    'recipient-region',
    [
      ['code', x.code],
      ['vocabulary', x.vocabulary],
      ['vocabulary-uri', x.vocabularyUri],
      ['percentage', x.percentage],
    ],
    narrativesXml(d + 1, x.name),
  );
}

export function locationXml(d: number, x: Location): string {
  const e = d + 1;
  return el(
    d,
    'location',
    [['ref', x.ref]],
    [
      code(e, 'location-reach', x.reach),
      ...x.ids.map((id) => el(e, 'location-id', [['code', id.code], ['vocabulary', id.vocabulary]])),
      textEl(e, 'name', x.name),
      textEl(e, 'description', x.description),
      textEl(e, 'activity-description', x.activityDescription),
      ...x.administratives.map((adm) =>
        el(e, 'administrative', [
          ['code', adm.code],
          ['vocabulary', adm.vocabulary],
          ['level', adm.level],
        ]),
      ),
      x.point
        ? el(e, 'point', [['srsName', 'http://www.opengis.net/def/crs/EPSG/0/4326']], [
            leaf(e + 1, 'pos', [], `${formatDecimal(x.point.lat)} ${formatDecimal(x.point.lng)}`),
          ])
        : '',
      code(e, 'exactness', x.exactness),
      code(e, 'location-class', x.locationClass),
      code(e, 'feature-designation', x.featureDesignation),
    ],
  );
}

export function sectorXml(d: number, x: Sector): string {
  return el(
    d,
    'sector',
    [
      ['vocabulary', x.vocabulary],
      ['vocabulary-uri', x.vocabularyUri],
      ['code', x.code],
      ['percentage', x.percentage],
    ],
    narrativesXml(d + 1, x.narrative),
  );
}

export function tagXml(d: number, x: Tag): string {
  return el(
    d,
    'tag',
    [
      ['code', x.code],
      ['vocabulary', x.vocabulary],
      ['vocabulary-uri', x.vocabularyUri],
    ],
    narrativesXml(d + 1, x.narrative),
  );
}

export function policyMarkerXml(d: number, x: PolicyMarker): string {
  return el(
    d,
    'policy-marker',
    [
      ['vocabulary', x.vocabulary],
      ['vocabulary-uri', x.vocabularyUri],
      ['code', x.code],
      ['significance', x.significance],
    ],
    narrativesXml(d + 1, x.narrative),
  );
}

export function aidTypeXml(d: number, name: 'default-aid-type' | 'aid-type', x: AidType): string {
  return el(d, name, [
    ['code', x.code],
    ['vocabulary', x.vocabulary],
  ]);
}

export function budgetXml(d: number, x: Budget): string {
  const e = d + 1;
  return el(
    d,
    'budget',
    [
      ['type', x.type],
      ['status', x.status],
    ],
    [dateEl(e, 'period-start', x.periodStart), dateEl(e, 'period-end', x.periodEnd), valueXml(e, 'value', x.value)],
  );
}

function transactionOrgXml(d: number, name: 'provider-org' | 'receiver-org', x: TransactionOrg | undefined): string {
  if (x === undefined) return '';
  return el(
    d,
    name,
    [
      ['ref', x.ref],
      [name === 'provider-org' ? 'provider-activity-id' : 'receiver-activity-id', x.activityId],
      ['type', x.type],
    ],
    narrativesXml(d + 1, x.name),
  );
}

export function plannedDisbursementXml(d: number, x: PlannedDisbursement): string {
  const e = d + 1;
  return el(
    d,
    'planned-disbursement',
    [['type', x.type]],
    [
      dateEl(e, 'period-start', x.periodStart),
      dateEl(e, 'period-end', x.periodEnd),
      valueXml(e, 'value', x.value),
      transactionOrgXml(e, 'provider-org', x.providerOrg),
      transactionOrgXml(e, 'receiver-org', x.receiverOrg),
    ],
  );
}

export function transactionXml(d: number, x: Transaction): string {
  const e = d + 1;
  const region = x.recipientRegion;
  return el(
    d,
    'transaction',
    [
      ['ref', x.ref],
      ['humanitarian', x.humanitarian],
    ],
    [
      code(e, 'transaction-type', x.type),
      dateEl(e, 'transaction-date', x.date),
      valueXml(e, 'value', x.value),
      textEl(e, 'description', x.description),
      transactionOrgXml(e, 'provider-org', x.providerOrg),
      transactionOrgXml(e, 'receiver-org', x.receiverOrg),
      code(e, 'disbursement-channel', x.disbursementChannel),
      ...x.sectors.map((s) =>
        el(
          e,
          'sector',
          [
            ['vocabulary', s.vocabulary],
            ['vocabulary-uri', s.vocabularyUri],
            ['code', s.code],
          ],
          narrativesXml(e + 1, s.narrative),
        ),
      ),
      x.recipientCountry
        ? el(e, 'recipient-country', [['code', x.recipientCountry.code]], narrativesXml(e + 1, x.recipientCountry.name))
        : '',
      region
        ? el(
            e,
            'recipient-region',
            [
              ['code', region.code],
              ['vocabulary', region.vocabulary],
              ['vocabulary-uri', region.vocabularyUri],
            ],
            narrativesXml(e + 1, region.name),
          )
        : '',
      code(e, 'flow-type', x.flowType),
      code(e, 'finance-type', x.financeType),
      ...x.aidTypes.map((t) => aidTypeXml(e, 'aid-type', t)),
      code(e, 'tied-status', x.tiedStatus),
    ],
  );
}

/** documentLinkBase: title, description, category+, language*, document-date (+ extra children after). */
export function documentLinkXml(d: number, x: DocumentLink, extra: string[] = []): string {
  const e = d + 1;
  return el(
    d,
    'document-link',
    [
      ['url', x.url],
      ['format', x.format],
    ],
    [
      el(e, 'title', [], narrativesXml(e + 1, x.title)),
      textEl(e, 'description', x.description),
      ...x.categories.map((c) => code(e, 'category', c)),
      ...x.languages.map((c) => code(e, 'language', c)),
      dateEl(e, 'document-date', x.documentDate),
      ...extra,
    ],
  );
}

export function relatedActivityXml(d: number, x: RelatedActivity): string {
  return el(d, 'related-activity', [
    ['ref', x.ref],
    ['type', x.type],
  ]);
}

export function resultXml(d: number, x: Result): string {
  const e = d + 1;
  return el(
    d,
    'result',
    [
      ['type', x.type],
      ['aggregation-status', x.aggregationStatus],
    ],
    [
      el(e, 'title', [], narrativesXml(e + 1, x.title)),
      textEl(e, 'description', x.description),
      ...x.indicators.map((i) => indicatorXml(e, i)),
    ],
  );
}

export function indicatorXml(d: number, x: Indicator): string {
  const e = d + 1;
  return el(
    d,
    'indicator',
    [
      ['measure', x.measure],
      ['ascending', x.ascending],
      ['aggregation-status', x.aggregationStatus],
    ],
    [
      el(e, 'title', [], narrativesXml(e + 1, x.title)),
      textEl(e, 'description', x.description),
      ...x.baselines.map((b) => baselineXml(e, b)),
      ...x.periods.map((p) => periodXml(e, p)),
    ],
  );
}

export function baselineXml(d: number, x: Baseline): string {
  return el(
    d,
    'baseline',
    [
      ['iso-date', x.date],
      ['year', x.year],
      ['value', x.value],
    ],
    [textEl(d + 1, 'comment', x.comment)],
  );
}

function indicatorValueXml(d: number, name: 'target' | 'actual', x: IndicatorValue): string {
  return el(d, name, [['value', x.value]], [textEl(d + 1, 'comment', x.comment)]);
}

export function periodXml(d: number, x: IndicatorPeriod): string {
  const e = d + 1;
  return el(
    d,
    'period',
    [],
    [
      dateEl(e, 'period-start', x.start),
      dateEl(e, 'period-end', x.end),
      ...x.targets.map((t) => indicatorValueXml(e, 'target', t)),
      ...x.actuals.map((t) => indicatorValueXml(e, 'actual', t)),
    ],
  );
}

// ─── Organisation, in schema order ───────────────────────────────────────────────────────────────────────

export function organisationXml(o: IatiOrganisation): string {
  const d = 2;
  return el(
    1,
    'iati-organisation',
    [
      ['last-updated-datetime', o.lastUpdated],
      ['xml:lang', o.defaultLanguage],
      ['default-currency', o.defaultCurrency],
    ],
    [
      leaf(d, 'organisation-identifier', [], o.identifier),
      el(d, 'name', [], narrativesXml(d + 1, o.name)),
      o.reportingOrg ? reportingOrgXml(d, o.reportingOrg) : '',
      ...o.totalBudgets.map((x) => orgBudgetXml(d, 'total-budget', x, '')),
      ...o.recipientOrgBudgets.map((x) => orgBudgetXml(d, 'recipient-org-budget', x, recipientOrgXml(d + 1, x))),
      ...o.recipientRegionBudgets.map((x) =>
        orgBudgetXml(d, 'recipient-region-budget', x, recipientRegionOfBudgetXml(d + 1, x)),
      ),
      ...o.recipientCountryBudgets.map((x) =>
        orgBudgetXml(d, 'recipient-country-budget', x, recipientCountryOfBudgetXml(d + 1, x)),
      ),
      ...o.totalExpenditures.map((x) => expenditureXml(d, x)),
      ...o.documentLinks.map((x) => orgDocumentLinkXml(d, x)),
    ],
  );
}

function recipientOrgXml(d: number, x: RecipientOrgBudget): string {
  return el(d, 'recipient-org', [['ref', x.recipientOrg.ref]], narrativesXml(d + 1, x.recipientOrg.name));
}

function recipientRegionOfBudgetXml(d: number, x: RecipientRegionBudget): string {
  const r = x.recipientRegion;
  return el(
    d,
    'recipient-region',
    [
      ['vocabulary', r.vocabulary],
      ['vocabulary-uri', r.vocabularyUri],
      ['code', r.code],
    ],
    narrativesXml(d + 1, r.name),
  );
}

function recipientCountryOfBudgetXml(d: number, x: RecipientCountryBudget): string {
  return el(d, 'recipient-country', [['code', x.recipientCountry.code]], narrativesXml(d + 1, x.recipientCountry.name));
}

function budgetLineXml(d: number, name: 'budget-line' | 'expense-line', x: BudgetLine): string {
  return el(d, name, [['ref', x.ref]], [valueXml(d + 1, 'value', x.value), ...narrativesXml(d + 1, x.narrative)]);
}

export function orgBudgetXml(d: number, name: string, x: OrgBudget, target: string): string {
  const e = d + 1;
  return el(
    d,
    name,
    [['status', x.status]],
    [
      target,
      dateEl(e, 'period-start', x.periodStart),
      dateEl(e, 'period-end', x.periodEnd),
      valueXml(e, 'value', x.value),
      ...x.lines.map((l) => budgetLineXml(e, 'budget-line', l)),
    ],
  );
}

export function expenditureXml(d: number, x: Expenditure): string {
  const e = d + 1;
  return el(
    d,
    'total-expenditure',
    [],
    [
      dateEl(e, 'period-start', x.periodStart),
      dateEl(e, 'period-end', x.periodEnd),
      valueXml(e, 'value', x.value),
      ...x.lines.map((l) => budgetLineXml(e, 'expense-line', l)),
    ],
  );
}

export function orgDocumentLinkXml(d: number, x: OrgDocumentLink): string {
  return documentLinkXml(
    d,
    x,
    x.recipientCountries.map((c) => el(d + 1, 'recipient-country', [['code', c.code]], narrativesXml(d + 2, c.name))),
  );
}
