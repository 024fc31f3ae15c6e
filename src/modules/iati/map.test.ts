// Projects ⇄ IATI activities: every demo project becomes an activity whose written XML validates against the
// 2.03 schema; an activity → project record → activity gives the same activity (what the project holds in its
// columns, the rest through iati_extra); a project record → activity → record gives the same record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../../tests/support/app.ts';
import { findProjectBySlug, loadBundle, type ProjectBundle } from '../projects/queries.ts';
import { fromIatiActivity, toIatiActivity, type ProjectRecord } from './map.ts';
import type { IatiActivity } from './model.ts';
import { activitySchemaProblems } from './rules.ts';
import { differences, sampleActivity, schema203, xmllint } from './testing.ts';
import { writeActivities } from './write.ts';
import { demoProjects } from '../projects/seed.ts';

async function text(chunks: AsyncIterable<string>) {
  let out = '';
  for await (const c of chunks) out += c;
  return out;
}

/** A bundle as loadBundle would give it for a record (ids and positions made up, no directory organisations). */
function bundleOf(record: ProjectRecord): ProjectBundle {
  let n = 0;
  const row = <T extends object>(r: T) => ({ id: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, projectId: 'p', position: n, ...r });
  return {
    project: {
      id: 'p',
      slug: 'p',
      organisationId: 'o',
      iatiIdentifier: record.iatiIdentifier,
      ...record.project,
      publication: 'published',
      publishedAt: null,
      countries: [],
      regions: [],
      themes: [],
      funderIds: [],
      partnerIds: [],
      totalBudget: 0,
      needsHelp: false,
      startYear: null,
      endYear: null,
      version: 1,
      createdAt: new Date('2024-01-01T00:00:00Z'),
      updatedAt: new Date('2024-05-04T13:30:00Z'),
      search: '',
    },
    countries: record.countries.map(row),
    regions: record.regions.map(row),
    sectors: record.sectors.map(row),
    participants: record.participants.map((p) => row({ ...p, acceptance: 'accepted' as const })),
    locations: record.locations.map(row),
    budgets: record.budgets.map(row),
    transactions: record.transactions.map((t) => row({ ...t, providerOrganisationId: null, receiverOrganisationId: null })),
    results: record.results.map((r) => row(r as typeof r & { indicators: ProjectBundle['results'][number]['indicators'] })),
    documents: record.documents.map((d) => row({ ...d, fileId: null })),
    photos: [],
    updates: [],
    needs: [],
    organisations: new Map(),
  } as unknown as ProjectBundle;
}

test('an activity → project record → activity is the same activity (sample with every field)', () => {
  const activity = sampleActivity();
  const back = toIatiActivity(bundleOf(fromIatiActivity(activity)));
  assert.deepEqual(differences(back, activity), []);
});

test('absent codes, other languages, sub-cent amounts and unsorted SDG tags survive the round trip', () => {
  const a = sampleActivity();
  const activity: IatiActivity = {
    ...a,
    title: { ...a.title, es: 'Útiles escolares' },
    tags: [{ vocabulary: '2', code: '5', narrative: {} }, { vocabulary: '2', code: '4', narrative: {} }, ...a.tags.filter((t) => t.vocabulary !== '2')],
    budgets: a.budgets.map((b) => ({ ...b, value: b.value ? { ...b.value, amount: 1234.567 } : b.value })),
    sectors: a.sectors.map(({ vocabulary: _v, ...s }) => s),
    participatingOrgs: a.participatingOrgs.map((p, i) => (i === 0 ? { ...p, name: { en: 'Only English' } } : p)),
  };
  delete activity.status;
  delete activity.humanitarian;
  const back = toIatiActivity(bundleOf(fromIatiActivity(activity)));
  assert.deepEqual(differences(back, activity), []);
});

test('a project record → activity → record is the same record', () => {
  const record = fromIatiActivity(sampleActivity());
  assert.deepEqual(differences(fromIatiActivity(toIatiActivity(bundleOf(record))), record), []);
});

test('every demo project is exported as an activity the 2.03 schema accepts', async () => {
  const t = await createTestApp({ withDemo: true });
  try {
    const activities: IatiActivity[] = [];
    for (const demo of demoProjects) {
      const project = await findProjectBySlug(t.db, demo.slug);
      assert.ok(project, demo.slug);
      const activity = toIatiActivity(await loadBundle(t.db, project));
      assert.equal(activity.identifier, project.iatiIdentifier);
      assert.deepEqual(activitySchemaProblems(activity), [], demo.slug);
      activities.push(activity);
    }
    const skipped: string[] = [];
    const xml = await text(writeActivities(activities, { onSkip: (id) => skipped.push(id) }));
    assert.deepEqual(skipped, []);
    assert.deepEqual(await xmllint(xml, schema203.activities), []);
    // The Soroma project names its funder and implementing partner from the directory.
    const soroma = activities.find((a) => a.title.fr?.includes('Soroma'))!;
    assert.ok(soroma.participatingOrgs.some((p) => p.role === '1' && Object.keys(p.name).length > 0));
    assert.deepEqual(soroma.tags, [{ vocabulary: '2', code: '4', narrative: {} }]);
    // And its record, read back, keeps the columns of the project.
    const record = fromIatiActivity(soroma);
    assert.equal(record.project.titleFr, soroma.title.fr);
    assert.deepEqual(record.countries.map((c) => c.code), ['ML']);
  } finally {
    await t.close();
  }
});
