// Rows → what the public API and its CSV files show. Raw rows never leave the module.
import type { z } from 'zod';
import { pick, type Locale } from '../../kernel/i18n.ts';
import { countryName } from '../taxonomy/countries.ts';
import { themeLabel } from '../taxonomy/themes.ts';
import type { CallRow, EnvelopeRow, LineFigures, LineRow, PublicAward } from './queries.ts';
import { callPhase } from './rules.ts';
import type { awardOutputSchema, callOutputSchema, envelopeOutputSchema } from './schema.ts';

export interface OrgBrief {
  id: string;
  slug: string;
  nameFr: string | null;
  nameEn: string | null;
}
const brief = (o: OrgBrief | undefined, id: string, locale: Locale) => ({ id, slug: o?.slug ?? '', name: o ? pick({ fr: o.nameFr, en: o.nameEn }, locale).text || o.slug : '' });

export function presentCall(call: CallRow, funder: OrgBrief | undefined, locale: Locale, baseUrl: string, now: Date): z.output<typeof callOutputSchema> {
  return {
    id: call.id,
    slug: call.slug,
    url: `${baseUrl}/${locale}/calls/${call.slug}`,
    title: pick({ fr: call.titleFr, en: call.titleEn }, locale).text,
    text: pick({ fr: call.textFr, en: call.textEn }, locale).text,
    status: callPhase(call, now),
    opensAt: call.opensAt.toISOString(),
    closesAt: call.closesAt.toISOString(),
    funder: brief(funder, call.funderId, locale),
    emergency: call.isEmergency && call.emergency ? { kind: call.emergency.kind, glide: call.emergency.glide } : null,
    eligibleSubtypes: call.eligibleSubtypes,
    countries: call.countries.map((code) => ({ code, name: countryName(code, locale) })),
    themes: call.themes.map((code) => ({ code, label: themeLabel(code, locale) })),
    minAmountCents: call.minAmountCents,
    maxAmountCents: call.maxAmountCents,
    coFinancingMinPercent: call.coFinancingMinPercent,
    criteria: call.criteria.map((c) => ({ key: c.key, label: pick({ fr: c.labelFr, en: c.labelEn }, locale).text, weight: c.weight })),
    requiredDocuments: call.requiredDocuments.map((d) => ({ key: d.key, label: pick({ fr: d.labelFr, en: d.labelEn }, locale).text })),
  };
}

export const callCsvHeader = ['id', 'slug', 'title', 'status', 'opens_at', 'closes_at', 'funder', 'countries', 'themes', 'min_amount', 'max_amount', 'url'];
export const callCsvRow = (c: z.output<typeof callOutputSchema>) => [
  c.id, c.slug, c.title, c.status, c.opensAt, c.closesAt, c.funder.name, c.countries.map((x) => x.code).join(' '), c.themes.map((x) => x.code).join(' '),
  c.minAmountCents === null ? '' : (c.minAmountCents / 100).toFixed(2), c.maxAmountCents === null ? '' : (c.maxAmountCents / 100).toFixed(2), c.url,
];

export function presentEnvelope(envelope: EnvelopeRow, rows: readonly LineRow[], figures: ReadonlyMap<string, LineFigures>, locale: Locale): z.output<typeof envelopeOutputSchema> {
  return {
    id: envelope.id,
    year: envelope.year,
    name: pick({ fr: envelope.nameFr, en: envelope.nameEn }, locale).text,
    currency: envelope.currency,
    amountCents: envelope.amountCents,
    grantor: { name: envelope.grantorName, siret: envelope.grantorSiret },
    lines: rows.map((l) => {
      const f = figures.get(l.id) ?? { earmarkedCents: l.earmarkedCents, committedCents: 0, paidCents: 0, remainingCents: l.earmarkedCents };
      return { id: l.id, name: pick({ fr: l.nameFr, en: l.nameEn }, locale).text, emergency: l.isEmergency, earmarkedCents: f.earmarkedCents, committedCents: f.committedCents, paidCents: f.paidCents, remainingCents: f.remainingCents };
    }),
  };
}

export const envelopeCsvHeader = ['envelope_id', 'year', 'envelope', 'currency', 'line_id', 'line', 'emergency', 'earmarked', 'committed', 'paid', 'remaining'];
export const envelopeCsvRows = (e: z.output<typeof envelopeOutputSchema>) =>
  e.lines.map((l) => [e.id, e.year, e.name, e.currency, l.id, l.name, l.emergency ? 'yes' : 'no', (l.earmarkedCents / 100).toFixed(2), (l.committedCents / 100).toFixed(2), (l.paidCents / 100).toFixed(2), (l.remainingCents / 100).toFixed(2)]);

export function presentAward(a: PublicAward, orgs: ReadonlyMap<string, OrgBrief>, locale: Locale): z.output<typeof awardOutputSchema> {
  return {
    id: a.id,
    beneficiary: brief(orgs.get(a.beneficiaryId), a.beneficiaryId, locale),
    amountCents: a.amountCents,
    currency: a.currency,
    decidedOn: a.decidedOn,
    agreementSignedOn: a.agreementSignedOn,
    project: { title: a.title, projectId: a.projectId },
    funder: brief(orgs.get(a.funderId), a.funderId, locale),
    call: { id: a.callId, slug: a.callSlug, title: pick({ fr: a.callTitleFr, en: a.callTitleEn }, locale).text },
  };
}

export const awardCsvHeader = ['id', 'beneficiary', 'beneficiary_slug', 'amount', 'currency', 'decided_on', 'agreement_signed_on', 'project', 'funder', 'call'];
export const awardCsvRow = (a: z.output<typeof awardOutputSchema>) => [
  a.id, a.beneficiary.name, a.beneficiary.slug, (a.amountCents / 100).toFixed(2), a.currency, a.decidedOn, a.agreementSignedOn ?? '', a.project.title, a.funder.name, a.call.title,
];
