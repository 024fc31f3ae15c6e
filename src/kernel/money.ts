// Money is held as an integer number of minor units (cents): no floating-point drift in sums.
import type { Locale } from './i18n.ts';

export type Cents = number;

export function formatMoney(cents: Cents, currency: string, locale: Locale): string {
  return new Intl.NumberFormat(locale === 'fr' ? 'fr-FR' : 'en-GB', {
    style: 'currency',
    currency,
    maximumFractionDigits: cents % 100 === 0 ? 0 : 2,
  }).format(cents / 100);
}

/** Reads "1 234,56", "1,234.56", "1234.5" or "1234" as cents; undefined when it is not an amount. */
export function parseMoney(text: string): Cents | undefined {
  const compact = text.replace(/[\s\u00a0\u202f€$£]/g, '');
  if (!/^\d[\d.,]*$/.test(compact)) return undefined;
  const lastSep = Math.max(compact.lastIndexOf(','), compact.lastIndexOf('.'));
  let units = compact;
  let fraction = '';
  if (lastSep >= 0 && compact.length - lastSep - 1 <= 2) {
    units = compact.slice(0, lastSep);
    fraction = compact.slice(lastSep + 1);
  }
  units = units.replace(/[.,]/g, '');
  if (!/^\d+$/.test(units || '0') || !/^\d*$/.test(fraction)) return undefined;
  const cents = Number(units || '0') * 100 + Number(fraction.padEnd(2, '0') || '0');
  return Number.isSafeInteger(cents) ? cents : undefined;
}
