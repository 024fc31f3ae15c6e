ALTER TABLE "files" ADD COLUMN "restricted" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "funding_application_documents" ADD COLUMN "report_id" uuid;--> statement-breakpoint
ALTER TABLE "funding_applications" ADD COLUMN "decision_due_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "funding_reports" ADD COLUMN "indicator_results" jsonb DEFAULT '[]'::jsonb NOT NULL;--> statement-breakpoint
ALTER TABLE "funding_application_documents" ADD CONSTRAINT "funding_application_documents_report_id_funding_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."funding_reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
UPDATE "funding_applications" SET "project_id" = NULL WHERE "project_id" IS NOT NULL AND "project_id" NOT IN (SELECT "id" FROM "projects");--> statement-breakpoint
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
UPDATE "files" SET "restricted" = true WHERE "id" IN (SELECT "file_id" FROM "funding_application_documents");
--> statement-breakpoint
UPDATE "funding_applications" a SET "decision_due_at" = a."submitted_at" + ((c."emergency"->>'decisionHours')::int * interval '1 hour') FROM "funding_calls" c WHERE c."id" = a."call_id" AND c."is_emergency" AND a."submitted_at" IS NOT NULL AND c."emergency"->>'decisionHours' IS NOT NULL;
