CREATE TABLE "job_files" (
	"municipality_id" uuid NOT NULL,
	"job_id" uuid NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "job_files_municipality_id_job_id_pk" PRIMARY KEY("municipality_id","job_id")
);
--> statement-breakpoint
ALTER TABLE "job_files" ADD CONSTRAINT "job_files_municipality_id_job_id_jobs_municipality_id_id_fk" FOREIGN KEY ("municipality_id","job_id") REFERENCES "public"."jobs"("municipality_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "job_files_created_idx" ON "job_files" USING btree ("municipality_id","created_at");