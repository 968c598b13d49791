CREATE TABLE "publications" (
	"municipality_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"subject_kind" text NOT NULL,
	"subject_id" uuid NOT NULL,
	"fiscal_year" integer NOT NULL,
	"plan_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"state" text NOT NULL,
	"title" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"changes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"correction" text DEFAULT '' NOT NULL,
	"reason" text DEFAULT '' NOT NULL,
	"unaccepted" text,
	"unaccepted_count" integer DEFAULT 0 NOT NULL,
	"published_at" timestamp with time zone NOT NULL,
	"published_by" text NOT NULL,
	"withdrawn_at" timestamp with time zone,
	"withdrawn_by" text DEFAULT '' NOT NULL,
	"withdraw_reason" text DEFAULT '' NOT NULL,
	CONSTRAINT "publications_municipality_id_id_pk" PRIMARY KEY("municipality_id","id")
);
--> statement-breakpoint
ALTER TABLE "rounds" ADD COLUMN "published_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "publications" ADD CONSTRAINT "publications_municipality_id_plan_id_plans_municipality_id_id_fk" FOREIGN KEY ("municipality_id","plan_id") REFERENCES "public"."plans"("municipality_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "publications_subject_seq" ON "publications" USING btree ("municipality_id","subject_kind","subject_id","fiscal_year","seq");--> statement-breakpoint
CREATE INDEX "publications_state_idx" ON "publications" USING btree ("municipality_id","state","subject_kind");--> statement-breakpoint
CREATE INDEX "audit_log_at_idx" ON "audit_log" USING btree ("municipality_id","at");