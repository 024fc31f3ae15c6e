// Organisation files: the budgets, expenditure and documents an imported file states are stored for its organisation,
// replaced (never doubled) by the next import, and written back in the organisation file Passerelle publishes —
// completed for a funder by its envelopes and payments, year by year. The file validates against 2.03.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'drizzle-orm';
import { createTestApp } from '../../../tests/support/app.ts';
import { systemActor, visitor } from '../../kernel/actor.ts';
import { findOrganisationById } from '../organisations/queries.ts';
import { demoOrganisations } from '../organisations/seed.ts';
import { importIatiFile } from './commands.ts';
import type { IatiOrganisation } from './model.ts';
import { sampleOrganisation, schema203, xmllint } from './testing.ts';
import { writeOrganisations } from './write.ts';

async function xmlOf(records: IatiOrganisation[]): Promise<string> {
  let out = '';
  for await (const chunk of writeOrganisations(records)) out += chunk;
  return out;
}

const count = (xml: string, element: string) => xml.split(`<${element}`).length - 1;

/** A demo organisation by its seed key. */
async function demo(t: Awaited<ReturnType<typeof createTestApp>>, key: string) {
  const seed = demoOrganisations.find((o) => o.key === key)!;
  const rows = (await t.db.execute(sql`select id from organisations where name_fr = ${seed.nameFr}`)) as unknown as { rows: { id: string }[] };
  const org = await findOrganisationById(t.db, rows.rows[0]!.id);
  assert.ok(org, key);
  return org;
}

test('an organisation file’s budgets, expenditure and documents are stored, replaced on re-import and published again', async () => {
  const t = await createTestApp({ withDemo: true });
  try {
    const soroma = await demo(t, 'soroma');
    // The file names the association as the directory does: it is matched by name.
    const file = await xmlOf([{ ...sampleOrganisation(), identifier: 'XM-DAC-SOROMA', name: { fr: soroma.nameFr! } }]);
    const stored = async (organisationId: string) =>
      (await t.db.execute(sql`select kind, amount_cents, currency from iati_organisation_budgets where organisation_id = ${organisationId} order by position`)) as unknown as {
        rows: { kind: string; amount_cents: string | number; currency: string | null }[];
      };

    for (const round of [1, 2]) {
      const r = await importIatiFile(t.db, systemActor, { name: 'org.xml', data: [Buffer.from(file)] }, { origin: 'script' });
      assert.ok(r.ok);
      const entry = r.value.entries.find((e) => e.record === 'organisation')!;
      assert.equal(entry.outcome, 'updated', `round ${round}`);
      assert.equal(entry.reason, 'iati.import.note.organisation_budgets');
      assert.deepEqual(entry.params, { budgets: 5, dropped: 0, name: soroma.nameFr });
      const rows = (await stored(soroma.id)).rows;
      assert.deepEqual(
        rows.map((x) => [x.kind, Number(x.amount_cents), x.currency]),
        [
          ['total_budget', 5_000_000, 'EUR'],
          ['recipient_org_budget', 1_200_000, 'EUR'],
          ['recipient_region_budget', 2_000_000, 'EUR'],
          ['recipient_country_budget', 1_200_000, 'EUR'],
          ['total_expenditure', 4_100_000, 'EUR'],
        ],
        `round ${round}: the default currency written in, nothing doubled`,
      );
    }

    const published = await t.app.inject({ method: 'GET', url: `/iati/organisations/${soroma.slug}/organisation.xml` });
    assert.equal(published.statusCode, 200);
    assert.deepEqual(await xmllint(published.body, schema203.organisations), []);
    for (const element of ['total-budget ', 'recipient-org-budget ', 'recipient-region-budget', 'recipient-country-budget', 'total-expenditure']) {
      assert.equal(count(published.body, element), 1, element);
    }
    assert.match(published.body, /<value currency="EUR" value-date="2024-01-01">50000<\/value>/);
    assert.match(published.body, /<budget-line ref="edu">/);
    // Documents: the file's annual report, then the organisation's web pages (category B16).
    assert.match(published.body, /<document-link url="https:\/\/example.org\/rapport-annuel.pdf" format="application\/pdf">/);
    assert.ok(published.body.includes(`url="http://localhost:3000/fr/organisations/${soroma.slug}"`), 'its page on Passerelle');
    assert.equal(count(published.body, 'category code="B16"'), soroma.website ? 2 : 1);

    // A member uploading into their own organisation a file that describes another one: left alone.
    const cachan = await demo(t, 'crij-cachan');
    const member = { ...visitor, userId: '00000000-0000-4000-8000-000000000001', secondFactorDone: true, memberships: new Map([[cachan.id, 'admin' as const]]) };
    const other = await importIatiFile(t.db, member, { name: 'other.xml', data: [Buffer.from(file)] }, { origin: 'upload', organisationId: cachan.id });
    assert.ok(other.ok);
    assert.equal(other.value.entries[0]!.outcome, 'skipped');
    assert.equal(other.value.entries[0]!.reason, 'iati.import.skip.organisation_other');
    assert.equal((await stored(cachan.id)).rows.length, 0);
    assert.equal((await stored(soroma.id)).rows.length, 5);
    const documents = (await t.db.execute(sql`select count(*)::int as n from iati_organisation_documents where organisation_id = ${soroma.id}`)) as unknown as { rows: { n: number }[] };
    assert.equal(documents.rows[0]!.n, 1, 'one document, not doubled by the second import');
  } finally {
    await t.close();
  }
});

test('a funder’s organisation file states its envelopes as yearly total budgets and its payments as expenditure', async () => {
  const t = await createTestApp({ withDemo: true });
  try {
    let yearsPaid = 0;
    for (const key of ['region-rhone-alpes', 'crij-cachan']) {
      const funder = await demo(t, key);
      const slug = funder.slug;
      const expected = async (query: ReturnType<typeof sql>) => ((await t.db.execute(query)) as unknown as { rows: { year: string; cents: string | number }[] }).rows.map((r) => [String(r.year), Number(r.cents)]);
      const budgets = await expected(sql`select year::text as year, sum(amount_cents) as cents from funding_envelopes where funder_id = ${funder.id} group by year order by year`);
      const paid = await expected(sql`
        select substr(p.paid_on, 1, 4) as year, sum(p.amount_cents) as cents
        from funding_payments p join funding_tranches tr on tr.id = p.tranche_id join funding_awards w on w.id = tr.award_id
        join funding_applications a on a.id = w.application_id join funding_calls c on c.id = a.call_id
        where c.funder_id = ${funder.id} and a.state <> 'withdrawn' group by 1 order by 1`);
      assert.ok(budgets.length > 0, `${slug} has envelopes`);

      const res = await t.app.inject({ method: 'GET', url: `/iati/organisations/${slug}/organisation.xml` });
      assert.equal(res.statusCode, 200);
      assert.deepEqual(await xmllint(res.body, schema203.organisations), [], slug);
      const written = (element: string) =>
        [...res.body.matchAll(new RegExp(`<${element}[^>]*>\\s*<period-start iso-date="(\\d{4})-01-01"/>\\s*<period-end iso-date="\\d{4}-12-31"/>\\s*<value currency="EUR" value-date="[^"]+">([\\d.]+)</value>`, 'g'))].map((m) => [
          m[1]!,
          Math.round(Number(m[2]) * 100),
        ]);
      assert.deepEqual(written('total-budget'), budgets, `${slug}: one committed total budget per envelope year`);
      assert.deepEqual(written('total-expenditure'), paid, `${slug}: the payments of each year`);
      yearsPaid += paid.length;
    }
    assert.ok(yearsPaid > 0, 'the demo funders have made payments');
  } finally {
    await t.close();
  }
});
