CREATE TABLE "raw"."cores" (
	"id" text PRIMARY KEY NOT NULL,
	"serial" text NOT NULL,
	"block" integer,
	"status" text NOT NULL,
	"reuse_count" integer NOT NULL,
	"rtls_attempts" integer NOT NULL,
	"rtls_landings" integer NOT NULL,
	"asds_attempts" integer NOT NULL,
	"asds_landings" integer NOT NULL,
	"last_update" text,
	"launches" jsonb NOT NULL,
	"source" jsonb NOT NULL,
	"source_sha256" text NOT NULL,
	"ingest_run_id" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw"."rejected_records" (
	"ingest_run_id" text NOT NULL,
	"entity" text NOT NULL,
	"position" integer NOT NULL,
	"record_id" text,
	"label" text,
	"source" jsonb NOT NULL,
	"issues" jsonb NOT NULL,
	CONSTRAINT "rejected_records_pkey" PRIMARY KEY("ingest_run_id","entity","position")
);
--> statement-breakpoint
DROP MATERIALIZED VIEW "mart"."core_flights";--> statement-breakpoint
DROP MATERIALIZED VIEW "mart"."core_usage";--> statement-breakpoint
ALTER TABLE "raw"."cores" ADD CONSTRAINT "cores_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "raw"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw"."rejected_records" ADD CONSTRAINT "rejected_records_ingest_run_id_fkey" FOREIGN KEY ("ingest_run_id") REFERENCES "raw"."ingest_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE VIEW "staging"."cores" AS (
select
  "raw"."cores"."id" as core_id,
  "raw"."cores"."serial" as core_serial,
  "raw"."cores"."block" as core_block,
  "raw"."cores"."status" as core_status,
  "raw"."cores"."reuse_count" as reuse_count,
  "raw"."cores"."rtls_attempts" as rtls_attempts,
  "raw"."cores"."rtls_landings" as rtls_landings,
  "raw"."cores"."asds_attempts" as asds_attempts,
  "raw"."cores"."asds_landings" as asds_landings,
  "raw"."cores"."last_update" as last_update
from "raw"."cores");--> statement-breakpoint
CREATE MATERIALIZED VIEW "mart"."core_flights" AS (
with flights as (
  select
    cores.core_id,
    entity.core_serial,
    entity.core_block,
    entity.core_status,
    launches.launch_id,
    launches.launch_name,
    launches.launched_at,
    (row_number() over core_history)::integer as flight_order,
    lag(launches.launch_id) over core_history as previous_launch_id,
    lag(launches.launch_name) over core_history as previous_launch_name,
    lag(launches.launched_at) over core_history as previous_launched_at
  from "staging"."launch_cores" as cores
  join "staging"."launches" as launches on launches.launch_id = cores.launch_id
  left join "staging"."cores" as entity on entity.core_id = cores.core_id
  where not launches.is_upcoming
    and cores.core_id is not null
  window core_history as (partition by cores.core_id order by launches.launched_at, launches.launch_id)
)
select
  flights.*,
  (extract(epoch from launched_at) - extract(epoch from previous_launched_at))::double precision
    as seconds_since_previous,
  ((extract(epoch from launched_at) - extract(epoch from previous_launched_at)) / 86400)::double precision
    as days_since_previous
from flights);--> statement-breakpoint
CREATE MATERIALIZED VIEW "mart"."core_usage" AS (
select
  cores.core_id,
  entity.core_serial,
  entity.core_block,
  entity.core_status,
  count(*)::integer as uses,
  min(launches.launched_at) as first_launched_at,
  max(launches.launched_at) as last_launched_at
from "staging"."launch_cores" as cores
join "staging"."launches" as launches on launches.launch_id = cores.launch_id
left join "staging"."cores" as entity on entity.core_id = cores.core_id
where not launches.is_upcoming
  and cores.core_id is not null
group by cores.core_id, entity.core_serial, entity.core_block, entity.core_status);--> statement-breakpoint
-- Recreating the two core views dropped their indexes (see 0001): recreated here.
CREATE UNIQUE INDEX "core_flights_core_launch_key" ON "mart"."core_flights" ("core_id", "launch_id");--> statement-breakpoint
CREATE INDEX "core_flights_gap_idx" ON "mart"."core_flights" ("seconds_since_previous");--> statement-breakpoint
CREATE UNIQUE INDEX "core_usage_core_key" ON "mart"."core_usage" ("core_id");--> statement-breakpoint
CREATE INDEX "core_usage_uses_idx" ON "mart"."core_usage" ("uses");
