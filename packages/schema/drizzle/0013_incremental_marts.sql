-- The marts become tables each ingest run keeps right by key inside its transaction (a refresh
-- of a materialized view recomputed everything under a lock any open reader held up). The views
-- go first: the tables take their names. The tables are then filled from staging, with the
-- queries the ingest keeps them by, so a database migrated here answers as before.
DROP MATERIALIZED VIEW "mart"."core_usage";--> statement-breakpoint
DROP MATERIALIZED VIEW "mart"."core_flights";--> statement-breakpoint
DROP MATERIALIZED VIEW "mart"."crew_flights";--> statement-breakpoint
DROP MATERIALIZED VIEW "mart"."monthly_launches";--> statement-breakpoint
CREATE TABLE "mart"."core_flights" (
	"core_id" text NOT NULL,
	"core_serial" text,
	"core_block" integer,
	"core_status" text,
	"launch_id" text NOT NULL,
	"launch_name" text NOT NULL,
	"launched_at" timestamp with time zone NOT NULL,
	"rocket_name" text,
	"launchpad_name" text,
	"flight_order" integer NOT NULL,
	"previous_launch_id" text,
	"previous_launch_name" text,
	"previous_launched_at" timestamp with time zone,
	"seconds_since_previous" double precision,
	"days_since_previous" double precision,
	CONSTRAINT "core_flights_pkey" PRIMARY KEY("core_id","launch_id")
);
--> statement-breakpoint
CREATE TABLE "mart"."core_usage" (
	"core_id" text PRIMARY KEY NOT NULL,
	"core_serial" text,
	"core_block" integer,
	"core_status" text,
	"uses" integer NOT NULL,
	"first_launched_at" timestamp with time zone NOT NULL,
	"last_launched_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "mart"."crew_flights" (
	"crew_id" text NOT NULL,
	"crew_name" text,
	"agency" text,
	"crew_role" text NOT NULL,
	"launch_id" text NOT NULL,
	"launch_name" text NOT NULL,
	"launched_at" timestamp with time zone NOT NULL,
	CONSTRAINT "crew_flights_pkey" PRIMARY KEY("crew_id","launch_id")
);
--> statement-breakpoint
CREATE TABLE "mart"."monthly_launches" (
	"month" text PRIMARY KEY NOT NULL,
	"launches" integer NOT NULL,
	"launch_names" jsonb NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw"."record_history" (
	"entity" text NOT NULL,
	"record_id" text NOT NULL,
	"valid_from_run" text NOT NULL,
	"valid_to_run" text NOT NULL,
	"ended_by" text NOT NULL,
	"source" jsonb NOT NULL,
	"source_sha256" text,
	CONSTRAINT "record_history_pkey" PRIMARY KEY("valid_to_run","entity","record_id")
);
--> statement-breakpoint
ALTER TABLE "raw"."record_history" ADD CONSTRAINT "record_history_valid_from_run_ingest_runs_id_fk" FOREIGN KEY ("valid_from_run") REFERENCES "raw"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw"."record_history" ADD CONSTRAINT "record_history_valid_to_run_ingest_runs_id_fk" FOREIGN KEY ("valid_to_run") REFERENCES "raw"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "core_flights_gap_idx" ON "mart"."core_flights" USING btree ("seconds_since_previous");--> statement-breakpoint
CREATE INDEX "core_usage_uses_idx" ON "mart"."core_usage" USING btree ("uses");--> statement-breakpoint
CREATE INDEX "monthly_launches_launches_idx" ON "mart"."monthly_launches" USING btree ("launches");--> statement-breakpoint
CREATE INDEX "record_history_record_idx" ON "raw"."record_history" USING btree ("entity","record_id");--> statement-breakpoint
CREATE VIEW "staging"."record_history" AS (
select
  "raw"."record_history"."entity" as entity,
  "raw"."record_history"."record_id" as record_id,
  "raw"."record_history"."ended_by" as ended_by,
  "raw"."record_history"."valid_from_run" as valid_from_run_id,
  "raw"."record_history"."valid_to_run" as valid_to_run_id,
  written.finished_at as valid_from,
  ended.finished_at as valid_to,
  "raw"."record_history"."source" as source
from "raw"."record_history"
join "raw"."ingest_runs" as written on written.id = "raw"."record_history"."valid_from_run"
join "raw"."ingest_runs" as ended on ended.id = "raw"."record_history"."valid_to_run");--> statement-breakpoint
INSERT INTO "mart"."core_flights" ("core_id", "core_serial", "core_block", "core_status", "launch_id", "launch_name", "launched_at", "rocket_name", "launchpad_name", "flight_order", "previous_launch_id", "previous_launch_name", "previous_launched_at", "seconds_since_previous", "days_since_previous")
with flights as (
  select
    cores.core_id,
    entity.core_serial,
    entity.core_block,
    entity.core_status,
    launches.launch_id,
    launches.launch_name,
    launches.launched_at,
    rockets.rocket_name,
    launchpads.launchpad_name,
    (row_number() over core_history)::integer as flight_order,
    lag(launches.launch_id) over core_history as previous_launch_id,
    lag(launches.launch_name) over core_history as previous_launch_name,
    lag(launches.launched_at) over core_history as previous_launched_at
  from "staging"."launch_cores" as cores
  join "staging"."launches" as launches on launches.launch_id = cores.launch_id
  left join "staging"."cores" as entity on entity.core_id = cores.core_id
  left join "staging"."rockets" as rockets on rockets.rocket_id = launches.rocket_id
  left join "staging"."launchpads" as launchpads on launchpads.launchpad_id = launches.launchpad_id
  where not launches.is_upcoming
    and cores.core_id is not null
  window core_history as (
    partition by cores.core_id collate "C"
    order by launches.launched_at, launches.launch_id collate "C"
  )
)
select
  flights.*,
  extract(epoch from launched_at - previous_launched_at)::double precision
    as seconds_since_previous,
  (extract(epoch from launched_at - previous_launched_at) / 86400)::double precision
    as days_since_previous
from flights;--> statement-breakpoint
INSERT INTO "mart"."core_usage" ("core_id", "core_serial", "core_block", "core_status", "uses", "first_launched_at", "last_launched_at")
select
  core_id,
  core_serial,
  core_block,
  core_status,
  count(*)::integer as uses,
  min(launched_at) as first_launched_at,
  max(launched_at) as last_launched_at
from "mart"."core_flights"
where true
group by core_id, core_serial, core_block, core_status;--> statement-breakpoint
INSERT INTO "mart"."crew_flights" ("crew_id", "crew_name", "agency", "crew_role", "launch_id", "launch_name", "launched_at")
select
  members.crew_id,
  person.crew_name,
  person.agency,
  members.crew_role,
  launches.launch_id,
  launches.launch_name,
  launches.launched_at
from "staging"."launch_crew" as members
join "staging"."launches" as launches on launches.launch_id = members.launch_id
left join "staging"."crew" as person on person.crew_id = members.crew_id
where not launches.is_upcoming
  ;--> statement-breakpoint
INSERT INTO "mart"."monthly_launches" ("month", "launches", "launch_names")
select
  to_char(date_trunc('month', launches.launched_at at time zone 'UTC'), 'YYYY-MM') as month,
  count(*)::integer as launches,
  jsonb_agg(launches.launch_name order by launches.launched_at, launches.launch_name) as launch_names
from "staging"."launches" as launches
where not launches.is_upcoming
group by date_trunc('month', launches.launched_at at time zone 'UTC');
