// The French subsidies open-data file, SCDL "subventions" 2.1.1 (docs/SCDL.md): the columns in order, the
// writer (CSV, UTF-8, comma, header; amounts as plain numbers, never formula-escaped) and the validator used
// by the tests and by the export page before it serves the file. Pure.
import { stringify } from 'csv-stringify/sync';

export const SCDL_VERSION = '2.1.1';

export const scdlColumns = [
  'nomAttribuant',
  'idAttribuant',
  'dateConvention',
  'referenceDecision',
  'nomBeneficiaire',
  'idBeneficiaire',
  'rnaBeneficiaire',
  'objet',
  'montant',
  'nature',
  'conditionsVersement',
  'datesPeriodeVersement',
  'idRAE',
  'notificationUE',
  'pourcentageSubvention',
  'dispositifAide',
] as const;
export type ScdlColumn = (typeof scdlColumns)[number];
export type ScdlRow = Record<ScdlColumn, string>;

const required: readonly ScdlColumn[] = [
  'nomAttribuant', 'idAttribuant', 'dateConvention', 'nomBeneficiaire', 'idBeneficiaire', 'objet', 'montant', 'nature',
  'conditionsVersement', 'datesPeriodeVersement', 'notificationUE', 'pourcentageSubvention',
];

const SIRET = /^\d{14}$/;
const RNA = /^W[0-9A-Z]{9}$/;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const AMOUNT = /^\d+(\.\d+)?$/;

function isRealDate(text: string): boolean {
  if (!DATE.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Cents as the plain number SCDL expects: "15000" or "15000.5" (dot, no grouping). */
export function scdlAmount(cents: number): string {
  const units = Math.trunc(cents / 100);
  const rest = Math.abs(cents % 100);
  return rest === 0 ? String(units) : `${units}.${String(rest).padStart(2, '0').replace(/0$/, '')}`;
}

/** A share between 0 and 1 with at most 4 decimals, without trailing zeros. */
export function scdlShare(part: number, whole: number): string {
  if (whole <= 0) return '0';
  const value = Math.round((part / whole) * 10_000) / 10_000;
  return String(value);
}

export interface ScdlProblem {
  row: number;
  column: ScdlColumn | '_header';
  problem: string;
}

/** Every rule of the format, per row and column. Row numbers are 1-based data rows. */
export function validateScdlRows(rows: readonly ScdlRow[]): ScdlProblem[] {
  const problems: ScdlProblem[] = [];
  rows.forEach((row, i) => {
    const n = i + 1;
    const add = (column: ScdlColumn, problem: string) => problems.push({ row: n, column, problem });
    for (const column of required) if (!(row[column] ?? '').trim()) add(column, 'required');
    if (row.idAttribuant && !SIRET.test(row.idAttribuant)) add('idAttribuant', 'siret');
    if (row.idBeneficiaire && !SIRET.test(row.idBeneficiaire)) add('idBeneficiaire', 'siret');
    if (row.rnaBeneficiaire && !RNA.test(row.rnaBeneficiaire)) add('rnaBeneficiaire', 'rna');
    if (row.dateConvention && !isRealDate(row.dateConvention)) add('dateConvention', 'date');
    if (row.objet && row.objet.length >= 256) add('objet', 'too_long');
    if (row.montant && !AMOUNT.test(row.montant)) add('montant', 'number');
    if (row.nature && !row.nature.split(';').every((v) => v === 'aide en numéraire' || v === 'aide en nature')) add('nature', 'choice');
    if (row.conditionsVersement && row.conditionsVersement.length >= 256) add('conditionsVersement', 'too_long');
    if (row.datesPeriodeVersement) {
      const parts = row.datesPeriodeVersement.split('/');
      const okDates = (parts.length === 1 || parts.length === 2) && parts.every(isRealDate) && (parts.length === 1 || parts[0]! <= parts[1]!);
      if (!okDates) add('datesPeriodeVersement', 'date_or_period');
    }
    if (row.notificationUE && row.notificationUE !== 'oui' && row.notificationUE !== 'non') add('notificationUE', 'choice');
    if (row.pourcentageSubvention) {
      const v = Number(row.pourcentageSubvention);
      if (!/^\d+(\.\d+)?$/.test(row.pourcentageSubvention) || !(v >= 0 && v <= 1)) add('pourcentageSubvention', 'between_0_and_1');
    }
  });
  return problems;
}

/** The file: header row then one row per beneficiary, UTF-8 without BOM, comma-separated, CRLF. */
export function writeScdlCsv(rows: readonly ScdlRow[]): string {
  return stringify([[...scdlColumns], ...rows.map((row) => scdlColumns.map((c) => row[c] ?? ''))], { delimiter: ',', record_delimiter: '\r\n' });
}

/** Reads a file back (header checked: exact names in the exact order) and validates it. */
export function validateScdlCsv(csv: string, parse: (text: string) => string[][]): ScdlProblem[] {
  if (csv.charCodeAt(0) === 0xfeff) return [{ row: 0, column: '_header', problem: 'bom' }];
  const [header, ...data] = parse(csv);
  if (!header || header.join(',') !== scdlColumns.join(',')) return [{ row: 0, column: '_header', problem: 'columns' }];
  const rows = data.map((cells) => Object.fromEntries(scdlColumns.map((c, i) => [c, cells[i] ?? ''])) as ScdlRow);
  const problems = validateScdlRows(rows);
  data.forEach((cells, i) => {
    if (cells.length !== scdlColumns.length) problems.push({ row: i + 1, column: '_header', problem: 'cell_count' });
  });
  return problems;
}

/** A small RFC 4180 reader (quotes, doubled quotes, CRLF) to read the file back as a consumer would. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let cell = '';
  let current: string[] = [];
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cell += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      current.push(cell);
      cell = '';
    }
    else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') i++;
      current.push(cell);
      rows.push(current);
      current = [];
      cell = '';
    } else cell += c;
  }
  if (cell !== '' || current.length) {
    current.push(cell);
    rows.push(current);
  }
  return rows;
}

