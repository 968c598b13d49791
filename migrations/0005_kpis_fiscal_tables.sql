CREATE TABLE "fiscal_table_rows" (
	"municipality_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"table_id" uuid NOT NULL,
	"sort_order" integer NOT NULL,
	"section" text DEFAULT '' NOT NULL,
	"label" text NOT NULL,
	"row_kind" text DEFAULT 'item' NOT NULL,
	CONSTRAINT "fiscal_table_rows_municipality_id_id_pk" PRIMARY KEY("municipality_id","id")
);
--> statement-breakpoint
CREATE TABLE "fiscal_table_values" (
	"municipality_id" uuid NOT NULL,
	"row_id" uuid NOT NULL,
	"fiscal_year" integer NOT NULL,
	"kind" text DEFAULT 'plan' NOT NULL,
	"value" bigint NOT NULL,
	CONSTRAINT "fiscal_table_values_municipality_id_row_id_fiscal_year_kind_pk" PRIMARY KEY("municipality_id","row_id","fiscal_year","kind")
);
--> statement-breakpoint
CREATE TABLE "fiscal_tables" (
	"municipality_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"value_kind" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"scale" integer DEFAULT 0 NOT NULL,
	"first_fiscal_year" integer NOT NULL,
	"last_fiscal_year" integer NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"source" text DEFAULT '' NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fiscal_tables_municipality_id_id_pk" PRIMARY KEY("municipality_id","id")
);
--> statement-breakpoint
CREATE TABLE "kpi_values" (
	"municipality_id" uuid NOT NULL,
	"kpi_id" uuid NOT NULL,
	"fiscal_year" integer NOT NULL,
	"kind" text NOT NULL,
	"value" bigint NOT NULL,
	"note" text DEFAULT '' NOT NULL,
	"recorded_by" text NOT NULL,
	"recorded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_values_municipality_id_kpi_id_fiscal_year_kind_pk" PRIMARY KEY("municipality_id","kpi_id","fiscal_year","kind")
);
--> statement-breakpoint
CREATE TABLE "kpis" (
	"municipality_id" uuid NOT NULL,
	"id" uuid DEFAULT gen_random_uuid() NOT NULL,
	"plan_id" uuid NOT NULL,
	"node_id" uuid,
	"category" text DEFAULT '' NOT NULL,
	"number" text DEFAULT '' NOT NULL,
	"sort_order" integer DEFAULT 0 NOT NULL,
	"name" text NOT NULL,
	"unit" text DEFAULT '' NOT NULL,
	"scale" integer DEFAULT 0 NOT NULL,
	"bound" text NOT NULL,
	"baseline_fiscal_year" integer,
	"baseline_value" bigint,
	"baseline_note" text DEFAULT '' NOT NULL,
	"target_fiscal_year" integer,
	"target_value" bigint,
	"target_label" text DEFAULT '' NOT NULL,
	"description" text DEFAULT '' NOT NULL,
	"department_id" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpis_municipality_id_id_pk" PRIMARY KEY("municipality_id","id")
);
--> statement-breakpoint
ALTER TABLE "fiscal_table_rows" ADD CONSTRAINT "fiscal_table_rows_municipality_id_table_id_fiscal_tables_municipality_id_id_fk" FOREIGN KEY ("municipality_id","table_id") REFERENCES "public"."fiscal_tables"("municipality_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fiscal_table_values" ADD CONSTRAINT "fiscal_table_values_municipality_id_row_id_fiscal_table_rows_municipality_id_id_fk" FOREIGN KEY ("municipality_id","row_id") REFERENCES "public"."fiscal_table_rows"("municipality_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fiscal_tables" ADD CONSTRAINT "fiscal_tables_municipality_id_plan_id_plans_municipality_id_id_fk" FOREIGN KEY ("municipality_id","plan_id") REFERENCES "public"."plans"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpi_values" ADD CONSTRAINT "kpi_values_municipality_id_kpi_id_kpis_municipality_id_id_fk" FOREIGN KEY ("municipality_id","kpi_id") REFERENCES "public"."kpis"("municipality_id","id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_municipality_id_plan_id_plans_municipality_id_id_fk" FOREIGN KEY ("municipality_id","plan_id") REFERENCES "public"."plans"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_municipality_id_node_id_plan_nodes_municipality_id_id_fk" FOREIGN KEY ("municipality_id","node_id") REFERENCES "public"."plan_nodes"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "kpis" ADD CONSTRAINT "kpis_municipality_id_department_id_departments_municipality_id_id_fk" FOREIGN KEY ("municipality_id","department_id") REFERENCES "public"."departments"("municipality_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fiscal_table_rows_table_idx" ON "fiscal_table_rows" USING btree ("municipality_id","table_id","sort_order");--> statement-breakpoint
CREATE INDEX "fiscal_tables_plan_idx" ON "fiscal_tables" USING btree ("municipality_id","plan_id","sort_order");--> statement-breakpoint
CREATE INDEX "kpis_plan_idx" ON "kpis" USING btree ("municipality_id","plan_id","sort_order");