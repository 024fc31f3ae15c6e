// Test support for the IATI module (used by its *.test.ts files only): where the shared IATI material lives,
// the corpus manifest, the official schema as judge (xmllint), and a readable diff of two records.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IatiActivity, IatiOrganisation } from './model.ts';

/** `../shared/iati` beside the project root. */
export const sharedIati = fileURLToPath(new URL('../../../../shared/iati/', import.meta.url));

export const schema203 = {
  activities: join(sharedIati, 'schemas/2.03/iati-activities-schema.xsd'),
  organisations: join(sharedIati, 'schemas/2.03/iati-organisations-schema.xsd'),
};

export interface CorpusFile {
  path: string;
  absolute: string;
  bytes: number;
  root: string;
  version: string;
  activities: number;
  organisations: number;
}

/** The rows of corpus/MANIFEST.csv (a path may contain commas' neighbours: spaces; never commas). */
export async function corpusFiles(): Promise<CorpusFile[]> {
  const text = await readFile(join(sharedIati, 'corpus/MANIFEST.csv'), 'utf8');
  return text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const cells = line.split(',');
      const tail = cells.slice(-6);
      const path = cells.slice(0, -6).join(',');
      return {
        path,
        absolute: join(sharedIati, 'corpus', path),
        bytes: Number(tail[0]),
        root: tail[1]!,
        version: tail[2]!,
        activities: Number(tail[3]),
        organisations: Number(tail[4]),
      };
    });
}

/** Validates XML text against an XSD with xmllint; resolves to the error lines (empty when valid). */
export async function xmllint(xml: string, xsd: string): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'iati-xmllint-'));
  const file = join(dir, 'file.xml');
  try {
    await writeFile(file, xml);
    return await new Promise((resolve, reject) => {
      execFile('xmllint', ['--noout', '--schema', xsd, file], { maxBuffer: 64 << 20 }, (error, _stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error);
        const lines = stderr.split('\n').filter((l) => l !== '' && !l.endsWith(' validates'));
        if (error && lines.length === 0) lines.push(`xmllint exited with ${String(error.code)}`);
        resolve(lines);
      });
    });
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Whether xmllint finds a file well-formed (no schema, no network, no entity loading). */
export function wellFormed(path: string): Promise<boolean> {
  return new Promise((resolve) => {
    execFile('xmllint', ['--noout', '--nonet', path], (error) => resolve(!error));
  });
}

/** Paths where two JSON-like values differ, e.g. `transactions[3].value.amount: 5 ≠ 6`. */
export function differences(a: unknown, b: unknown, path = '', out: string[] = [], max = 20): string[] {
  if (out.length >= max) return out;
  if (Object.is(a, b)) return out;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b)) {
    out.push(`${path || '(root)'}: ${JSON.stringify(a)} ≠ ${JSON.stringify(b)}`);
    return out;
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) out.push(`${path}.length: ${a.length} ≠ ${b.length}`);
    for (let i = 0; i < Math.min(a.length, b.length); i++) differences(a[i], b[i], `${path}[${i}]`, out, max);
    return out;
  }
  const ra = a as Record<string, unknown>;
  const rb = b as Record<string, unknown>;
  for (const key of new Set([...Object.keys(ra), ...Object.keys(rb)])) {
    if (!(key in rb)) out.push(`${path}.${key}: only before (${JSON.stringify(ra[key])})`);
    else if (!(key in ra)) out.push(`${path}.${key}: only after (${JSON.stringify(rb[key])})`);
    else differences(ra[key], rb[key], path ? `${path}.${key}` : key, out, max);
  }
  return out;
}

/** Runs async jobs with at most `limit` at a time, keeping the order of results. */
export async function mapLimit<T, R>(items: T[], limit: number, job: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await job(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

// ─── Sample records: complete and publishable (they pass every check of rules.ts) ───────────────────────

/** The city committee's school-supplies project in Kayes, as the projects module would hand it over. */
export function sampleActivity(): IatiActivity {
  return {
    identifier: 'FR-RNA-W751000001-P1',
    reportingOrg: { ref: 'FR-RNA-W751000001', type: '22', name: { fr: 'Comité de jumelage', en: 'Twinning committee' } },
    defaultLanguage: 'fr',
    defaultCurrency: 'EUR',
    humanitarian: false,
    lastUpdated: '2024-05-04T13:30:00Z',
    title: { fr: 'Fournitures scolaires à Kayes', en: 'School supplies in Kayes' },
    descriptions: [
      { type: '1', text: { fr: 'Cahiers, livres & ardoises pour 3 écoles.', en: 'Exercise books, books & slates for 3 schools.' } },
      { type: '2', text: { fr: 'Scolariser 300 enfants.' } },
      { type: '3', text: { fr: 'Élèves du primaire.' } },
    ],
    participatingOrgs: [
      { ref: 'FR-RNA-W751000001', type: '22', role: '1', name: { fr: 'Comité de jumelage' } },
      { ref: 'FR-RNA-W751000001', type: '22', role: '2', name: { fr: 'Comité de jumelage' } },
      { type: '24', role: '4', name: { fr: 'Association des parents d’élèves de Kayes' } },
    ],
    otherIdentifiers: [{ ref: 'P1', type: 'A1' }],
    status: '2',
    dates: [
      { type: '1', date: '2024-01-15' },
      { type: '2', date: '2024-02-01' },
      { type: '3', date: '2025-06-30' },
    ],
    contacts: [
      {
        type: '1',
        organisation: { fr: 'Comité de jumelage' },
        department: {},
        personName: { fr: 'Awa Traoré' },
        jobTitle: { fr: 'Trésorière' },
        telephones: ['+33 1 23 45 67 89'],
        emails: ['contact@example.org'],
        websites: ['https://example.org'],
        mailingAddresses: [{ fr: '1 place de la Mairie, 75000 Paris' }],
      },
    ],
    scope: '4',
    recipientCountries: [{ code: 'ML', percentage: 80, name: { fr: 'Mali' } }],
    recipientRegions: [{ code: '289', vocabulary: '1', percentage: 20, name: { fr: 'Afrique au sud du Sahara' } }],
    locations: [
      {
        ref: 'KAYES',
        reach: '1',
        ids: [{ vocabulary: 'G1', code: '2455518' }],
        name: { fr: 'Kayes' },
        description: {},
        activityDescription: { fr: 'Trois écoles primaires' },
        administratives: [{ vocabulary: 'G1', code: '2455517', level: 1 }],
        point: { lat: 14.4469, lng: -11.4456 },
        exactness: '1',
        locationClass: '2',
        featureDesignation: 'PPLA',
      },
    ],
    sectors: [
      { vocabulary: '1', code: '11220', percentage: 60, narrative: {} },
      { vocabulary: '1', code: '11120', percentage: 40, narrative: {} },
    ],
    tags: [{ vocabulary: '2', code: '4', narrative: { fr: 'Éducation de qualité' } }],
    policyMarkers: [{ vocabulary: '1', code: '1', significance: '1', narrative: {} }],
    collaborationType: '3',
    defaultFlowType: '30',
    defaultFinanceType: '110',
    defaultAidTypes: [{ code: 'C01' }],
    defaultTiedStatus: '5',
    budgets: [
      { type: '1', status: '2', periodStart: '2024-01-01', periodEnd: '2024-12-31', value: { amount: 12000, valueDate: '2024-01-01' } },
    ],
    plannedDisbursements: [
      {
        type: '1',
        periodStart: '2024-02-01',
        periodEnd: '2024-02-28',
        value: { amount: 6000, valueDate: '2024-02-01' },
        providerOrg: { ref: 'FR-RNA-W751000001', type: '22', name: { fr: 'Comité de jumelage' } },
        receiverOrg: { type: '24', name: { fr: 'APE Kayes' } },
      },
    ],
    transactions: [
      {
        ref: 'T1',
        type: '2',
        date: '2024-01-20',
        value: { amount: 12000, valueDate: '2024-01-20' },
        description: { fr: 'Engagement' },
        receiverOrg: { type: '24', name: { fr: 'APE Kayes' } },
        sectors: [],
        aidTypes: [],
      },
      {
        ref: 'T2',
        humanitarian: false,
        type: '3',
        date: '2024-02-15',
        value: { amount: 6000.5, currency: 'EUR', valueDate: '2024-02-15' },
        description: { fr: 'Premier versement' },
        providerOrg: { ref: 'FR-RNA-W751000001', activityId: 'FR-RNA-W751000001-P1', name: { fr: 'Comité de jumelage' } },
        receiverOrg: { type: '24', activityId: 'ML-APE-KAYES-1', name: { fr: 'APE Kayes' } },
        disbursementChannel: '1',
        sectors: [],
        flowType: '30',
        financeType: '110',
        aidTypes: [{ code: 'C01' }],
        tiedStatus: '5',
      },
    ],
    documentLinks: [
      {
        url: 'https://example.org/rapport-2024.pdf',
        format: 'application/pdf',
        title: { fr: 'Rapport d’activité 2024' },
        description: { fr: 'Bilan de la première année' },
        categories: ['A01'],
        languages: ['fr'],
        documentDate: '2024-03-01',
      },
    ],
    relatedActivities: [{ ref: 'FR-RNA-W751000002-P9', type: '4' }],
    results: [
      {
        type: '1',
        aggregationStatus: true,
        title: { fr: 'Enfants équipés' },
        description: { fr: 'Kits scolaires distribués' },
        indicators: [
          {
            measure: '1',
            ascending: true,
            title: { fr: 'Nombre de kits distribués' },
            description: {},
            baselines: [{ year: 2023, date: '2023-12-31', value: '0', comment: { fr: 'Aucun kit' } }],
            periods: [
              {
                start: '2024-01-01',
                end: '2024-12-31',
                targets: [{ value: '300', comment: {} }],
                actuals: [{ value: '280', comment: { fr: 'Rupture de stock en mai' } }],
              },
            ],
          },
        ],
      },
    ],
  };
}

export function sampleOrganisation(): IatiOrganisation {
  const period = { periodStart: '2024-01-01', periodEnd: '2024-12-31' };
  return {
    identifier: 'FR-RNA-W751000001',
    name: { fr: 'Comité de jumelage', en: 'Twinning committee' },
    reportingOrg: { ref: 'FR-RNA-W751000001', type: '22', name: { fr: 'Comité de jumelage' } },
    defaultLanguage: 'fr',
    defaultCurrency: 'EUR',
    lastUpdated: '2024-05-04T13:30:00Z',
    totalBudgets: [
      {
        status: '2',
        ...period,
        value: { amount: 50000, valueDate: '2024-01-01' },
        lines: [{ ref: 'edu', value: { amount: 30000, valueDate: '2024-01-01' }, narrative: { fr: 'Éducation' } }],
      },
    ],
    recipientOrgBudgets: [
      { recipientOrg: { ref: 'ML-APE-KAYES', name: { fr: 'APE Kayes' } }, status: '1', ...period, value: { amount: 12000, valueDate: '2024-01-01' }, lines: [] },
    ],
    recipientRegionBudgets: [
      { recipientRegion: { code: '289', vocabulary: '1', name: { fr: 'Afrique au sud du Sahara' } }, ...period, value: { amount: 20000, valueDate: '2024-01-01' }, lines: [] },
    ],
    recipientCountryBudgets: [
      {
        recipientCountry: { code: 'ML', name: { fr: 'Mali' } },
        ...period,
        value: { amount: 12000, valueDate: '2024-01-01' },
        lines: [{ value: { amount: 12000, valueDate: '2024-06-01' }, narrative: { fr: 'Kayes' } }],
      },
    ],
    totalExpenditures: [
      {
        periodStart: '2023-01-01',
        periodEnd: '2023-12-31',
        value: { amount: 41000, valueDate: '2023-01-01' },
        lines: [{ ref: 'staff', value: { amount: 1000, valueDate: '2023-01-01' }, narrative: { fr: 'Frais de fonctionnement' } }],
      },
    ],
    documentLinks: [
      {
        url: 'https://example.org/rapport-annuel.pdf',
        format: 'application/pdf',
        title: { fr: 'Rapport annuel' },
        description: {},
        categories: ['B01'],
        languages: ['fr'],
        documentDate: '2024-04-01',
        recipientCountries: [{ code: 'ML', name: {} }],
      },
    ],
  };
}
