/**
 * The three launch questions as typed queries over the mart layer. Definitions:
 * - only launches that have happened count (`upcoming` false);
 * - a core's uses are the past launches that list it (core id not null); reuses = uses - 1;
 * - "reused within N days": a flight's launch time minus the same core's previous flight's
 *   launch time, exact timestamps, strictly less than N x 24 h;
 * - months are calendar months in UTC.
 */
import { coreFlights, coreUsage, type Database, monthlyLaunches } from '@spacex/schema';
import { asc, eq, gte, type InferSelectModel, lt, sql } from 'drizzle-orm';
import * as v from 'valibot';

export class AnalyticsArgumentError extends Error {
  override name = 'AnalyticsArgumentError';
}

const SECONDS_PER_DAY = 86_400;

/** "Reused less than 50 days after its previous launch": the question's own threshold. */
export const DEFAULT_REUSE_DAYS = 50;
/** "More than one launch" in a month. */
export const DEFAULT_MIN_LAUNCHES = 2;

/** The largest value of PostgreSQL's `integer`, which the queries compare the arguments with. */
const MAX_ARGUMENT = 2_147_483_647;

/** A positive whole number, or a clear error naming the function and the argument. */
function positiveInteger(fn: string, name: string, value: unknown): number {
  const result = v.safeParse(
    v.pipe(v.number(), v.safeInteger(), v.minValue(1), v.maxValue(MAX_ARGUMENT)),
    value,
  );
  if (!result.success) {
    throw new AnalyticsArgumentError(
      `${fn}: ${name} must be a positive whole number of at most ${MAX_ARGUMENT}, got ${JSON.stringify(value) ?? String(value)}`,
    );
  }
  return result.output;
}

/** Fails loudly if a value the query guarantees is missing: a broken mart, not user input. */
function present<T>(value: T | null, what: string): T {
  if (value === null)
    throw new Error(
      `mart.core_flights has a reuse without ${what}; rebuild the marts (pnpm ingest --full-refresh)`,
    );
  return value;
}

// --- The answers' types: named, each field typed from the mart table it comes from -------------

type CoreUsageRow = InferSelectModel<typeof coreUsage>;
type CoreFlightRow = InferSelectModel<typeof coreFlights>;
type MonthRow = InferSelectModel<typeof monthlyLaunches>;

/** A core and how often it has flown. */
export interface CoreUse {
  coreId: CoreUsageRow['coreId'];
  /** The core's serial (e.g. "B1058"); null when the cores endpoint does not know the core. */
  serial: CoreUsageRow['coreSerial'];
  /** Falcon 9 block; null when unknown. */
  block: CoreUsageRow['coreBlock'];
  /** Status the cores endpoint reports (active, lost, ...); null when unknown. */
  status: CoreUsageRow['coreStatus'];
  uses: CoreUsageRow['uses'];
  firstLaunchedAt: CoreUsageRow['firstLaunchedAt'];
  lastLaunchedAt: CoreUsageRow['lastLaunchedAt'];
}

/** Answer 1: the most uses of any core, and every core tied at it. */
export interface MaxCoreUses {
  uses: number;
  reuses: number;
  cores: CoreUse[];
}

/** One flight of a core, launched soon after the same core's previous flight. */
export interface QuickReuse {
  coreId: CoreFlightRow['coreId'];
  serial: CoreFlightRow['coreSerial'];
  block: CoreFlightRow['coreBlock'];
  status: CoreFlightRow['coreStatus'];
  launchId: CoreFlightRow['launchId'];
  launchName: CoreFlightRow['launchName'];
  launchedAt: CoreFlightRow['launchedAt'];
  /** The launch's rocket, e.g. "Falcon 9"; null when the rockets endpoint does not know it. */
  rocketName: CoreFlightRow['rocketName'];
  /** The launch's site, e.g. "KSC LC 39A"; null when the launchpads endpoint does not know it. */
  launchpadName: CoreFlightRow['launchpadName'];
  previousLaunchId: NonNullable<CoreFlightRow['previousLaunchId']>;
  previousLaunchName: NonNullable<CoreFlightRow['previousLaunchName']>;
  previousLaunchedAt: NonNullable<CoreFlightRow['previousLaunchedAt']>;
  /** Fractional days of 24 h. */
  daysSincePrevious: NonNullable<CoreFlightRow['daysSincePrevious']>;
}

/** Answer 2: the flights reused within `days`, and the distinct cores among them. */
export interface CoresReusedWithin {
  days: number;
  cores: string[];
  flights: QuickReuse[];
}

/** A calendar month (UTC) and its launches. */
export interface BusyMonth {
  /** `YYYY-MM`. */
  month: MonthRow['month'];
  launches: MonthRow['launches'];
  /** In launch order. */
  launchNames: MonthRow['launchNames'];
}

/** Answer 3: the months with at least `minLaunches` launches. */
export interface BusyMonths {
  minLaunches: number;
  months: BusyMonth[];
}

/** A core as a reader knows it: its serial, or its id marked unknown when the cores endpoint lacks it. */
export function coreName(core: { coreId: string; serial: string | null }): string {
  return core.serial ?? `${core.coreId} (serial unknown)`;
}

// --- 1. The maximum number of times a core has been used -------------------------------------

export function maxCoreUsesQuery(db: Database) {
  return db
    .select({
      coreId: coreUsage.coreId,
      serial: coreUsage.coreSerial,
      block: coreUsage.coreBlock,
      status: coreUsage.coreStatus,
      uses: coreUsage.uses,
      firstLaunchedAt: coreUsage.firstLaunchedAt,
      lastLaunchedAt: coreUsage.lastLaunchedAt,
    })
    .from(coreUsage)
    .where(eq(coreUsage.uses, sql`(select max(${coreUsage.uses}) from ${coreUsage})`))
    .orderBy(asc(coreUsage.coreId));
}

/**
 * The most uses of any core, and every core tied at it (sorted by core id). `uses` counts past
 * launches; `reuses` is `uses - 1`. With no core flown yet: `{ uses: 0, reuses: 0, cores: [] }`.
 */
export async function maxCoreUses(db: Database): Promise<MaxCoreUses> {
  const cores = await maxCoreUsesQuery(db);
  const uses = cores[0]?.uses ?? 0;
  return { uses, reuses: Math.max(0, uses - 1), cores };
}

// --- 2. Cores reused in less than N days --------------------------------------------------------

export interface ReusedWithinOptions {
  /** Strict upper bound on the gap, in days of 24 h; a positive whole number. Default DEFAULT_REUSE_DAYS (50). */
  days?: number;
}

export function coresReusedWithinQuery(db: Database, days: number) {
  return db
    .select({
      coreId: coreFlights.coreId,
      serial: coreFlights.coreSerial,
      block: coreFlights.coreBlock,
      status: coreFlights.coreStatus,
      launchId: coreFlights.launchId,
      launchName: coreFlights.launchName,
      launchedAt: coreFlights.launchedAt,
      rocketName: coreFlights.rocketName,
      launchpadName: coreFlights.launchpadName,
      previousLaunchId: coreFlights.previousLaunchId,
      previousLaunchName: coreFlights.previousLaunchName,
      previousLaunchedAt: coreFlights.previousLaunchedAt,
      daysSincePrevious: coreFlights.daysSincePrevious,
    })
    .from(coreFlights)
    .where(lt(coreFlights.secondsSincePrevious, days * SECONDS_PER_DAY))
    .orderBy(
      asc(coreFlights.secondsSincePrevious),
      asc(coreFlights.coreId),
      asc(coreFlights.launchedAt),
    );
}

/**
 * Every flight of a core launched less than `days` x 24 h after the same core's previous flight
 * (exact timestamps; a gap of exactly `days` does not count), sorted by the gap, shortest first;
 * and the distinct cores among them, sorted. `daysSincePrevious` is fractional.
 */
export async function coresReusedWithin(
  db: Database,
  options: ReusedWithinOptions = {},
): Promise<CoresReusedWithin> {
  const days = positiveInteger('coresReusedWithin', 'days', options.days ?? DEFAULT_REUSE_DAYS);
  const rows = await coresReusedWithinQuery(db, days);
  const flights = rows.map((row) => ({
    ...row,
    previousLaunchId: present(row.previousLaunchId, 'a previous launch id'),
    previousLaunchName: present(row.previousLaunchName, 'a previous launch name'),
    previousLaunchedAt: present(row.previousLaunchedAt, 'a previous launch time'),
    daysSincePrevious: present(row.daysSincePrevious, 'a gap'),
  }));
  const cores = [...new Set(flights.map((f) => f.coreId))].sort();
  return { days, cores, flights };
}

// --- 3. Months with more than one launch --------------------------------------------------------

export interface BusyMonthsOptions {
  /** Fewest launches a month needs to be listed; a positive whole number. Default DEFAULT_MIN_LAUNCHES (2). */
  minLaunches?: number;
}

export function busyMonthsQuery(db: Database, minLaunches: number) {
  return db
    .select({
      month: monthlyLaunches.month,
      launches: monthlyLaunches.launches,
      launchNames: monthlyLaunches.launchNames,
    })
    .from(monthlyLaunches)
    .where(gte(monthlyLaunches.launches, minLaunches))
    .orderBy(asc(monthlyLaunches.month));
}

/**
 * The calendar months (UTC, `YYYY-MM`) with at least `minLaunches` past launches, in month
 * order, each with its launch names in launch order.
 */
export async function busyMonths(
  db: Database,
  options: BusyMonthsOptions = {},
): Promise<BusyMonths> {
  const minLaunches = positiveInteger(
    'busyMonths',
    'minLaunches',
    options.minLaunches ?? DEFAULT_MIN_LAUNCHES,
  );
  const months = await busyMonthsQuery(db, minLaunches);
  return { minLaunches, months };
}
