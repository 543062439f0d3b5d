/**
 * The mart layer: tables the analytics questions read, kept right by each ingest run inside its
 * transaction. Each mart is declared with the query that computes its rows (plain SQL over
 * staging, for all keys or only some) and the keys a change touches: a run recomputes only the
 * rows of those keys, a first load or `--full-refresh` every row. Only launches that have
 * happened count (`is_upcoming` false), and only cores with a known id.
 *
 * Tables rather than materialized views: a refresh takes an exclusive lock that an open reader
 * blocks, and recomputes everything. Writing rows takes none a reader conflicts with; readers see
 * the previous rows until the run commits.
 */
import type { EntityName } from '@spacex/contract';
import { type Column, getTableColumns, type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import {
  doublePrecision,
  index,
  integer,
  jsonb,
  type PgTable,
  pgSchema,
  primaryKey,
  text,
} from 'drizzle-orm/pg-core';
import { timestamptz } from './columns.js';
import { definedBy, describe } from './describe.js';
import { launchCores, launchCrew, launches, recordHistory } from './raw.js';
import {
  stgCores,
  stgCrew,
  stgLaunchCores,
  stgLaunchCrew,
  stgLaunches,
  stgLaunchpads,
  stgRockets,
} from './staging.js';

export const mart = pgSchema('mart');

/** A resource whose changes a run notes: launches or another entity, by its raw table's name. */
export type ChangedResource = 'launches' | EntityName;

/** What a run changed, as SQL a mart's `touched` queries read. */
export interface RunChanges {
  /** The ids of `resource` records this run added, changed or removed (a query of one column). */
  ids(resource: ChangedResource): SQL;
  /** Which raw.record_history rows are the previous versions of the `resource` records this run changed or removed. */
  previous(resource: ChangedResource): SQL;
  /** Whether this run changed any record of `resource`: a query about none is not asked. */
  has(resource: ChangedResource): boolean;
}

/** A run's changes, and the keys already found touched in the marts kept before. */
export interface MartScope extends RunChanges {
  keysOf(mart: Mart): SQL;
}

/** A mart: its table, the column its rows are kept by, and how to compute them. */
export interface Mart {
  table: PgTable;
  /** A change recomputes every row of each key it touches. */
  key: Column;
  /** The rows of the keys `only` lists (a query of one column), or of every key. */
  rows(only?: SQL): SQL;
  /**
   * The keys whose rows a run's changes may alter, old state and new, as queries of one column
   * (their union): run before any mart is rewritten, so a mart's own rows still say what the
   * changed records were.
   */
  touched(scope: MartScope): SQL[];
}

/**
 * `column` is one of the values `query` returns. As an array, not `in (query)`: the planner then
 * probes the column's index per value, where a semi-join was planned as a scan of the whole table
 * (statistics of a table just loaded are not yet gathered).
 */
export const anyOf = (column: SQLWrapper, query: SQL): SQL => sql`${column} = any(array(${query}))`;

const onlyWhere = (column: SQL, only: SQL | undefined) =>
  only === undefined ? sql`` : sql`and ${anyOf(column, only)}`;

/** A launch's month as the marts label it: YYYY-MM of its start in UTC. */
const monthOf = (launchedAt: SQL) =>
  sql`to_char(date_trunc('month', ${launchedAt} at time zone 'UTC'), 'YYYY-MM')`;

/**
 * Every flight of a known core on a past launch, with the same core's previous flight. Ids are
 * compared byte by byte ("C"): for hex ids the order any collation gives, without the cost of
 * its language rules. The gap is one exact (numeric) extract of the interval between launches.
 */
export const coreFlights = mart.table(
  'core_flights',
  {
    coreId: text('core_id').notNull(),
    coreSerial: text('core_serial'),
    coreBlock: integer('core_block'),
    coreStatus: text('core_status'),
    launchId: text('launch_id').notNull(),
    launchName: text('launch_name').notNull(),
    launchedAt: timestamptz('launched_at').notNull(),
    rocketName: text('rocket_name'),
    launchpadName: text('launchpad_name'),
    flightOrder: integer('flight_order').notNull(),
    previousLaunchId: text('previous_launch_id'),
    previousLaunchName: text('previous_launch_name'),
    previousLaunchedAt: timestamptz('previous_launched_at'),
    secondsSincePrevious: doublePrecision('seconds_since_previous'),
    daysSincePrevious: doublePrecision('days_since_previous'),
  },
  (t) => [
    primaryKey({ name: 'core_flights_pkey', columns: [t.coreId, t.launchId] }),
    index('core_flights_gap_idx').on(t.secondsSincePrevious),
    // A run finds the cores a changed launch flew by it.
    index('core_flights_launch_idx').on(t.launchId),
  ],
);

const coreFlightsMart: Mart = {
  table: coreFlights,
  key: coreFlights.coreId,
  rows: (only) => sql`
with flights as (
  select
    cores.core_id,
    entity.core_serial,
    entity.core_block,
    entity.core_status,
    launches.launch_id,
    launches.launch_name,
    launches.launched_at,
    rockets.rocket_name,
    launchpads.launchpad_name,
    (row_number() over core_history)::integer as flight_order,
    lag(launches.launch_id) over core_history as previous_launch_id,
    lag(launches.launch_name) over core_history as previous_launch_name,
    lag(launches.launched_at) over core_history as previous_launched_at
  from ${stgLaunchCores} as cores
  join ${stgLaunches} as launches on launches.launch_id = cores.launch_id
  left join ${stgCores} as entity on entity.core_id = cores.core_id
  left join ${stgRockets} as rockets on rockets.rocket_id = launches.rocket_id
  left join ${stgLaunchpads} as launchpads on launchpads.launchpad_id = launches.launchpad_id
  where not launches.is_upcoming
    and cores.core_id is not null
    ${onlyWhere(sql`cores.core_id`, only)}
  window core_history as (
    partition by cores.core_id collate "C"
    order by launches.launched_at, launches.launch_id collate "C"
  )
)
select
  flights.*,
  extract(epoch from launched_at - previous_launched_at)::double precision
    as seconds_since_previous,
  (extract(epoch from launched_at - previous_launched_at) / 86400)::double precision
    as days_since_previous
from flights`,
  // The cores the changed launches fly now and flew before (this mart's own rows say which), the
  // changed cores, and the cores of launches whose rocket or launch site changed.
  touched: (changes) => [
    ...(changes.has('launches')
      ? [
          sql`select ${launchCores.core} from ${launchCores}
  where ${anyOf(launchCores.launchId, changes.ids('launches'))} and ${launchCores.core} is not null`,
          sql`select ${coreFlights.coreId} from ${coreFlights}
  where ${anyOf(coreFlights.launchId, changes.ids('launches'))}`,
        ]
      : []),
    ...(changes.has('cores') ? [changes.ids('cores')] : []),
    ...(changes.has('rockets') || changes.has('launchpads')
      ? [
          sql`select ${launchCores.core} from ${launchCores}
  join ${launches} on ${launches.id} = ${launchCores.launchId}
  where ${launchCores.core} is not null
    and (${anyOf(launches.rocket, changes.ids('rockets'))}
      or ${anyOf(launches.launchpad, changes.ids('launchpads'))})`,
        ]
      : []),
  ],
};

/** One row per known core: how often it flew on past launches, first and last time. */
export const coreUsage = mart.table(
  'core_usage',
  {
    coreId: text('core_id').primaryKey(),
    coreSerial: text('core_serial'),
    coreBlock: integer('core_block'),
    coreStatus: text('core_status'),
    uses: integer('uses').notNull(),
    firstLaunchedAt: timestamptz('first_launched_at').notNull(),
    lastLaunchedAt: timestamptz('last_launched_at').notNull(),
  },
  (t) => [index('core_usage_uses_idx').on(t.uses)],
);

const coreUsageMart: Mart = {
  table: coreUsage,
  key: coreUsage.coreId,
  // Counted from core_flights (kept first), a quarter of the time of joining staging again.
  rows: (only) => sql`
select
  core_id,
  core_serial,
  core_block,
  core_status,
  count(*)::integer as uses,
  min(launched_at) as first_launched_at,
  max(launched_at) as last_launched_at
from ${coreFlights}
where true ${onlyWhere(sql`core_id`, only)}
group by core_id, core_serial, core_block, core_status`,
  touched: (changes) => [changes.keysOf(coreFlightsMart)],
};

/** Every crew member's flights on past launches: who, for which agency, in which role, when. */
export const crewFlights = mart.table(
  'crew_flights',
  {
    crewId: text('crew_id').notNull(),
    crewName: text('crew_name'),
    agency: text('agency'),
    crewRole: text('crew_role').notNull(),
    launchId: text('launch_id').notNull(),
    launchName: text('launch_name').notNull(),
    launchedAt: timestamptz('launched_at').notNull(),
  },
  (t) => [
    primaryKey({ name: 'crew_flights_pkey', columns: [t.crewId, t.launchId] }),
    index('crew_flights_launch_idx').on(t.launchId),
  ],
);

const crewFlightsMart: Mart = {
  table: crewFlights,
  key: crewFlights.crewId,
  rows: (only) => sql`
select
  members.crew_id,
  person.crew_name,
  person.agency,
  members.crew_role,
  launches.launch_id,
  launches.launch_name,
  launches.launched_at
from ${stgLaunchCrew} as members
join ${stgLaunches} as launches on launches.launch_id = members.launch_id
left join ${stgCrew} as person on person.crew_id = members.crew_id
where not launches.is_upcoming
  ${onlyWhere(sql`members.crew_id`, only)}`,
  // The crew of the changed launches, now and before (this mart's rows), and the changed crew.
  touched: (changes) => [
    ...(changes.has('launches')
      ? [
          sql`select ${launchCrew.crew} from ${launchCrew}
  where ${anyOf(launchCrew.launchId, changes.ids('launches'))}`,
          sql`select ${crewFlights.crewId} from ${crewFlights}
  where ${anyOf(crewFlights.launchId, changes.ids('launches'))}`,
        ]
      : []),
    ...(changes.has('crew') ? [changes.ids('crew')] : []),
  ],
};

/** Past launches per calendar month in UTC (grouped by the month's start: one label a month). */
export const monthlyLaunches = mart.table(
  'monthly_launches',
  {
    month: text('month').primaryKey(),
    launches: integer('launches').notNull(),
    launchNames: jsonb('launch_names').$type<string[]>().notNull(),
  },
  (t) => [index('monthly_launches_launches_idx').on(t.launches)],
);

/**
 * The launches that may fall in the months `only` lists, found by the index on the month their
 * date_utc is written in: an offset (at most ±15:59) moves a date to the month before or after.
 */
const launchesNear = (only: SQL) => sql`
    select ${launches.id} from ${launches}
    where ${anyOf(
      sql`left(${launches.dateUtc}, 7)`,
      sql`select to_char(to_date(month, 'YYYY-MM') + make_interval(months => near), 'YYYY-MM')
        from (${only}) as touched(month), generate_series(-1, 1) as near`,
    )}`;

const monthlyLaunchesMart: Mart = {
  table: monthlyLaunches,
  key: monthlyLaunches.month,
  rows: (only) => sql`
select
  ${monthOf(sql`launches.launched_at`)} as month,
  count(*)::integer as launches,
  jsonb_agg(launches.launch_name order by launches.launched_at, launches.launch_name) as launch_names
from ${stgLaunches} as launches
where not launches.is_upcoming
  ${only === undefined ? sql`` : sql`and ${anyOf(sql`launches.launch_id`, launchesNear(only))}`}
  ${onlyWhere(monthOf(sql`launches.launched_at`), only)}
group by date_trunc('month', launches.launched_at at time zone 'UTC')`,
  // The months of the changed launches now, and before (their previous versions' dates).
  touched: (changes) =>
    changes.has('launches')
      ? [
          sql`select ${monthOf(sql`${launches.dateUtc}::timestamptz`)} from ${launches}
  where ${anyOf(launches.id, changes.ids('launches'))}`,
          sql`select ${monthOf(sql`(${recordHistory.source} ->> 'date_utc')::timestamptz`)}
  from ${recordHistory} where ${changes.previous('launches')}`,
        ]
      : [],
};

/** Every mart, in the order they are kept: core_usage reads core_flights. */
export const marts: readonly Mart[] = [
  coreFlightsMart,
  coreUsageMart,
  crewFlightsMart,
  monthlyLaunchesMart,
];

for (const m of marts) definedBy(m.table, m.rows());

/** The columns of a mart's table, in order: what its `rows` query selects. */
export const martColumns = (m: Mart): SQL =>
  sql.join(
    Object.values(getTableColumns(m.table)).map((c) => sql.identifier(c.name)),
    sql`, `,
  );

export const martDocs = [
  describe(
    coreFlights,
    "Every flight of a known core on a past launch, in order, with the same core's previous flight. Read by coresReusedWithin.",
    {
      coreId: 'Core id.',
      coreSerial:
        "The core's serial (e.g. B1058); null when the cores endpoint does not know the core.",
      coreBlock: 'Its Falcon 9 block; null when unknown.',
      coreStatus: 'Its status as the cores endpoint reports it; null when unknown.',
      launchId: 'The launch of this flight.',
      launchName: 'Its name.',
      launchedAt: 'Its launch time.',
      rocketName: 'Its rocket, e.g. Falcon 9; null when the rockets endpoint does not know it.',
      launchpadName:
        'Its launch site, e.g. KSC LC 39A; null when the launchpads endpoint does not know it.',
      flightOrder:
        "1 for the core's first flight, 2 for its first reuse, and so on (by launch time, then launch id).",
      previousLaunchId: "The same core's previous launch; null on a first flight.",
      previousLaunchName: 'Its name.',
      previousLaunchedAt: 'Its launch time.',
      secondsSincePrevious:
        'Exact time since the previous flight, in seconds; null on a first flight.',
      daysSincePrevious: 'The same gap in days of 24 hours (fractional).',
    },
  ),
  describe(
    coreUsage,
    'One row per known core: how often it flew on past launches. Read by maxCoreUses.',
    {
      coreId: 'Core id.',
      coreSerial: "The core's serial; null when the cores endpoint does not know the core.",
      coreBlock: 'Its Falcon 9 block; null when unknown.',
      coreStatus: 'Its status as the cores endpoint reports it; null when unknown.',
      uses: 'Past launches that list this core; reuses are uses - 1.',
      firstLaunchedAt: 'Its first launch time.',
      lastLaunchedAt: 'Its latest launch time.',
    },
  ),
  describe(
    crewFlights,
    "Every crew member's flights on past launches: name and agency from the crew endpoint (null when it does not know the person), role from the launch.",
    {
      crewId: 'Crew member id.',
      crewName: 'Their name; null when the crew endpoint does not know them.',
      agency: 'Their agency; null when unknown.',
      crewRole: 'Their role on this launch, e.g. Commander.',
      launchId: 'The launch.',
      launchName: 'Its name.',
      launchedAt: 'Its launch time.',
    },
  ),
  describe(monthlyLaunches, 'Past launches per calendar month in UTC. Read by busyMonths.', {
    month: 'The month, YYYY-MM, in UTC.',
    launches: 'Past launches in the month.',
    launchNames: 'Their names, in launch order.',
  }),
];
