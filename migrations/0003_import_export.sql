CREATE TABLE "export_layouts" (
	"municipality_id" uuid NOT NULL,
	"plan_id" uuid NOT NULL,
	"layout" jsonb NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "export_layouts_municipality_id_plan_id_pk" PRIMARY KEY("municipality_id","plan_id")
);
--> statement-breakpoint
CREATE TABLE "import_mappings" (
	"municipality_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid,
	"name" text NOT NULL,
	"mapping" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "import_mappings_municipality_id_id_pk" PRIMARY KEY("municipality_id","id")
);
--> statement-breakpoint
CREATE TABLE "jobs" (
	"municipality_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"kind" text NOT NULL,
	"state" text NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"total" integer DEFAULT 0 NOT NULL,
	"message" text DEFAULT '' NOT NULL,
	"result" jsonb,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "jobs_municipality_id_id_pk" PRIMARY KEY("municipality_id","id")
);
--> statement-breakpoint
ALTER TABLE "export_layouts" ADD CONSTRAINT "export_layouts_municipality_id_plan_id_plans_municipality_id_id_fk" FOREIGN KEY ("municipality_id","plan_id") REFERENCES "public"."plans"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "import_mappings" ADD CONSTRAINT "import_mappings_municipality_id_plan_id_plans_municipality_id_id_fk" FOREIGN KEY ("municipality_id","plan_id") REFERENCES "public"."plans"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "import_mappings_name_uq" ON "import_mappings" USING btree ("municipality_id","name");