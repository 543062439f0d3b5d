/**
 * Least privilege, opt in: `analytics_reader` may read staging and mart, nothing else. It cannot
 * write, run DDL, or read raw (so not raw.rejected_launches); the staging views still work for
 * it, as views read their tables with their owner's rights.
 */
import { sql } from 'drizzle-orm';
import type { Database } from './client.js';

export const ANALYTICS_READER = 'analytics_reader';

/** The statements, in order; `pnpm db:grant-reader --sql` prints them for a DBA. */
export const ANALYTICS_READER_SQL = [
  `revoke all on schema raw from ${ANALYTICS_READER}`,
  `grant usage on schema staging, mart to ${ANALYTICS_READER}`,
  `grant select on all tables in schema staging, mart to ${ANALYTICS_READER}`,
  `alter default privileges in schema staging, mart grant select on tables to ${ANALYTICS_READER}`,
] as const;

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
