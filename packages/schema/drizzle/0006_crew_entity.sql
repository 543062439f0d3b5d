CREATE TABLE "raw"."crew" (
	"id" text PRIMARY KEY NOT NULL,
	"name" text,
	"status" text NOT NULL,
	"agency" text,
	"image" text,
	"wikipedia" text,
	"launches" jsonb NOT NULL,
	"source" jsonb NOT NULL,
	"source_sha256" text NOT NULL,
	"ingest_run_id" text NOT NULL,
	"loaded_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "raw"."crew" ADD CONSTRAINT "crew_ingest_run_id_ingest_runs_id_fk" FOREIGN KEY ("ingest_run_id") REFERENCES "raw"."ingest_runs"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE VIEW "staging"."crew" AS (
select
  "raw"."crew"."id" as crew_id,
  "raw"."crew"."name" as crew_name,
  "raw"."crew"."status" as crew_status,
  "raw"."crew"."agency" as agency,
  "raw"."crew"."image" as image_url,
  "raw"."crew"."wikipedia" as wikipedia_url
from "raw"."crew");--> statement-breakpoint
CREATE MATERIALIZED VIEW "mart"."crew_flights" AS (
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
where not launches.is_upcoming);--> statement-breakpoint
-- The new mart view's index (Drizzle cannot declare it; see 0001 and martIndexes).
CREATE UNIQUE INDEX "crew_flights_crew_launch_key" ON "mart"."crew_flights" ("crew_id", "launch_id");
