/**
 * Opening the database: DATABASE_URL set, PostgreSQL through postgres.js; unset, embedded
 * PGlite (see env.ts). Either way the caller gets the same typed Drizzle database. Each engine's
 * driver lives in drivers/ and is loaded only when that engine is opened.
 */
import { openPglite } from './drivers/pglite.js';
import { openPostgres } from './drivers/postgres.js';
import { DatabaseConfigError, databaseUrl, readDatabaseTarget } from './env.js';
import type { DatabaseHandle, OpenOptions } from './handle.js';
import { assertNoPendingMigrations } from './migrations.js';

export { sessionSettings } from './drivers/postgres.js';
export * from './handle.js';
export { pendingMigrationCount, pendingMigrations } from './migrations.js';

/**
 * Opens the database `options.target` names (else DATABASE_URL or PGLITE_DIR), ready to use.
 * Each engine's driver is loaded only when that engine is opened: `postgres` for PostgreSQL,
 * `@electric-sql/pglite` for the embedded database (optional peers: install the one you use).
 */
export async function openDatabase(options: OpenOptions = {}): Promise<DatabaseHandle> {
  const env = options.env ?? process.env;
  if (!options.target && !databaseUrl(env) && !env.PGLITE_DIR?.trim()) {
    throw new DatabaseConfigError(
      'No database named: pass { target: postgresTarget(url) } or { target: pgliteTarget(dir) }, ' +
        'or set DATABASE_URL or DATABASE_URL_FILE (PostgreSQL) or PGLITE_DIR (embedded).',
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
