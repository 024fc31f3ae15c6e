// The platform's theme taxonomy: readable themes for people, each carrying the OECD DAC (CRS purpose) codes
// that IATI publication needs. A sub-theme lists its own codes; the first code is the one used by default.
import type { Locale } from '../../kernel/i18n.ts';

export interface Theme {
  code: string;
  parent: string | null;
  label: { fr: string; en: string };
  /** OECD DAC 5-digit purpose codes (IATI sector vocabulary 1). */
  dac: readonly string[];
}

const t = (code: string, parent: string | null, fr: string, en: string, dac: string[]): Theme => ({
  code,
  parent,
  label: { fr, en },
  dac,
});

export const themes: readonly Theme[] = [
  t('education', null, 'Éducation', 'Education', ['11220', '11120', '11130', '11320']),
  t('education-supplies', 'education', 'Mobilier et fournitures scolaires', 'School furniture and supplies', ['11120']),
  t('education-sanitation', 'education', 'Sanitaires scolaires', 'School sanitation', ['14032', '11120']),
  t('education-books', 'education', 'Livres et bibliothèques', 'Books and libraries', ['11220']),
  t('education-science', 'education', 'Matériel scientifique', 'Scientific equipment', ['11320', '11120']),
  t('education-teachers', 'education', 'Formation des enseignants', 'Teacher training', ['11130']),
  t('health', null, 'Santé', 'Health', ['12220', '12230']),
  t('health-centres', 'health', 'Centres de santé', 'Health centres', ['12230']),
  t('health-medicines', 'health', 'Médicaments d’urgence', 'Emergency medicines', ['12220', '72011']),
  t('water', null, 'Eau et assainissement', 'Water and sanitation', ['14030', '14031', '14032']),
  t('food', null, 'Agriculture et production alimentaire', 'Food production and agriculture', ['31161', '31120', '31150', '43040']),
  t('women', null, 'Autonomie économique des femmes', 'Women’s economic empowerment', ['15170', '16020']),
  t('migrants', null, 'Droits des personnes migrantes', 'Migrants’ rights', ['15190', '15160']),
  t('peace', null, 'Paix et réconciliation', 'Peace and reconciliation', ['15220']),
  t('fair-trade', null, 'Commerce équitable', 'Fair trade', ['33110']),
  t('emergency', null, 'Urgence et aide humanitaire', 'Emergency and humanitarian aid', ['72010', '72040', '72050', '73010']),
  t('environment', null, 'Environnement et climat', 'Environment and climate', ['41010', '41030']),
  t('culture-youth', null, 'Culture et jeunesse', 'Culture and youth', ['16061', '11330']),
  t('awareness', null, 'Éducation à la citoyenneté mondiale', 'Global citizenship education', ['99820']),
  t('local-governance', null, 'Coopération décentralisée et gouvernance locale', 'Decentralised cooperation and local governance', ['15112']),
];

const byCode = new Map(themes.map((theme) => [theme.code, theme]));

export const themeCodes: readonly string[] = themes.map((theme) => theme.code);
export const isThemeCode = (code: string): boolean => byCode.has(code);
export const findTheme = (code: string): Theme | undefined => byCode.get(code);

export function themeLabel(code: string, locale: Locale): string {
  return byCode.get(code)?.label[locale] ?? code;
}

export const topThemes = (): Theme[] => themes.filter((theme) => theme.parent === null);
export const subThemes = (parent: string): Theme[] => themes.filter((theme) => theme.parent === parent);

/** A theme and its sub-themes: filtering on "education" also finds projects tagged "education-books". */
export function themeWithDescendants(code: string): string[] {
  return [code, ...themes.filter((theme) => theme.parent === code).map((theme) => theme.code)];
}

/** The theme that best reads a DAC code (first theme listing it, sub-themes before their parent). */
export function themeForDacCode(dac: string): string | undefined {
  const candidates = themes.filter((theme) => theme.dac.includes(dac));
  return (candidates.find((theme) => theme.parent !== null) ?? candidates[0])?.code;
}

/** Options for a select or checkbox list, sub-themes indented under their parent. */
export function themeOptions(locale: Locale): { value: string; label: string }[] {
  return topThemes().flatMap((top) => [
    { value: top.code, label: top.label[locale] },
    ...subThemes(top.code).map((sub) => ({ value: sub.code, label: `— ${sub.label[locale]}` })),
  ]);
}
