/** What opening a database gives, whichever engine: the handle, its options and its errors. */
import type { Database } from '@spacex/schema';
import { SpacexError } from '@spacex/terminal';
import { PgDialect } from 'drizzle-orm/pg-core';
import type { BulkTransaction } from './bulk.js';
import { DatabaseConfigError, type DatabaseTarget, type SessionLimits } from './env.js';

export type { Database } from '@spacex/schema';

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
export const dialect = new PgDialect();

export class DatabaseConnectionError extends SpacexError {
  override name = 'DatabaseConnectionError';
}

export class PendingMigrationsError extends SpacexError {
  override name = 'PendingMigrationsError';
}

/** Loads an engine's driver, or says which package to install. */
export async function loadDriver<T>(name: string, load: () => Promise<T>): Promise<T> {
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
