CREATE TABLE "raw"."check_failures" (
	"check_name" text NOT NULL,
	"scope_id" text NOT NULL,
	"key" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "raw"."check_sweeps" (
	"check_name" text PRIMARY KEY NOT NULL,
	"definition_sha256" text NOT NULL,
	"swept_by_run" text NOT NULL
);
--> statement-breakpoint
CREATE INDEX "check_failures_scope_idx" ON "raw"."check_failures" USING btree ("check_name","scope_id");--> statement-breakpoint
-- Earlier versions keep the source documents: lz4 where the server has it, as in 0008.
DO $$
BEGIN
  IF EXISTS (
    SELECT FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
  ) THEN
    ALTER TABLE raw.record_history ALTER COLUMN source SET COMPRESSION lz4;
  END IF;
END $$;
