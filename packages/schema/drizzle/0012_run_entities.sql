ALTER TABLE "raw"."ingest_runs" ADD COLUMN "entities" jsonb DEFAULT '{}'::jsonb NOT NULL;--> statement-breakpoint
-- A raw JSON document is compressed with lz4 where the server has it, as migration 0008 set for
-- the others (drizzle-kit cannot declare a column's compression).
DO $$
BEGIN
  IF EXISTS (
    SELECT FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
  ) THEN
    ALTER TABLE raw.ingest_runs ALTER COLUMN entities SET COMPRESSION lz4;
  END IF;
END $$;
