CREATE TABLE "account_tokens" (
	"id" text PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"payload" text,
	"expires_at" timestamp with time zone NOT NULL,
	"used_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "api_tokens" (
	"id" uuid PRIMARY KEY NOT NULL,
	"user_id" uuid NOT NULL,
	"name" text NOT NULL,
	"token_hash" text NOT NULL,
	"scope" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_used_at" timestamp with time zone,
	"revoked_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "platform_settings" (
	"id" integer PRIMARY KEY NOT NULL,
	"territory_name" text,
	"default_locale" text,
	"contact_email" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_admissions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"alliance_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"charter_version" integer NOT NULL,
	"decision_rule" text NOT NULL,
	"answers" jsonb NOT NULL,
	"motivation" text,
	"signatory_name" text NOT NULL,
	"signatory_role" text NOT NULL,
	"contact_email" text,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_charters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"alliance_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"values_fr" text,
	"values_en" text,
	"priority_areas" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"priority_themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"cross_cutting_themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"admission_criteria" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"decision_rule" text NOT NULL,
	"adopted_on" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "alliance_members" (
	"alliance_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"founding" boolean DEFAULT false NOT NULL,
	"joined_on" date NOT NULL,
	"left_on" date,
	CONSTRAINT "alliance_members_alliance_id_organisation_id_pk" PRIMARY KEY("alliance_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "alliance_signatures" (
	"alliance_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"charter_version" integer NOT NULL,
	"signatory_name" text NOT NULL,
	"signatory_role" text NOT NULL,
	"signed_on" date NOT NULL,
	CONSTRAINT "alliance_signatures_alliance_id_organisation_id_charter_version_pk" PRIMARY KEY("alliance_id","organisation_id","charter_version")
);
--> statement-breakpoint
CREATE TABLE "alliance_votes" (
	"admission_id" uuid NOT NULL,
	"member_organisation_id" uuid NOT NULL,
	"vote" text NOT NULL,
	"voted_by" uuid,
	"voted_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "alliance_votes_admission_id_member_organisation_id_pk" PRIMARY KEY("admission_id","member_organisation_id")
);
--> statement-breakpoint
CREATE TABLE "alliances" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name_fr" text,
	"name_en" text,
	"summary_fr" text,
	"summary_en" text,
	"organisation_id" uuid,
	"coordinator_organisation_id" uuid,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"regions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"press_contact_name" text,
	"press_contact_email" text,
	"founded_on" date,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"title_fr" text,
	"title_en" text,
	"file_name" text NOT NULL,
	"media_type" text NOT NULL,
	"size" integer NOT NULL,
	"content" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaign_links" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"ref_id" uuid,
	"title_fr" text,
	"title_en" text,
	"on" date,
	"url" text
);
--> statement-breakpoint
CREATE TABLE "campaign_signatories" (
	"campaign_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"signed_by" uuid,
	"signed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "campaign_signatories_campaign_id_organisation_id_pk" PRIMARY KEY("campaign_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "campaign_supporters" (
	"id" uuid PRIMARY KEY NOT NULL,
	"campaign_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"display_publicly" boolean DEFAULT false NOT NULL,
	"confirm_token_hash" text NOT NULL,
	"erase_token_hash" text NOT NULL,
	"confirmed_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "campaigns" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title_fr" text,
	"title_en" text,
	"summary_fr" text,
	"summary_en" text,
	"text_fr" text,
	"text_en" text,
	"starts_on" date,
	"ends_on" date,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"website" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_registrations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"seq" bigserial NOT NULL,
	"event_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"status" text NOT NULL,
	"token_hash" text NOT NULL,
	"locale" text DEFAULT 'fr' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "event_series" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"title_fr" text,
	"title_en" text,
	"description_fr" text,
	"description_en" text,
	"website" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"series_id" uuid,
	"title_fr" text,
	"title_en" text,
	"description_fr" text,
	"description_en" text,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"time_zone" text DEFAULT 'Europe/Paris' NOT NULL,
	"place_name" text,
	"address" text,
	"city" text,
	"latitude" double precision,
	"longitude" double precision,
	"online_url" text,
	"organiser_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"capacity" integer,
	"status" text DEFAULT 'published' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_application_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"doc_key" text NOT NULL,
	"file_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_applications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"call_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"project_id" uuid,
	"state" text DEFAULT 'draft' NOT NULL,
	"title" text NOT NULL,
	"summary" text,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"requested_cents" bigint DEFAULT 0 NOT NULL,
	"total_budget_cents" bigint DEFAULT 0 NOT NULL,
	"budget_lines" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"other_funders" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"answers" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"applicant_siret" text,
	"applicant_rna" text,
	"humanitarian" boolean DEFAULT false NOT NULL,
	"sector_codes" text[] DEFAULT '{}'::text[] NOT NULL,
	"completion_due_at" timestamp with time zone,
	"completion_note" text,
	"submitted_at" timestamp with time zone,
	"created_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_awards" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"session_id" uuid,
	"amount_cents" bigint NOT NULL,
	"conditions" text,
	"decided_on" text NOT NULL,
	"agreement_signed_on" text,
	"start_on" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_calls" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"line_id" uuid NOT NULL,
	"funder_id" uuid NOT NULL,
	"title_fr" text NOT NULL,
	"title_en" text,
	"text_fr" text NOT NULL,
	"text_en" text,
	"opens_at" timestamp with time zone NOT NULL,
	"closes_at" timestamp with time zone NOT NULL,
	"eligible_subtypes" text[] DEFAULT '{}'::text[] NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"min_amount_cents" bigint,
	"max_amount_cents" bigint,
	"co_financing_min_percent" integer DEFAULT 0 NOT NULL,
	"criteria" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"required_documents" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"questions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"tranche_shares" integer[] DEFAULT '{50,50}'::integer[] NOT NULL,
	"tranche_interval_months" integer DEFAULT 12 NOT NULL,
	"review_phase_closed" boolean DEFAULT false NOT NULL,
	"is_emergency" boolean DEFAULT false NOT NULL,
	"emergency" jsonb,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_co_applicants" (
	"application_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"part_cents" bigint NOT NULL,
	"confirmed_at" timestamp with time zone,
	"confirmed_by" uuid,
	CONSTRAINT "funding_co_applicants_application_id_organisation_id_pk" PRIMARY KEY("application_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "funding_committee_sessions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"funder_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"held_on" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_envelopes" (
	"id" uuid PRIMARY KEY NOT NULL,
	"funder_id" uuid NOT NULL,
	"year" integer NOT NULL,
	"name_fr" text NOT NULL,
	"name_en" text,
	"amount_cents" bigint NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"grantor_name" text NOT NULL,
	"grantor_siret" text NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_funder_team" (
	"funder_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"role" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "funding_funder_team_funder_id_user_id_role_pk" PRIMARY KEY("funder_id","user_id","role")
);
--> statement-breakpoint
CREATE TABLE "funding_line_transfers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"from_line_id" uuid NOT NULL,
	"to_line_id" uuid NOT NULL,
	"amount_cents" bigint NOT NULL,
	"reason" text NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_lines" (
	"id" uuid PRIMARY KEY NOT NULL,
	"envelope_id" uuid NOT NULL,
	"name_fr" text NOT NULL,
	"name_en" text,
	"earmarked_cents" bigint NOT NULL,
	"is_emergency" boolean DEFAULT false NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"version" integer DEFAULT 1 NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_payments" (
	"id" uuid PRIMARY KEY NOT NULL,
	"idempotency_key" text NOT NULL,
	"tranche_id" uuid NOT NULL,
	"amount_cents" bigint NOT NULL,
	"paid_on" text NOT NULL,
	"reference" text NOT NULL,
	"recorded_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_prequalifications" (
	"id" uuid PRIMARY KEY NOT NULL,
	"funder_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"vetted_on" text NOT NULL,
	"note" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_reports" (
	"id" uuid PRIMARY KEY NOT NULL,
	"award_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"kind" text NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'expected' NOT NULL,
	"narrative" text,
	"financial" text,
	"results" text,
	"submitted_at" timestamp with time zone,
	"review_note" text,
	"reviewed_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "funding_reviews" (
	"id" uuid PRIMARY KEY NOT NULL,
	"application_id" uuid NOT NULL,
	"reviewer_id" uuid NOT NULL,
	"conflict" boolean DEFAULT false NOT NULL,
	"conflict_note" text,
	"scores" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"completed_at" timestamp with time zone,
	"assigned_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "funding_tranches" (
	"id" uuid PRIMARY KEY NOT NULL,
	"award_id" uuid NOT NULL,
	"sequence" integer NOT NULL,
	"amount_cents" bigint NOT NULL,
	"planned_at" timestamp with time zone NOT NULL,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "network_members" (
	"network_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"joined_on" date NOT NULL,
	"left_on" date,
	CONSTRAINT "network_members_network_id_organisation_id_pk" PRIMARY KEY("network_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "networks" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"name_fr" text,
	"name_en" text,
	"summary_fr" text,
	"summary_en" text,
	"organisation_id" uuid,
	"region" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "news_articles" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"type" text DEFAULT 'news' NOT NULL,
	"author_organisation_id" uuid,
	"author_kind" text DEFAULT 'organisation' NOT NULL,
	"title_fr" text,
	"title_en" text,
	"summary_fr" text,
	"summary_en" text,
	"body_fr" text,
	"body_en" text,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"project_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"campaign_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"dateline_place" text,
	"dateline_date" date,
	"press_contacts" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation_claims" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"message" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "organisation_invitations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"email" text NOT NULL,
	"role" text NOT NULL,
	"token_hash" text NOT NULL,
	"invited_by" uuid,
	"expires_at" timestamp with time zone NOT NULL,
	"accepted_at" timestamp with time zone,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cooperation_needs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title_fr" text,
	"title_en" text,
	"description_fr" text,
	"description_en" text,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "cooperation_offers" (
	"organisation_id" uuid PRIMARY KEY NOT NULL,
	"skills" text[] DEFAULT '{}'::text[] NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"languages" text[] DEFAULT '{}'::text[] NOT NULL,
	"volunteers" integer,
	"cofinancing_cents" bigint,
	"note_fr" text,
	"note_en" text,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "joint_project_participants" (
	"joint_project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"role" text NOT NULL,
	"share_percent" integer NOT NULL,
	CONSTRAINT "joint_project_participants_joint_project_id_organisation_id_pk" PRIMARY KEY("joint_project_id","organisation_id")
);
--> statement-breakpoint
CREATE TABLE "joint_projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"partnership_id" uuid,
	"project_id" uuid,
	"title_fr" text,
	"title_en" text,
	"summary_fr" text,
	"summary_en" text,
	"budget_cents" bigint,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partnership_messages" (
	"id" uuid PRIMARY KEY NOT NULL,
	"request_id" uuid NOT NULL,
	"author_organisation_id" uuid,
	"author_user_id" uuid,
	"body" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "partnership_requests" (
	"id" uuid PRIMARY KEY NOT NULL,
	"from_organisation_id" uuid,
	"to_organisation_id" uuid NOT NULL,
	"need_id" uuid,
	"sender_name" text,
	"sender_organisation" text,
	"sender_email" text,
	"sender_country" text,
	"sender_ip_hash" text,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"subject" text NOT NULL,
	"message" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "help_offer_events" (
	"id" uuid PRIMARY KEY NOT NULL,
	"offer_id" uuid NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL,
	"actor_user_id" uuid,
	"kind" text NOT NULL,
	"text" text
);
--> statement-breakpoint
CREATE TABLE "help_offers" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"organisation_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"message" text NOT NULL,
	"amount" bigint,
	"consent" boolean NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"handled_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "project_budgets" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"iati_extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"type" text DEFAULT '1' NOT NULL,
	"status" text DEFAULT '1' NOT NULL,
	"period_start" date NOT NULL,
	"period_end" date NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"value_date" date
);
--> statement-breakpoint
CREATE TABLE "project_countries" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"iati_extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"code" text NOT NULL,
	"percentage" double precision
);
--> statement-breakpoint
CREATE TABLE "project_documents" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"iati_extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"title_fr" text,
	"title_en" text,
	"category" text DEFAULT 'A01' NOT NULL,
	"url" text,
	"file_id" uuid,
	"format" text,
	"language" text,
	"document_date" date
);
--> statement-breakpoint
CREATE TABLE "project_locations" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"iati_extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"name" text NOT NULL,
	"lat" double precision,
	"lng" double precision,
	"exactness" text DEFAULT '1' NOT NULL,
	"location_class" text
);
--> statement-breakpoint
CREATE TABLE "project_needs" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"iati_extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"kind" text NOT NULL,
	"text_fr" text,
	"text_en" text
);
--> statement-breakpoint
CREATE TABLE "project_participants" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"iati_extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"role" text NOT NULL,
	"organisation_id" uuid,
	"name" text,
	"ref" text,
	"type" text,
	"acceptance" text DEFAULT 'pending' NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_photos" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"iati_extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"file_id" uuid NOT NULL,
	"caption_fr" text,
	"caption_en" text
);
--> statement-breakpoint
CREATE TABLE "project_regions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"iati_extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"code" text NOT NULL,
	"vocabulary" text DEFAULT '1' NOT NULL,
	"percentage" double precision
);
--> statement-breakpoint
CREATE TABLE "project_results" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"iati_extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"type" text DEFAULT '1' NOT NULL,
	"title_fr" text,
	"title_en" text,
	"description_fr" text,
	"description_en" text,
	"indicators" jsonb DEFAULT '[]'::jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "project_sectors" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"iati_extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"theme" text,
	"vocabulary" text DEFAULT '1' NOT NULL,
	"code" text NOT NULL,
	"percentage" double precision
);
--> statement-breakpoint
CREATE TABLE "project_transactions" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"iati_extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"type" text NOT NULL,
	"date" date NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text DEFAULT 'EUR' NOT NULL,
	"value_date" date,
	"description" text,
	"provider_organisation_id" uuid,
	"provider_name" text,
	"provider_ref" text,
	"receiver_organisation_id" uuid,
	"receiver_name" text,
	"receiver_ref" text
);
--> statement-breakpoint
CREATE TABLE "project_updates" (
	"id" uuid PRIMARY KEY NOT NULL,
	"project_id" uuid NOT NULL,
	"position" integer DEFAULT 0 NOT NULL,
	"iati_extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"date" date NOT NULL,
	"title_fr" text,
	"title_en" text,
	"body_fr" text,
	"body_en" text
);
--> statement-breakpoint
CREATE TABLE "projects" (
	"id" uuid PRIMARY KEY NOT NULL,
	"slug" text NOT NULL,
	"organisation_id" uuid NOT NULL,
	"iati_identifier" text NOT NULL,
	"title_fr" text,
	"title_en" text,
	"description_fr" text,
	"description_en" text,
	"objectives_fr" text,
	"objectives_en" text,
	"target_groups_fr" text,
	"target_groups_en" text,
	"activity_status" text DEFAULT '2' NOT NULL,
	"planned_start" date,
	"actual_start" date,
	"planned_end" date,
	"actual_end" date,
	"humanitarian" boolean DEFAULT false NOT NULL,
	"default_currency" text DEFAULT 'EUR' NOT NULL,
	"sdgs" text[] DEFAULT '{}'::text[] NOT NULL,
	"publication" text DEFAULT 'draft' NOT NULL,
	"published_at" timestamp with time zone,
	"iati_extra" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"countries" text[] DEFAULT '{}'::text[] NOT NULL,
	"regions" text[] DEFAULT '{}'::text[] NOT NULL,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"funder_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"partner_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"total_budget" bigint DEFAULT 0 NOT NULL,
	"needs_help" boolean DEFAULT false NOT NULL,
	"start_year" integer,
	"end_year" integer,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"search" "tsvector" GENERATED ALWAYS AS (setweight(to_tsvector('simple'::regconfig, passerelle_unaccent(coalesce(title_fr, '') || ' ' || coalesce(title_en, ''))), 'A')
        || setweight(to_tsvector('french'::regconfig, passerelle_unaccent(coalesce(description_fr, '') || ' ' || coalesce(objectives_fr, '') || ' ' || coalesce(target_groups_fr, ''))), 'B')
        || setweight(to_tsvector('english'::regconfig, passerelle_unaccent(coalesce(description_en, '') || ' ' || coalesce(objectives_en, '') || ' ' || coalesce(target_groups_en, ''))), 'B')) STORED
);
--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "totp_pending_secret" text;--> statement-breakpoint
ALTER TABLE "users" ADD COLUMN "recovery_codes" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "account_tokens" ADD CONSTRAINT "account_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "api_tokens" ADD CONSTRAINT "api_tokens_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_admissions" ADD CONSTRAINT "alliance_admissions_alliance_id_alliances_id_fk" FOREIGN KEY ("alliance_id") REFERENCES "public"."alliances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_admissions" ADD CONSTRAINT "alliance_admissions_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_charters" ADD CONSTRAINT "alliance_charters_alliance_id_alliances_id_fk" FOREIGN KEY ("alliance_id") REFERENCES "public"."alliances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_members" ADD CONSTRAINT "alliance_members_alliance_id_alliances_id_fk" FOREIGN KEY ("alliance_id") REFERENCES "public"."alliances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_members" ADD CONSTRAINT "alliance_members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_signatures" ADD CONSTRAINT "alliance_signatures_alliance_id_alliances_id_fk" FOREIGN KEY ("alliance_id") REFERENCES "public"."alliances"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_signatures" ADD CONSTRAINT "alliance_signatures_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_votes" ADD CONSTRAINT "alliance_votes_admission_id_alliance_admissions_id_fk" FOREIGN KEY ("admission_id") REFERENCES "public"."alliance_admissions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliance_votes" ADD CONSTRAINT "alliance_votes_member_organisation_id_organisations_id_fk" FOREIGN KEY ("member_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "alliances" ADD CONSTRAINT "alliances_coordinator_organisation_id_organisations_id_fk" FOREIGN KEY ("coordinator_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_documents" ADD CONSTRAINT "campaign_documents_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_links" ADD CONSTRAINT "campaign_links_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_signatories" ADD CONSTRAINT "campaign_signatories_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_signatories" ADD CONSTRAINT "campaign_signatories_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "campaign_supporters" ADD CONSTRAINT "campaign_supporters_campaign_id_campaigns_id_fk" FOREIGN KEY ("campaign_id") REFERENCES "public"."campaigns"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "event_registrations" ADD CONSTRAINT "event_registrations_event_id_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_series_id_event_series_id_fk" FOREIGN KEY ("series_id") REFERENCES "public"."event_series"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_application_documents" ADD CONSTRAINT "funding_application_documents_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_application_documents" ADD CONSTRAINT "funding_application_documents_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_call_id_funding_calls_id_fk" FOREIGN KEY ("call_id") REFERENCES "public"."funding_calls"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_applications" ADD CONSTRAINT "funding_applications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_awards" ADD CONSTRAINT "funding_awards_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_awards" ADD CONSTRAINT "funding_awards_session_id_funding_committee_sessions_id_fk" FOREIGN KEY ("session_id") REFERENCES "public"."funding_committee_sessions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_calls" ADD CONSTRAINT "funding_calls_line_id_funding_lines_id_fk" FOREIGN KEY ("line_id") REFERENCES "public"."funding_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_calls" ADD CONSTRAINT "funding_calls_funder_id_organisations_id_fk" FOREIGN KEY ("funder_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_co_applicants" ADD CONSTRAINT "funding_co_applicants_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_co_applicants" ADD CONSTRAINT "funding_co_applicants_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_committee_sessions" ADD CONSTRAINT "funding_committee_sessions_funder_id_organisations_id_fk" FOREIGN KEY ("funder_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_envelopes" ADD CONSTRAINT "funding_envelopes_funder_id_organisations_id_fk" FOREIGN KEY ("funder_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_funder_team" ADD CONSTRAINT "funding_funder_team_funder_id_organisations_id_fk" FOREIGN KEY ("funder_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_funder_team" ADD CONSTRAINT "funding_funder_team_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_line_transfers" ADD CONSTRAINT "funding_line_transfers_from_line_id_funding_lines_id_fk" FOREIGN KEY ("from_line_id") REFERENCES "public"."funding_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_line_transfers" ADD CONSTRAINT "funding_line_transfers_to_line_id_funding_lines_id_fk" FOREIGN KEY ("to_line_id") REFERENCES "public"."funding_lines"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_lines" ADD CONSTRAINT "funding_lines_envelope_id_funding_envelopes_id_fk" FOREIGN KEY ("envelope_id") REFERENCES "public"."funding_envelopes"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_payments" ADD CONSTRAINT "funding_payments_tranche_id_funding_tranches_id_fk" FOREIGN KEY ("tranche_id") REFERENCES "public"."funding_tranches"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_prequalifications" ADD CONSTRAINT "funding_prequalifications_funder_id_organisations_id_fk" FOREIGN KEY ("funder_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_prequalifications" ADD CONSTRAINT "funding_prequalifications_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_reports" ADD CONSTRAINT "funding_reports_award_id_funding_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."funding_awards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_reviews" ADD CONSTRAINT "funding_reviews_application_id_funding_applications_id_fk" FOREIGN KEY ("application_id") REFERENCES "public"."funding_applications"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_reviews" ADD CONSTRAINT "funding_reviews_reviewer_id_users_id_fk" FOREIGN KEY ("reviewer_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "funding_tranches" ADD CONSTRAINT "funding_tranches_award_id_funding_awards_id_fk" FOREIGN KEY ("award_id") REFERENCES "public"."funding_awards"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_members" ADD CONSTRAINT "network_members_network_id_networks_id_fk" FOREIGN KEY ("network_id") REFERENCES "public"."networks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "network_members" ADD CONSTRAINT "network_members_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "networks" ADD CONSTRAINT "networks_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "news_articles" ADD CONSTRAINT "news_articles_author_organisation_id_organisations_id_fk" FOREIGN KEY ("author_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_claims" ADD CONSTRAINT "organisation_claims_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_claims" ADD CONSTRAINT "organisation_claims_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_claims" ADD CONSTRAINT "organisation_claims_decided_by_users_id_fk" FOREIGN KEY ("decided_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_invitations" ADD CONSTRAINT "organisation_invitations_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_invitations" ADD CONSTRAINT "organisation_invitations_invited_by_users_id_fk" FOREIGN KEY ("invited_by") REFERENCES "public"."users"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperation_needs" ADD CONSTRAINT "cooperation_needs_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "cooperation_offers" ADD CONSTRAINT "cooperation_offers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_project_participants" ADD CONSTRAINT "joint_project_participants_joint_project_id_joint_projects_id_fk" FOREIGN KEY ("joint_project_id") REFERENCES "public"."joint_projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_project_participants" ADD CONSTRAINT "joint_project_participants_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "joint_projects" ADD CONSTRAINT "joint_projects_partnership_id_partnership_requests_id_fk" FOREIGN KEY ("partnership_id") REFERENCES "public"."partnership_requests"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_messages" ADD CONSTRAINT "partnership_messages_request_id_partnership_requests_id_fk" FOREIGN KEY ("request_id") REFERENCES "public"."partnership_requests"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_messages" ADD CONSTRAINT "partnership_messages_author_organisation_id_organisations_id_fk" FOREIGN KEY ("author_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_requests" ADD CONSTRAINT "partnership_requests_from_organisation_id_organisations_id_fk" FOREIGN KEY ("from_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_requests" ADD CONSTRAINT "partnership_requests_to_organisation_id_organisations_id_fk" FOREIGN KEY ("to_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "partnership_requests" ADD CONSTRAINT "partnership_requests_need_id_cooperation_needs_id_fk" FOREIGN KEY ("need_id") REFERENCES "public"."cooperation_needs"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_offer_events" ADD CONSTRAINT "help_offer_events_offer_id_help_offers_id_fk" FOREIGN KEY ("offer_id") REFERENCES "public"."help_offers"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_offers" ADD CONSTRAINT "help_offers_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "help_offers" ADD CONSTRAINT "help_offers_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_budgets" ADD CONSTRAINT "project_budgets_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_countries" ADD CONSTRAINT "project_countries_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_documents" ADD CONSTRAINT "project_documents_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_documents" ADD CONSTRAINT "project_documents_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_locations" ADD CONSTRAINT "project_locations_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_needs" ADD CONSTRAINT "project_needs_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_participants" ADD CONSTRAINT "project_participants_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_participants" ADD CONSTRAINT "project_participants_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_photos" ADD CONSTRAINT "project_photos_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_photos" ADD CONSTRAINT "project_photos_file_id_files_id_fk" FOREIGN KEY ("file_id") REFERENCES "public"."files"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_regions" ADD CONSTRAINT "project_regions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_results" ADD CONSTRAINT "project_results_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_sectors" ADD CONSTRAINT "project_sectors_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_transactions" ADD CONSTRAINT "project_transactions_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_transactions" ADD CONSTRAINT "project_transactions_provider_organisation_id_organisations_id_fk" FOREIGN KEY ("provider_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_transactions" ADD CONSTRAINT "project_transactions_receiver_organisation_id_organisations_id_fk" FOREIGN KEY ("receiver_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE set null ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "project_updates" ADD CONSTRAINT "project_updates_project_id_projects_id_fk" FOREIGN KEY ("project_id") REFERENCES "public"."projects"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "projects" ADD CONSTRAINT "projects_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "account_tokens_user_idx" ON "account_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "api_tokens_hash_idx" ON "api_tokens" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "api_tokens_user_idx" ON "api_tokens" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "alliance_admissions_alliance_idx" ON "alliance_admissions" USING btree ("alliance_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "alliance_charters_version_idx" ON "alliance_charters" USING btree ("alliance_id","version");--> statement-breakpoint
CREATE INDEX "alliance_members_org_idx" ON "alliance_members" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "alliances_slug_idx" ON "alliances" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "campaign_signatories_org_idx" ON "campaign_signatories" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "campaign_supporters_email_idx" ON "campaign_supporters" USING btree ("campaign_id","email");--> statement-breakpoint
CREATE INDEX "campaign_supporters_confirm_idx" ON "campaign_supporters" USING btree ("confirm_token_hash");--> statement-breakpoint
CREATE INDEX "campaign_supporters_erase_idx" ON "campaign_supporters" USING btree ("erase_token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "campaigns_slug_idx" ON "campaigns" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "event_registrations_event_idx" ON "event_registrations" USING btree ("event_id","status","seq");--> statement-breakpoint
CREATE UNIQUE INDEX "event_registrations_token_idx" ON "event_registrations" USING btree ("token_hash");--> statement-breakpoint
CREATE UNIQUE INDEX "event_registrations_active_email_idx" ON "event_registrations" USING btree ("event_id","email") WHERE status <> 'cancelled';--> statement-breakpoint
CREATE UNIQUE INDEX "event_series_slug_idx" ON "event_series" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "events_slug_idx" ON "events" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "events_starts_idx" ON "events" USING btree ("starts_at");--> statement-breakpoint
CREATE INDEX "events_series_idx" ON "events" USING btree ("series_id");--> statement-breakpoint
CREATE INDEX "events_organisers_idx" ON "events" USING gin ("organiser_ids");--> statement-breakpoint
CREATE INDEX "events_themes_idx" ON "events" USING gin ("themes");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_application_documents_key_idx" ON "funding_application_documents" USING btree ("application_id","doc_key");--> statement-breakpoint
CREATE INDEX "funding_applications_call_idx" ON "funding_applications" USING btree ("call_id","state");--> statement-breakpoint
CREATE INDEX "funding_applications_org_idx" ON "funding_applications" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "funding_applications_project_idx" ON "funding_applications" USING btree ("project_id");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_awards_application_idx" ON "funding_awards" USING btree ("application_id");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_calls_slug_idx" ON "funding_calls" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "funding_calls_closes_idx" ON "funding_calls" USING btree ("closes_at");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_envelopes_funder_year_idx" ON "funding_envelopes" USING btree ("funder_id","year","name_fr");--> statement-breakpoint
CREATE INDEX "funding_funder_team_user_idx" ON "funding_funder_team" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "funding_lines_envelope_idx" ON "funding_lines" USING btree ("envelope_id");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_payments_key_idx" ON "funding_payments" USING btree ("idempotency_key");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_payments_tranche_idx" ON "funding_payments" USING btree ("tranche_id");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_prequalifications_pair_idx" ON "funding_prequalifications" USING btree ("funder_id","organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_reports_seq_idx" ON "funding_reports" USING btree ("award_id","sequence");--> statement-breakpoint
CREATE INDEX "funding_reports_due_idx" ON "funding_reports" USING btree ("status","due_at");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_reviews_pair_idx" ON "funding_reviews" USING btree ("application_id","reviewer_id");--> statement-breakpoint
CREATE INDEX "funding_reviews_reviewer_idx" ON "funding_reviews" USING btree ("reviewer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "funding_tranches_seq_idx" ON "funding_tranches" USING btree ("award_id","sequence");--> statement-breakpoint
CREATE INDEX "network_members_org_idx" ON "network_members" USING btree ("organisation_id");--> statement-breakpoint
CREATE UNIQUE INDEX "networks_slug_idx" ON "networks" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "news_articles_slug_idx" ON "news_articles" USING btree ("slug");--> statement-breakpoint
CREATE INDEX "news_articles_published_idx" ON "news_articles" USING btree ("status","published_at");--> statement-breakpoint
CREATE INDEX "news_articles_author_idx" ON "news_articles" USING btree ("author_organisation_id");--> statement-breakpoint
CREATE INDEX "news_articles_themes_idx" ON "news_articles" USING gin ("themes");--> statement-breakpoint
CREATE INDEX "news_articles_countries_idx" ON "news_articles" USING gin ("countries");--> statement-breakpoint
CREATE INDEX "news_articles_projects_idx" ON "news_articles" USING gin ("project_ids");--> statement-breakpoint
CREATE INDEX "news_articles_campaigns_idx" ON "news_articles" USING gin ("campaign_ids");--> statement-breakpoint
CREATE INDEX "organisation_claims_status_idx" ON "organisation_claims" USING btree ("status","created_at");--> statement-breakpoint
CREATE UNIQUE INDEX "organisation_invitations_token_idx" ON "organisation_invitations" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "organisation_invitations_org_idx" ON "organisation_invitations" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "cooperation_needs_org_idx" ON "cooperation_needs" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "joint_project_participants_org_idx" ON "joint_project_participants" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "partnership_messages_request_idx" ON "partnership_messages" USING btree ("request_id","created_at");--> statement-breakpoint
CREATE INDEX "partnership_requests_to_idx" ON "partnership_requests" USING btree ("to_organisation_id","status");--> statement-breakpoint
CREATE INDEX "partnership_requests_from_idx" ON "partnership_requests" USING btree ("from_organisation_id","status");--> statement-breakpoint
CREATE INDEX "partnership_requests_ip_idx" ON "partnership_requests" USING btree ("sender_ip_hash","created_at");--> statement-breakpoint
CREATE INDEX "help_offer_events_offer_idx" ON "help_offer_events" USING btree ("offer_id","at");--> statement-breakpoint
CREATE INDEX "help_offers_organisation_idx" ON "help_offers" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "help_offers_created_idx" ON "help_offers" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "project_budgets_project_idx" ON "project_budgets" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_countries_project_idx" ON "project_countries" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_documents_project_idx" ON "project_documents" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_locations_project_idx" ON "project_locations" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_needs_project_idx" ON "project_needs" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_participants_project_idx" ON "project_participants" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_participants_organisation_idx" ON "project_participants" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "project_photos_project_idx" ON "project_photos" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_regions_project_idx" ON "project_regions" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_results_project_idx" ON "project_results" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_sectors_project_idx" ON "project_sectors" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_transactions_project_idx" ON "project_transactions" USING btree ("project_id");--> statement-breakpoint
CREATE INDEX "project_updates_project_idx" ON "project_updates" USING btree ("project_id","date");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_slug_idx" ON "projects" USING btree ("slug");--> statement-breakpoint
CREATE UNIQUE INDEX "projects_iati_identifier_idx" ON "projects" USING btree ("iati_identifier");--> statement-breakpoint
CREATE INDEX "projects_organisation_idx" ON "projects" USING btree ("organisation_id");--> statement-breakpoint
CREATE INDEX "projects_publication_idx" ON "projects" USING btree ("publication","updated_at");--> statement-breakpoint
CREATE INDEX "projects_search_idx" ON "projects" USING gin ("search");--> statement-breakpoint
CREATE INDEX "projects_countries_idx" ON "projects" USING gin ("countries");--> statement-breakpoint
CREATE INDEX "projects_regions_idx" ON "projects" USING gin ("regions");--> statement-breakpoint
CREATE INDEX "projects_themes_idx" ON "projects" USING gin ("themes");--> statement-breakpoint
CREATE INDEX "projects_funders_idx" ON "projects" USING gin ("funder_ids");--> statement-breakpoint
CREATE INDEX "projects_partners_idx" ON "projects" USING gin ("partner_ids");