ALTER TABLE "opinions" ADD COLUMN "return_comment" text DEFAULT '' NOT NULL;--> statement-breakpoint
ALTER TABLE "report_events" ADD COLUMN "seq" bigserial NOT NULL;