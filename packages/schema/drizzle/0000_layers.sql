CREATE SCHEMA "mart";
--> statement-breakpoint
CREATE SCHEMA "raw";
--> statement-breakpoint
CREATE SCHEMA "staging";
--> statement-breakpoint
CREATE TABLE "raw"."ingest_runs" (
	"id" text PRIMARY KEY NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"source_kind" text NOT NULL,
	"source" text NOT NULL,
	"status" text NOT NULL,
	"launches_read" integer DEFAULT 0 NOT NULL,
	"launches_loaded" integer DEFAULT 0 NOT NULL,
	"launches_changed" integer DEFAULT 0 NOT NULL,
	"launches_rejected" integer DEFAULT 0 NOT NULL,
	"launches_removed" integer DEFAULT 0 NOT NULL,
	"core_rows" integer DEFAULT 0 NOT NULL,
	"crew_rows" integer DEFAULT 0 NOT NULL,
	"drift" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"sha256" text,
	"error" text
);
--> statement-breakpoint
CREATE TABLE "raw"."launch_cores" (
	"launch_id" text NOT NULL,
	"position" smallint NOT NULL,
	"core" text,
	"flight" integer,
	"gridfins" boolean,
	"legs" boolean,
	"reused" boolean,
	"landing_attempt" boolean,
	"landing_success" boolean,
	"landing_type" text,
	"landpad" text,
	CONSTRAINT "launch_cores_pkey" PRIMARY KEY("launch_id","position")
);
--> statement-breakpoint
CREATE TABLE "raw"."launch_crew" (
	"launch_id" text NOT NULL,
	"crew" text NOT NULL,
	"role" text NOT NULL,
	CONSTRAINT "launch_crew_pkey" PRIMARY KEY("launch_id","crew")
);
--> statement-breakpoint
CREATE TABLE "raw"."launches" (
	"id" text PRIMARY KEY NOT NULL,
	"flight_number" integer NOT NULL,
	"name" text NOT NULL,
	"date_utc" text NOT NULL,
	"date_unix" bigint NOT NULL,
	"date_local" text NOT NULL,
	"date_precision" text NOT NULL,
	"static_fire_date_utc" text,
	"static_fire_date_unix" bigint,
	"net" boolean NOT NULL,
	"window" integer,
	"rocket" text NOT NULL,
	"success" boolean,
	"details" text,
	"launchpad" text NOT NULL,
	"upcoming" boolean NOT NULL,
	"auto_update" boolean NOT NULL,
	"tbd" boolean NOT NULL,
	"launch_library_id" text,
	"links" jsonb NOT NULL,
	"fairings" jsonb,
	"failures" jsonb NOT NULL,
	"payloads" jsonb NOT NULL,
	"ships" jsonb NOT NULL,
	"capsules" jsonb NOT NULL,
	"source" jsonb NOT NULL,
	"ingest_run_id" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "launches_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "raw"."rejected_launches" (
	"ingest_run_id" text NOT NULL,
	"position" integer NOT NULL,
	"launch_id" text,
	"launch_name" text,
	"source" jsonb NOT NULL,
	"issues" jsonb NOT NULL,
	CONSTRAINT "rejected_launches_pkey" PRIMARY KEY("ingest_run_id","position")
);
--> statement-breakpoint
ALTER TABLE "raw"."launch_cores" ADD CONSTRAINT "launch_cores_launch_id_fkey" FOREIGN KEY ("launch_id") REFERENCES "raw"."launches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw"."launch_crew" ADD CONSTRAINT "launch_crew_launch_id_fkey" FOREIGN KEY ("launch_id") REFERENCES "raw"."launches"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw"."launches" ADD CONSTRAINT "launches_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "raw"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw"."rejected_launches" ADD CONSTRAINT "rejected_launches_ingest_run_id_fkey" FOREIGN KEY ("ingest_run_id") REFERENCES "raw"."ingest_runs"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE VIEW "staging"."ingest_runs" AS (
select
  "raw"."ingest_runs"."id" as run_id,
  "raw"."ingest_runs"."started_at" as started_at,
  "raw"."ingest_runs"."finished_at" as finished_at,
  extract(epoch from "raw"."ingest_runs"."finished_at" - "raw"."ingest_runs"."started_at")::double precision as duration_seconds,
  "raw"."ingest_runs"."source_kind" as source_kind,
  "raw"."ingest_runs"."source" as source,
  "raw"."ingest_runs"."status" = 'succeeded' as is_success,
  "raw"."ingest_runs"."launches_read" as launches_read,
  "raw"."ingest_runs"."launches_loaded" as launches_loaded,
  "raw"."ingest_runs"."launches_changed" as launches_changed,
  "raw"."ingest_runs"."launches_rejected" as launches_rejected,
  "raw"."ingest_runs"."launches_removed" as launches_removed,
  "raw"."ingest_runs"."core_rows" as core_rows,
  "raw"."ingest_runs"."crew_rows" as crew_rows,
  "raw"."ingest_runs"."sha256" as source_sha256,
  "raw"."ingest_runs"."error" as error_message
from "raw"."ingest_runs");--> statement-breakpoint
CREATE VIEW "staging"."launch_cores" AS (
select
  "raw"."launch_cores"."launch_id" as launch_id,
  "raw"."launch_cores"."position" as core_position,
  "raw"."launch_cores"."core" as core_id,
  "raw"."launch_cores"."flight" as core_flight_number,
  "raw"."launch_cores"."gridfins" as has_gridfins,
  "raw"."launch_cores"."legs" as has_legs,
  "raw"."launch_cores"."reused" as is_reused,
  "raw"."launch_cores"."landing_attempt" as is_landing_attempted,
  "raw"."launch_cores"."landing_success" as is_landing_success,
  "raw"."launch_cores"."landing_type" as landing_type,
  "raw"."launch_cores"."landpad" as landpad_id
from "raw"."launch_cores");--> statement-breakpoint
CREATE VIEW "staging"."launch_crew" AS (
select
  "raw"."launch_crew"."launch_id" as launch_id,
  "raw"."launch_crew"."crew" as crew_id,
  "raw"."launch_crew"."role" as crew_role
from "raw"."launch_crew");--> statement-breakpoint
CREATE VIEW "staging"."launches" AS (
select
  "raw"."launches"."id" as launch_id,
  "raw"."launches"."flight_number" as flight_number,
  "raw"."launches"."name" as launch_name,
  "raw"."launches"."date_utc"::timestamptz as launched_at,
  "raw"."launches"."date_local" as launched_at_local,
  "raw"."launches"."date_precision" as date_precision,
  "raw"."launches"."static_fire_date_utc"::timestamptz as static_fire_at,
  "raw"."launches"."net" as is_net,
  "raw"."launches"."window" as window_seconds,
  "raw"."launches"."rocket" as rocket_id,
  "raw"."launches"."launchpad" as launchpad_id,
  "raw"."launches"."upcoming" as is_upcoming,
  "raw"."launches"."success" as is_success,
  jsonb_array_length("raw"."launches"."failures") as failure_count,
  "raw"."launches"."details" as details,
  array(select jsonb_array_elements_text("raw"."launches"."payloads")) as payload_ids,
  array(select jsonb_array_elements_text("raw"."launches"."ships")) as ship_ids,
  array(select jsonb_array_elements_text("raw"."launches"."capsules")) as capsule_ids,
  ("raw"."launches"."fairings" ->> 'reused')::boolean as are_fairings_reused,
  ("raw"."launches"."fairings" ->> 'recovered')::boolean as are_fairings_recovered,
  "raw"."launches"."links" ->> 'webcast' as webcast_url,
  "raw"."launches"."links" ->> 'wikipedia' as wikipedia_url,
  "raw"."launches"."auto_update" as is_auto_update,
  "raw"."launches"."tbd" as is_tbd,
  "raw"."launches"."launch_library_id" as launch_library_id,
  "raw"."launches"."ingest_run_id" as ingest_run_id,
  "raw"."launches"."loaded_at" as loaded_at
from "raw"."launches");--> statement-breakpoint
CREATE MATERIALIZED VIEW "mart"."core_flights" AS (
with flights as (
  select
    cores.core_id,
    null::text as core_serial,
    launches.launch_id,
    launches.launch_name,
    launches.launched_at,
    (row_number() over core_history)::integer as flight_order,
    lag(launches.launch_id) over core_history as previous_launch_id,
    lag(launches.launch_name) over core_history as previous_launch_name,
    lag(launches.launched_at) over core_history as previous_launched_at
  from "staging"."launch_cores" as cores
  join "staging"."launches" as launches on launches.launch_id = cores.launch_id
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
  null::text as core_serial,
  count(*)::integer as uses,
  min(launches.launched_at) as first_launched_at,
  max(launches.launched_at) as last_launched_at
from "staging"."launch_cores" as cores
join "staging"."launches" as launches on launches.launch_id = cores.launch_id
where not launches.is_upcoming
  and cores.core_id is not null
group by cores.core_id);--> statement-breakpoint
CREATE MATERIALIZED VIEW "mart"."monthly_launches" AS (
select
  to_char(launches.launched_at at time zone 'UTC', 'YYYY-MM') as month,
  count(*)::integer as launches,
  array_agg(launches.launch_name order by launches.launched_at, launches.launch_name) as launch_names
from "staging"."launches" as launches
where not launches.is_upcoming
group by 1);