/**
 * The three launch questions as typed functions over the mart layer. Pass them a Drizzle
 * database of your own: `drizzle(postgres(url))` (drizzle-orm/postgres-js) or
 * `drizzle(new PGlite(dir))` (drizzle-orm/pglite). The library needs drizzle-orm and that
 * driver, nothing else.
 */

/** The schema's SQL migrations: what a database of your own is migrated with (drizzle's `migrate`). */
export { type Database, MIGRATIONS_FOLDER } from '@spacex/schema';
export {
  AnalyticsArgumentError,
  type BusyMonth,
  type BusyMonths,
  type BusyMonthsOptions,
  busyMonths,
  type CoresReusedWithin,
  type CoreUse,
  coreName,
  coresReusedWithin,
  DEFAULT_MIN_LAUNCHES,
  DEFAULT_REUSE_DAYS,
  type MaxCoreUses,
  maxCoreUses,
  type QuickReuse,
  type ReusedWithinOptions,
} from './answers.js';
export { answerSql } from './sql.js';
