// Interface languages. Each module ships its own `messages.ts` ({ fr, en } with keys prefixed by the module);
// app.ts merges them into one catalogue at boot. A test fails when a key exists in one language only.
export const locales = ['fr', 'en'] as const;
export type Locale = (typeof locales)[number];

export type Messages = Readonly<Record<string, string>>;
export interface Dictionary {
  fr: Messages;
  en: Messages;
}

export type Params = Record<string, string | number>;
export interface Translate {
  (key: string, params?: Params): string;
  /** Picks `key.one` or `key.other` from the count, and passes the count as {count}. */
  plural(key: string, count: number, params?: Params): string;
  readonly locale: Locale;
}

export const isLocale = (value: unknown): value is Locale => value === 'fr' || value === 'en';
export const otherLocale = (locale: Locale): Locale => (locale === 'fr' ? 'en' : 'fr');
export const intlLocale = (locale: Locale): string => (locale === 'fr' ? 'fr-FR' : 'en-GB');

export interface Catalogue {
  translator(locale: Locale): Translate;
  /** Keys present in one language and missing in the other. */
  missingKeys(): { fr: string[]; en: string[] };
  has(key: string): boolean;
}

function interpolate(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function createCatalogue(dictionaries: readonly Dictionary[]): Catalogue {
  const merged: Record<Locale, Record<string, string>> = { fr: {}, en: {} };
  for (const dict of dictionaries) {
    for (const locale of locales) {
      for (const [key, value] of Object.entries(dict[locale])) {
        if (key in merged[locale]) throw new Error(`Duplicate message key "${key}" (${locale})`);
        merged[locale][key] = value;
      }
    }
  }
  const translators = new Map<Locale, Translate>();
  for (const locale of locales) {
    const own = merged[locale];
    const fallback = merged[otherLocale(locale)];
    const pluralRules = new Intl.PluralRules(intlLocale(locale));
    const t = ((key: string, params?: Params) =>
      interpolate(own[key] ?? fallback[key] ?? key, params)) as Translate;
    t.plural = (key, count, params) => {
      const form = pluralRules.select(count) === 'one' ? 'one' : 'other';
      return t(`${key}.${form}`, { count: new Intl.NumberFormat(intlLocale(locale)).format(count), ...params });
    };
    Object.defineProperty(t, 'locale', { value: locale });
    translators.set(locale, t);
  }
  return {
    translator: (locale) => translators.get(locale)!,
    missingKeys: () => ({
      fr: Object.keys(merged.en).filter((k) => !(k in merged.fr)),
      en: Object.keys(merged.fr).filter((k) => !(k in merged.en)),
    }),
    has: (key) => key in merged.fr || key in merged.en,
  };
}

/** Content that users write in both languages; shows the other language when the asked one is empty. */
export interface Bilingual {
  fr: string | null;
  en: string | null;
}

export function pick(text: Bilingual, locale: Locale): { text: string; lang: Locale } {
  const own = text[locale];
  if (own && own.trim() !== '') return { text: own, lang: locale };
  const other = otherLocale(locale);
  return { text: text[other] ?? '', lang: other };
}

/** Picks the best interface language from an Accept-Language header. */
export function negotiateLocale(header: string | undefined, fallback: Locale): Locale {
  if (!header) return fallback;
  const ranked = header
    .split(',')
    .map((part) => {
      const [tag, ...rest] = part.trim().split(';');
      const q = rest.find((r) => r.trim().startsWith('q='));
      return { tag: (tag ?? '').toLowerCase(), q: q ? Number(q.trim().slice(2)) || 0 : 1 };
    })
    .sort((a, b) => b.q - a.q);
  for (const { tag } of ranked) {
    const base = tag.split('-')[0];
    if (isLocale(base)) return base;
  }
  return fallback;
}
