CREATE TABLE "project_facet_counts" (
	"publication" text NOT NULL,
	"facet" text NOT NULL,
	"value" text NOT NULL,
	"n" integer NOT NULL,
	CONSTRAINT "project_facet_counts_publication_facet_value_pk" PRIMARY KEY("publication","facet","value")
);
--> statement-breakpoint
CREATE INDEX "projects_budget_sort_idx" ON "projects" USING btree ("total_budget" DESC NULLS LAST,"id");--> statement-breakpoint
CREATE INDEX "projects_organisation_page_idx" ON "projects" USING btree ("organisation_id","start_year" DESC NULLS LAST,"title_fr");