// Alliance rows → what the public API shows and its CSV rows. Raw rows never leave the module.
import type { z } from 'zod';
import { orgRef } from '../../kernel/api-query.ts';
import { pick, type Locale } from '../../kernel/i18n.ts';
import { themeLabel } from '../taxonomy/themes.ts';
import type { AlliancePage, AllianceRow, CharterRow } from './queries.ts';
import type { allianceOutputSchema, allianceSummaryOutputSchema } from './schema.ts';

type Org = { id: string; slug: string; nameFr: string | null; nameEn: string | null; status: string };

export function presentAllianceSummary(a: AllianceRow, charter: CharterRow | undefined, coordinator: Org | undefined, memberCount: number, locale: Locale, baseUrl: string): z.output<typeof allianceSummaryOutputSchema> {
  return {
    id: a.id,
    slug: a.slug,
    name: pick({ fr: a.nameFr, en: a.nameEn }, locale).text || a.slug,
    summary: pick({ fr: a.summaryFr, en: a.summaryEn }, locale).text,
    url: `${baseUrl}/${locale}/alliances/${a.slug}`,
    coordinator: coordinator ? orgRef(coordinator, locale) : null,
    memberCount,
    countries: a.countries,
    charterVersion: charter?.version ?? null,
    decisionRule: charter?.decisionRule ?? null,
  };
}

export function presentAlliance(page: AlliancePage, locale: Locale, baseUrl: string): z.output<typeof allianceOutputSchema> {
  const members = page.members.filter((m) => m.organisation.status === 'active');
  const c = page.charter;
  const item = (i: { fr: string; en: string }) => pick({ fr: i.fr, en: i.en }, locale).text;
  return {
    ...presentAllianceSummary(page.alliance, c, page.coordinator, members.length, locale, baseUrl),
    charter: c
      ? {
          version: c.version,
          adoptedOn: c.adoptedOn,
          values: pick({ fr: c.valuesFr, en: c.valuesEn }, locale).text,
          priorityAreas: c.priorityAreas.map(item),
          priorityThemes: c.priorityThemes.map((code) => ({ code, label: themeLabel(code, locale) })),
          crossCuttingThemes: c.crossCuttingThemes.map((code) => ({ code, label: themeLabel(code, locale) })),
          admissionCriteria: c.admissionCriteria.map(item),
          decisionRule: c.decisionRule,
        }
      : null,
    members: members.map((m) => ({
      organisation: orgRef(m.organisation, locale),
      founding: m.founding,
      joinedOn: m.joinedOn,
      signatures: m.signatures.map((s) => ({ charterVersion: s.charterVersion, signatoryName: s.signatoryName, signatoryRole: s.signatoryRole, signedOn: s.signedOn })),
      signedCurrentCharter: !!c && m.signatures.some((s) => s.charterVersion === c.version),
    })),
  };
}

export const allianceCsvHeader = ['id', 'slug', 'name', 'coordinator', 'members', 'countries', 'charter_version', 'decision_rule', 'url'];
export const allianceCsvRow = (a: z.output<typeof allianceSummaryOutputSchema>) => [a.id, a.slug, a.name, a.coordinator?.name ?? '', a.memberCount, a.countries.join(' '), a.charterVersion ?? '', a.decisionRule ?? '', a.url];
export const allianceMemberCsvHeader = ['organisation', 'slug', 'founding', 'joined_on', 'signed_current_charter'];
export const allianceMemberCsvRows = (a: z.output<typeof allianceOutputSchema>) => a.members.map((m) => [m.organisation.name, m.organisation.slug, m.founding ? 'yes' : 'no', m.joinedOn, m.signedCurrentCharter ? 'yes' : 'no']);
