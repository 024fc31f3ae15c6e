CREATE TABLE "iati_organisation_budgets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"amount_cents" bigint NOT NULL,
	"currency" text,
	"value_date" date,
	"recipient_ref" text,
	"recipient_code" text,
	"recipient_vocabulary" text,
	"recipient_name" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"position" integer DEFAULT 0 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "iati_organisation_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"link" jsonb NOT NULL
);
--> statement-breakpoint
ALTER TABLE "iati_organisation_budgets" ADD CONSTRAINT "iati_organisation_budgets_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "iati_organisation_documents" ADD CONSTRAINT "iati_organisation_documents_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "iati_organisation_budgets_organisation_idx" ON "iati_organisation_budgets" USING btree ("organisation_id","kind","position");--> statement-breakpoint
CREATE INDEX "iati_organisation_documents_organisation_idx" ON "iati_organisation_documents" USING btree ("organisation_id","position");