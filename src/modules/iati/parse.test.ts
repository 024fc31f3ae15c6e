// The reader, element by element: a 2.03 activity holding every field of the model, a 1.0x activity (text in
// elements, letter codes, named dates and roles), an organisation file, languages, values, encodings, and
// streaming (records come out while the input is still being read; memory stays flat).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { IatiActivity, IatiOrganisation } from './model.ts';
import { parseIati, parseIatiAll, readDate, readDateTime, readLooseDate, readNumber, type IatiParseEvent } from './parse.ts';

const activitiesOf = (events: IatiParseEvent[]) =>
  events.flatMap((e) => (e.kind === 'activity' ? [e.activity] : []));

const FULL_203 = `<?xml version="1.0" encoding="UTF-8"?>
<iati-activities version="2.03" generated-datetime="2024-05-04T13:49:06Z" xmlns:x="http://example.org/x">
  <x:note>ignored</x:note>
  <iati-activity last-updated-datetime="2024-05-04T13:30:00Z" xml:lang="FR" default-currency="EUR" humanitarian="1" hierarchy="1" budget-not-provided="1" x:extra="ignored">
    <iati-identifier> FR-RNA-W123-P1 </iati-identifier>
    <reporting-org ref="FR-RNA-W123" type="22" secondary-reporter="0">
      <narrative>Comité de jumelage</narrative>
      <narrative xml:lang="en">Twinning committee</narrative>
    </reporting-org>
    <title>
      <narrative>Fournitures scolaires à Kayes</narrative>
      <narrative xml:lang="en">School supplies in Kayes</narrative>
    </title>
    <description type="1"><narrative>Des cahiers &amp; des livres.</narrative></description>
    <description type="2"><narrative>Scolariser 300 enfants.</narrative></description>
    <participating-org ref="FR-RNA-W123" type="22" role="1" activity-id="FR-RNA-W123-P1" crs-channel-code="22000">
      <narrative>Comité de jumelage</narrative>
    </participating-org>
    <participating-org role="4" type="24"><narrative>Association des parents d'élèves</narrative></participating-org>
    <other-identifier ref="P1" type="A1"><owner-org ref="FR-RNA-W123"><narrative>Comité</narrative></owner-org></other-identifier>
    <activity-status code="2"/>
    <activity-date type="1" iso-date="2024-01-15"><narrative>Début prévu</narrative></activity-date>
    <activity-date type="3" iso-date="2025-06-30"/>
    <contact-info type="1">
      <organisation><narrative>Comité de jumelage</narrative></organisation>
      <person-name><narrative>Awa Traoré</narrative></person-name>
      <telephone>+33 1 23 45 67 89</telephone>
      <email>contact@example.org</email>
      <website>https://example.org</website>
      <mailing-address><narrative>1 place de la Mairie, 75000 Paris</narrative></mailing-address>
    </contact-info>
    <activity-scope code="4"/>
    <recipient-country code="ML" percentage="80"><narrative>Mali</narrative></recipient-country>
    <recipient-region code="289" vocabulary="1" percentage="20"/>
    <location ref="KAYES-1">
      <location-reach code="1"/>
      <location-id vocabulary="G1" code="2455518"/>
      <name><narrative>Kayes</narrative></name>
      <administrative vocabulary="G1" level="1" code="2455517"/>
      <point srsName="http://www.opengis.net/def/crs/EPSG/0/4326"><pos>14.4469 -11.4456</pos></point>
      <exactness code="1"/>
      <location-class code="2"/>
      <feature-designation code="PPLA"/>
    </location>
    <sector vocabulary="1" code="11220" percentage="60"/>
    <sector vocabulary="1" code="11120" percentage="40"><narrative>Équipements</narrative></sector>
    <sector vocabulary="99" vocabulary-uri="https://example.org/themes" code="education"><narrative>Éducation</narrative></sector>
    <tag vocabulary="2" code="4"/>
    <policy-marker vocabulary="1" code="1" significance="1"/>
    <collaboration-type code="3"/>
    <default-flow-type code="30"/>
    <default-finance-type code="110"/>
    <default-aid-type code="C01"/>
    <default-aid-type vocabulary="2" code="1"/>
    <default-tied-status code="5"/>
    <budget type="1" status="2">
      <period-start iso-date="2024-01-01"/>
      <period-end iso-date="2024-12-31"/>
      <value currency="EUR" value-date="2024-01-01">12000.50</value>
    </budget>
    <planned-disbursement type="1">
      <period-start iso-date="2024-02-01"/>
      <value value-date="2024-02-01">5000</value>
      <provider-org ref="FR-RNA-W123" provider-activity-id="FR-RNA-W123-P1" type="22"><narrative>Comité</narrative></provider-org>
    </planned-disbursement>
    <transaction ref="T1" humanitarian="0">
      <transaction-type code="3"/>
      <transaction-date iso-date="2024-02-15"/>
      <value currency="XOF" value-date="2024-02-15">-1,000.25</value>
      <description><narrative>Premier versement</narrative></description>
      <provider-org ref="FR-RNA-W123"><narrative>Comité</narrative></provider-org>
      <receiver-org receiver-activity-id="ML-X-1" type="24"><narrative>APE Kayes</narrative></receiver-org>
      <disbursement-channel code="1"/>
      <sector vocabulary="1" code="11220"/>
      <recipient-country code="ML"/>
      <flow-type code="30"/>
      <finance-type code="110"/>
      <aid-type code="C01"/>
      <tied-status code="5"/>
    </transaction>
    <document-link url="https://example.org/rapport.pdf" format="application/pdf">
      <title><narrative>Rapport</narrative></title>
      <category code="A01"/>
      <category code="A02"/>
      <language code="fr"/>
      <document-date iso-date="2024-03-01"/>
    </document-link>
    <related-activity ref="FR-RNA-W456-P9" type="4"/>
    <result type="1" aggregation-status="1">
      <title><narrative>Enfants équipés</narrative></title>
      <description><narrative>Kits distribués</narrative></description>
      <indicator measure="1" ascending="1">
        <title><narrative>Nombre de kits</narrative></title>
        <baseline year="2023" iso-date="2023-12-31" value="0"><comment><narrative>Aucun kit</narrative></comment></baseline>
        <period>
          <period-start iso-date="2024-01-01"/>
          <period-end iso-date="2024-12-31"/>
          <target value="300"/>
          <actual value="280"><comment><narrative>Rupture de stock</narrative></comment></actual>
        </period>
      </indicator>
    </result>
    <crs-add><channel-code>22000</channel-code></crs-add>
    <x:extension>ignored</x:extension>
  </iati-activity>
</iati-activities>
`;

const FULL_203_MODEL: IatiActivity = {
  identifier: 'FR-RNA-W123-P1',
  defaultLanguage: 'fr',
  defaultCurrency: 'EUR',
  humanitarian: true,
  hierarchy: 1,
  lastUpdated: '2024-05-04T13:30:00Z',
  budgetNotProvided: '1',
  reportingOrg: {
    ref: 'FR-RNA-W123',
    type: '22',
    secondaryReporter: false,
    name: { fr: 'Comité de jumelage', en: 'Twinning committee' },
  },
  title: { fr: 'Fournitures scolaires à Kayes', en: 'School supplies in Kayes' },
  descriptions: [
    { type: '1', text: { fr: 'Des cahiers & des livres.' } },
    { type: '2', text: { fr: 'Scolariser 300 enfants.' } },
  ],
  participatingOrgs: [
    { ref: 'FR-RNA-W123', type: '22', role: '1', activityId: 'FR-RNA-W123-P1', crsChannelCode: '22000', name: { fr: 'Comité de jumelage' } },
    { type: '24', role: '4', name: { fr: 'Association des parents d\'élèves' } },
  ],
  otherIdentifiers: [{ ref: 'P1', type: 'A1', ownerOrg: { ref: 'FR-RNA-W123', name: { fr: 'Comité' } } }],
  status: '2',
  dates: [
    { type: '1', date: '2024-01-15' },
    { type: '3', date: '2025-06-30' },
  ],
  contacts: [
    {
      type: '1',
      organisation: { fr: 'Comité de jumelage' },
      department: {},
      personName: { fr: 'Awa Traoré' },
      jobTitle: {},
      telephones: ['+33 1 23 45 67 89'],
      emails: ['contact@example.org'],
      websites: ['https://example.org'],
      mailingAddresses: [{ fr: '1 place de la Mairie, 75000 Paris' }],
    },
  ],
  scope: '4',
  recipientCountries: [{ code: 'ML', percentage: 80, name: { fr: 'Mali' } }],
  recipientRegions: [{ code: '289', vocabulary: '1', percentage: 20, name: {} }],
  locations: [
    {
      ref: 'KAYES-1',
      reach: '1',
      ids: [{ vocabulary: 'G1', code: '2455518' }],
      name: { fr: 'Kayes' },
      description: {},
      activityDescription: {},
      administratives: [{ vocabulary: 'G1', code: '2455517', level: 1 }],
      point: { lat: 14.4469, lng: -11.4456 },
      exactness: '1',
      locationClass: '2',
      featureDesignation: 'PPLA',
    },
  ],
  sectors: [
    { vocabulary: '1', code: '11220', percentage: 60, narrative: {} },
    { vocabulary: '1', code: '11120', percentage: 40, narrative: { fr: 'Équipements' } },
    { vocabulary: '99', vocabularyUri: 'https://example.org/themes', code: 'education', narrative: { fr: 'Éducation' } },
  ],
  tags: [{ vocabulary: '2', code: '4', narrative: {} }],
  policyMarkers: [{ vocabulary: '1', code: '1', significance: '1', narrative: {} }],
  collaborationType: '3',
  defaultFlowType: '30',
  defaultFinanceType: '110',
  defaultAidTypes: [{ code: 'C01' }, { vocabulary: '2', code: '1' }],
  defaultTiedStatus: '5',
  budgets: [
    { type: '1', status: '2', periodStart: '2024-01-01', periodEnd: '2024-12-31', value: { amount: 12000.5, currency: 'EUR', valueDate: '2024-01-01' } },
  ],
  plannedDisbursements: [
    {
      type: '1',
      periodStart: '2024-02-01',
      value: { amount: 5000, valueDate: '2024-02-01' },
      providerOrg: { ref: 'FR-RNA-W123', type: '22', activityId: 'FR-RNA-W123-P1', name: { fr: 'Comité' } },
    },
  ],
  transactions: [
    {
      ref: 'T1',
      humanitarian: false,
      type: '3',
      date: '2024-02-15',
      value: { amount: -1000.25, currency: 'XOF', valueDate: '2024-02-15' },
      description: { fr: 'Premier versement' },
      providerOrg: { ref: 'FR-RNA-W123', name: { fr: 'Comité' } },
      receiverOrg: { type: '24', activityId: 'ML-X-1', name: { fr: 'APE Kayes' } },
      disbursementChannel: '1',
      sectors: [{ vocabulary: '1', code: '11220', narrative: {} }],
      recipientCountry: { code: 'ML', name: {} },
      flowType: '30',
      financeType: '110',
      aidTypes: [{ code: 'C01' }],
      tiedStatus: '5',
    },
  ],
  documentLinks: [
    {
      url: 'https://example.org/rapport.pdf',
      format: 'application/pdf',
      title: { fr: 'Rapport' },
      description: {},
      categories: ['A01', 'A02'],
      languages: ['fr'],
      documentDate: '2024-03-01',
    },
  ],
  relatedActivities: [{ ref: 'FR-RNA-W456-P9', type: '4' }],
  results: [
    {
      type: '1',
      aggregationStatus: true,
      title: { fr: 'Enfants équipés' },
      description: { fr: 'Kits distribués' },
      indicators: [
        {
          measure: '1',
          ascending: true,
          title: { fr: 'Nombre de kits' },
          description: {},
          baselines: [{ year: 2023, date: '2023-12-31', value: '0', comment: { fr: 'Aucun kit' } }],
          periods: [
            {
              start: '2024-01-01',
              end: '2024-12-31',
              targets: [{ value: '300', comment: {} }],
              actuals: [{ value: '280', comment: { fr: 'Rupture de stock' } }],
            },
          ],
        },
      ],
    },
  ],
};

test('a 2.03 activity holding every field of the model is read in full', async () => {
  const events = await parseIatiAll([FULL_203]);
  assert.deepEqual(events[0], { kind: 'start', root: 'iati-activities', version: '2.03', generatedDatetime: '2024-05-04T13:49:06Z', line: 2 });
  const event = events[1];
  assert.equal(event?.kind, 'activity');
  if (event?.kind !== 'activity') return;
  assert.equal(event.line, 4);
  assert.deepEqual(event.warnings, []);
  assert.deepEqual(event.activity, FULL_203_MODEL);
  assert.equal(events.length, 2);
});

const LEGACY_103 = `<?xml version="1.0"?>
<iati-activities version="1.03" generated-datetime="2013-09-04T17:23:42">
<iati-activity default-currency="GBP" xml:lang="en" hierarchy="2" last-updated-datetime="2013-01-23">
  <reporting-org ref="GB-COH-871954" type="21">Practical Action</reporting-org>
  <transaction ref="35250">
    <transaction-date iso-date="2012-06-30">Other Donors</transaction-date>
    <transaction-type code="IF">Incoming Funds</transaction-type>
    <value value-date="30/06/2012">-190</value>
    <provider-org ref="GB-1" provider-activity-id="GB-1-123">DFID</provider-org>
  </transaction>
  <transaction>
    <transaction-type code="D"/>
    <transaction-date>21-May-13</transaction-date>
    <value value-date="42916">1,250.75</value>
    <receiver-org>Partner</receiver-org>
  </transaction>
  <description>Water governance in Gwanda.</description>
  <iati-identifier>GB-COH-871954-137</iati-identifier>
  <title>Gwanda Water Governance</title>
  <title xml:lang="fr">Gouvernance de l'eau à Gwanda</title>
  <other-identifier owner-ref="GB-1" owner-name="DFID">105838</other-identifier>
  <activity-date iso-date="31/03/2013" type="end-planned">31/03/2013</activity-date>
  <activity-date type="start-actual">2012-04-01</activity-date>
  <activity-date type="start-planned">2012</activity-date>
  <participating-org role="Funding" ref="GB-1" type="10">DFID</participating-org>
  <participating-org role="Implementing">Local NGO</participating-org>
  <recipient-country code="ZW" percentage="100%">ZIMBABWE</recipient-country>
  <recipient-region code="298" vocabulary="DAC">Africa, regional</recipient-region>
  <activity-status code="3">Completion</activity-status>
  <sector vocabulary="DAC" code="14030" percentage="100">Water supply</sector>
  <sector vocabulary="RO">No code here</sector>
  <policy-marker vocabulary="DAC" code="1" significance="1">Gender</policy-marker>
  <budget type="Original"><period-start iso-date="2012-04-01"/><period-end iso-date="2013-03-31"/><value value-date="2012-04-01">1000</value></budget>
  <location>
    <name>Gwanda</name>
    <coordinates latitude="-20.94" longitude="29.01" precision="3"/>
    <location-type code="PPL"/>
    <gazetteer-entry gazetteer-ref="GEO">887806</gazetteer-entry>
  </location>
  <document-link url="http://example.org/a.pdf" format="application/pdf"><title>Report</title><category code="A01"/></document-link>
  <result type="1"><title>Wells</title><indicator measure="1"><title>Wells dug</title><baseline year="2012" value="0"/><period><period-start iso-date="2012-04-01"/><period-end iso-date="2013-03-31"/><target value="10"/><actual value="8"/></period></indicator></result>
  <related-activity ref="GB-1-105838" type="1">Parent</related-activity>
  <activity-website>http://example.org</activity-website>
</iati-activity>
</iati-activities>`;

test('a 1.0x activity is mapped to the 2.0x model: text as narratives, codes of 2.01, readable dates', async () => {
  const events = await parseIatiAll([LEGACY_103]);
  const event = events[1];
  assert.equal(event?.kind, 'activity');
  if (event?.kind !== 'activity') return;
  const a = event.activity;
  assert.equal(a.identifier, 'GB-COH-871954-137');
  assert.equal(a.lastUpdated, '2013-01-23T00:00:00');
  assert.deepEqual(a.reportingOrg, { ref: 'GB-COH-871954', type: '21', name: { en: 'Practical Action' } });
  assert.deepEqual(a.title, { en: 'Gwanda Water Governance', fr: "Gouvernance de l'eau à Gwanda" });
  assert.deepEqual(a.descriptions, [{ text: { en: 'Water governance in Gwanda.' } }]);
  assert.deepEqual(a.otherIdentifiers, [{ ref: '105838', type: 'A9', ownerOrg: { ref: 'GB-1', name: { en: 'DFID' } } }]);
  assert.deepEqual(a.dates, [
    { type: '3', date: '2013-03-31' },
    { type: '2', date: '2012-04-01' },
  ]);
  assert.deepEqual(a.participatingOrgs, [
    { ref: 'GB-1', type: '10', role: '1', name: { en: 'DFID' } },
    { role: '4', name: { en: 'Local NGO' } },
  ]);
  assert.deepEqual(a.recipientCountries, [{ code: 'ZW', percentage: 100, name: { en: 'ZIMBABWE' } }]);
  assert.deepEqual(a.recipientRegions, [{ code: '298', vocabulary: '1', name: { en: 'Africa, regional' } }]);
  assert.equal(a.status, '3');
  assert.deepEqual(a.sectors, [{ vocabulary: '1', code: '14030', percentage: 100, narrative: { en: 'Water supply' } }]);
  assert.deepEqual(a.policyMarkers, [{ vocabulary: '1', code: '1', significance: '1', narrative: { en: 'Gender' } }]);
  assert.deepEqual(a.budgets, [
    { type: '1', periodStart: '2012-04-01', periodEnd: '2013-03-31', value: { amount: 1000, valueDate: '2012-04-01' } },
  ]);
  assert.deepEqual(a.transactions, [
    {
      ref: '35250',
      type: '1',
      date: '2012-06-30',
      value: { amount: -190, valueDate: '2012-06-30' },
      description: {},
      providerOrg: { ref: 'GB-1', activityId: 'GB-1-123', name: { en: 'DFID' } },
      sectors: [],
      aidTypes: [],
    },
    {
      type: '3',
      date: '2013-05-21',
      value: { amount: 1250.75, valueDate: '2017-06-30' },
      description: {},
      receiverOrg: { name: { en: 'Partner' } },
      sectors: [],
      aidTypes: [],
    },
  ]);
  assert.deepEqual(a.locations, [
    {
      ids: [{ vocabulary: 'G1', code: '887806' }],
      name: { en: 'Gwanda' },
      description: {},
      activityDescription: {},
      administratives: [],
      point: { lat: -20.94, lng: 29.01 },
      exactness: '2',
      featureDesignation: 'PPL',
    },
  ]);
  assert.deepEqual(a.documentLinks, [
    { url: 'http://example.org/a.pdf', format: 'application/pdf', title: { en: 'Report' }, description: {}, categories: ['A01'], languages: [] },
  ]);
  assert.equal(a.results[0]?.indicators[0]?.baselines[0]?.year, 2012);
  assert.equal(a.results[0]?.indicators[0]?.periods[0]?.actuals[0]?.value, '8');
  assert.deepEqual(a.relatedActivities, [{ ref: 'GB-1-105838', type: '1' }]);
  // What could not be kept is said, with its line.
  assert.deepEqual(
    event.warnings.map((w) => `${w.line} ${w.code} ${w.element}`),
    [
      '8 date_reformatted transaction/value/@value-date',
      '13 date_reformatted transaction/transaction-date',
      '14 date_reformatted transaction/value/@value-date',
      '22 date_reformatted activity-date',
      '24 date_unreadable activity-date',
      '31 element_incomplete sector',
    ],
  );
});

test('in a 2.0x file, codes are kept exactly as written, even 1.0x-looking ones', async () => {
  const xml = `<iati-activities version="2.02"><iati-activity><iati-identifier>A-1</iati-identifier>
    <participating-org role="Funding"/><sector vocabulary="DAC" code="1"/><transaction><transaction-type code="C"/></transaction>
    <activity-date type="start-planned" iso-date="2020-01-01"/></iati-activity></iati-activities>`;
  const [a] = activitiesOf(await parseIatiAll([xml]));
  assert.equal(a?.participatingOrgs[0]?.role, 'Funding');
  assert.equal(a?.sectors[0]?.vocabulary, 'DAC');
  assert.equal(a?.transactions[0]?.type, 'C');
  assert.deepEqual(a?.dates, [{ type: 'start-planned', date: '2020-01-01' }]);
});

test('languages: a narrative without xml:lang takes the activity language; repeated languages are joined', async () => {
  const xml = `<iati-activities version="2.03" xml:lang="es">
    <iati-activity xml:lang="en"><iati-identifier>A-1</iati-identifier>
      <title><narrative>One</narrative><narrative>Two</narrative><narrative xml:lang="FR">Un</narrative><narrative>  </narrative></title>
    </iati-activity>
    <iati-activity><iati-identifier>A-2</iati-identifier><title><narrative>Uno</narrative></title></iati-activity>
    <iati-activity><iati-identifier>A-3</iati-identifier><title><narrative xml:lang="">Sin</narrative></title></iati-activity>
  </iati-activities>`;
  const [a1, a2, a3] = activitiesOf(await parseIatiAll([xml]));
  assert.deepEqual(a1?.title, { en: 'One\n\nTwo', fr: 'Un' });
  assert.equal(a2?.defaultLanguage, undefined);
  assert.deepEqual(a2?.title, { es: 'Uno' });
  assert.deepEqual(a3?.title, { es: 'Sin' });
  const none = `<iati-activities version="2.03"><iati-activity><iati-identifier>A-4</iati-identifier><title><narrative>?</narrative></title></iati-activity></iati-activities>`;
  assert.deepEqual(activitiesOf(await parseIatiAll([none]))[0]?.title, { '': '?' });
});

test('an organisation file is read: names, budgets of every kind with lines, expenditure, documents', async () => {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<iati-organisations version="2.03">
  <iati-organisation last-updated-datetime="2024-01-01T00:00:00Z" xml:lang="en" default-currency="GBP">
    <organisation-identifier>GB-COH-871954</organisation-identifier>
    <name><narrative>Practical Action</narrative></name>
    <reporting-org ref="GB-COH-871954" type="21"><narrative>Practical Action</narrative></reporting-org>
    <total-budget status="1">
      <period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/>
      <value value-date="2024-01-01">1000000</value>
      <budget-line ref="1"><value value-date="2024-01-01">400000</value><narrative>Energy</narrative></budget-line>
    </total-budget>
    <recipient-org-budget status="2">
      <recipient-org ref="GB-1"><narrative>FCDO</narrative></recipient-org>
      <period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/><value value-date="2024-01-01">5</value>
    </recipient-org-budget>
    <recipient-region-budget>
      <recipient-region vocabulary="1" code="298"/>
      <period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/><value value-date="2024-01-01">6</value>
    </recipient-region-budget>
    <recipient-country-budget>
      <recipient-country code="KE"><narrative>Kenya</narrative></recipient-country>
      <period-start iso-date="2024-01-01"/><period-end iso-date="2024-12-31"/><value currency="KES" value-date="2024-01-01">7</value>
    </recipient-country-budget>
    <total-expenditure>
      <period-start iso-date="2023-01-01"/><period-end iso-date="2023-12-31"/><value value-date="2023-01-01">900000</value>
      <expense-line><value value-date="2023-01-01">1</value><narrative>Staff</narrative></expense-line>
    </total-expenditure>
    <document-link url="https://example.org/report.pdf" format="application/pdf">
      <title><narrative>Annual report</narrative></title><category code="B01"/><recipient-country code="KE"/>
    </document-link>
  </iati-organisation>
</iati-organisations>`;
  const events = await parseIatiAll([xml]);
  assert.equal(events[0]?.kind === 'start' && events[0].root, 'iati-organisations');
  const event = events[1];
  assert.equal(event?.kind, 'organisation');
  if (event?.kind !== 'organisation') return;
  const expected: IatiOrganisation = {
    identifier: 'GB-COH-871954',
    name: { en: 'Practical Action' },
    reportingOrg: { ref: 'GB-COH-871954', type: '21', name: { en: 'Practical Action' } },
    defaultLanguage: 'en',
    defaultCurrency: 'GBP',
    lastUpdated: '2024-01-01T00:00:00Z',
    totalBudgets: [
      {
        status: '1',
        periodStart: '2024-01-01',
        periodEnd: '2024-12-31',
        value: { amount: 1000000, valueDate: '2024-01-01' },
        lines: [{ ref: '1', value: { amount: 400000, valueDate: '2024-01-01' }, narrative: { en: 'Energy' } }],
      },
    ],
    recipientOrgBudgets: [
      {
        recipientOrg: { ref: 'GB-1', name: { en: 'FCDO' } },
        status: '2',
        periodStart: '2024-01-01',
        periodEnd: '2024-12-31',
        value: { amount: 5, valueDate: '2024-01-01' },
        lines: [],
      },
    ],
    recipientRegionBudgets: [
      {
        recipientRegion: { vocabulary: '1', code: '298', name: {} },
        periodStart: '2024-01-01',
        periodEnd: '2024-12-31',
        value: { amount: 6, valueDate: '2024-01-01' },
        lines: [],
      },
    ],
    recipientCountryBudgets: [
      {
        recipientCountry: { code: 'KE', name: { en: 'Kenya' } },
        periodStart: '2024-01-01',
        periodEnd: '2024-12-31',
        value: { amount: 7, currency: 'KES', valueDate: '2024-01-01' },
        lines: [],
      },
    ],
    totalExpenditures: [
      {
        periodStart: '2023-01-01',
        periodEnd: '2023-12-31',
        value: { amount: 900000, valueDate: '2023-01-01' },
        lines: [{ value: { amount: 1, valueDate: '2023-01-01' }, narrative: { en: 'Staff' } }],
      },
    ],
    documentLinks: [
      {
        url: 'https://example.org/report.pdf',
        format: 'application/pdf',
        title: { en: 'Annual report' },
        description: {},
        categories: ['B01'],
        languages: [],
        recipientCountries: [{ code: 'KE', name: {} }],
      },
    ],
  };
  assert.deepEqual(event.organisation, expected);
});

test('values: dates, date-times and numbers as publishers write them', () => {
  const dates: [string, string | undefined][] = [
    ['2024-02-29', '2024-02-29'],
    ['2023-02-29', undefined],
    ['2024-13-01', undefined],
    ['2024-01-01T10:00:00Z', '2024-01-01'],
    ['2024-01-01Z', '2024-01-01'],
    [' 2024-01-01 ', '2024-01-01'],
    ['0000-01-01', undefined],
    ['2024', undefined],
    ['', undefined],
  ];
  for (const [input, expected] of dates) assert.equal(readDate(input), expected, input);
  const loose: [string, string | undefined][] = [
    ['31/03/2014', '2014-03-31'],
    ['01/04/2013', '2013-04-01'],
    ['04/13/2013', '2013-04-13'],
    ['2014/03/31', '2014-03-31'],
    ['21-May-13', '2013-05-21'],
    ['5 June 1999', '1999-06-05'],
    ['42916', '2017-06-30'],
    ['31/02/2014', undefined],
    ['Other Donors', undefined],
    ['12345', undefined],
  ];
  for (const [input, expected] of loose) assert.equal(readLooseDate(input), expected, input);
  assert.equal(readDateTime('2013-01-23'), '2013-01-23T00:00:00');
  assert.equal(readDateTime('2010-04-01T10:00:00-04:00'), '2010-04-01T10:00:00-04:00');
  assert.equal(readDateTime('2010-04-01 10:00'), '2010-04-01T10:00:00');
  assert.equal(readDateTime('2010-04-01T25:00:00'), undefined);
  const numbers: [string, number | undefined][] = [
    ['12000.50', 12000.5],
    ['-1,000.25', -1000.25],
    ['+5', 5],
    ['.5', 0.5],
    ['-0', 0],
    ['1e6', 1000000],
    ['50%', 50],
    ['1,5', undefined],
    ['12 000', undefined],
    ['NaN', undefined],
    ['Infinity', undefined],
    ['1e400', undefined],
  ];
  for (const [input, expected] of numbers) assert.equal(readNumber(input), expected, input);
  assert.ok(Object.is(readNumber('-0'), 0));
});

test('encodings: a BOM, UTF-16, and a declared ISO-8859-1 file are read', async () => {
  const xml = `<?xml version="1.0"?><iati-activities version="2.03"><iati-activity><iati-identifier>A-1</iati-identifier><title><narrative xml:lang="fr">Café</narrative></title></iati-activity></iati-activities>`;
  const utf8Bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]);
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml, 'utf16le')]);
  const latin1 = Buffer.from(xml.replace('<?xml version="1.0"?>', '<?xml version="1.0" encoding="ISO-8859-1"?>'), 'latin1');
  for (const bytes of [utf8Bom, utf16, latin1]) {
    // Split into 3-byte chunks: characters cut across chunks must still decode.
    const chunks: Buffer[] = [];
    for (let i = 0; i < bytes.length; i += 3) chunks.push(bytes.subarray(i, i + 3));
    const [a] = activitiesOf(await parseIatiAll(chunks));
    assert.deepEqual(a?.title, { fr: 'Café' });
  }
});

test('streaming: the first activity comes out before the input is read to the end', async () => {
  let pulled = 0;
  async function* source() {
    yield '<iati-activities version="2.03">';
    for (let i = 0; i < 1000; i++) {
      pulled++;
      yield `<iati-activity><iati-identifier>A-${i}</iati-identifier></iati-activity>`;
    }
    yield '</iati-activities>';
  }
  for await (const event of parseIati(source())) {
    if (event.kind === 'activity') {
      assert.equal(event.activity.identifier, 'A-0');
      assert.ok(pulled <= 2, `${pulled} chunks read before the first activity`);
      break;
    }
  }
});

test('memory stays flat on a 60 MB file generated on the fly', async () => {
  const activity = (i: number) =>
    `<iati-activity xml:lang="en"><iati-identifier>XM-TEST-${i}</iati-identifier><title><narrative>Activity ${i}</narrative></title>` +
    `<description><narrative>${'A long description. '.repeat(20)}</narrative></description>` +
    `${'<transaction><transaction-type code="3"/><transaction-date iso-date="2024-01-01"/><value value-date="2024-01-01">100</value></transaction>'.repeat(10)}</iati-activity>\n`;
  const perActivity = Buffer.byteLength(activity(100000));
  const count = Math.ceil(60e6 / perActivity);
  function* source() {
    yield Buffer.from('<iati-activities version="2.03">\n');
    let batch = '';
    for (let i = 0; i < count; i++) {
      batch += activity(i);
      if (batch.length > 60000) {
        yield Buffer.from(batch);
        batch = '';
      }
    }
    yield Buffer.from(`${batch}</iati-activities>`);
  }
  const before = process.memoryUsage().heapUsed;
  let peak = before;
  let read = 0;
  for await (const event of parseIati(source())) {
    if (event.kind === 'activity') {
      read++;
      if (read % 2000 === 0) peak = Math.max(peak, process.memoryUsage().heapUsed);
    }
  }
  assert.equal(read, count);
  const growth = (peak - before) / 1e6;
  assert.ok(growth < 100, `heap grew by ${growth.toFixed(0)} MB while reading 60 MB`);
});
