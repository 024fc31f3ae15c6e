// Key figures and leaflets through HTTP on the demo data: every figure is recomputed here with plain SQL from the
// awards and payments, the charts carry a title and a description with the table's numbers, each table downloads
// as CSV, the leaflets' extracted text holds the figures and accented names.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { formatMoney } from '../../kernel/money.ts';
import { splitCents } from './queries.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const rows = async <T,>(query: ReturnType<typeof sql>) => ((await t.db.execute(query)) as unknown as { rows: T[] }).rows;

/** Committed and paid, recomputed from the records (optionally for one funder). */
async function sums(funderId?: string) {
  const scope = funderId ? sql`and c.funder_id = ${funderId}` : sql``;
  const [committed] = await rows<{ n: string }>(sql`select coalesce(sum(w.amount_cents), 0)::text as n from funding_awards w join funding_applications a on a.id = w.application_id
    join funding_calls c on c.id = a.call_id join funding_lines l on l.id = c.line_id join funding_envelopes e on e.id = l.envelope_id
    where a.state <> 'withdrawn' and e.currency = 'EUR' ${scope}`);
  const [paid] = await rows<{ n: string }>(sql`select coalesce(sum(p.amount_cents), 0)::text as n from funding_payments p join funding_tranches tr on tr.id = p.tranche_id
    join funding_awards w on w.id = tr.award_id join funding_applications a on a.id = w.application_id
    join funding_calls c on c.id = a.call_id join funding_lines l on l.id = c.line_id join funding_envelopes e on e.id = l.envelope_id
    where a.state <> 'withdrawn' and e.currency = 'EUR' ${scope}`);
  return { committed: Number(committed!.n), paid: Number(paid!.n) };
}

const parseCsv = (body: string) =>
  body
    .replace(/^\ufeff/, '')
    .trim()
    .split('\r\n')
    .map((line) => [...line.matchAll(/("([^"]|"")*"|[^,]*)(,|$)/g)].map((m) => m[1]!.replace(/^"|"$/g, '').replace(/""/g, '"')).slice(0, -1));
const euros = (text: string) => Math.round(Number(text) * 100);
const nbsp = (s: string) => s.replace(/[\u202f\u00a0]/g, ' ');

async function funders() {
  return rows<{ id: string; slug: string; name: string }>(sql`select distinct o.id, o.slug, o.name_fr as name from organisations o join funding_envelopes e on e.funder_id = o.id order by o.slug`);
}

test('splitCents shares an amount to the cent', () => {
  assert.deepEqual(splitCents(100, 3), [34, 33, 33]);
  assert.equal(splitCents(1_000_001, 7).reduce((a, b) => a + b, 0), 1_000_001);
  assert.deepEqual(splitCents(5, 0), []);
});

test('territory figures equal the sums of the awards and payments, in the page, the charts, the tables and the CSV', async () => {
  const expected = await sums();
  assert.ok(expected.committed > 0 && expected.paid > 0, 'the demo data has awards and payments');
  const res = await get('/fr/figures');
  assert.equal(res.statusCode, 200);
  const html = nbsp(res.body);
  assert.ok(html.includes(nbsp(formatMoney(expected.committed, 'EUR', 'fr'))), 'the committed total is shown');
  assert.ok(html.includes(nbsp(formatMoney(expected.paid, 'EUR', 'fr'))), 'the paid total is shown');
  assert.match(html, /Méthode de calcul/);
  for (const key of ['year', 'line', 'country', 'theme']) {
    const csv = await get(`/fr/figures/export.csv?table=${key}`);
    assert.equal(csv.statusCode, 200, key);
    assert.match(String(csv.headers['content-type']), /text\/csv/);
    assert.match(String(csv.headers['content-disposition']), new RegExp(`attachment; filename="chiffres-cles-${key}.csv"`));
    const table = parseCsv(csv.body);
    const total = table[table.length - 1]!;
    assert.equal(total[0], 'Total');
    assert.equal(euros(total[1]!), expected.committed, `${key}: committed total`);
    assert.equal(euros(total[2]!), expected.paid, `${key}: paid total`);
    const body = table.slice(1, -1);
    assert.equal(body.reduce((s, r) => s + euros(r[1]!), 0), expected.committed, `${key}: rows add up`);
  }
  // Each chart: role img, labelled by its title, described by a desc that lists the table's numbers.
  for (const key of ['year', 'line', 'country', 'theme', 'subtype', 'status', 'atlas', 'jobs']) {
    const svg = new RegExp(`<svg role="img" aria-labelledby="chart-${key}-title" aria-describedby="chart-${key}-desc"[^>]*><title id="chart-${key}-title">[^<]+</title><desc id="chart-${key}-desc">([^<]*)</desc>`).exec(html);
    assert.ok(svg, `chart ${key} has a title and a description`);
    const table = new RegExp(`<table class="data" id="table-${key}">([\\s\\S]*?)</table>`).exec(html);
    assert.ok(table, `table ${key}`);
    const cells = [...table[1]!.matchAll(/<tbody>[\s\S]*?<\/tbody>/g)][0]![0].matchAll(/<td class="num">([^<]+)<\/td>/g);
    for (const [, cell] of cells) assert.ok(svg[1]!.includes(cell!), `chart ${key} shows ${cell}`);
  }
});

test('organisations by kind, projects by status and jobs are counted from the records', async () => {
  const bySubtype = await rows<{ subtype: string; n: number }>(sql`select subtype, count(*)::int as n from organisations where status = 'active' group by subtype`);
  const csv = parseCsv((await get('/en/figures/export.csv?table=subtype')).body);
  assert.equal(Number(csv[csv.length - 1]![1]), bySubtype.reduce((s, r) => s + r.n, 0));
  const [ngo] = bySubtype.filter((r) => r.subtype === 'ngo');
  if (ngo) assert.equal(Number(csv.find((r) => r[0] === 'NGO')?.[1]), ngo.n);
  const [apps] = await rows<{ n: number }>(sql`select count(*)::int as n from funding_applications where state <> 'draft'`);
  const status = parseCsv((await get('/en/figures/export.csv?table=status')).body);
  assert.equal(Number(status[status.length - 1]![1]), apps!.n);
  const [atlas] = await rows<{ n: number }>(sql`select count(*)::int as n from projects where publication = 'published'`);
  const atlasCsv = parseCsv((await get('/en/figures/export.csv?table=atlas')).body);
  assert.equal(Number(atlasCsv[atlasCsv.length - 1]![1]), atlas!.n);
  const [jobs] = await rows<{ staff: number; vol: number }>(sql`select coalesce(sum(staff_count), 0)::int as staff, coalesce(sum(volunteer_count), 0)::int as vol from organisations where status = 'active'`);
  const j = parseCsv((await get('/en/figures/export.csv?table=jobs&sep=semicolon')).body.replace(/;/g, ','));
  assert.equal(Number(j.find((r) => r[0] === 'Employees')?.[1]), jobs!.staff);
  assert.equal(Number(j.find((r) => r[0] === 'Volunteers')?.[1]), jobs!.vol);
});

test('each funder’s figures are its own awards and payments; the territory is their sum', async () => {
  const list = await funders();
  assert.ok(list.length >= 2);
  let committed = 0;
  for (const f of list) {
    const expected = await sums(f.id);
    committed += expected.committed;
    const page = await get(`/fr/funders/${f.slug}/figures`);
    assert.equal(page.statusCode, 200);
    assert.ok(nbsp(page.body).includes(nbsp(formatMoney(expected.committed, 'EUR', 'fr'))), `${f.slug} committed`);
    assert.match(page.body, new RegExp(`href="/fr/funders/${f.slug}/leaflet.pdf"`));
    const csv = parseCsv((await get(`/fr/funders/${f.slug}/figures/export.csv?table=line`)).body);
    const total = csv[csv.length - 1]!;
    assert.equal(euros(total[1]!), expected.committed);
    assert.equal(euros(total[2]!), expected.paid);
  }
  assert.equal(committed, (await sums()).committed);
  assert.equal((await get('/fr/funders/nobody-here/figures')).statusCode, 404);
  assert.equal((await get(`/fr/funders/${list[0]!.slug}/figures/export.csv?table=nope`)).statusCode, 404);
  assert.equal((await get('/fr/figures/export.csv')).statusCode, 404);
});

function pdfText(pdf: Buffer): { text: string; info: string } {
  const dir = mkdtempSync(path.join(tmpdir(), 'leaflet-'));
  const file = path.join(dir, 'leaflet.pdf');
  writeFileSync(file, pdf);
  return { text: execFileSync('pdftotext', ['-enc', 'UTF-8', file, '-'], { encoding: 'utf8' }), info: execFileSync('pdfinfo', [file], { encoding: 'utf8' }) };
}

test('the funder’s leaflet is a tagged PDF in the reader’s language with the figures, open calls and accents', async () => {
  const list = await funders();
  const region = list.find((f) => /R[ée]gion/.test(f.name)) ?? list[0]!;
  const expected = await sums(region.id);
  for (const locale of ['fr', 'en'] as const) {
    const res = await get(`/${locale}/funders/${region.slug}/leaflet.pdf`);
    assert.equal(res.statusCode, 200);
    assert.equal(res.headers['content-type'], 'application/pdf');
    const { text, info } = pdfText(res.rawPayload);
    const flat = text.replace(/\s+/g, ' ');
    assert.ok(flat.includes(nbsp(formatMoney(expected.committed, 'EUR', locale)).replace(/\s+/g, ' ')), `${locale}: committed total in the PDF`);
    assert.ok(flat.includes(nbsp(formatMoney(expected.paid, 'EUR', locale)).replace(/\s+/g, ' ')), `${locale}: paid total in the PDF`);
    if (locale === 'fr') assert.ok(flat.includes(region.name) && /[éèàç]/.test(region.name), 'the funder’s accented name');
    assert.match(info, /Tagged:\s+yes/);
    assert.match(info, locale === 'fr' ? /Title:\s+Programme de solidarité internationale/ : /Title:\s+International solidarity programme/);
    assert.match(flat, locale === 'fr' ? /Appels à projets ouverts/ : /Open calls for projects/);
    assert.match(res.rawPayload.toString('latin1'), new RegExp(`/Lang \\(${locale === 'fr' ? 'fr-FR' : 'en-GB'}\\)`));
  }
});

test('the organisation’s leaflet holds its accented name, countries and themes; its page links to it', async () => {
  const page = await get('/fr/organisations/soroma');
  const slug = page.statusCode === 200 ? 'soroma' : (await rows<{ slug: string }>(sql`select slug from organisations where name_fr = 'Solidarité Cachan Soroma'`))[0]!.slug;
  const html = (await get(`/fr/organisations/${slug}`)).body;
  assert.match(html, new RegExp(`href="/fr/organisations/${slug}/leaflet.pdf"`));
  const res = await get(`/fr/organisations/${slug}/leaflet.pdf`);
  assert.equal(res.statusCode, 200);
  const { text, info } = pdfText(res.rawPayload);
  assert.match(text, /Solidarité Cachan Soroma/);
  assert.match(text, /Mali/);
  assert.match(info, /Tagged:\s+yes/);
  assert.equal((await get('/fr/organisations/nobody-here/leaflet.pdf')).statusCode, 404);
});

test('the home page presents the territory: key figures, open calls, events, news, logo wall, link to the figures', async () => {
  const res = await get('/fr');
  assert.equal(res.statusCode, 200);
  const expected = await sums();
  assert.ok(nbsp(res.body).includes(nbsp(formatMoney(expected.committed, 'EUR', 'fr'))));
  assert.match(res.body, /href="\/fr\/figures"/);
  assert.match(res.body, /href="\/fr\/calls\/[^"]+"/);
  assert.match(res.body, /id="home-events"/);
  assert.match(res.body, /id="home-news"/);
  assert.match(res.body, /class="logo-wall"/);
  assert.doesNotMatch(res.body, /<script/);
});
