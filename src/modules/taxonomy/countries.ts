// Countries by ISO 3166-1 alpha-2 code, named in French and English by i18n-iso-countries.
import countries from 'i18n-iso-countries';
import type { Locale } from '../../kernel/i18n.ts';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
countries.registerLocale(require('i18n-iso-countries/langs/fr.json'));
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

export const countryCodes: readonly string[] = Object.keys(countries.getAlpha2Codes()).sort();
const codeSet = new Set(countryCodes);

export const isCountryCode = (code: string): boolean => codeSet.has(code);

export function countryName(code: string, locale: Locale): string {
  return countries.getName(code, locale) ?? code;
}

export function countryOptions(locale: Locale): { value: string; label: string }[] {
  const collator = new Intl.Collator(locale);
  return countryCodes
    .map((code) => ({ value: code, label: countryName(code, locale) }))
    .sort((a, b) => collator.compare(a.label, b.label));
}

export const alpha2ToNumeric = (code: string): string | undefined => countries.alpha2ToNumeric(code);
