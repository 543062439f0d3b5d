/**
 * `pnpm db:migrate`: applies pending migrations with drizzle-kit to the database the environment
 * names. On the embedded database the directory lock names drizzle-kit's process too, so neither
 * a running ingest nor a second migration shares the directory, even if this process is killed.
 */
import {
  type CommandIo,
  errorMessage,
  parseOptions,
  processIo,
  redactText,
  reportFailure,
  UsageError,
} from '@spacex/terminal';
import { openDatabase, pendingMigrations } from '../client.js';
import { describeDatabaseError } from '../database-errors.js';
import { type DatabaseTarget, MEMORY, readDatabaseTarget, secretsOf } from '../env.js';
import { lockPgliteDir } from '../pglite-lock.js';
import { sessionPrivileges } from '../roles.js';
import { runDrizzleKit } from './drizzle-kit.js';

const HELP = `Usage: pnpm db:migrate

Applies the pending SQL migrations of packages/db/drizzle (drizzle-kit migrate) to the
database the environment names. Applied migrations are recorded in drizzle.__drizzle_migrations,
so a second run is a no-op; a failing migration is rolled back with those after it.

Database: DATABASE_URL or DATABASE_URL_FILE (PostgreSQL), else the embedded PGlite directory PGLITE_DIR (default
.data/pglite at the repository root).

Options:
  -h, --help   show this help

Exit codes: 0 applied (or nothing to apply), 1 a migration failed (its error is printed; the
database keeps the migrations before it), 2 bad usage or settings.
`;

/**
 * drizzle-kit prints nothing of a failing migration but its spinner. This replays the pending
 * migrations in a transaction that is always rolled back, and returns the first error; with none,
 * why the role may not migrate at all (migrations create schemas and tables), if it may not.
 */
async function whyMigrationFails(target: DatabaseTarget): Promise<string | null> {
  const handle = await openDatabase({ target, migrations: 'none' });
  const rollback = new Error('rollback');
  try {
    const pending = await pendingMigrations(handle.db);
    let found: string | null = null;
    await handle
      .transaction(async ({ db }) => {
        for (const migration of pending) {
          for (const statement of migration.sql) {
            try {
              await db.execute(statement);
            } catch (error) {
              found = `${describeDatabaseError(error)}\n  in: ${statement.trim().split('\n')[0]}`;
              throw rollback;
            }
          }
        }
        throw rollback;
      })
      .catch((error: unknown) => {
        if (error !== rollback) throw error;
      });
    if (found !== null) return found;
    const { user, creates } = await sessionPrivileges(handle.db);
    return creates
      ? null
      : `permission denied: the role ${user} may not create in this database, and migrations do. ` +
          "Run pnpm db:migrate with the database owner's DATABASE_URL (a reader's role only reads).";
  } finally {
    await handle.close();
  }
}

async function migrateMain(argv: readonly string[], io: CommandIo): Promise<number> {
  let secrets: string[] = [];
  try {
    const args = parseOptions(argv, { help: { type: 'boolean', short: 'h', default: false } });
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    const target = readDatabaseTarget(io.env);
    secrets = secretsOf(target);
    if (target.engine === 'pglite' && target.dir === MEMORY) {
      throw new UsageError(
        'PGLITE_DIR=memory:// is not kept: there is nothing to migrate. Name a directory.',
      );
    }
    io.stderr(`Migrating ${target.display}\n`);
    if (target.engine === 'postgres') {
      // drizzle-kit says nothing useful of a server it cannot reach or log in to: check first.
      const probe = await openDatabase({ target, env: io.env, migrations: 'none' });
      await probe.close();
    }
    const lock = target.engine === 'pglite' ? lockPgliteDir(target.dir) : null;
    let result: { code: number; output: string };
    try {
      // drizzle-kit runs inside the schema package: hand it the database already resolved (the
      // directory, or the URL however it was given, DATABASE_URL_FILE included).
      const { DATABASE_URL_FILE: _file, ...rest } = io.env;
      const env =
        target.engine === 'pglite'
          ? { ...rest, DATABASE_URL: '', PGLITE_DIR: target.dir }
          : { ...rest, DATABASE_URL: target.url };
      result = await runDrizzleKit(['migrate'], {
        secrets,
        env,
        onSpawn: (pid) => lock?.addHolder(pid),
      });
    } finally {
      lock?.release();
    }
    if (result.code === 0) {
      io.stdout(`${result.output}\n`);
      return 0;
    }
    const cause = await whyMigrationFails(target).catch((error: unknown) => errorMessage(error));
    io.stderr(
      `${result.output}\nerror: migration failed; the database keeps the migrations applied before the failing one.\n` +
        `${redactText(cause ?? `drizzle-kit exited with code ${result.code} and gave no reason; replaying the pending migrations raised no error (a passing fault?): run pnpm db:migrate again.`, secrets)}\n`,
    );
    return 1;
  } catch (error) {
    return reportFailure(io, error, secrets);
  }
}

process.exit(await migrateMain(process.argv.slice(2), processIo));
