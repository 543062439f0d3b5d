import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';

/**
 * The typed Drizzle database every package works with, whichever driver is underneath:
 * `drizzle(postgres(url))`, `drizzle(new PGlite())`, or `openDatabase` of `@spacex/db`.
 */
export type Database = PgDatabase<PgQueryResultHKT>;
