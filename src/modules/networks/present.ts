// Network rows → the public API's shape and CSV rows.
import type { z } from 'zod';
import { orgRef } from '../../kernel/api-query.ts';
import { pick, type Locale } from '../../kernel/i18n.ts';
import type { NetworkMemberView, NetworkRow } from './queries.ts';
import type { networkOutputSchema } from './schema.ts';

export function presentNetwork(n: NetworkRow, own: { id: string; slug: string; nameFr: string | null; nameEn: string | null } | undefined, members: readonly NetworkMemberView[], locale: Locale): z.output<typeof networkOutputSchema> {
  return {
    id: n.id,
    slug: n.slug,
    name: pick({ fr: n.nameFr, en: n.nameEn }, locale).text || n.slug,
    summary: pick({ fr: n.summaryFr, en: n.summaryEn }, locale).text,
    region: n.region,
    organisation: own ? orgRef(own, locale) : null,
    members: members.map((m) => ({ organisation: orgRef(m.organisation, locale), joinedOn: m.joinedOn, leftOn: m.leftOn })),
  };
}

export const networkMemberCsvHeader = ['organisation', 'slug', 'joined_on', 'left_on'];
export const networkMemberCsvRows = (n: z.output<typeof networkOutputSchema>) => n.members.map((m) => [m.organisation.name, m.organisation.slug, m.joinedOn, m.leftOn ?? '']);
