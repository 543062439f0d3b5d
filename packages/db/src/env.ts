/**
 * Which database the environment names: the one place that reads DATABASE_URL and PGLITE_DIR.
 */
import { join, resolve } from 'node:path';
import {
  errorMessage,
  findRepositoryRoot,
  invocationDir,
  redactText,
  secretSetting,
  UsageError,
  urlSecrets,
  WholeNumberText,
} from '@spacex/terminal';
import * as v from 'valibot';

export type DatabaseTarget =
  | { engine: 'postgres'; url: string; display: string }
  | { engine: 'pglite'; dir: string; display: string };

export const MEMORY = 'memory://';

/** A bad DATABASE_URL, PGLITE_DIR or session limit: a usage error (exit code 2). */
export class DatabaseConfigError extends UsageError {
  override name = 'DatabaseConfigError';
}

/** The default embedded database directory: `.data/pglite` at the repository root. */
export function defaultPgliteDir(): string {
  return join(findRepositoryRoot(), '.data', 'pglite');
}

/**
 * DATABASE_URL (or the file DATABASE_URL_FILE names) set: PostgreSQL. Unset: embedded PGlite in
 * PGLITE_DIR (default `.data/pglite` at the repository root; `memory://` keeps it in memory).
 */
export function readDatabaseTarget(env: NodeJS.ProcessEnv = process.env): DatabaseTarget {
  const url = databaseUrl(env);
  if (url) {
    const secrets = urlSecrets(url);
    if (!/^postgres(ql)?:\/\//.test(url)) {
      // Not shown: without its scheme, `user:password@host/db` parses as anything but a URL
      // with a password, so no part of it can be told safe.
      throw new DatabaseConfigError(
        'DATABASE_URL must start with postgres:// or postgresql:// (not shown: it may hold a password); ' +
          'write it as postgres://USER:PASSWORD@HOST:5432/DATABASE, or unset it to use the embedded database.',
      );
    }
    if (!URL.canParse(url)) {
      // Not shown: where its password ends cannot be told.
      throw new DatabaseConfigError(
        'DATABASE_URL is not a valid URL (not shown: it may hold a password). Write it as ' +
          'postgres://USER@HOST:5432/DATABASE, with the password after "USER:" and any / ? # in it percent-encoded.',
      );
    }
    return { engine: 'postgres', url, display: redactText(url, secrets) };
  }
  const dirSetting = env.PGLITE_DIR?.trim();
  if (dirSetting === MEMORY)
    return { engine: 'pglite', dir: MEMORY, display: 'PGlite (in memory)' };
  const dir = dirSetting ? resolve(invocationDir(env), dirSetting) : defaultPgliteDir();
  return { engine: 'pglite', dir, display: `PGlite at ${dir}` };
}

/** DATABASE_URL, or what the file DATABASE_URL_FILE names holds (a mounted secret). */
export function databaseUrl(env: NodeJS.ProcessEnv): string | undefined {
  try {
    return secretSetting(env, 'DATABASE_URL');
  } catch (error) {
    throw new DatabaseConfigError(errorMessage(error));
  }
}

/** A PostgreSQL target for `openDatabase({ target })`; the URL is checked and its password kept out of `display`. */
export function postgresTarget(url: string): DatabaseTarget {
  return readDatabaseTarget({ DATABASE_URL: url });
}

/** An embedded PGlite target in `dir` (created if missing), or `memory://`. */
export function pgliteTarget(dir: string): DatabaseTarget {
  if (dir === MEMORY) return { engine: 'pglite', dir: MEMORY, display: 'PGlite (in memory)' };
  const absolute = resolve(dir);
  return { engine: 'pglite', dir: absolute, display: `PGlite at ${absolute}` };
}

/** What must never be printed for this target: its password in every form the URL holds it. */
export function secretsOf(target: DatabaseTarget): string[] {
  return target.engine === 'postgres' ? urlSecrets(target.url) : [];
}

/** Limits for every PostgreSQL session the pipeline opens, in milliseconds (0 turns one off). */
export interface SessionLimits {
  statementTimeoutMs: number;
  lockTimeoutMs: number;
  idleInTransactionTimeoutMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  statementTimeoutMs: 600_000,
  lockTimeoutMs: 30_000,
  idleInTransactionTimeoutMs: 600_000,
};

/**
 * DB_STATEMENT_TIMEOUT_MS, DB_LOCK_TIMEOUT_MS and DB_IDLE_IN_TRANSACTION_TIMEOUT_MS, else the
 * defaults: PostgreSQL's own defaults are "wait forever", wrong for a job run from cron.
 */
export function readSessionLimits(env: NodeJS.ProcessEnv = process.env): SessionLimits {
  const read = (name: string, fallback: number): number => {
    const text = env[name]?.trim();
    if (!text) return fallback;
    const parsed = v.safeParse(WholeNumberText, text);
    if (!parsed.success) {
      throw new DatabaseConfigError(
        `${name} must be a whole number of milliseconds, got "${text}"`,
      );
    }
    return parsed.output;
  };
  return {
    statementTimeoutMs: read('DB_STATEMENT_TIMEOUT_MS', DEFAULT_SESSION_LIMITS.statementTimeoutMs),
    lockTimeoutMs: read('DB_LOCK_TIMEOUT_MS', DEFAULT_SESSION_LIMITS.lockTimeoutMs),
    idleInTransactionTimeoutMs: read(
      'DB_IDLE_IN_TRANSACTION_TIMEOUT_MS',
      DEFAULT_SESSION_LIMITS.idleInTransactionTimeoutMs,
    ),
  };
}
