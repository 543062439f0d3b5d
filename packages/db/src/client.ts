/**
 * Opening the database: the one module that knows both drivers. DATABASE_URL set: PostgreSQL
 * through postgres.js; unset: embedded PGlite (see env.ts). Either way the caller gets the same
 * typed Drizzle database.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite as PGliteClient } from '@electric-sql/pglite';
import { desc, sql } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import { PgDatabase, PgDialect, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import * as v from 'valibot';
import { type BulkTransaction, copyStatement } from './bulk.js';
import { ConnectionOwner, ownedConnection } from './connection-owner.js';
import {
  DatabaseConfigError,
  type DatabaseTarget,
  MEMORY,
  readDatabaseTarget,
  readSessionLimits,
  type SessionLimits,
  secretsOf,
} from './env.js';
import { drizzleMigrations, MIGRATIONS_FOLDER } from './migrations-table.js';
import { lockPgliteDir } from './pglite-lock.js';
import { discardPgliteTemplate, pgliteStartParams, pgliteTemplate } from './pglite-template.js';
import { redactText, rootCauseMessage } from './redact.js';

/** The typed Drizzle database every package works with, whichever engine is underneath. */
export type Database = PgDatabase<PgQueryResultHKT>;

export interface DatabaseHandle {
  db: Database;
  engine: DatabaseTarget['engine'];
  /** Where the database is, fit to print: passwords are redacted. */
  display: string;
  /**
   * Runs `work` in one transaction that can also COPY into tables (for bulk loads): committed
   * when `work` resolves, rolled back when it throws.
   */
  transaction<T>(work: (tx: BulkTransaction) => Promise<T>): Promise<T>;
  /** Closes the connection; `immediately` drops PostgreSQL connections without waiting for queries. */
  close(options?: { immediately?: boolean }): Promise<void>;
}

export interface OpenOptions {
  /** The environment that names the database and its session limits; default process.env. */
  env?: NodeJS.ProcessEnv;
  /**
   * The database: `postgresTarget(url)` or `pgliteTarget(dir)`. Without it, DATABASE_URL or
   * PGLITE_DIR in `env` must name one: opening never creates a database nobody named.
   */
  target?: DatabaseTarget;
  /**
   * `auto` (default): PGlite applies pending migrations itself; PostgreSQL refuses to start with
   * pending migrations (deploys run `pnpm db:migrate`). `check`: both refuse. `none`: no check.
   */
  migrations?: 'auto' | 'check' | 'none';
  /** Seconds to wait for a PostgreSQL connection before giving up. */
  connectTimeoutSeconds?: number;
  /** PostgreSQL session limits; default readSessionLimits(env). */
  limits?: SessionLimits;
  /** PGlite only: start from a data directory dump (tests clone a migrated template this way). */
  loadDataDir?: Blob;
  /** Told what takes a while: creating a new PGlite directory and migrating it. */
  onProgress?: (message: string) => void;
}

/** Drizzle's SQL dialect, shared by the databases built over a transaction. */
const dialect = new PgDialect();

export { MIGRATIONS_FOLDER } from './migrations-table.js';

export class DatabaseConnectionError extends Error {
  override name = 'DatabaseConnectionError';
}

export class PendingMigrationsError extends Error {
  override name = 'PendingMigrationsError';
}

/**
 * Opens the database `options.target` names (else DATABASE_URL or PGLITE_DIR), ready to use.
 * Each engine's driver is loaded only when that engine is opened: `postgres` for PostgreSQL,
 * `@electric-sql/pglite` for the embedded database (optional peers: install the one you use).
 */
export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  const env = options.env ?? process.env;
  if (!options.target && !env.DATABASE_URL?.trim() && !env.PGLITE_DIR?.trim()) {
    throw new DatabaseConfigError(
      'No database named: pass { target: postgresTarget(url) } or { target: pgliteTarget(dir) }, ' +
        'or set DATABASE_URL (PostgreSQL) or PGLITE_DIR (embedded).',
    );
  }
  const target = options.target ?? readDatabaseTarget(env);
  const handle =
    target.engine === 'postgres'
      ? await openPostgres(target, options)
      : await openPglite(target, options);
  try {
    const mode = options.migrations ?? 'auto';
    // PGlite's own migrations ran in openPglite; here the rest is checked.
    if (mode === 'check' || (mode === 'auto' && handle.engine === 'postgres')) {
      await assertNoPendingMigrations(handle);
    }
  } catch (error) {
    await handle.close();
    throw error;
  }
  return handle;
}

async function openPglite(
  target: Extract<DatabaseTarget, { engine: 'pglite' }>,
  options: OpenOptions,
): Promise<DatabaseHandle> {
  const { PGlite } = await loadDriver('@electric-sql/pglite', () => import('@electric-sql/pglite'));
  const { drizzle: drizzlePglite, PgliteSession } = await import('drizzle-orm/pglite');
  const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
  const inMemory = target.dir === MEMORY;
  const release = inMemory ? () => {} : lockPgliteDir(target.dir);
  try {
    const started = performance.now();
    const { client, created } = inMemory
      ? {
          client: await PGlite.create({
            startParams: await pgliteStartParams(),
            ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
          }),
          created: false,
        }
      : await openPgliteDir(PGlite, target.dir, options);
    const db = drizzlePglite({ client });
    // One cheap query when nothing is pending (every run but the first after an upgrade).
    if ((options.migrations ?? 'auto') === 'auto') {
      try {
        if ((await pendingMigrationCount(db)) > 0) {
          await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
        }
      } catch (error) {
        await client.close();
        throw error;
      }
    }
    if (created) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      options.onProgress?.(`created the embedded database in ${seconds} s`);
    }
    return {
      db,
      engine: 'pglite',
      display: target.display,
      transaction: (work) =>
        client.transaction((tx) =>
          work({
            db: new PgDatabase(dialect, new PgliteSession(tx, dialect, undefined), undefined),
            // PGlite reads COPY data from a Blob mounted at /dev/blob.
            copy: async (into, rows) => {
              await tx.query(copyStatement(into, `'/dev/blob'`), [], {
                blob: new Blob([rows.content]),
              });
            },
          }),
        ),
      async close() {
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Opens the PGlite database in `dir`. A directory without PG_VERSION holds none yet: it is made
 * from `options.loadDataDir`, else (when it is to be migrated) from the migrated template (see
 * pglite-template.ts), else by initdb. A cached template PGlite cannot load is thrown away with
 * what it left in `dir`, and made anew once.
 */
async function openPgliteDir(
  PGlite: typeof PGliteClient,
  dir: string,
  options: OpenOptions,
): Promise<{ client: PGliteClient; created: boolean }> {
  const startParams = await pgliteStartParams();
  if (existsSync(join(dir, 'PG_VERSION'))) {
    return { client: await PGlite.create(dir, { startParams }), created: false };
  }
  options.onProgress?.(`creating the embedded database at ${dir} (first run)`);
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  const templateOptions = {
    ...(options.env ? { env: options.env } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  // The template is a migrated database: only for openers that would migrate it anyway.
  const fromTemplate = !options.loadDataDir && (options.migrations ?? 'auto') === 'auto';
  const create = async () => {
    const loadDataDir = fromTemplate ? await pgliteTemplate(templateOptions) : options.loadDataDir;
    return PGlite.create(dir, { startParams, ...(loadDataDir ? { loadDataDir } : {}) });
  };
  try {
    return { client: await create(), created: true };
  } catch (error) {
    if (!fromTemplate) throw error;
    options.onProgress?.(
      `the cached template did not load (${rootCauseMessage(error)}); making it again`,
    );
    discardPgliteTemplate(options.env);
    for (const entry of readdirSync(dir)) {
      if (!before.has(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
    }
    return { client: await create(), created: true };
  }
}

async function openPostgres(
  target: Extract<DatabaseTarget, { engine: 'postgres' }>,
  options: OpenOptions,
): Promise<DatabaseHandle> {
  const { default: postgres } = await loadDriver('postgres', () => import('postgres'));
  const { drizzle: drizzlePostgres, PostgresJsSession } = await import('drizzle-orm/postgres-js');
  const limits = options.limits ?? readSessionLimits(options.env);
  // postgres.js 4 opens its sockets with TCP_NODELAY: without it each COPY's 5-byte CopyDone
  // waited for the server's delayed ACK (40 ms), which doubled a 100,000-launch load.
  const client = postgres(target.url, {
    max: 4,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    onnotice: () => {},
    connection: sessionSettings(limits),
  });
  const db = drizzlePostgres({ client });
  try {
    await db.execute(sql`select 1`);
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    const reason = rootCauseMessage(error);
    throw new DatabaseConnectionError(
      redactText(
        `Cannot connect to ${target.display}: ${reason}. Check that the server is running and ` +
          'that DATABASE_URL names the right host, port, database, user and password.',
        secretsOf(target),
      ),
    );
  }
  return {
    db,
    engine: 'postgres',
    display: target.display,
    transaction: (work) =>
      db.transaction(async (tx) => {
        // COPY must run on the transaction's own connection: postgres.js's, under Drizzle's.
        const session = tx._.session;
        if (!(session instanceof PostgresJsSession)) {
          throw new Error('a postgres.js transaction was expected under Drizzle');
        }
        // Every statement and COPY of the work waits its turn (see connection-owner.ts).
        const owner = new ConnectionOwner();
        const connection = ownedConnection(session.client, owner);
        try {
          return await work({
            db: new PgDatabase(
              dialect,
              new PostgresJsSession(connection, dialect, undefined),
              undefined,
            ),
            copy: (into, rows) =>
              owner.run(async () => {
                const stream = await session.client.unsafe(copyStatement(into, 'stdin')).writable();
                await pipeline(Readable.from(slices(rows.content, COPY_CHUNK)), stream);
              }),
          });
        } finally {
          // Work that failed may leave a statement or COPY of its own running: the commit or
          // rollback is sent only after it.
          await owner.idle();
        }
      }),
    close: (closeOptions) => client.end({ timeout: closeOptions?.immediately ? 0 : 5 }),
  };
}

/**
 * Bytes per COPY data message. postgres.js copies each message into a new buffer: in slices,
 * a batch of megabytes does not ask for a second buffer of its size.
 */
const COPY_CHUNK = 256 * 1024;

function* slices(bytes: Buffer, size: number): Generator<Buffer> {
  for (let start = 0; start < bytes.length; start += size)
    yield bytes.subarray(start, start + size);
}

/** Loads an engine's driver, or says which package to install. */
async function loadDriver<T>(name: string, load: () => Promise<T>): Promise<T> {
  try {
    return await load();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND') {
      throw new DatabaseConfigError(
        `Opening this database needs the package ${name}, which is not installed: npm install ${name}`,
      );
    }
    throw error;
  }
}

/**
 * What every PostgreSQL session of the project starts with (postgres.js `connection`): its name,
 * its limits, and the settings its queries are measured with.
 */
export function sessionSettings(limits: SessionLimits) {
  return {
    application_name: 'spacex-elt',
    statement_timeout: limits.statementTimeoutMs,
    lock_timeout: limits.lockTimeoutMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
    // Our queries run in milliseconds; JIT compiling one whose estimated cost is high (a data
    // check's correlated subquery) took 60-130 ms: at 100,000 launches the checks took 1.5 s
    // with it, 0.65 s without.
    jit: 'off',
    // An ingest keeps the ids it reads in a temporary table (about 100 bytes a launch) and
    // looks each batch up in it. Past the default 8 MB of a session's temporary buffers those
    // lookups went to disk: at 1,000,000 launches they took 9.0 s of the server's time, 5.2 s
    // with 128 MB. Taken only as such a table grows; nothing else here uses one.
    temp_buffers: '128MB',
  };
}

/** How many generated migrations the database has not applied yet. */
export async function pendingMigrationCount(db: Database): Promise<number> {
  const last = await lastAppliedMigration(db);
  return journalTimes().filter((when) => when > last).length;
}

/** The generated migrations the database has not applied yet, oldest first, with their SQL. */
export async function pendingMigrations(db: Database) {
  const last = await lastAppliedMigration(db);
  return readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).filter(
    (m) => m.folderMillis > last,
  );
}

const Journal = v.object({ entries: v.array(v.object({ when: v.number() })) });

/**
 * When each generated migration was made (ms), from drizzle-kit's journal: all a check needs,
 * without reading and hashing every SQL file as drizzle's migrator does.
 */
function journalTimes(): number[] {
  const journal = readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8');
  return v.parse(Journal, JSON.parse(journal)).entries.map((entry) => entry.when);
}

/** The `when` of the last migration the database applied, or -1 for none. */
async function lastAppliedMigration(db: Database): Promise<number> {
  const [applied] = await db
    .select({ createdAt: drizzleMigrations.createdAt })
    .from(drizzleMigrations)
    .orderBy(desc(drizzleMigrations.createdAt))
    .limit(1)
    .catch((error: unknown) => {
      // 42P01: the migrations table does not exist yet, so nothing is applied.
      if (isUndefinedTable(error)) return [];
      throw error;
    });
  return applied?.createdAt ?? -1;
}

function isUndefinedTable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === '42P01') return true;
  }
  return false;
}

async function assertNoPendingMigrations(handle: DatabaseHandle): Promise<void> {
  const pending = await pendingMigrationCount(handle.db);
  if (pending > 0) {
    throw new PendingMigrationsError(
      `${handle.display} has ${pending} pending migration(s). Apply them first: pnpm db:migrate ` +
        '(with the same DATABASE_URL), then run this command again.',
    );
  }
}
