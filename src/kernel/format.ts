// Numbers and dates in the reader's language.
import { intlLocale, type Locale } from './i18n.ts';

export const formatNumber = (value: number, locale: Locale): string =>
  new Intl.NumberFormat(intlLocale(locale)).format(value);

export const formatPercent = (value: number, locale: Locale): string =>
  new Intl.NumberFormat(intlLocale(locale), { style: 'percent', maximumFractionDigits: 1 }).format(value);

export function formatDate(value: Date | string, locale: Locale, style: 'long' | 'short' = 'long'): string {
  const date = typeof value === 'string' ? new Date(value) : value;
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: style, timeZone: 'UTC' }).format(date);
}

export function formatDateTime(value: Date, locale: Locale, timeZone = 'Europe/Paris'): string {
  return new Intl.DateTimeFormat(intlLocale(locale), { dateStyle: 'long', timeStyle: 'short', timeZone }).format(value);
}

/** ISO date (yyyy-mm-dd) of a Date, for `<time datetime>` and inputs. */
export const isoDate = (value: Date): string => value.toISOString().slice(0, 10);
