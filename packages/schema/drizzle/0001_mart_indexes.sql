-- Indexes on the mart's materialized views. drizzle-kit cannot declare them (drizzle-orm #2976),
-- so they live here and in `martIndexes` (src/schema/mart.ts); a test checks the two agree.
-- A later migration that drops and recreates one of these views must recreate its indexes.
CREATE UNIQUE INDEX "core_flights_core_launch_key" ON "mart"."core_flights" ("core_id", "launch_id");--> statement-breakpoint
CREATE INDEX "core_flights_gap_idx" ON "mart"."core_flights" ("seconds_since_previous");--> statement-breakpoint
CREATE UNIQUE INDEX "core_usage_core_key" ON "mart"."core_usage" ("core_id");--> statement-breakpoint
CREATE INDEX "core_usage_uses_idx" ON "mart"."core_usage" ("uses");--> statement-breakpoint
CREATE UNIQUE INDEX "monthly_launches_month_key" ON "mart"."monthly_launches" ("month");--> statement-breakpoint
CREATE INDEX "monthly_launches_launches_idx" ON "mart"."monthly_launches" ("launches");
