/**
 * The three launch questions as typed functions over the mart layer. Pass them a Drizzle
 * database: your own (`drizzle(postgres(url))`), or one opened here with an explicit target.
 */

export {
  type Database,
  type DatabaseHandle,
  type DatabaseTarget,
  openDatabase,
  pgliteTarget,
  postgresTarget,
} from '@spacex/db';
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
