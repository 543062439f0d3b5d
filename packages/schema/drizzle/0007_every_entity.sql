CREATE TABLE "raw"."capsules" (
	"id" text PRIMARY KEY NOT NULL,
	"serial" text NOT NULL,
	"status" text NOT NULL,
	"type" text NOT NULL,
	"reuse_count" integer NOT NULL,
	"water_landings" integer NOT NULL,
	"land_landings" integer NOT NULL,
	"last_update" text,
	"launches" jsonb NOT NULL,
	"source" jsonb NOT NULL,
	"source_sha256" text NOT NULL,
	"ingest_run_id" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw"."landpads" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"full_name" text,
	"status" text NOT NULL,
	"type" text,
	"locality" text,
	"region" text,
	"latitude" double precision,
	"longitude" double precision,
	"landing_attempts" integer NOT NULL,
	"landing_successes" integer NOT NULL,
	"wikipedia" text,
	"details" text,
	"images" jsonb NOT NULL,
	"launches" jsonb NOT NULL,
	"source" jsonb NOT NULL,
	"source_sha256" text NOT NULL,
	"ingest_run_id" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw"."launchpads" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"full_name" text,
	"status" text NOT NULL,
	"locality" text,
	"region" text,
	"timezone" text,
	"latitude" double precision,
	"longitude" double precision,
	"launch_attempts" integer NOT NULL,
	"launch_successes" integer NOT NULL,
	"rockets" jsonb NOT NULL,
	"details" text,
	"images" jsonb NOT NULL,
	"launches" jsonb NOT NULL,
	"source" jsonb NOT NULL,
	"source_sha256" text NOT NULL,
	"ingest_run_id" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw"."payloads" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"type" text,
	"reused" boolean NOT NULL,
	"launch" text,
	"customers" jsonb NOT NULL,
	"norad_ids" jsonb NOT NULL,
	"nationalities" jsonb NOT NULL,
	"manufacturers" jsonb NOT NULL,
	"mass_kg" double precision,
	"mass_lbs" double precision,
	"orbit" text,
	"reference_system" text,
	"regime" text,
	"longitude" double precision,
	"semi_major_axis_km" double precision,
	"eccentricity" double precision,
	"periapsis_km" double precision,
	"apoapsis_km" double precision,
	"inclination_deg" double precision,
	"period_min" double precision,
	"lifespan_years" double precision,
	"epoch" text,
	"mean_motion" double precision,
	"raan" double precision,
	"arg_of_pericenter" double precision,
	"mean_anomaly" double precision,
	"dragon" jsonb NOT NULL,
	"source" jsonb NOT NULL,
	"source_sha256" text NOT NULL,
	"ingest_run_id" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw"."rockets" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"type" text NOT NULL,
	"active" boolean NOT NULL,
	"stages" integer NOT NULL,
	"boosters" integer NOT NULL,
	"cost_per_launch" double precision NOT NULL,
	"success_rate_pct" double precision NOT NULL,
	"first_flight" text NOT NULL,
	"country" text NOT NULL,
	"company" text NOT NULL,
	"wikipedia" text NOT NULL,
	"description" text NOT NULL,
	"height" jsonb NOT NULL,
	"diameter" jsonb NOT NULL,
	"mass" jsonb NOT NULL,
	"first_stage" jsonb NOT NULL,
	"second_stage" jsonb NOT NULL,
	"engines" jsonb NOT NULL,
	"landing_legs" jsonb NOT NULL,
	"payload_weights" jsonb NOT NULL,
	"flickr_images" jsonb NOT NULL,
	"source" jsonb NOT NULL,
	"source_sha256" text NOT NULL,
	"ingest_run_id" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw"."ships" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"legacy_id" text,
	"model" text,
	"type" text,
	"roles" jsonb NOT NULL,
	"active" boolean NOT NULL,
	"imo" integer,
	"mmsi" integer,
	"abs" integer,
	"class" integer,
	"mass_kg" double precision,
	"mass_lbs" double precision,
	"year_built" integer,
	"home_port" text,
	"status" text,
	"speed_kn" double precision,
	"course_deg" double precision,
	"latitude" double precision,
	"longitude" double precision,
	"last_ais_update" text,
	"link" text,
	"image" text,
	"launches" jsonb NOT NULL,
	"source" jsonb NOT NULL,
	"source_sha256" text NOT NULL,
	"ingest_run_id" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
DROP MATERIALIZED VIEW "mart"."core_flights";--> statement-breakpoint
ALTER TABLE "raw"."capsules" ADD CONSTRAINT "capsules_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "raw"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw"."landpads" ADD CONSTRAINT "landpads_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "raw"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw"."launchpads" ADD CONSTRAINT "launchpads_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "raw"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw"."payloads" ADD CONSTRAINT "payloads_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "raw"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw"."rockets" ADD CONSTRAINT "rockets_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "raw"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "raw"."ships" ADD CONSTRAINT "ships_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "raw"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE VIEW "staging"."capsules" AS (
select
  "raw"."capsules"."id" as capsule_id,
  "raw"."capsules"."serial" as capsule_serial,
  "raw"."capsules"."status" as capsule_status,
  "raw"."capsules"."type" as capsule_type,
  "raw"."capsules"."reuse_count" as reuse_count,
  "raw"."capsules"."water_landings" as water_landings,
  "raw"."capsules"."land_landings" as land_landings,
  "raw"."capsules"."last_update" as last_update
from "raw"."capsules");--> statement-breakpoint
CREATE VIEW "staging"."landpads" AS (
select
  "raw"."landpads"."id" as landpad_id,
  "raw"."landpads"."name" as landpad_name,
  "raw"."landpads"."full_name" as landpad_full_name,
  "raw"."landpads"."status" as landpad_status,
  "raw"."landpads"."type" as landpad_type,
  "raw"."landpads"."locality" as locality,
  "raw"."landpads"."region" as region,
  "raw"."landpads"."latitude" as latitude,
  "raw"."landpads"."longitude" as longitude,
  "raw"."landpads"."landing_attempts" as landing_attempts,
  "raw"."landpads"."landing_successes" as landing_successes,
  "raw"."landpads"."wikipedia" as wikipedia_url
from "raw"."landpads");--> statement-breakpoint
CREATE VIEW "staging"."launch_capsules" AS (
select
  "raw"."launches"."id" as launch_id,
  (item.position - 1)::integer as capsule_position,
  item.id as capsule_id
from "raw"."launches"
cross join lateral jsonb_array_elements_text("raw"."launches"."capsules") with ordinality as item(id, position));--> statement-breakpoint
CREATE VIEW "staging"."launch_payloads" AS (
select
  "raw"."launches"."id" as launch_id,
  (item.position - 1)::integer as payload_position,
  item.id as payload_id
from "raw"."launches"
cross join lateral jsonb_array_elements_text("raw"."launches"."payloads") with ordinality as item(id, position));--> statement-breakpoint
CREATE VIEW "staging"."launch_ships" AS (
select
  "raw"."launches"."id" as launch_id,
  (item.position - 1)::integer as ship_position,
  item.id as ship_id
from "raw"."launches"
cross join lateral jsonb_array_elements_text("raw"."launches"."ships") with ordinality as item(id, position));--> statement-breakpoint
CREATE VIEW "staging"."launchpads" AS (
select
  "raw"."launchpads"."id" as launchpad_id,
  "raw"."launchpads"."name" as launchpad_name,
  "raw"."launchpads"."full_name" as launchpad_full_name,
  "raw"."launchpads"."status" as launchpad_status,
  "raw"."launchpads"."locality" as locality,
  "raw"."launchpads"."region" as region,
  "raw"."launchpads"."timezone" as timezone,
  "raw"."launchpads"."latitude" as latitude,
  "raw"."launchpads"."longitude" as longitude,
  "raw"."launchpads"."launch_attempts" as launch_attempts,
  "raw"."launchpads"."launch_successes" as launch_successes,
  array(select jsonb_array_elements_text("raw"."launchpads"."rockets")) as rocket_ids
from "raw"."launchpads");--> statement-breakpoint
CREATE VIEW "staging"."payloads" AS (
select
  "raw"."payloads"."id" as payload_id,
  "raw"."payloads"."name" as payload_name,
  "raw"."payloads"."type" as payload_type,
  "raw"."payloads"."reused" as is_reused,
  "raw"."payloads"."launch" as launch_id,
  array(select jsonb_array_elements_text("raw"."payloads"."customers")) as customers,
  array(select jsonb_array_elements_text("raw"."payloads"."norad_ids")::integer) as norad_ids,
  array(select jsonb_array_elements_text("raw"."payloads"."nationalities")) as nationalities,
  array(select jsonb_array_elements_text("raw"."payloads"."manufacturers")) as manufacturers,
  "raw"."payloads"."mass_kg" as mass_kg,
  "raw"."payloads"."orbit" as orbit,
  "raw"."payloads"."reference_system" as reference_system,
  "raw"."payloads"."regime" as regime,
  "raw"."payloads"."periapsis_km" as periapsis_km,
  "raw"."payloads"."apoapsis_km" as apoapsis_km,
  "raw"."payloads"."inclination_deg" as inclination_deg,
  "raw"."payloads"."period_min" as period_minutes,
  "raw"."payloads"."lifespan_years" as lifespan_years,
  case when jsonb_typeof("raw"."payloads"."dragon" -> 'capsule') = 'string'
    then "raw"."payloads"."dragon" ->> 'capsule' end as capsule_id
from "raw"."payloads");--> statement-breakpoint
CREATE VIEW "staging"."rockets" AS (
select
  "raw"."rockets"."id" as rocket_id,
  "raw"."rockets"."name" as rocket_name,
  "raw"."rockets"."type" as rocket_type,
  "raw"."rockets"."active" as is_active,
  "raw"."rockets"."stages" as stage_count,
  "raw"."rockets"."boosters" as booster_count,
  "raw"."rockets"."cost_per_launch" as cost_per_launch_usd,
  "raw"."rockets"."success_rate_pct" as success_rate_pct,
  "raw"."rockets"."first_flight" as first_flight,
  "raw"."rockets"."country" as country,
  "raw"."rockets"."company" as company,
  -- Nested values are JSON as sent: a number only when it is one.
  case when jsonb_typeof("raw"."rockets"."height" -> 'meters') = 'number'
    then ("raw"."rockets"."height" ->> 'meters')::double precision end as height_meters,
  case when jsonb_typeof("raw"."rockets"."mass" -> 'kg') = 'number'
    then ("raw"."rockets"."mass" ->> 'kg')::double precision end as mass_kg,
  "raw"."rockets"."wikipedia" as wikipedia_url
from "raw"."rockets");--> statement-breakpoint
CREATE VIEW "staging"."ships" AS (
select
  "raw"."ships"."id" as ship_id,
  "raw"."ships"."name" as ship_name,
  "raw"."ships"."type" as ship_type,
  array(select jsonb_array_elements_text("raw"."ships"."roles")) as roles,
  "raw"."ships"."active" as is_active,
  "raw"."ships"."home_port" as home_port,
  "raw"."ships"."year_built" as year_built,
  "raw"."ships"."mass_kg" as mass_kg,
  "raw"."ships"."imo" as imo,
  "raw"."ships"."mmsi" as mmsi,
  "raw"."ships"."link" as link_url,
  "raw"."ships"."image" as image_url
from "raw"."ships");--> statement-breakpoint
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
  window core_history as (partition by cores.core_id order by launches.launched_at, launches.launch_id)
)
select
  flights.*,
  (extract(epoch from launched_at) - extract(epoch from previous_launched_at))::double precision
    as seconds_since_previous,
  ((extract(epoch from launched_at) - extract(epoch from previous_launched_at)) / 86400)::double precision
    as days_since_previous
from flights);--> statement-breakpoint
-- Recreating core_flights (it gains rocket and launchpad names) dropped its indexes (see 0001):
-- recreated here.
CREATE UNIQUE INDEX "core_flights_core_launch_key" ON "mart"."core_flights" ("core_id", "launch_id");--> statement-breakpoint
CREATE INDEX "core_flights_gap_idx" ON "mart"."core_flights" ("seconds_since_previous");
