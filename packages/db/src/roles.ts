/**
 * Least privilege, opt in: `analytics_reader` may read staging and mart (and the record of
 * applied migrations, so the analytics library can check the schema is current), nothing else.
 * It cannot write, run DDL, refresh the marts or read raw (so not raw.rejected_launches); the
 * staging views still work for it, as views read their tables with their owner's rights. What
 * PostgreSQL grants every role by default and a reader does not need is revoked from PUBLIC in
 * this database: temporary tables and creating large objects. The ingest's run lock is a table
 * lock on raw.launches, which only a role that may write it can take.
 */
import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

export const ANALYTICS_READER = 'analytics_reader';

/** Large-object functions that create one: without them a reader has none to write. */
const LARGE_OBJECT_CREATORS = [
  'lo_create(oid)',
  'lo_creat(integer)',
  'lo_from_bytea(oid, bytea)',
  'lo_import(text)',
  'lo_import(text, oid)',
];

/**
 * A reader's session limits: a query at most 5 minutes, an idle open transaction (which holds
 * back vacuum and the marts' refresh) at most 1 minute, temporary files at most 1 GB.
 */
export const READER_LIMITS = [
  ['statement_timeout', '5min'],
  ['idle_in_transaction_session_timeout', '1min'],
  ['temp_file_limit', '1GB'],
] as const;

/** The statements, in order; `pnpm db:grant-reader --sql` prints them for a DBA. */
export const ANALYTICS_READER_SQL = [
  `revoke all on schema raw from ${ANALYTICS_READER}`,
  `grant usage on schema staging, mart to ${ANALYTICS_READER}`,
  `grant select on all tables in schema staging, mart to ${ANALYTICS_READER}`,
  `alter default privileges in schema staging, mart grant select on tables to ${ANALYTICS_READER}`,
  `grant usage on schema drizzle to ${ANALYTICS_READER}`,
  `grant select on drizzle.__drizzle_migrations to ${ANALYTICS_READER}`,
  // Granted to PUBLIC by default; the pipeline's own roles never need either.
  `do $$ begin execute format('revoke temporary on database %I from public', current_database()); end $$`,
  `revoke execute on function ${LARGE_OBJECT_CREATORS.join(', ')} from public`,
  // Limits for a reader's sessions (BI tools and notebooks keep transactions open): PostgreSQL
  // applies a role's settings to sessions that log in as it, so give a login role the same.
  ...READER_LIMITS.map(
    ([name, value]) => `alter role ${ANALYTICS_READER} set ${name} = '${value}'`,
  ),
];

/** Creates the role (NOLOGIN; grant it to a login role) if missing, and its grants. Idempotent. */
export async function grantAnalyticsReader(db: Database): Promise<void> {
  await db.transaction(async (tx) => {
    const existing = await tx
      .select({ name: sql<string>`rolname` })
      .from(sql`pg_roles`)
      .where(sql`rolname = ${ANALYTICS_READER}`);
    if (existing.length === 0) await tx.execute(sql.raw(`create role ${ANALYTICS_READER} nologin`));
    for (const statement of ANALYTICS_READER_SQL) await tx.execute(sql.raw(statement));
  });
}

/** What the session's role may do, for commands that need more than a reader has. */
export interface SessionPrivileges {
  user: string;
  /** May read the raw layer (the checks and the run log read it). */
  readsRaw: boolean;
  /** May create schemas and tables in this database (migrations do). */
  creates: boolean;
}

/** The session's role and what it may do; PGlite's single user may do everything. */
export async function sessionPrivileges(db: Database): Promise<SessionPrivileges> {
  const [row] = await db
    .select({
      user: sql<string>`current_user`,
      readsRaw: sql<boolean>`has_schema_privilege('raw', 'USAGE')`,
      creates: sql<boolean>`has_database_privilege(current_database(), 'CREATE')`,
    })
    .from(sql`(select 1) as one`);
  if (!row) throw new Error('the privileges query returned no row');
  return row;
}
