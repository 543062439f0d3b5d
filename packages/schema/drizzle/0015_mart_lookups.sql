CREATE INDEX "core_flights_launch_idx" ON "mart"."core_flights" USING btree ("launch_id");--> statement-breakpoint
CREATE INDEX "crew_flights_launch_idx" ON "mart"."crew_flights" USING btree ("launch_id");--> statement-breakpoint
CREATE INDEX "launches_written_month_idx" ON "raw"."launches" USING btree (left("date_utc", 7));