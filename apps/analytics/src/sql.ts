/** The SQL each answer runs, with its parameters written in, for an analyst to paste into psql. */
import type { Database } from '@spacex/schema';
import { busyMonthsQuery, coresReusedWithinQuery, maxCoreUsesQuery } from './answers.js';

function literal(value: unknown): string {
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  if (value === null || value === undefined) return 'null';
  return `'${String(value).replace(/'/g, "''")}'`;
}

function inline(query: { toSQL(): { sql: string; params: unknown[] } }): string {
  const { sql, params } = query.toSQL();
  // Highest placeholder first, so $1 never eats the start of $10.
  return params.reduceRight<string>(
    (text, value, i) => text.replaceAll(`$${i + 1}`, literal(value)),
    sql,
  );
}

/** The three queries as runnable SQL for the given parameters. */
export function answerSql(db: Database, params: { days: number; minLaunches: number }) {
  return {
    maxCoreUses: `${inline(maxCoreUsesQuery(db))};`,
    coresReusedWithin: `${inline(coresReusedWithinQuery(db, params.days))};`,
    busyMonths: `${inline(busyMonthsQuery(db, params.minLaunches))};`,
  };
}
