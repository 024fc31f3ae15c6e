// Public IATI files over HTTP: each URL answers XML the 2.03 schemas accept; drafts are never exported; unknown
// projects and organisations answer 404.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTestApp } from '../../../tests/support/app.ts';
import { findOrganisationById } from '../organisations/queries.ts';
import { findProjectBySlug } from '../projects/queries.ts';
import { demoProjects } from '../projects/seed.ts';
import { schema203, xmllint } from './testing.ts';

test('IATI export URLs: valid XML, published projects only, 404s', async () => {
  const t = await createTestApp({ withDemo: true });
  try {
    const published = demoProjects.find((p) => !p.draft)!;
    const draft = demoProjects.find((p) => p.draft);
    const project = (await findProjectBySlug(t.db, published.slug))!;

    const one = await t.app.inject({ method: 'GET', url: `/iati/activities/${project.id}.xml` });
    assert.equal(one.statusCode, 200, one.body);
    assert.match(String(one.headers['content-type']), /^application\/xml/);
    assert.deepEqual(await xmllint(one.body, schema203.activities), []);
    assert.ok(one.body.includes(`<iati-identifier>${project.iatiIdentifier}</iati-identifier>`));

    const orgSlug = (await findOrganisationById(t.db, project.organisationId))!.slug;
    const all = await t.app.inject({ method: 'GET', url: `/iati/organisations/${orgSlug}/activities.xml` });
    assert.equal(all.statusCode, 200, "all " + all.body);
    assert.deepEqual(await xmllint(all.body, schema203.activities), []);
    const expected = demoProjects.filter((p) => p.org === published.org && !p.draft).length;
    assert.equal(all.body.split('<iati-activity ').length - 1, expected);

    const orgFile = await t.app.inject({ method: 'GET', url: `/iati/organisations/${orgSlug}/organisation.xml` });
    assert.equal(orgFile.statusCode, 200);
    assert.deepEqual(await xmllint(orgFile.body, schema203.organisations), []);

    if (draft) {
      const d = (await findProjectBySlug(t.db, draft.slug))!;
      assert.equal((await t.app.inject({ method: 'GET', url: `/iati/activities/${d.id}.xml` })).statusCode, 404);
      const draftOrg = (await findOrganisationById(t.db, d.organisationId))!.slug;
      const ofDraftOrg = await t.app.inject({ method: 'GET', url: `/iati/organisations/${draftOrg}/activities.xml` });
      assert.equal(ofDraftOrg.statusCode, 200);
      assert.ok(!ofDraftOrg.body.includes(d.iatiIdentifier), 'a draft is not in its organisation file');
    }

    const list = await t.app.inject({ method: 'GET', url: '/iati/activities.xml?country=ML' });
    assert.equal(list.statusCode, 200);
    assert.deepEqual(await xmllint(list.body, schema203.activities), []);
    const malian = demoProjects.filter((p) => !p.draft && (p.rows.countries ?? []).some((c) => c.code === 'ML')).length;
    assert.equal(list.body.split('<iati-activity ').length - 1, malian);
    if (draft) assert.ok(!(await t.app.inject({ method: 'GET', url: '/iati/activities.xml' })).body.includes((await findProjectBySlug(t.db, draft.slug))!.iatiIdentifier));
    assert.equal((await t.app.inject({ method: 'GET', url: '/iati/activities.xml?country=ZZZ' })).statusCode, 400);

    for (const url of ['/iati/activities/00000000-0000-4000-8000-000000000000.xml', '/iati/activities/nope.xml', '/iati/organisations/nobody/activities.xml', '/iati/organisations/nobody/organisation.xml', '/iati/organisations/%3Cx%3E/organisation.xml']) {
      assert.equal((await t.app.inject({ method: 'GET', url })).statusCode, 404, url);
    }
  } finally {
    await t.close();
  }
});
