// The atlas on the demo data: facet counts equal the totals of the lists they link to, sorting, the one
// search page with highlights, the offline map (links, shading, clusters, list beside it), CSV, API and GeoJSON.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createTestApp, type TestApp } from '../../../tests/support/app.ts';
import { clusterPoints, countryShapes, project, shade } from './geo.ts';

let t: TestApp;
before(async () => {
  t = await createTestApp({ withDemo: true });
});
after(() => t.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
type Facets = Record<string, { value: string; label: string; count: number }[]>;

test('every facet count equals the total of the list it links to, with and without other filters', async () => {
  for (const base of ['', 'theme=education', 'country=ML&needs=yes', 'q=ecole']) {
    const list = (await get(`/api/v1/projects?${base}&lang=fr`)).json() as { total: number; facets: Facets };
    let checked = 0;
    for (const [facet, values] of Object.entries(list.facets)) {
      for (const v of values) {
        const params = new URLSearchParams(base);
        params.set(facet, v.value);
        const filtered = (await get(`/api/v1/projects?${params.toString()}`)).json() as { total: number };
        assert.equal(filtered.total, v.count, `${base} + ${facet}=${v.value}`);
        checked++;
      }
    }
    assert.ok(checked > 0 || list.total === 0);
  }
});

test('the demo has the expected facets with readable labels', async () => {
  const body = (await get('/api/v1/projects?lang=fr')).json() as { total: number; facets: Facets };
  // 13: the twelve demo projects and the Education Alliance's joint project (alliances seed).
  assert.equal(body.total, 13);
  const label = (facet: string, value: string) => body.facets[facet]!.find((v) => v.value === value);
  assert.deepEqual(label('country', 'ML'), { value: 'ML', label: 'Mali', count: 4 });
  assert.equal(label('theme', 'education')!.count, 7);
  assert.equal(label('status', '2')!.label, 'En cours');
  assert.equal(label('kind', '23')?.label ?? label('kind', '22')?.label ? 'ok' : 'missing', 'ok');
  const crij = body.facets.funder!.find((v) => v.label.startsWith('Ville de Cachan'));
  assert.equal(crij?.count, 5);
  assert.equal(label('needs', 'yes')!.count, 6);
  assert.equal(label('region', '289')!.label, 'Afrique subsaharienne');
  assert.ok(label('year', '2025')!.count >= 10);
});

test('the list page: facets with counts, sort by budget, text search without accents', async () => {
  const page = await get('/fr/projects?theme=education');
  assert.equal(page.statusCode, 200);
  assert.match(page.body, /7 projets/);
  assert.match(page.body, /href="\/fr\/projects\?theme=education&country=ML"><span>Mali<\/span><span class="count"> \(3\)<\/span>/);
  const byBudget = await get('/fr/projects?sort=budget');
  const titles = [...byBudget.body.matchAll(/<h2><a href="\/fr\/projects\/([^"]+)">/g)].map((m) => m[1]);
  assert.equal(titles[0], 'skills-for-tomorrow');
  assert.equal(titles[1], 'crisis-resilient-public-education');
  const search = await get('/fr/projects?q=senegal');
  assert.match(search.body, /Maraîchage des femmes de Podor/);
  assert.match((await get('/en/projects?q=madagascar')).body, /SANDRATA/);
  // Invalid filters are dropped on pages, refused by the API.
  assert.equal((await get('/fr/projects?country=ZZ&year=abc&status=9&page=-1')).statusCode, 200);
  const api = await get('/api/v1/projects?country=ZZ&lang=en');
  assert.equal(api.statusCode, 400);
  assert.ok(api.json().error.fields.country);
});

test('one search page across organisations and projects highlights matches, whatever the accents', async () => {
  const res = await get('/fr/search?q=senegal');
  assert.equal(res.statusCode, 200);
  assert.match(res.body, /<mark>Sénégal<\/mark>/);
  assert.match(res.body, /href="\/fr\/projects\/maraichage-femmes-podor"/);
  assert.match(res.body, /href="\/fr\/organisations\/association-des-senegalais-de-cachan-pour-le-developpement-de-podor"/);
  const en = await get("/en/search?q=PODOR");
  assert.match(en.body, /<mark>Podor<\/mark>/);
  const hostile = await get('/fr/search?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E');
  assert.equal(hostile.statusCode, 200);
  // Only ever inside the quoted value of the search field, never as markup.
  assert.doesNotMatch(hostile.body, /[^"]<script>alert/);
  assert.match((await get('/fr/search?q=zzzqqq')).body, /Aucun résultat/);
});

test('the map is drawn on the server: shaded countries link to the list, points to projects, a list beside', async () => {
  const res = await get('/fr/map?theme=education');
  assert.equal(res.statusCode, 200);
  assert.ok(!/<script/.test(res.body), String(/<script/));
  assert.ok(/<a href="\/fr\/projects\?theme=education&amp;country=ML"><path d="M[^"]+" class="shade-\d"><title>Mali : 3 projets<\/title>/.test(res.body), String(/<a href="\/fr\/projects\?theme=education&country=ML"><path d="M[^"]+" class="shade-\d"><title>Mali : 3 projets<\/title>/));
  // Countries without projects are one unlinked path; the page stays under 100 KB of HTML with its CSS.
  assert.equal((res.body.match(/<path class="shade-0" d="M/g) ?? []).length, 1);
  assert.doesNotMatch(res.body, /<title>Vietnam/);
  const css = (await get('/assets/app.css')).body.length + (await get('/assets/atlas.css')).body.length;
  assert.ok(Buffer.byteLength(res.body) + css <= 100_000, `map page ${Buffer.byteLength(res.body)} B + CSS ${css} B`);
  assert.ok(/<a href="\/fr\/projects\/ecole-changement-social-haiti"><circle/.test(res.body), String(/<a href="\/fr\/projects\/ecole-changement-social-haiti"><circle/));
  assert.ok(/<h3>Projets localisés<\/h3>/.test(res.body), String(/<h3>Projets localisés<\/h3>/));
  assert.ok(/href="\/fr\/projects\/sandrata-madagascar">SANDRATA — éducation de qualité à Madagascar<\/a><span class="meta"> — Antananarivo/.test(res.body), String(/href="\/fr\/projects\/sandrata-madagascar">SANDRATA — éducation de qualité à Madagascar<\/a><span class="meta"> — Antananarivo/));
  // At the world view, Dakar and Thiès fall in one cluster that zooms in; zoomed in, they separate.
  assert.ok(/class="cluster"><title>\d+ lieux de projets : zoomer/.test(res.body), String(/class="cluster"><title>\d+ lieux de projets : zoomer/));
  const zoomed = await get('/fr/map?theme=education&zoom=6&cx=460&cy=290');
  assert.equal(zoomed.statusCode, 200);
  assert.ok(/viewBox="[\d.]+ [\d.]+ 166\.7 /.test(zoomed.body), String(/viewBox="[\d.]+ [\d.]+ 166\.7 /));
});

test('map geometry: projection, every seed country has a shape, clustering by zoom, shading', () => {
  const shapes = countryShapes();
  assert.ok(shapes.length > 170);
  for (const code of ['ML', 'SN', 'NE', 'BJ', 'MG', 'HT', 'FR', 'MA']) assert.ok(shapes.some((s) => s.code === code), code);
  assert.deepEqual(project(-180, 84), [0, 0]);
  const dakar = { lat: 14.7167, lng: -17.4677, projectSlug: 'a', label: 'a', place: 'Dakar' };
  const thies = { lat: 14.791, lng: -16.9359, projectSlug: 'b', label: 'b', place: 'Thiès' };
  assert.equal(clusterPoints([dakar, thies], 1).length, 1);
  assert.equal(clusterPoints([dakar, thies], 32).length, 2);
  assert.equal(shade(0, 10), 0);
  assert.equal(shade(10, 10), 5);
  assert.ok(shade(1, 10) >= 1);
});

test('CSV export of any filtered list with readable labels; GeoJSON of the locations', async () => {
  const csv = await get('/fr/projects/export.csv?country=NE&sep=semicolon');
  assert.equal(csv.statusCode, 200);
  assert.ok(csv.body.startsWith('\ufeffTitre;Organisation;État;Pays;'));
  assert.match(csv.body, /Eau potable dans trois villages de la région de Tahoua;Niger Avenir;En cours;Niger;;Eau et assainissement;2024-02-01;2025-12-31;30000;EUR;oui;/);
  const en = await get('/en/projects/export.csv?theme=migrants');
  assert.match(en.body, /Protecting the rights of migrants in the Sahel,La Cimade,Implementation,"Mali, Niger, Senegal, Mauritania"/);
  const geo = await get('/api/v1/projects/locations.geojson?country=ML');
  assert.equal(geo.statusCode, 200);
  assert.match(String(geo.headers['content-type']), /application\/geo\+json/);
  const fc = geo.json() as { features: { geometry: { coordinates: number[] }; properties: { place: string } }[] };
  const bamako = fc.features.find((f) => f.properties.place === 'Bamako');
  assert.deepEqual(bamako?.geometry.coordinates, [-8.0029, 12.6392]);
  const doc = (await get('/api/openapi.json')).json();
  for (const path of ['/api/v1/projects', '/api/v1/projects/{id}', '/api/v1/projects/locations.geojson']) assert.ok(doc.paths[path]?.get, path);
});

test('counts hold for a member who sees drafts and for an administrator, and the maintained counts follow writes', async () => {
  const { sql } = await import('drizzle-orm');
  const { makeUser, signIn } = await import('../../../tests/support/app.ts');
  const { systemActor } = await import('../../kernel/actor.ts');
  const { addOrganisationMember } = await import('../organisations/commands.ts');
  const { findOrganisationBySlug } = await import('../organisations/queries.ts');
  const { deleteProject, setPublication } = await import('../projects/commands.ts');
  const { findProjectBySlug } = await import('../projects/queries.ts');
  const rows = async (q: ReturnType<typeof sql>) => ((await t.db.execute(q)) as unknown as { rows: Record<string, unknown>[] }).rows;
  // The triggers' counts equal a recount from scratch.
  const recountDiffers = async () =>
    rows(sql`(select publication, facet, value, n from project_facet_counts where n > 0
        except select r.publication, f.facet, f.value, count(*)::int from projects r, passerelle_project_facets(r.themes, r.countries, r.regions, r.activity_status, r.organisation_id, r.funder_ids, r.start_year, r.end_year, r.needs_help) f group by 1, 2, 3)
      union all (select r.publication, f.facet, f.value, count(*)::int from projects r, passerelle_project_facets(r.themes, r.countries, r.regions, r.activity_status, r.organisation_id, r.funder_ids, r.start_year, r.end_year, r.needs_help) f group by 1, 2, 3
        except select publication, facet, value, n from project_facet_counts where n > 0)`);
  assert.deepEqual(await recountDiffers(), []);

  const member = await makeUser(t.db);
  const org = (await findOrganisationBySlug(t.db, 'iut-de-cachan-sans-frontieres'))!;
  assert.ok((await addOrganisationMember(t.db, systemActor, org.id, member.id, 'member')).ok);
  const admin = await makeUser(t.db, ['platform_admin']);
  for (const who of [await signIn(t.app, member.email), await signIn(t.app, admin.email)]) {
    for (const base of ['', 'country=BI', 'theme=education&q=ecole']) {
      const list = (await who.get(`/api/v1/projects?${base}&lang=fr`)).json() as { total: number; facets: Facets };
      for (const [facet, values] of Object.entries(list.facets)) {
        for (const v of values) {
          const params = new URLSearchParams(base);
          params.set(facet, v.value);
          assert.equal(((await who.get(`/api/v1/projects?${params.toString()}`)).json() as { total: number }).total, v.count, `${base} + ${facet}=${v.value}`);
        }
      }
    }
    // The draft of Gitega (Burundi) is counted for both.
    assert.equal(((await who.get('/api/v1/projects?country=BI')).json() as { total: number }).total, 1);
  }

  // Unpublish, republish and delete: the visitor's total and the counts follow, and still equal a recount.
  const total = async () => ((await get('/api/v1/projects')).json() as { total: number; facets: Facets });
  const before = await total();
  const podor = (await findProjectBySlug(t.db, 'maraichage-femmes-podor'))!;
  assert.ok((await setPublication(t.db, systemActor, podor.id, 'draft')).ok);
  const unpublished = await total();
  assert.equal(unpublished.total, before.total - 1);
  const sn = (f: Facets) => f.country!.find((v) => v.value === 'SN')?.count ?? 0;
  assert.equal(sn(unpublished.facets), sn(before.facets) - 1);
  assert.deepEqual(await recountDiffers(), []);
  assert.ok((await setPublication(t.db, systemActor, podor.id, 'published')).ok);
  assert.equal((await total()).total, before.total);
  assert.ok((await deleteProject(t.db, systemActor, podor.id)).ok);
  assert.equal((await total()).total, before.total - 1);
  assert.deepEqual(await recountDiffers(), []);
});
