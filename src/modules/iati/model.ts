// The normalised IATI records the rest of Passerelle works with: one activity (a project) and one organisation
// file record, whatever the IATI version they were read from (1.0x, 2.01, 2.02, 2.03). Pure types, no code.
//
// Conventions, relied upon by the parser, the writer, the rules and their tests:
// - Every code is kept as the string the publisher wrote (trimmed), known or not. The only rewriting is the
//   1.0x → 2.0x mapping of the few lists whose codes changed (transaction types "C"→"2", activity-date types
//   "start-planned"→"1", roles "Funding"→"1", vocabularies "DAC"→"1"…), done by the parser.
// - An optional scalar is absent (never `undefined`-valued, never ''). Lists are always present, maybe empty.
//   Multilingual texts (`Narratives`) are always present, maybe `{}`.
// - Texts are trimmed; empty texts are absent.
// - Dates are `YYYY-MM-DD` (xsd:date without time zone); date-times are xsd:dateTime strings.
// - Amounts and percentages are finite JavaScript numbers (never -0).

/** An IATI code: kept as published, even when it is unknown to our lists. */
export type Code = string;
/** `YYYY-MM-DD`. */
export type IsoDate = string;
/** An xsd:dateTime, e.g. `2024-05-04T13:30:00Z`. */
export type IsoDateTime = string;

/**
 * A multilingual text: language code (lower case, as in `xml:lang`) → text. Several narratives in one language
 * are joined with a blank line. The key `''` means "language not stated" and only occurs when the record has no
 * default language either.
 */
export type Narratives = Record<string, string>;

export interface Money {
  amount: number;
  /** ISO 4217; absent means the record's default currency. */
  currency?: Code;
  /** The date used for currency conversion. Required by IATI; absent when the publisher left it out. */
  valueDate?: IsoDate;
}

export interface ReportingOrg {
  ref?: string;
  /** OrganisationType codelist. */
  type?: Code;
  secondaryReporter?: boolean;
  name: Narratives;
}

/** DescriptionType: 1 general, 2 objectives, 3 target groups, 4 other. Absent means general. */
export interface Description {
  type?: Code;
  text: Narratives;
}

/** OrganisationRole: 1 funding, 2 accountable, 3 extending, 4 implementing. */
export interface ParticipatingOrg {
  ref?: string;
  type?: Code;
  role?: Code;
  /** The participating organisation's own IATI activity identifier for this activity. */
  activityId?: string;
  crsChannelCode?: Code;
  name: Narratives;
}

export interface OtherIdentifier {
  ref: string;
  /** OtherIdentifierType: A1 reporting org's internal id, B1 previous activity id… */
  type?: Code;
  ownerOrg?: { ref?: string; name: Narratives };
}

/** ActivityDateType: 1 planned start, 2 actual start, 3 planned end, 4 actual end. */
export interface ActivityDate {
  type: Code;
  date: IsoDate;
}

export interface ContactInfo {
  /** ContactType. */
  type?: Code;
  organisation: Narratives;
  department: Narratives;
  personName: Narratives;
  jobTitle: Narratives;
  telephones: string[];
  emails: string[];
  websites: string[];
  mailingAddresses: Narratives[];
}

export interface RecipientCountry {
  /** ISO 3166-1 alpha-2. */
  code: Code;
  percentage?: number;
  name: Narratives;
}

export interface RecipientRegion {
  code: Code;
  /** RegionVocabulary; absent means 1 (OECD DAC). */
  vocabulary?: Code;
  vocabularyUri?: string;
  percentage?: number;
  name: Narratives;
}

export interface GeoPoint {
  lat: number;
  lng: number;
}

export interface Location {
  ref?: string;
  /** GeographicLocationReach: 1 activity, 2 beneficiaries. */
  reach?: Code;
  ids: { vocabulary: Code; code: Code }[];
  name: Narratives;
  description: Narratives;
  activityDescription: Narratives;
  administratives: { vocabulary: Code; code: Code; level?: number }[];
  /** WGS 84 (EPSG:4326). */
  point?: GeoPoint;
  /** GeographicExactness: 1 exact, 2 approximate (1.0x coordinates precision 1 → 1, others → 2). */
  exactness?: Code;
  /** GeographicLocationClass: 1 administrative region, 2 populated place, 3 structure, 4 other topographical. */
  locationClass?: Code;
  /** LocationType (GeoNames feature code, e.g. PPL); 1.0x location-type lands here. */
  featureDesignation?: Code;
}

export interface Sector {
  /** SectorVocabulary; absent means 1 (OECD DAC 5-digit purpose codes). */
  vocabulary?: Code;
  vocabularyUri?: string;
  code: Code;
  percentage?: number;
  narrative: Narratives;
}

export interface Tag {
  /** TagVocabulary: 1 agrovoc, 2 SDG goal, 3 SDG target, 99 reporting organisation… */
  vocabulary: Code;
  vocabularyUri?: string;
  code: Code;
  narrative: Narratives;
}

export interface PolicyMarker {
  /** PolicyMarkerVocabulary; absent means 1 (OECD DAC CRS). */
  vocabulary?: Code;
  vocabularyUri?: string;
  code: Code;
  /** PolicySignificance: 0 not targeted … 4 explicit primary objective. */
  significance?: Code;
  narrative: Narratives;
}

export interface AidType {
  /** AidTypeVocabulary; absent means 1 (OECD DAC). */
  vocabulary?: Code;
  code: Code;
}

export interface Budget {
  /** BudgetType: 1 original, 2 revised. */
  type?: Code;
  /** BudgetStatus: 1 indicative, 2 committed. */
  status?: Code;
  periodStart?: IsoDate;
  periodEnd?: IsoDate;
  value?: Money;
}

/** An organisation on either side of a transaction or planned disbursement. */
export interface TransactionOrg {
  ref?: string;
  type?: Code;
  /** provider-activity-id / receiver-activity-id. */
  activityId?: string;
  name: Narratives;
}

export interface PlannedDisbursement {
  /** BudgetType: 1 original, 2 revised. */
  type?: Code;
  periodStart?: IsoDate;
  periodEnd?: IsoDate;
  value?: Money;
  providerOrg?: TransactionOrg;
  receiverOrg?: TransactionOrg;
}

export interface TransactionSector {
  vocabulary?: Code;
  vocabularyUri?: string;
  code: Code;
  narrative: Narratives;
}

export interface Transaction {
  ref?: string;
  humanitarian?: boolean;
  /** TransactionType: 1 incoming funds, 2 outgoing commitment, 3 disbursement, 4 expenditure, 11 incoming commitment… */
  type?: Code;
  date?: IsoDate;
  value?: Money;
  description: Narratives;
  providerOrg?: TransactionOrg;
  receiverOrg?: TransactionOrg;
  disbursementChannel?: Code;
  sectors: TransactionSector[];
  recipientCountry?: { code: Code; name: Narratives };
  recipientRegion?: { code: Code; vocabulary?: Code; vocabularyUri?: string; name: Narratives };
  flowType?: Code;
  financeType?: Code;
  aidTypes: AidType[];
  tiedStatus?: Code;
}

export interface DocumentLink {
  url: string;
  /** IANA media type (FileFormat codelist), e.g. application/pdf. */
  format?: Code;
  title: Narratives;
  description: Narratives;
  /** DocumentCategory codes, e.g. A01. */
  categories: Code[];
  /** Language codes of the document. */
  languages: Code[];
  documentDate?: IsoDate;
}

/** RelatedActivityType: 1 parent, 2 child, 3 sibling, 4 co-funded, 5 third party. */
export interface RelatedActivity {
  ref: string;
  type: Code;
}

export interface IndicatorValue {
  /** xsd:string in IATI: a number for quantitative measures, absent for qualitative ones. */
  value?: string;
  comment: Narratives;
}

export interface Baseline extends IndicatorValue {
  year?: number;
  date?: IsoDate;
}

export interface IndicatorPeriod {
  start?: IsoDate;
  end?: IsoDate;
  targets: IndicatorValue[];
  actuals: IndicatorValue[];
}

export interface Indicator {
  /** IndicatorMeasure: 1 unit, 2 percentage, 3 nominal, 4 ordinal, 5 qualitative. */
  measure?: Code;
  ascending?: boolean;
  aggregationStatus?: boolean;
  title: Narratives;
  description: Narratives;
  baselines: Baseline[];
  periods: IndicatorPeriod[];
}

export interface Result {
  /** ResultType: 1 output, 2 outcome, 3 impact, 9 other. */
  type?: Code;
  aggregationStatus?: boolean;
  title: Narratives;
  description: Narratives;
  indicators: Indicator[];
}

export interface IatiActivity {
  identifier: string;
  reportingOrg?: ReportingOrg;
  /** xml:lang of the activity, lower case. */
  defaultLanguage?: string;
  defaultCurrency?: Code;
  humanitarian?: boolean;
  hierarchy?: number;
  lastUpdated?: IsoDateTime;
  /** BudgetNotProvided code, only when there is no budget. */
  budgetNotProvided?: Code;
  title: Narratives;
  descriptions: Description[];
  participatingOrgs: ParticipatingOrg[];
  otherIdentifiers: OtherIdentifier[];
  /** ActivityStatus: 1 pipeline, 2 implementation, 3 finalisation, 4 closed, 5 cancelled, 6 suspended. */
  status?: Code;
  dates: ActivityDate[];
  contacts: ContactInfo[];
  /** ActivityScope: 1 global … 8 single location. */
  scope?: Code;
  recipientCountries: RecipientCountry[];
  recipientRegions: RecipientRegion[];
  locations: Location[];
  sectors: Sector[];
  tags: Tag[];
  policyMarkers: PolicyMarker[];
  collaborationType?: Code;
  defaultFlowType?: Code;
  defaultFinanceType?: Code;
  defaultAidTypes: AidType[];
  defaultTiedStatus?: Code;
  budgets: Budget[];
  plannedDisbursements: PlannedDisbursement[];
  transactions: Transaction[];
  documentLinks: DocumentLink[];
  relatedActivities: RelatedActivity[];
  results: Result[];
}

// ─── Organisation file ───────────────────────────────────────────────────────────────────────────────────

export interface BudgetLine {
  ref?: string;
  value?: Money;
  narrative: Narratives;
}

export interface OrgBudget {
  /** BudgetStatus: 1 indicative, 2 committed. */
  status?: Code;
  periodStart?: IsoDate;
  periodEnd?: IsoDate;
  value?: Money;
  lines: BudgetLine[];
}

export interface RecipientOrgBudget extends OrgBudget {
  recipientOrg: { ref?: string; name: Narratives };
}

export interface RecipientRegionBudget extends OrgBudget {
  recipientRegion: { code?: Code; vocabulary?: Code; vocabularyUri?: string; name: Narratives };
}

export interface RecipientCountryBudget extends OrgBudget {
  recipientCountry: { code: Code; name: Narratives };
}

export interface Expenditure {
  periodStart?: IsoDate;
  periodEnd?: IsoDate;
  value?: Money;
  lines: BudgetLine[];
}

export interface OrgDocumentLink extends DocumentLink {
  recipientCountries: { code: Code; name: Narratives }[];
}

export interface IatiOrganisation {
  identifier: string;
  name: Narratives;
  reportingOrg?: ReportingOrg;
  defaultLanguage?: string;
  defaultCurrency?: Code;
  lastUpdated?: IsoDateTime;
  totalBudgets: OrgBudget[];
  recipientOrgBudgets: RecipientOrgBudget[];
  recipientRegionBudgets: RecipientRegionBudget[];
  recipientCountryBudgets: RecipientCountryBudget[];
  totalExpenditures: Expenditure[];
  documentLinks: OrgDocumentLink[];
}
