CREATE TABLE "iati_import_runs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"actor_user_id" uuid,
	"organisation_id" uuid,
	"file_name" text NOT NULL,
	"source" text NOT NULL,
	"status" text DEFAULT 'running' NOT NULL,
	"root" text,
	"version" text,
	"imported" integer DEFAULT 0 NOT NULL,
	"updated" integer DEFAULT 0 NOT NULL,
	"skipped" integer DEFAULT 0 NOT NULL,
	"organisations_created" integer DEFAULT 0 NOT NULL,
	"error" jsonb,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"meta" jsonb DEFAULT '{}'::jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "iati_import_runs" ADD CONSTRAINT "iati_import_runs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "iati_import_runs_started_idx" ON "iati_import_runs" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "iati_import_runs_organisation_idx" ON "iati_import_runs" USING btree ("organisation_id","started_at");