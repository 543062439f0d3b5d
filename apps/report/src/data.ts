/**
 * What the report shows, read in one place: the three answers (the analytics library's own
 * functions), launches per month over the whole history, every core flight, the last run and the
 * data checks. The pictures are drawn from this and nothing else.
 */
import {
  type BusyMonths,
  busyMonths,
  type CoresReusedWithin,
  coresReusedWithin,
  type MaxCoreUses,
  maxCoreUses,
} from '@spacex/analytics';
import { sessionPrivileges } from '@spacex/db';
import type { Database } from '@spacex/db/client';
import {
  type CheckResult,
  checkFreshness,
  type FreshnessResult,
  runChecksInSnapshot,
} from '@spacex/quality';
import { coreFlights, stgIngestRuns, stgLaunches, stgRecordHistory } from '@spacex/schema';
import { asc, desc, eq, type InferSelectModel, type InferSelectViewModel, sql } from 'drizzle-orm';

type CoreFlightRow = InferSelectModel<typeof coreFlights>;
type RunRow = InferSelectViewModel<typeof stgIngestRuns>;

/** Launches in one calendar month (UTC). */
export interface MonthCount {
  /** `YYYY-MM`. */
  month: string;
  /** Launches that have happened. */
  past: number;
  /** Launches not yet flown (as of the data). */
  upcoming: number;
}

/** How many stored versions of one entity's records a run ended. */
export interface EndedVersions {
  entity: string;
  changed: number;
  removed: number;
}

/** One flight of a core, for the timeline and the turnaround distribution. */
export type CoreFlight = Pick<
  CoreFlightRow,
  'coreId' | 'coreSerial' | 'launchName' | 'launchedAt' | 'flightOrder' | 'daysSincePrevious'
>;

/** The columns of mart.core_flights the pictures use. */
export const CORE_FLIGHT_FIELDS = {
  coreId: coreFlights.coreId,
  coreSerial: coreFlights.coreSerial,
  launchName: coreFlights.launchName,
  launchedAt: coreFlights.launchedAt,
  flightOrder: coreFlights.flightOrder,
  daysSincePrevious: coreFlights.daysSincePrevious,
};

export interface ReportData {
  days: number;
  minLaunches: number;
  maxCoreUses: MaxCoreUses;
  coresReusedWithin: CoresReusedWithin;
  busyMonths: BusyMonths;
  /** Every month from the first launch to the last, months without launches included. */
  months: MonthCount[];
  /** Every flight of a known core on a past launch, by core then flight order. */
  flights: CoreFlight[];
  /** The latest ingest run, whatever its outcome; null when none. */
  latestRun: Pick<RunRow, 'runId' | 'finishedAt' | 'isSuccess' | 'errorMessage'> | null;
  /** The latest successful ingest run; null when none. */
  lastRun: Pick<
    RunRow,
    | 'runId'
    | 'finishedAt'
    | 'sourceKind'
    | 'source'
    | 'launchesRead'
    | 'launchesChanged'
    | 'launchesRemoved'
  > | null;
  /** The stored versions the last successful run ended, per entity: changed or removed. */
  lastRunEnded: EndedVersions[];
  /** Null when the session's role may not run them (they read raw; a reader reads staging and mart). */
  checks: CheckResult[] | null;
  freshness: FreshnessResult;
}

/** Every `YYYY-MM` from `first` to `last`, inclusive. */
export function monthRange(first: string, last: string): string[] {
  // Months counted from year 0: `YYYY-MM` is year * 12 + (month - 1).
  const index = (month: string) => Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1;
  const months: string[] = [];
  for (let i = index(first); i <= index(last); i++)
    months.push(
      `${String(Math.floor(i / 12)).padStart(4, '0')}-${String((i % 12) + 1).padStart(2, '0')}`,
    );
  return months;
}

/** The data checks, or null when the session's role may not read the raw layer they read. */
export async function checksIfReadable(db: Database): Promise<CheckResult[] | null> {
  return (await sessionPrivileges(db)).readsRaw ? runChecksInSnapshot(db) : null;
}

/** "N passed, N warnings, N failed": how the pages sum the data checks up. */
export function checkSummary(checks: readonly CheckResult[] | null): string {
  if (checks === null) return 'not run by this role (they read raw: pnpm quality, as the owner)';
  const count = (status: CheckResult['status']) => checks.filter((c) => c.status === status).length;
  return `${count('pass')} passed, ${count('warn')} warnings, ${count('fail')} failed`;
}

export async function readReportData(
  db: Database,
  options: { days: number; minLaunches: number; now?: Date },
): Promise<ReportData> {
  const monthOf = sql<string>`to_char(${stgLaunches.launchedAt} at time zone 'UTC', 'YYYY-MM')`;
  const counted = await db
    .select({
      month: monthOf,
      upcoming: stgLaunches.isUpcoming,
      launches: sql<number>`count(*)::integer`,
    })
    .from(stgLaunches)
    .groupBy(monthOf, stgLaunches.isUpcoming)
    .orderBy(asc(monthOf));
  const byMonth = new Map<string, MonthCount>();
  const first = counted[0]?.month;
  const last = counted.at(-1)?.month;
  if (first !== undefined && last !== undefined)
    for (const month of monthRange(first, last))
      byMonth.set(month, { month, past: 0, upcoming: 0 });
  for (const row of counted) {
    const entry = byMonth.get(row.month);
    if (entry === undefined) continue;
    if (row.upcoming) entry.upcoming += row.launches;
    else entry.past += row.launches;
  }

  const flights = await db
    .select(CORE_FLIGHT_FIELDS)
    .from(coreFlights)
    .orderBy(asc(coreFlights.coreId), asc(coreFlights.flightOrder));

  const [lastRun] = await db
    .select({
      runId: stgIngestRuns.runId,
      finishedAt: stgIngestRuns.finishedAt,
      sourceKind: stgIngestRuns.sourceKind,
      source: stgIngestRuns.source,
      launchesRead: stgIngestRuns.launchesRead,
      launchesChanged: stgIngestRuns.launchesChanged,
      launchesRemoved: stgIngestRuns.launchesRemoved,
    })
    .from(stgIngestRuns)
    .where(eq(stgIngestRuns.isSuccess, true))
    .orderBy(desc(stgIngestRuns.finishedAt))
    .limit(1);

  const count = (endedBy: string) =>
    sql<number>`(count(*) filter (where ${stgRecordHistory.endedBy} = ${endedBy}))::integer`;
  const lastRunEnded =
    lastRun === undefined
      ? []
      : await db
          .select({
            entity: stgRecordHistory.entity,
            changed: count('changed'),
            removed: count('removed'),
          })
          .from(stgRecordHistory)
          .where(eq(stgRecordHistory.validToRunId, lastRun.runId))
          .groupBy(stgRecordHistory.entity)
          .orderBy(asc(stgRecordHistory.entity));

  const [latestRun] = await db
    .select({
      runId: stgIngestRuns.runId,
      finishedAt: stgIngestRuns.finishedAt,
      isSuccess: stgIngestRuns.isSuccess,
      errorMessage: stgIngestRuns.errorMessage,
    })
    .from(stgIngestRuns)
    .orderBy(desc(stgIngestRuns.finishedAt))
    .limit(1);

  return {
    days: options.days,
    minLaunches: options.minLaunches,
    maxCoreUses: await maxCoreUses(db),
    coresReusedWithin: await coresReusedWithin(db, { days: options.days }),
    busyMonths: await busyMonths(db, { minLaunches: options.minLaunches }),
    months: [...byMonth.values()],
    flights,
    latestRun: latestRun ?? null,
    lastRun: lastRun ?? null,
    lastRunEnded,
    checks: await checksIfReadable(db),
    freshness: await checkFreshness(db, options.now ? { now: options.now } : {}),
  };
}
