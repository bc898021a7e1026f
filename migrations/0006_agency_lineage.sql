CREATE TABLE "lineage_event_agencies" (
	"event_id" uuid NOT NULL,
	"role" text NOT NULL,
	"position" integer NOT NULL,
	"agency_id" uuid NOT NULL,
	CONSTRAINT "lineage_event_agencies_pkey" PRIMARY KEY("event_id","role","position"),
	CONSTRAINT "lineage_event_agencies_role_check" CHECK ("lineage_event_agencies"."role" in ('predecessor', 'successor'))
);
--> statement-breakpoint
CREATE TABLE "lineage_events" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"effective_on" date NOT NULL,
	"legal_basis" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "lineage_events_kind_check" CHECK ("lineage_events"."kind" in ('rename', 'merge', 'split', 'abolish'))
);
--> statement-breakpoint
CREATE TABLE "lineage_task_assignments" (
	"event_id" uuid NOT NULL,
	"task_id" uuid NOT NULL,
	"agency_id" uuid NOT NULL,
	CONSTRAINT "lineage_task_assignments_pkey" PRIMARY KEY("event_id","task_id")
);
--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "valid_from" date;--> statement-breakpoint
ALTER TABLE "agencies" ADD COLUMN "valid_to" date;--> statement-breakpoint
ALTER TABLE "lineage_event_agencies" ADD CONSTRAINT "lineage_event_agencies_event_id_lineage_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."lineage_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_event_agencies" ADD CONSTRAINT "lineage_event_agencies_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_task_assignments" ADD CONSTRAINT "lineage_task_assignments_event_id_lineage_events_id_fk" FOREIGN KEY ("event_id") REFERENCES "public"."lineage_events"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_task_assignments" ADD CONSTRAINT "lineage_task_assignments_task_id_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."tasks"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "lineage_task_assignments" ADD CONSTRAINT "lineage_task_assignments_agency_id_agencies_id_fk" FOREIGN KEY ("agency_id") REFERENCES "public"."agencies"("id") ON DELETE restrict ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "lineage_event_agencies_agency_idx" ON "lineage_event_agencies" USING btree ("agency_id");--> statement-breakpoint
CREATE INDEX "lineage_events_effective_idx" ON "lineage_events" USING btree ("effective_on","id");--> statement-breakpoint
CREATE INDEX "lineage_task_assignments_task_idx" ON "lineage_task_assignments" USING btree ("task_id");--> statement-breakpoint
ALTER TABLE "agencies" ADD CONSTRAINT "agencies_validity_check" CHECK ("agencies"."valid_from" <= "agencies"."valid_to");