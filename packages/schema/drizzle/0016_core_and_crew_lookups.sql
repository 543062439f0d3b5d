CREATE INDEX "launch_cores_core_idx" ON "raw"."launch_cores" USING btree ("core");--> statement-breakpoint
CREATE INDEX "launch_crew_crew_idx" ON "raw"."launch_crew" USING btree ("crew");