CREATE TABLE "agencies" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"short_name" text,
	"kind" text NOT NULL,
	"parent_id" uuid,
	"search_text" text GENERATED ALWAYS AS (search_fold("agencies"."code" || ' ' || "agencies"."name" || ' ' || coalesce("agencies"."short_name", ''))) STORED NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agencies_code_key" UNIQUE("code"),
	CONSTRAINT "agencies_kind_check" CHECK ("agencies"."kind" in ('peoples_committee', 'chairman', 'peoples_council', 'department', 'board', 'office', 'district_peoples_committee', 'party_committee', 'party_body', 'fatherland_front', 'central_agency')),
	CONSTRAINT "agencies_parent_not_self_check" CHECK ("agencies"."parent_id" <> "agencies"."id")
);
--> statement-breakpoint
CREATE TABLE "agency_group_members" (
	"group_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	CONSTRAINT "agency_group_members_pkey" PRIMARY KEY("group_id","agency_id")
);
--> statement-breakpoint
CREATE TABLE "agency_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "agency_groups_code_key" UNIQUE("code")
);
--> statement-breakpoint
CREATE TABLE "indicator_values" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"indicator_id" uuid NOT NULL,
	"period" text NOT NULL,
	"value" numeric NOT NULL,
	"kind" text DEFAULT 'official' NOT NULL,
	"agency_id" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicator_values_indicator_period_kind_key" UNIQUE("indicator_id","period","kind"),
	CONSTRAINT "indicator_values_kind_check" CHECK ("indicator_values"."kind" in ('official', 'estimate')),
	CONSTRAINT "indicator_values_period_check" CHECK ("indicator_values"."period" ~ '^[0-9]{4}(-(H[12]|Q[1-4]|0[1-9]|1[0-2]))?$')
);
--> statement-breakpoint
CREATE TABLE "indicators" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"parent_id" uuid,
	"code" text NOT NULL,
	"position" integer NOT NULL,
	"category" text NOT NULL,
	"name" text NOT NULL,
	"unit" text,
	"direction" text NOT NULL,
	"target_comparator" text,
	"target_lower" numeric,
	"target_upper" numeric,
	"target_text" text,
	"basis" text,
	"target_year" integer,
	"baseline_value" numeric,
	"baseline_year" integer,
	"responsible_agency_id" uuid,
	"source_text" text,
	"notes" text,
	"search_text" text GENERATED ALWAYS AS (search_fold("indicators"."code" || ' ' || "indicators"."name")) STORED NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "indicators_program_code_key" UNIQUE("program_id","code"),
	CONSTRAINT "indicators_id_program_key" UNIQUE("id","program_id"),
	CONSTRAINT "indicators_parent_not_self_check" CHECK ("indicators"."parent_id" <> "indicators"."id"),
	CONSTRAINT "indicators_category_check" CHECK ("indicators"."category" in ('economic', 'social', 'environment', 'defence_security')),
	CONSTRAINT "indicators_direction_check" CHECK ("indicators"."direction" in ('higher_is_better', 'lower_is_better', 'closer_is_better')),
	CONSTRAINT "indicators_basis_check" CHECK ("indicators"."basis" in ('period_average', 'by_year', 'each_year')),
	CONSTRAINT "indicators_comparator_check" CHECK ("indicators"."target_comparator" in ('between', 'gte', 'gt', 'lte', 'lt', 'eq')),
	CONSTRAINT "indicators_target_check" CHECK (coalesce(case
        when "indicators"."target_comparator" is null then "indicators"."target_lower" is null and "indicators"."target_upper" is null and "indicators"."basis" is null
        when "indicators"."basis" is null then false
        when "indicators"."target_comparator" = 'between' then "indicators"."target_lower" <= "indicators"."target_upper"
        when "indicators"."target_comparator" in ('gte', 'gt') then "indicators"."target_lower" is not null and "indicators"."target_upper" is null
        when "indicators"."target_comparator" in ('lte', 'lt') then "indicators"."target_upper" is not null and "indicators"."target_lower" is null
        when "indicators"."target_comparator" = 'eq' then "indicators"."target_lower" = "indicators"."target_upper"
        else false end, false)),
	CONSTRAINT "indicators_target_year_check" CHECK ("indicators"."basis" is distinct from 'by_year' or "indicators"."target_year" is not null),
	CONSTRAINT "indicators_years_check" CHECK ("indicators"."target_year" between 1900 and 2200 and "indicators"."baseline_year" between 1900 and 2200),
	CONSTRAINT "indicators_baseline_check" CHECK (("indicators"."baseline_value" is null) = ("indicators"."baseline_year" is null))
);
--> statement-breakpoint
CREATE TABLE "programs" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"resolution" text,
	"issuer_agency_id" uuid,
	"coordinator_agency_id" uuid,
	"issued_on" date,
	"start_year" integer NOT NULL,
	"end_year" integer NOT NULL,
	"signed_by" text,
	"summary" text,
	"search_text" text GENERATED ALWAYS AS (search_fold("programs"."code" || ' ' || "programs"."title")) STORED NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "programs_code_key" UNIQUE("code"),
	CONSTRAINT "programs_years_check" CHECK ("programs"."start_year" between 1900 and 2200 and "programs"."end_year" between "programs"."start_year" and 2200)
);
--> statement-breakpoint
CREATE TABLE "task_groups" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"position" integer NOT NULL,
	"appendix_section" text,
	"appendix_title" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "task_groups_program_code_key" UNIQUE("program_id","code"),
	CONSTRAINT "task_groups_program_section_key" UNIQUE("program_id","appendix_section"),
	CONSTRAINT "task_groups_id_program_key" UNIQUE("id","program_id")
);
--> statement-breakpoint
CREATE TABLE "task_supporters" (
	"task_id" uuid NOT NULL,
	"position" integer NOT NULL,
	"agency_id" uuid,
	"agency_group_id" uuid,
	CONSTRAINT "task_supporters_pkey" PRIMARY KEY("task_id","position"),
	CONSTRAINT "task_supporters_agency_key" UNIQUE("task_id","agency_id"),
	CONSTRAINT "task_supporters_group_key" UNIQUE("task_id","agency_group_id"),
	CONSTRAINT "task_supporters_one_target_check" CHECK (num_nonnulls("task_supporters"."agency_id", "task_supporters"."agency_group_id") = 1)
);
--> statement-breakpoint
CREATE TABLE "tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"program_id" uuid NOT NULL,
	"group_id" uuid NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"kind" text NOT NULL,
	"lead_agency_id" uuid NOT NULL,
	"supporting_text" text,
	"deadline_kind" text NOT NULL,
	"deadline_from_year" integer,
	"deadline_to_year" integer,
	"deadline_text" text,
	"is_key" boolean DEFAULT false NOT NULL,
	"status" text DEFAULT 'not_started' NOT NULL,
	"progress" smallint DEFAULT 0 NOT NULL,
	"completed_on" date,
	"search_text" text GENERATED ALWAYS AS (search_fold("tasks"."code" || ' ' || "tasks"."title")) STORED NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tasks_program_code_key" UNIQUE("program_id","code"),
	CONSTRAINT "tasks_kind_check" CHECK ("tasks"."kind" in ('program', 'scheme', 'plan', 'report', 'master_plan', 'adjustment')),
	CONSTRAINT "tasks_status_check" CHECK ("tasks"."status" in ('not_started', 'in_progress', 'completed', 'cancelled')),
	CONSTRAINT "tasks_deadline_kind_check" CHECK ("tasks"."deadline_kind" in ('year', 'year_range', 'annually', 'event')),
	CONSTRAINT "tasks_deadline_years_check" CHECK (coalesce(case "tasks"."deadline_kind"
        when 'year' then "tasks"."deadline_to_year" = "tasks"."deadline_from_year"
        when 'year_range' then "tasks"."deadline_to_year" > "tasks"."deadline_from_year"
        when 'annually' then "tasks"."deadline_to_year" >= "tasks"."deadline_from_year"
        else "tasks"."deadline_from_year" is null and "tasks"."deadline_to_year" is null end, false)),
	CONSTRAINT "tasks_progress_check" CHECK ("tasks"."progress" between 0 and 100),
	CONSTRAINT "tasks_completed_on_check" CHECK (("tasks"."status" = 'completed') = ("tasks"."completed_on" is not null))
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_parent_id_agencies_id_fk" FOREIGN KEY ("parent_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_group_members" ADD CONSTRAINT "agency_group_members_group_id_agency_groups_id_fk" FOREIGN KEY ("group_id") REFERENCES "public"."agency_groups"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "agency_group_members" ADD CONSTRAINT "agency_group_members_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_indicator_id_indicators_id_fk" FOREIGN KEY ("indicator_id") REFERENCES "public"."indicators"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicator_values" ADD CONSTRAINT "indicator_values_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_responsible_agency_id_agencies_id_fk" FOREIGN KEY ("responsible_agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "indicators" ADD CONSTRAINT "indicators_parent_fkey" FOREIGN KEY ("parent_id","program_id") REFERENCES "public"."indicators"("id","program_id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_issuer_agency_id_agencies_id_fk" FOREIGN KEY ("issuer_agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "programs" ADD CONSTRAINT "programs_coordinator_agency_id_agencies_id_fk" FOREIGN KEY ("coordinator_agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_groups" ADD CONSTRAINT "task_groups_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_supporters" ADD CONSTRAINT "task_supporters_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_supporters" ADD CONSTRAINT "task_supporters_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "task_supporters" ADD CONSTRAINT "task_supporters_agency_group_id_agency_groups_id_fk" FOREIGN KEY ("agency_group_id") REFERENCES "public"."agency_groups"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_program_id_programs_id_fk" FOREIGN KEY ("program_id") REFERENCES "public"."programs"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_lead_agency_id_agencies_id_fk" FOREIGN KEY ("lead_agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tasks" ADD CONSTRAINT "tasks_group_fkey" FOREIGN KEY ("group_id","program_id") REFERENCES "public"."task_groups"("id","program_id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "agencies_parent_idx" ON "agencies" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "agencies_search_idx" ON "agencies" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "agency_group_members_agency_idx" ON "agency_group_members" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "indicator_values_indicator_idx" ON "indicator_values" USING btree ("indicator_id","period","id");--> statement-breakpoint
CREATE INDEX "indicators_program_position_idx" ON "indicators" USING btree ("program_id","position","id");--> statement-breakpoint
CREATE INDEX "indicators_parent_idx" ON "indicators" USING btree ("parent_id");--> statement-breakpoint
CREATE INDEX "indicators_search_idx" ON "indicators" USING gin ("search_text" gin_trgm_ops);--> statement-breakpoint
CREATE INDEX "task_supporters_agency_idx" ON "task_supporters" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "task_supporters_group_idx" ON "task_supporters" USING btree ("agency_group_id");--> statement-breakpoint
CREATE INDEX "tasks_program_code_idx" ON "tasks" USING btree ("program_id","code","id");--> statement-breakpoint
CREATE INDEX "tasks_group_idx" ON "tasks" USING btree ("group_id");--> statement-breakpoint
CREATE INDEX "tasks_lead_agency_idx" ON "tasks" USING btree ("lead_agency_id","code","id");--> statement-breakpoint
CREATE INDEX "tasks_code_idx" ON "tasks" USING btree ("code","id");--> statement-breakpoint
CREATE INDEX "tasks_search_idx" ON "tasks" USING gin ("search_text" gin_trgm_ops);