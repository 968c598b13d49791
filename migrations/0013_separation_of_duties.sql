ALTER TABLE "municipalities" ADD COLUMN "allow_self_approval" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "reports" ADD COLUMN "last_writer" text DEFAULT '' NOT NULL;--> statement-breakpoint
-- A report awaiting approval was last written by whoever submitted it (updated_by); later states need no writer.
UPDATE "reports" SET "last_writer" = "updated_by" WHERE "state" = 'submitted';
