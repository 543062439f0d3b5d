-- The raw layer's JSON documents (each record's source, a launch's nested parts) are compressed
-- with lz4 where the server has it. PostgreSQL's default, pglz, took 2.7 s of a 7.7 s COPY of
-- 100,000 launches; lz4 gives the same size on disk for a fraction of the time. PGlite has only
-- pglz: there nothing changes. Rows already stored keep their compression until rewritten.
-- Drizzle cannot declare a column's compression, so it lives here.
DO $$
DECLARE
  col record;
BEGIN
  IF EXISTS (
    SELECT FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY (enumvals)
  ) THEN
    FOR col IN
      SELECT c.table_name, c.column_name
      FROM information_schema.columns c
      JOIN information_schema.tables t USING (table_schema, table_name)
      WHERE c.table_schema = 'raw' AND c.data_type = 'jsonb' AND t.table_type = 'BASE TABLE'
    LOOP
      EXECUTE format('ALTER TABLE raw.%I ALTER COLUMN %I SET COMPRESSION lz4', col.table_name, col.column_name);
    END LOOP;
  END IF;
END $$;
