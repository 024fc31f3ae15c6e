// The leaflets: a funder's programme (its figures, open calls, supported projects) and an organisation (its
// profile, countries, themes, partners, funded projects), as tagged PDFs in the reader's language.
import { createHash } from 'node:crypto';
import { formatDate, formatNumber } from '../../kernel/format.ts';
import { pick, type Locale, type Translate } from '../../kernel/i18n.ts';
import { formatMoney } from '../../kernel/money.ts';
import { createPdf } from '../../kernel/pdf.ts';
import { countryName } from '../taxonomy/countries.ts';
import { themeLabel } from '../taxonomy/themes.ts';
import type { FigureTable } from './present.ts';
import type { HighlightedAward, OrganisationLeafletData } from './queries.ts';

const BCP47: Record<Locale, string> = { fr: 'fr-FR', en: 'en-GB' };
/** Narrow no-break spaces (French thousands) become plain spaces: every PDF reader extracts them the same way. */
const plain = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');
const euros = (cents: number, locale: Locale) => plain(formatMoney(cents, 'EUR', locale));

// Rendering a PDF costs tens of milliseconds of CPU: the same leaflet (same data, language and day) is rendered once
// and kept, a few at a time, so that repeated downloads and floods of query variants cost only the reads.
const rendered = new Map<string, Promise<Buffer>>();
const KEEP = 32;
function once(input: { t: Translate; now: Date }, render: () => Promise<Buffer>): Promise<Buffer> {
  const key = createHash('sha256')
    .update(JSON.stringify({ ...input, t: undefined, now: input.now.toISOString().slice(0, 10) }))
    .digest('hex');
  const known = rendered.get(key);
  if (known) {
    rendered.delete(key);
    rendered.set(key, known); // most recently used last
    return known;
  }
  const pdf = render();
  rendered.set(key, pdf);
  pdf.catch(() => rendered.delete(key));
  while (rendered.size > KEEP) rendered.delete(rendered.keys().next().value!);
  return pdf;
}

export interface FunderLeafletInput {
  t: Translate;
  locale: Locale;
  siteName: string;
  funderName: string;
  tables: FigureTable[];
  totals: { committedCents: number; paidCents: number; awards: number };
  openCalls: { title: string; closesAt: Date }[];
  highlighted: HighlightedAward[];
  now: Date;
}

export function renderFunderLeaflet(input: FunderLeafletInput): Promise<Buffer> {
  return once(input, () => funderLeaflet(input));
}

function funderLeaflet(input: FunderLeafletInput): Promise<Buffer> {
  const { t, locale } = input;
  const title = t('stats.leaflet.title_funder', { name: input.funderName });
  const pdf = createPdf({ title, lang: BCP47[locale], author: input.funderName });
  pdf.heading(1, title);
  pdf.paragraph(t('stats.leaflet.generated', { date: formatDate(input.now, locale), site: input.siteName }), { size: 9 });
  pdf.heading(2, t('stats.leaflet.figures'));
  pdf.list([
    `${euros(input.totals.committedCents, locale)} ${t('stats.kpi_committed')}`,
    `${euros(input.totals.paidCents, locale)} ${t('stats.kpi_paid')}`,
    `${plain(formatNumber(input.totals.awards, locale))} ${t('stats.kpi_awards')}`,
  ]);
  for (const table of input.tables.filter((x) => ['year', 'line', 'country', 'theme'].includes(x.key) && x.rows.length)) {
    pdf.heading(3, table.title);
    const fmt = (v: number) => (table.kind === 'money' ? euros(v, locale) : plain(formatNumber(v, locale)));
    pdf.table([[table.labelHeader, ...table.columns], ...table.rows.map((r) => [r.label, ...r.values.map(fmt)]), ...(table.totals ? [[table.totalLabel, ...table.totals.map(fmt)]] : [])]);
  }
  pdf.heading(2, t('stats.leaflet.open_calls'));
  if (input.openCalls.length) pdf.list(input.openCalls.map((c) => t('stats.leaflet.closes', { title: c.title, date: formatDate(c.closesAt, locale) })));
  else pdf.paragraph(t('stats.leaflet.no_open_calls'));
  if (input.highlighted.length) {
    pdf.heading(2, t('stats.leaflet.highlighted'));
    pdf.list(
      input.highlighted.map((a) => {
        const where = a.countries.map((c) => countryName(c, locale)).join(', ');
        return `${t('stats.leaflet.award', { title: a.title, organisation: pick(a.organisationName, locale).text, amount: euros(a.amountCents, locale) })}${where ? ` (${where})` : ''}`;
      }),
    );
  }
  return pdf.finish();
}

type OrganisationLeafletInput = { t: Translate; locale: Locale; siteName: string; org: OrganisationLeafletData; now: Date };

export function renderOrganisationLeaflet(input: OrganisationLeafletInput): Promise<Buffer> {
  return once(input, () => organisationLeaflet(input));
}

function organisationLeaflet(input: OrganisationLeafletInput): Promise<Buffer> {
  const { t, locale, org } = input;
  const name = pick(org.name, locale).text || org.slug;
  const title = t('stats.leaflet.title_org', { name });
  const pdf = createPdf({ title, lang: BCP47[locale], author: name });
  pdf.heading(1, name);
  pdf.paragraph([t(`organisations.subtype.${org.subtype}`), org.city].filter(Boolean).join(' · '));
  pdf.paragraph(t('stats.leaflet.generated', { date: formatDate(input.now, locale), site: input.siteName }), { size: 9 });
  const summary = pick(org.summary, locale).text;
  if (summary) {
    pdf.heading(2, t('stats.leaflet.about'));
    pdf.paragraph(summary);
  }
  if (org.website) pdf.paragraph(t('stats.leaflet.website', { url: org.website }));
  if (org.staffCount !== null || org.volunteerCount !== null) pdf.paragraph(t('stats.leaflet.people', { staff: org.staffCount ?? 0, volunteers: org.volunteerCount ?? 0 }));
  if (org.countries.length) {
    pdf.heading(2, t('stats.leaflet.countries'));
    pdf.paragraph(org.countries.map((c) => countryName(c, locale)).join(', '));
  }
  if (org.themes.length) {
    pdf.heading(2, t('stats.leaflet.themes'));
    pdf.list(org.themes.map((c) => themeLabel(c, locale)));
  }
  if (org.partners.length) {
    pdf.heading(2, t('stats.leaflet.partners'));
    pdf.list(org.partners.map((p) => pick(p, locale).text));
  }
  if (org.awarded.length) {
    pdf.heading(2, t('stats.leaflet.projects'));
    pdf.list(org.awarded.map((a) => `${a.title} — ${euros(a.amountCents, locale)}`));
  }
  return pdf.finish();
}
