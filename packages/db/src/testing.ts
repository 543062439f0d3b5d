/**
 * Test databases on both engines, for every package's suites. PGlite always; the PostgreSQL
 * server when TEST_DATABASE_URL is set (required when REQUIRE_SERVER_TESTS=1, as in CI). Each
 * PostgreSQL test database is created fresh and dropped afterwards; PGlite instances start from
 * a migrated template so only the first pays for initdb.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestRuns, launches, MIGRATIONS_FOLDER, rebuildMarts } from '@spacex/schema';
import { redactUrl } from '@spacex/terminal';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePostgres } from 'drizzle-orm/postgres-js';
import { migrate as migratePostgres } from 'drizzle-orm/postgres-js/migrator';
import postgres from 'postgres';
import type { BulkTransaction } from './bulk.js';
import { type Database, type DatabaseHandle, openDatabase } from './client.js';
import { type DatabaseTarget, MEMORY } from './env.js';
import { pgliteTemplate } from './pglite-template.js';
import { ANALYTICS_READER, grantAnalyticsReader } from './roles.js';

export type EngineName = 'pglite' | 'postgres';

/**
 * Runs `work` in a transaction of `handle` that is then rolled back, and returns what it
 * returned: to look at a state (a full rebuild, say) without keeping it.
 */
export async function inRolledBackTransaction<T>(
  handle: Pick<DatabaseHandle, 'transaction'>,
  work: (tx: BulkTransaction) => Promise<T>,
): Promise<T> {
  const rollback = new Error('rolled back');
  let result: { value: T } | undefined;
  await handle
    .transaction(async (tx) => {
      result = { value: await work(tx) };
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  if (result === undefined) throw new Error('the rolled-back transaction did not run');
  return result.value;
}

export interface TestDatabase extends DatabaseHandle {
  /** Environment variables that point a child process (a CLI under test) at this database. */
  env: Record<string, string>;
  /** Empties every raw table and refreshes the marts. */
  reset(): Promise<void>;
}

/** A database that exists but is not opened, with nothing in it: for CLIs that migrate it. */
export interface EmptyTestDatabase {
  target: DatabaseTarget;
  env: Record<string, string>;
  drop(): Promise<void>;
}

export interface TestEngine {
  name: EngineName;
  /** An empty database (no migrations), not opened. */
  createEmpty(): Promise<EmptyTestDatabase>;
  /** A fresh, migrated database; in memory for PGlite unless `onDisk` is set. */
  create(options?: { onDisk?: boolean; migrated?: boolean }): Promise<TestDatabase>;
}

/** The engines this run tests: PGlite, plus PostgreSQL when TEST_DATABASE_URL is set. */
export function testEngines(env: NodeJS.ProcessEnv = process.env): TestEngine[] {
  const url = env.TEST_DATABASE_URL?.trim();
  if (!url && env.REQUIRE_SERVER_TESTS === '1') {
    throw new Error(
      'REQUIRE_SERVER_TESTS=1 but TEST_DATABASE_URL is not set: the PostgreSQL suites must run. ' +
        'Set TEST_DATABASE_URL=postgres://root@127.0.0.1:5432/test (any database the user can CREATE DATABASE from).',
    );
  }
  return url ? [pgliteEngine, postgresEngine(url)] : [pgliteEngine];
}

/**
 * The session time zone every test database gets (TEST_SESSION_TIMEZONE, e.g.
 * `Pacific/Kiritimati`): the suites run with it far from UTC, as with the process's TZ, to show
 * that no answer depends on either. Unset: the server's default.
 */
export function testSessionTimeZone(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const zone = env.TEST_SESSION_TIMEZONE?.trim();
  if (!zone) return undefined;
  if (!/^[A-Za-z0-9_+\-/]+$/.test(zone)) {
    throw new Error(
      `TEST_SESSION_TIMEZONE must be a time zone name such as Pacific/Kiritimati, not ${zone}`,
    );
  }
  return zone;
}

/** Empties every raw table (children go by cascade) and the marts. */
export async function resetData(db: Database): Promise<void> {
  await db.execute(sql`truncate ${launches}, ${ingestRuns} cascade`);
  await rebuildMarts(db);
}

const pgliteEngine: TestEngine = {
  name: 'pglite',
  async createEmpty() {
    const dir = mkdtempSync(join(tmpdir(), 'spacex-pglite-'));
    return {
      target: { engine: 'pglite', dir, display: `PGlite at ${dir}` },
      env: { PGLITE_DIR: dir, DATABASE_URL: '' },
      drop: async () => rmSync(dir, { recursive: true, force: true }),
    };
  },
  async create({ onDisk = false, migrated = true } = {}) {
    const dir = onDisk ? mkdtempSync(join(tmpdir(), 'spacex-pglite-')) : MEMORY;
    const handle = await openDatabase({
      target: {
        engine: 'pglite',
        dir,
        display: onDisk ? `PGlite at ${dir}` : 'PGlite (in memory)',
      },
      migrations: migrated ? 'auto' : 'none',
      ...(migrated ? { loadDataDir: await pgliteTemplate() } : {}),
    });
    const zone = testSessionTimeZone();
    if (zone) {
      // This session, and every later opener of an on-disk directory (a CLI under test).
      await handle.db.execute(sql`select set_config('TimeZone', ${zone}, false)`);
      await handle.db.execute(
        sql.raw(
          `do $$ begin execute format('alter database %I set timezone to %L', current_database(), '${zone}'); end $$`,
        ),
      );
    }
    return {
      ...handle,
      env: { PGLITE_DIR: dir, DATABASE_URL: '' },
      reset: () => resetData(handle.db),
      async close() {
        await handle.close();
        if (onDisk) rmSync(dir, { recursive: true, force: true });
      },
    };
  },
};

function postgresEngine(adminUrl: string): TestEngine {
  async function admin(statement: string): Promise<void> {
    const client = postgres(adminUrl, { max: 1, onnotice: () => {}, connect_timeout: 10 });
    try {
      await client.unsafe(statement);
    } finally {
      await client.end();
    }
  }
  async function createEmpty(): Promise<EmptyTestDatabase> {
    const name = `spacex_test_${process.pid}_${randomBytes(4).toString('hex')}`;
    await admin(`create database "${name}"`);
    const zone = testSessionTimeZone();
    if (zone) await admin(`alter database "${name}" set timezone to '${zone}'`);
    const url = new URL(adminUrl);
    url.pathname = `/${name}`;
    return {
      target: { engine: 'postgres', url: url.toString(), display: redactUrl(url.toString()) },
      env: { DATABASE_URL: url.toString() },
      drop: () => admin(`drop database if exists "${name}" with (force)`),
    };
  }
  return {
    name: 'postgres',
    createEmpty,
    async create({ migrated = true } = {}) {
      const empty = await createEmpty();
      if (migrated) {
        const client = postgres(empty.env.DATABASE_URL ?? '', { max: 1, onnotice: () => {} });
        try {
          await migratePostgres(drizzlePostgres({ client }), {
            migrationsFolder: MIGRATIONS_FOLDER,
          });
        } finally {
          await client.end();
        }
      }
      const handle = await openDatabase({ target: empty.target, migrations: 'none' });
      return {
        ...handle,
        env: empty.env,
        reset: () => resetData(handle.db),
        async close() {
          await handle.close();
          await empty.drop();
        },
      };
    },
  };
}

/**
 * Applies every migration to a test database with drizzle-orm's migrator (deploys use
 * `pnpm db:migrate`, which runs the same files through drizzle-kit).
 */
export async function migrateTestDatabase(target: DatabaseTarget): Promise<void> {
  if (target.engine === 'pglite') {
    const handle = await openDatabase({ target, migrations: 'auto' });
    await handle.close();
    return;
  }
  const client = postgres(target.url, { max: 1, onnotice: () => {} });
  try {
    await migratePostgres(drizzlePostgres({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
  } finally {
    await client.end();
  }
}

/** Opens a test database, runs `fn` on it and closes it again (PGlite allows one opener). */
export async function withDatabase<T>(
  target: DatabaseTarget,
  fn: (db: Database, handle: DatabaseHandle) => Promise<T>,
): Promise<T> {
  const handle = await openDatabase({ target, migrations: 'none' });
  try {
    return await fn(handle.db, handle);
  } finally {
    await handle.close();
  }
}

/** Records a successful run `id` finished now: raw launches need one to reference. */
export async function insertTestRun(db: Database, id: string): Promise<void> {
  const now = new Date();
  await db.insert(ingestRuns).values({
    id,
    startedAt: now,
    finishedAt: now,
    sourceKind: 'file',
    source: 'test fixture',
    status: 'succeeded',
  });
}

/**
 * Runs `fn` with a fresh PostgreSQL test database of `server` and the URL of a login role on it
 * that holds only analytics_reader (the reader grants made first); drops both afterwards.
 */
export async function withReaderLogin(
  server: TestEngine,
  fn: (t: TestDatabase, readerUrl: string) => Promise<void>,
): Promise<void> {
  const t = await server.create();
  const url = t.env.DATABASE_URL;
  const name = `spacex_reader_${process.pid}_${randomBytes(3).toString('hex')}`;
  try {
    if (!url) throw new Error('withReaderLogin needs a PostgreSQL test engine');
    await grantAnalyticsReader(t.db);
    await t.db.execute(sql.raw(`create role ${name} login in role ${ANALYTICS_READER}`));
    const asReader = new URL(url);
    asReader.username = name;
    asReader.password = '';
    await fn(t, asReader.href);
  } finally {
    await t.db.execute(sql.raw(`drop role if exists ${name}`));
    await t.close();
  }
}
