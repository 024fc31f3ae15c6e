-- Scale (docs/scaling.md). 1) Expression indexes drizzle-kit cannot declare: the default date sort of the
-- project list, and "takes part in, without reporting" for an organisation's page.
CREATE INDEX IF NOT EXISTS "projects_date_sort_idx" ON "projects" USING btree ((coalesce("actual_start", "planned_start")) DESC NULLS LAST, "id");
--> statement-breakpoint
CREATE INDEX IF NOT EXISTS "projects_partner_not_reporting_idx" ON "projects" USING gin ((array_remove("partner_ids", "organisation_id")));
--> statement-breakpoint
-- 2) The facet values of one project, as the search module counts them (theme, country, region, status,
-- organisation, funder, year of activity, needs help) plus `_all`.
CREATE OR REPLACE FUNCTION passerelle_project_facets(themes text[], countries text[], regions text[], status text, organisation_id uuid,
    funder_ids uuid[], start_year integer, end_year integer, needs_help boolean)
  RETURNS TABLE(facet text, value text) LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT '_all'::text, ''::text
  UNION ALL SELECT 'theme', v FROM unnest(themes) v WHERE v IS NOT NULL
  UNION ALL SELECT 'country', v FROM unnest(countries) v WHERE v IS NOT NULL
  UNION ALL SELECT 'region', v FROM unnest(regions) v WHERE v IS NOT NULL
  UNION ALL SELECT 'status', status WHERE status IS NOT NULL
  UNION ALL SELECT 'organisation', organisation_id::text
  UNION ALL SELECT 'funder', v::text FROM unnest(funder_ids) v WHERE v IS NOT NULL
  UNION ALL SELECT 'year', y::text FROM generate_series(start_year, least(coalesce(end_year, start_year), start_year + 30)) y
  UNION ALL SELECT 'needs', 'yes' WHERE needs_help
$$;
--> statement-breakpoint
-- 3) The counts, kept by statement-level triggers with transition tables: one grouped upsert per statement
-- (a bulk import of 100,000 projects is one upsert of a few thousand rows), keys in a fixed order (no deadlock
-- between two writers), and an update that changes no facet touches no counter.
CREATE OR REPLACE FUNCTION passerelle_project_facet_counts_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    DELETE FROM project_facet_counts;
  ELSIF TG_OP = 'INSERT' THEN
    INSERT INTO project_facet_counts AS c (publication, facet, value, n)
      SELECT r.publication, f.facet, f.value, count(*)::int FROM new_rows r,
        passerelle_project_facets(r.themes, r.countries, r.regions, r.activity_status, r.organisation_id, r.funder_ids, r.start_year, r.end_year, r.needs_help) f
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (publication, facet, value) DO UPDATE SET n = c.n + excluded.n;
  ELSIF TG_OP = 'DELETE' THEN
    INSERT INTO project_facet_counts AS c (publication, facet, value, n)
      SELECT r.publication, f.facet, f.value, -count(*)::int FROM old_rows r,
        passerelle_project_facets(r.themes, r.countries, r.regions, r.activity_status, r.organisation_id, r.funder_ids, r.start_year, r.end_year, r.needs_help) f
      GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
      ON CONFLICT (publication, facet, value) DO UPDATE SET n = c.n + excluded.n;
  ELSE
    INSERT INTO project_facet_counts AS c (publication, facet, value, n)
      SELECT publication, facet, value, sum(s)::int FROM (
        SELECT r.publication, f.facet, f.value, 1 AS s FROM new_rows r,
          passerelle_project_facets(r.themes, r.countries, r.regions, r.activity_status, r.organisation_id, r.funder_ids, r.start_year, r.end_year, r.needs_help) f
        UNION ALL
        SELECT r.publication, f.facet, f.value, -1 FROM old_rows r,
          passerelle_project_facets(r.themes, r.countries, r.regions, r.activity_status, r.organisation_id, r.funder_ids, r.start_year, r.end_year, r.needs_help) f
      ) d GROUP BY 1, 2, 3 HAVING sum(s) <> 0 ORDER BY 1, 2, 3
      ON CONFLICT (publication, facet, value) DO UPDATE SET n = c.n + excluded.n;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER projects_facet_counts_insert AFTER INSERT ON projects REFERENCING NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION passerelle_project_facet_counts_apply();
--> statement-breakpoint
CREATE TRIGGER projects_facet_counts_update AFTER UPDATE ON projects REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows
  FOR EACH STATEMENT EXECUTE FUNCTION passerelle_project_facet_counts_apply();
--> statement-breakpoint
CREATE TRIGGER projects_facet_counts_delete AFTER DELETE ON projects REFERENCING OLD TABLE AS old_rows
  FOR EACH STATEMENT EXECUTE FUNCTION passerelle_project_facet_counts_apply();
--> statement-breakpoint
CREATE TRIGGER projects_facet_counts_truncate AFTER TRUNCATE ON projects
  FOR EACH STATEMENT EXECUTE FUNCTION passerelle_project_facet_counts_apply();
--> statement-breakpoint
-- 4) Recount from scratch (after a restore, or to check the triggers: the counts must not change).
CREATE OR REPLACE FUNCTION passerelle_refresh_project_facet_counts() RETURNS void LANGUAGE sql AS $$
  DELETE FROM project_facet_counts;
  INSERT INTO project_facet_counts (publication, facet, value, n)
    SELECT r.publication, f.facet, f.value, count(*)::int FROM projects r,
      passerelle_project_facets(r.themes, r.countries, r.regions, r.activity_status, r.organisation_id, r.funder_ids, r.start_year, r.end_year, r.needs_help) f
    GROUP BY 1, 2, 3;
$$;
--> statement-breakpoint
SELECT passerelle_refresh_project_facet_counts();
