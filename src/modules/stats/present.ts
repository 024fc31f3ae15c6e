// Figures → labelled tables. One shape feeds the chart, the HTML table, the CSV download and the leaflet, so
// all four always show the same numbers.
import type { Translate } from '../../kernel/i18n.ts';
import { pick, type Locale } from '../../kernel/i18n.ts';
import { countryName } from '../taxonomy/countries.ts';
import { themeLabel } from '../taxonomy/themes.ts';
import type { CountRow, Figures, MoneyRow } from './queries.ts';

export const tableKeys = ['year', 'line', 'country', 'theme', 'subtype', 'status', 'atlas', 'jobs'] as const;
export type TableKey = (typeof tableKeys)[number];
export const isTableKey = (value: unknown): value is TableKey => typeof value === 'string' && (tableKeys as readonly string[]).includes(value);

export interface FigureTable {
  key: TableKey;
  title: string;
  /** Header of the label column, then of each value column. */
  labelHeader: string;
  columns: string[];
  /** Headers of the CSV file (money in euros). */
  csvColumns: string[];
  kind: 'money' | 'count';
  rows: { label: string; values: number[] }[];
  /** Sum of each value column (money tables and counts; not for the jobs table). */
  totals: number[] | null;
  totalLabel: string;
}

const sum = (rows: { values: number[] }[], i: number) => rows.reduce((s, r) => s + (r.values[i] ?? 0), 0);

export function figureTables(f: Figures, t: Translate, locale: Locale): FigureTable[] {
  const money = (key: TableKey, col: string, rows: MoneyRow[], label: (r: MoneyRow) => string): FigureTable => {
    const out = rows.map((r) => ({ label: label(r), values: [r.committedCents, r.paidCents] }));
    return {
      key,
      title: t(`stats.section.${key}`),
      labelHeader: t(col),
      columns: [t('stats.col.committed'), t('stats.col.paid')],
      csvColumns: [t('stats.col.committed_eur'), t('stats.col.paid_eur')],
      kind: 'money',
      rows: out,
      totals: [sum(out, 0), sum(out, 1)],
      totalLabel: t('stats.total'),
    };
  };
  const count = (key: TableKey, col: string, rows: CountRow[], label: (r: CountRow) => string): FigureTable => {
    const out = rows.map((r) => ({ label: label(r), values: [r.count] }));
    return { key, title: t(`stats.section.${key}`), labelHeader: t(col), columns: [t('stats.col.count')], csvColumns: [t('stats.col.count')], kind: 'count', rows: out, totals: [sum(out, 0)], totalLabel: t('stats.total') };
  };
  const none = t('stats.none');
  return [
    money('year', 'stats.col.year', f.byYear, (r) => r.key),
    money('line', 'stats.col.line', f.byLine, (r) => (r.label ? pick(r.label, locale).text : r.key)),
    money('country', 'stats.col.country', f.byCountry, (r) => (r.key === 'none' ? none : countryName(r.key, locale))),
    money('theme', 'stats.col.theme', f.byTheme, (r) => (r.key === 'none' ? none : themeLabel(r.key, locale))),
    count('subtype', 'stats.col.subtype', f.organisationsBySubtype, (r) => t(`organisations.subtype.${r.key}`)),
    count('status', 'stats.col.status', f.projectsByStatus, (r) => t(`funding.state.${r.key}`)),
    count('atlas', 'stats.col.status', f.atlasByStatus, (r) => t(`projects.code.status.${r.key}`)),
    {
      key: 'jobs',
      title: t('stats.section.jobs'),
      labelHeader: t('stats.col.what'),
      columns: [t('stats.col.value')],
      csvColumns: [t('stats.col.value')],
      kind: 'count',
      rows: [
        { label: t('stats.jobs.staff'), values: [f.jobs.staff] },
        { label: t('stats.jobs.volunteers'), values: [f.jobs.volunteers] },
        { label: t('stats.jobs.declaring'), values: [f.jobs.declaring] },
        { label: t('stats.jobs.organisations'), values: [f.jobs.organisations] },
      ],
      totals: null,
      totalLabel: t('stats.total'),
    },
  ];
}

/** Euros with two decimals and a dot, whatever the language (spreadsheets and scripts read it). */
export const centsToDecimal = (cents: number): string => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

export function tableCsvRows(table: FigureTable): { header: string[]; rows: (string | number)[][] } {
  const cell = (v: number) => (table.kind === 'money' ? centsToDecimal(v) : v);
  const rows: (string | number)[][] = table.rows.map((r) => [r.label, ...r.values.map(cell)]);
  if (table.totals) rows.push([table.totalLabel, ...table.totals.map(cell)]);
  return { header: [table.labelHeader, ...table.csvColumns], rows };
}
