-- Launch names stay unique, but the check may wait for commit: the ingest defers it, so an
-- upstream re-key (a launch removed and another added under its name) loads in one run.
-- Drizzle cannot declare a deferrable unique constraint, so it lives here (see raw.ts).
ALTER TABLE "raw"."launches" DROP CONSTRAINT "launches_name_unique";--> statement-breakpoint
ALTER TABLE "raw"."launches" ADD CONSTRAINT "launches_name_unique" UNIQUE ("name") DEFERRABLE INITIALLY IMMEDIATE;
