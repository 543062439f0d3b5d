export {
  AnalyticsArgumentError,
  type BusyMonths,
  type BusyMonthsOptions,
  busyMonths,
  busyMonthsQuery,
  type CoresReusedWithin,
  coresReusedWithin,
  coresReusedWithinQuery,
  type MaxCoreUses,
  maxCoreUses,
  maxCoreUsesQuery,
  type ReusedWithinOptions,
} from './answers.js';
export { answerSql } from './sql.js';
