// CSV exports: UTF-8 with a BOM (so spreadsheets read accents), comma or semicolon, and cells that start
// like a formula (= + - @ tab CR) prefixed with a quote so a spreadsheet never runs them.
import { stringify } from 'csv-stringify/sync';

export type CsvSeparator = ',' | ';';

const FORMULA_START = /^[=+\-@\t\r]/;

export function escapeFormula(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number | null | undefined)[])[], separator: CsvSeparator = ','): string {
  const safeRows = rows.map((row) => row.map((cell) => (typeof cell === 'string' ? escapeFormula(cell) : (cell ?? ''))));
  return '\ufeff' + stringify([header.map(escapeFormula), ...safeRows], { delimiter: separator, record_delimiter: '\r\n' });
}

export const csvSeparator = (value: unknown): CsvSeparator => (value === 'semicolon' || value === ';' ? ';' : ',');
