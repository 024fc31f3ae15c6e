CREATE TABLE "alliance_joint_projects" (
	"alliance_id" uuid NOT NULL,
	"project_id" uuid NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alliance_joint_projects_alliance_id_project_id_pk" PRIMARY KEY("alliance_id","project_id")
);
--> statement-breakpoint
CREATE TABLE "alliance_project_links" (
	"joint_project_id" uuid NOT NULL,
	"member_project_id" uuid NOT NULL,
	"alliance_id" uuid NOT NULL,
	"linked_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alliance_project_links_joint_project_id_member_project_id_pk" PRIMARY KEY("joint_project_id","member_project_id")
);
--> statement-breakpoint
ALTER TABLE "alliances" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "goals_fr" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "goals_en" text;--> statement-breakpoint
ALTER TABLE "campaigns" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "network_members" ADD COLUMN "role" text DEFAULT 'member' NOT NULL;--> statement-breakpoint
ALTER TABLE "networks" ADD COLUMN "version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "alliance_joint_projects" ADD CONSTRAINT "alliance_joint_projects_alliance_id_alliances_id_fk" FOREIGN KEY ("alliance_id") REFERENCES "public"."alliances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_joint_projects" ADD CONSTRAINT "alliance_joint_projects_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_project_links" ADD CONSTRAINT "alliance_project_links_joint_project_id_projects_id_fk" FOREIGN KEY ("joint_project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_project_links" ADD CONSTRAINT "alliance_project_links_member_project_id_projects_id_fk" FOREIGN KEY ("member_project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_project_links" ADD CONSTRAINT "alliance_project_links_alliance_id_alliances_id_fk" FOREIGN KEY ("alliance_id") REFERENCES "public"."alliances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "alliance_joint_projects_project_idx" ON "alliance_joint_projects" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "alliance_project_links_member_idx" ON "alliance_project_links" USING btree ("member_project_id");