CREATE TABLE "public_holidays" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"date" date NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "public_holidays_date_key" UNIQUE("date")
);
--> statement-breakpoint
CREATE TABLE "report_indicator_values" (
	"report_id" uuid NOT NULL,
	"indicator_id" uuid NOT NULL,
	"value" numeric NOT NULL,
	"kind" text DEFAULT 'estimate' NOT NULL,
	"note" text,
	CONSTRAINT "report_indicator_values_pkey" PRIMARY KEY("report_id","indicator_id"),
	CONSTRAINT "report_indicator_values_kind_check" CHECK ("report_indicator_values"."kind" in ('official', 'estimate'))
);
--> statement-breakpoint
CREATE TABLE "report_task_updates" (
	"report_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"status" text NOT NULL,
	"progress" smallint NOT NULL,
	"completed_on" date,
	"note" text,
	"evidence_url" text,
	CONSTRAINT "report_task_updates_pkey" PRIMARY KEY("report_id","task_id"),
	CONSTRAINT "report_task_updates_status_check" CHECK ("report_task_updates"."status" in ('not_started', 'in_progress', 'completed', 'cancelled')),
	CONSTRAINT "report_task_updates_progress_check" CHECK ("report_task_updates"."progress" between 0 and 100),
	CONSTRAINT "report_task_updates_completed_on_check" CHECK (("report_task_updates"."status" = 'completed') = ("report_task_updates"."completed_on" is not null))
);
--> statement-breakpoint
CREATE TABLE "report_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_name" text NOT NULL,
	"actor_agency_id" uuid,
	"request_id" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"report_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	"period" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"results" text,
	"advantages" text,
	"difficulties" text,
	"proposals" text,
	"due_on" date NOT NULL,
	"first_submitted_at" timestamp with time zone,
	"submitted_at" timestamp with time zone,
	"timeliness" text,
	"accepted_at" timestamp with time zone,
	"search_text" text GENERATED ALWAYS AS (search_fold(coalesce("reports"."results", '') || ' ' || coalesce("reports"."advantages", '') || ' ' || coalesce("reports"."difficulties", '') || ' ' || coalesce("reports"."proposals", ''))) STORED NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "reports_program_agency_period_key" UNIQUE("program_id","agency_id","period"),
	CONSTRAINT "reports_status_check" CHECK ("reports"."status" in ('draft', 'submitted', 'returned', 'accepted')),
	CONSTRAINT "reports_period_check" CHECK ("reports"."period" ~ '^[0-9]{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$'),
	CONSTRAINT "reports_timeliness_check" CHECK ("reports"."timeliness" in ('on_time', 'late')),
	CONSTRAINT "reports_submission_check" CHECK (("reports"."status" = 'draft') = ("reports"."first_submitted_at" is null) and ("reports"."first_submitted_at" is null) = ("reports"."timeliness" is null))
);
--> statement-breakpoint
CREATE TABLE "amendment_transitions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"from_status" text,
	"to_status" text NOT NULL,
	"reason" text,
	"actor_type" text NOT NULL,
	"actor_id" text,
	"actor_name" text NOT NULL,
	"actor_agency_id" uuid,
	"request_id" text,
	"occurred_at" timestamp with time zone DEFAULT now() NOT NULL,
	"amendment_id" uuid NOT NULL
);
--> statement-breakpoint
CREATE TABLE "amendments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"proposing_agency_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"task_id" uuid,
	"indicator_id" uuid,
	"change" jsonb NOT NULL,
	"base" jsonb,
	"rationale" text NOT NULL,
	"status" text DEFAULT 'proposed' NOT NULL,
	"coordinator_note" text,
	"decision_ref" text,
	"decided_at" timestamp with time zone,
	"before" jsonb,
	"after" jsonb,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "amendments_kind_check" CHECK ("amendments"."kind" in ('add_task', 'change_task_deadline', 'change_task_lead', 'change_task_supporters', 'cancel_task', 'change_indicator_target')),
	CONSTRAINT "amendments_status_check" CHECK ("amendments"."status" in ('proposed', 'recommended', 'declined', 'approved', 'rejected')),
	CONSTRAINT "amendments_target_check" CHECK (case "amendments"."kind" when 'add_task' then "amendments"."task_id" is null and "amendments"."indicator_id" is null
        when 'change_indicator_target' then "amendments"."indicator_id" is not null and "amendments"."task_id" is null
        else "amendments"."task_id" is not null and "amendments"."indicator_id" is null end),
	CONSTRAINT "amendments_decision_check" CHECK (("amendments"."status" in ('approved', 'rejected')) = ("amendments"."decision_ref" is not null))
);
--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "reporting_period_kinds" text[] DEFAULT '{annual}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "programs" ADD COLUMN "report_deadline_working_days" integer DEFAULT 5 NOT NULL;--> statement-breakpoint
ALTER TABLE "report_indicator_values" ADD CONSTRAINT "report_indicator_values_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_indicator_values" ADD CONSTRAINT "report_indicator_values_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_task_updates" ADD CONSTRAINT "report_task_updates_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_task_updates" ADD CONSTRAINT "report_task_updates_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "report_transitions" ADD CONSTRAINT "report_transitions_report_id_reports_id_fk" FOREIGN KEY ("report_id") REFERENCES "public"."reports"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "reports" ADD CONSTRAINT "reports_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendment_transitions" ADD CONSTRAINT "amendment_transitions_amendment_id_amendments_id_fk" FOREIGN KEY ("amendment_id") REFERENCES "public"."amendments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_proposing_agency_id_agencies_id_fk" FOREIGN KEY ("proposing_agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "amendments" ADD CONSTRAINT "amendments_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "report_indicator_values_indicator_idx" ON "report_indicator_values" USING btree ("indicator_id");--> statement-breakpoint
CREATE INDEX "report_task_updates_task_idx" ON "report_task_updates" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "report_transitions_report_idx" ON "report_transitions" USING btree ("report_id","id");--> statement-breakpoint
CREATE INDEX "reports_program_period_idx" ON "reports" USING btree ("program_id","period","agency_id");--> statement-breakpoint
CREATE INDEX "reports_agency_idx" ON "reports" USING btree ("agency_id","period","id");--> statement-breakpoint
CREATE INDEX "reports_search_idx" ON "reports" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "amendment_transitions_amendment_idx" ON "amendment_transitions" USING btree ("amendment_id","id");--> statement-breakpoint
CREATE INDEX "amendments_program_idx" ON "amendments" USING btree ("program_id","created_at","id");--> statement-breakpoint
CREATE INDEX "amendments_task_idx" ON "amendments" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "amendments_indicator_idx" ON "amendments" USING btree ("indicator_id");--> statement-breakpoint
CREATE INDEX "amendments_agency_idx" ON "amendments" USING btree ("proposing_agency_id");--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_reporting_check" CHECK (cardinality("programs"."reporting_period_kinds") between 1 and 4 and "programs"."reporting_period_kinds" <@ array['annual', 'half_year', 'quarter', 'month']::text[]
        and "programs"."report_deadline_working_days" between 1 and 60);