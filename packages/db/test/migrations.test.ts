import { spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { drizzleMigrations, MIGRATIONS_FOLDER, rebuildMarts } from '@spacex/schema';
import { sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, PendingMigrationsError, pendingMigrationCount } from '../src/client.js';
import {
  type EmptyTestDatabase,
  migrateTestDatabase,
  testEngines,
  withDatabase,
} from '../src/testing.js';

const PACKAGE_DIR = join(import.meta.dirname, '..');

/** `url` with `password` (trust authentication here ignores it; the output must not show it). */
function withPassword(url: string, password: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  return parsed.href;
}

/** Runs `pnpm db:migrate`'s script in a child process with the given database settings. */
function dbMigrate(env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', 'src/bin/migrate.ts'],
    {
      cwd: PACKAGE_DIR,
      env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: '', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
}

for (const engine of testEngines()) {
  describe(`migrations [${engine.name}]`, () => {
    let empty: EmptyTestDatabase | undefined;
    afterEach(() => empty?.drop());

    it('should apply every migration with drizzle-kit (pnpm db:migrate), then again as a no-op', async () => {
      empty = await engine.createEmpty();
      const before = await openDatabase({ target: empty.target, migrations: 'none' });
      expect(await pendingMigrationCount(before.db)).toBeGreaterThanOrEqual(2);
      await before.close(); // the embedded directory is single-process: let the child take it

      const first = dbMigrate(empty.env);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain('migrations applied successfully');
      const second = dbMigrate(empty.env);
      expect(second.status, second.stderr).toBe(0);
      // postgres.js's NOTICE dumps (schema "drizzle" already exists, …) are not shown.
      expect(second.stdout + second.stderr).not.toContain('severity_local');

      const after = await openDatabase({ target: empty.target, migrations: 'check' });
      try {
        expect(await pendingMigrationCount(after.db)).toBe(0);
        await rebuildMarts(after.db);
      } finally {
        await after.close();
      }
    });

    if (engine.name === 'postgres') {
      it('should migrate the database DATABASE_URL_FILE names (a mounted secret)', async () => {
        empty = await engine.createEmpty();
        const file = join(mkdtempSync(join(tmpdir(), 'spacex-secret-')), 'database-url');
        writeFileSync(file, `${empty.env.DATABASE_URL}\n`);
        const migrated = dbMigrate({ DATABASE_URL_FILE: file });
        expect(migrated.status, migrated.stderr).toBe(0);
        const after = await openDatabase({ target: empty.target, migrations: 'check' });
        await after.close();
      });
    }

    it('should print why a migration failed, redacted, and keep the database as it was', async () => {
      empty = await engine.createEmpty();
      // A schema the first migration creates already exists: it fails on its first statement.
      await withDatabase(empty.target, (db) => db.execute(sql`create schema raw`));
      const env =
        empty.target.engine === 'postgres'
          ? { DATABASE_URL: withPassword(empty.target.url, 'mig-S3cret@x') }
          : empty.env;
      const run = dbMigrate(env);
      expect(run.status).toBe(1);
      expect(run.stderr).toContain(
        'error: migration failed; the database keeps the migrations applied before the failing one.',
      );
      expect(run.stderr).toContain(
        'schema "raw" already exists (42P06)\n  in: CREATE SCHEMA "raw";',
      );
      expect(run.stdout + run.stderr).not.toContain('severity_local');
      expect(run.stdout + run.stderr).not.toContain('mig-S3cret');
      await withDatabase(empty.target, async (db) => {
        expect(await pendingMigrationCount(db)).toBe(
          readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length,
        );
      });
    });

    it(`should ${engine.name === 'pglite' ? 'migrate an empty directory by itself' : 'refuse pending migrations and name the command'} when an app opens it`, async () => {
      empty = await engine.createEmpty();
      if (engine.name === 'pglite') {
        const handle = await openDatabase({ target: empty.target });
        expect(await pendingMigrationCount(handle.db)).toBe(0);
        await handle.close();
      } else {
        const opening = openDatabase({ target: empty.target });
        await expect(opening).rejects.toBeInstanceOf(PendingMigrationsError);
        await expect(opening).rejects.toThrow(
          /pending migration\(s\)\. Apply them first: pnpm db:migrate/,
        );
      }
    });

    it('should compress every raw JSON document with lz4 where the server has it, else leave pglz', async () => {
      empty = await engine.createEmpty();
      await migrateTestDatabase(empty.target);
      await withDatabase(empty.target, async (db) => {
        const [server] = await db
          .select({
            lz4: sql<boolean>`'lz4' = any (enumvals)`,
          })
          .from(sql`pg_settings`)
          .where(sql`name = 'default_toast_compression'`);
        const columns = await db
          .select({
            column: sql<string>`attrelid::regclass || '.' || attname`,
            compression: sql<string>`attcompression::text`,
          })
          .from(sql`pg_attribute`)
          .where(
            sql`attrelid in (select oid from pg_class where relnamespace = 'raw'::regnamespace and relkind = 'r')
              and atttypid = 'jsonb'::regtype and attnum > 0 and not attisdropped`,
          );
        expect(columns.map((c) => c.column)).toContain('raw.launches.source');
        expect(columns.length).toBeGreaterThan(20);
        // The server here has lz4 (Debian's PostgreSQL), and so has PGlite since 0.6.
        expect(server?.lz4).toBe(true);
        for (const c of columns)
          expect(c, c.column).toMatchObject({ compression: server?.lz4 ? 'l' : '' });
      });
    });
  });
}

for (const engine of testEngines()) {
  describe(`a migration that fails part-way [${engine.name}]`, () => {
    let empty: EmptyTestDatabase | undefined;
    afterEach(() => empty?.drop());

    it('should leave the schema as it was (drizzle-kit migrate runs in a transaction)', async () => {
      empty = await engine.createEmpty();
      await migrateTestDatabase(empty.target);
      // The real migrations plus one whose second statement fails.
      const dir = mkdtempSync(join(tmpdir(), 'spacex-broken-migrations-'));
      cpSync(MIGRATIONS_FOLDER, dir, { recursive: true });
      writeFileSync(
        join(dir, '9999_broken.sql'),
        'CREATE TABLE "raw"."half_done" ("id" integer);\n--> statement-breakpoint\nSELECT no_such_function();\n',
      );
      const journalPath = join(dir, 'meta', '_journal.json');
      const journal = JSON.parse(readFileSync(journalPath, 'utf8'));
      journal.entries.push({
        idx: journal.entries.length,
        version: '7',
        when: Date.now() + 1000,
        tag: '9999_broken',
        breakpoints: true,
      });
      writeFileSync(journalPath, JSON.stringify(journal));
      const config = join(dir, 'drizzle.config.json');
      writeFileSync(
        config,
        JSON.stringify({
          dialect: 'postgresql',
          out: dir,
          ...(empty.target.engine === 'postgres'
            ? { dbCredentials: { url: empty.target.url } }
            : { driver: 'pglite', dbCredentials: { url: empty.target.dir } }),
        }),
      );
      const result = spawnSync(
        process.execPath,
        [
          join(PACKAGE_DIR, 'node_modules', 'drizzle-kit', 'bin.cjs'),
          'migrate',
          '--config',
          config,
        ],
        {
          cwd: PACKAGE_DIR,
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(result.status).not.toBe(0);
      expect(result.stdout + result.stderr).toContain('applying migrations');
      await withDatabase(empty.target, async (db) => {
        const tables = await db
          .select({ name: sql<string>`table_name` })
          .from(sql`information_schema.tables`)
          .where(sql`table_schema = 'raw' and table_name = 'half_done'`);
        expect(tables).toEqual([]);
        expect(await db.$count(drizzleMigrations)).toBe(
          readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).length,
        );
      });
    });
  });
}
