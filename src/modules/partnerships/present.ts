// Rows → what pages show: names, logos, and the reasons of a match in words.
import type { Translate } from '../../kernel/i18n.ts';
import { pick, type Locale } from '../../kernel/i18n.ts';
import { countryName } from '../taxonomy/countries.ts';
import { themeLabel } from '../taxonomy/themes.ts';
import type { Reason } from './matching.ts';

export const orgDisplayName = (row: { nameFr: string | null; nameEn: string | null }, locale: Locale): string => pick({ fr: row.nameFr, en: row.nameEn }, locale).text;
export const orgLogoUrl = (row: { logoFileId: string | null }): string | null => (row.logoFileId ? `/files/${row.logoFileId}` : null);

const join = (items: string[], t: Translate) => (items.length <= 1 ? items.join('') : `${items.slice(0, -1).join(', ')} ${t('partnerships.and')} ${items[items.length - 1]}`);

/** "works in Mali on water", "offers engineering skills you seek"… */
export function reasonText(reason: Reason, t: Translate, locale: Locale): string {
  const skills = (codes: string[]) => join(codes.map((c) => t(`partnerships.skill.${c}`)), t);
  switch (reason.kind) {
    case 'works_in': {
      const countries = join(reason.countries.map((c) => countryName(c, locale)), t);
      const themes = join(reason.themes.map((c) => themeLabel(c, locale).toLocaleLowerCase(locale)), t);
      if (countries && themes) return t('partnerships.reason.works_in_on', { countries, themes });
      return countries ? t('partnerships.reason.works_in', { countries }) : t('partnerships.reason.works_on', { themes });
    }
    case 'offers_skills':
      return t('partnerships.reason.offers_skills', { skills: skills(reason.skills) });
    case 'cofinancing':
      return t('partnerships.reason.cofinancing');
    case 'based_in':
      return t('partnerships.reason.based_in', { country: countryName(reason.country, locale) });
    case 'seeks_your_skills':
      return t('partnerships.reason.seeks_your_skills', { skills: skills(reason.skills) });
    case 'languages':
      return t('partnerships.reason.languages', { languages: join(reason.languages.map((l) => t(`partnerships.language.${l}`)), t) });
  }
}

export const reasonsText = (reasons: Reason[], t: Translate, locale: Locale): string => reasons.map((r) => reasonText(r, t, locale)).join(' ; ');
