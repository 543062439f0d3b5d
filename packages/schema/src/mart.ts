/**
 * The mart layer: materialized views the analytics questions read. Only launches that have
 * happened count (`is_upcoming` false), and only cores with a known id.
 *
 * Drizzle cannot declare indexes on materialized views (drizzle-orm #2976), so they are declared
 * below as data, created by a hand-written migration, and a test checks that each exists.
 */
import { sql } from 'drizzle-orm';
import { doublePrecision, integer, jsonb, pgSchema, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns.js';
import { describe } from './describe.js';
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

/**
 * Every flight of a known core on a past launch, with the same core's previous flight. Ids are
 * compared byte by byte ("C"): for hex ids the order any collation gives, without the cost of
 * its language rules. The gap is one exact (numeric) extract of the interval between launches.
 */
export const coreFlights = mart
  .materializedView('core_flights', {
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
  })
  .as(sql`
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
from flights`);

/**
 * One row per known core: how often it flew on past launches, first and last time. Counted from
 * core_flights (refreshed first), a quarter of the time of joining the raw layer again.
 */
export const coreUsage = mart
  .materializedView('core_usage', {
    coreId: text('core_id').notNull(),
    coreSerial: text('core_serial'),
    coreBlock: integer('core_block'),
    coreStatus: text('core_status'),
    uses: integer('uses').notNull(),
    firstLaunchedAt: timestamptz('first_launched_at').notNull(),
    lastLaunchedAt: timestamptz('last_launched_at').notNull(),
  })
  .as(sql`
select
  core_id,
  core_serial,
  core_block,
  core_status,
  count(*)::integer as uses,
  min(launched_at) as first_launched_at,
  max(launched_at) as last_launched_at
from ${coreFlights}
group by core_id, core_serial, core_block, core_status`);

/** Every crew member's flights on past launches: who, for which agency, in which role, when. */
export const crewFlights = mart
  .materializedView('crew_flights', {
    crewId: text('crew_id').notNull(),
    crewName: text('crew_name'),
    agency: text('agency'),
    crewRole: text('crew_role').notNull(),
    launchId: text('launch_id').notNull(),
    launchName: text('launch_name').notNull(),
    launchedAt: timestamptz('launched_at').notNull(),
  })
  .as(sql`
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
where not launches.is_upcoming`);

/** Past launches per calendar month in UTC (grouped by the month's start: one label a month). */
export const monthlyLaunches = mart
  .materializedView('monthly_launches', {
    month: text('month').notNull(),
    launches: integer('launches').notNull(),
    launchNames: jsonb('launch_names').$type<string[]>().notNull(),
  })
  .as(sql`
select
  to_char(date_trunc('month', launches.launched_at at time zone 'UTC'), 'YYYY-MM') as month,
  count(*)::integer as launches,
  jsonb_agg(launches.launch_name order by launches.launched_at, launches.launch_name) as launch_names
from ${stgLaunches} as launches
where not launches.is_upcoming
group by date_trunc('month', launches.launched_at at time zone 'UTC')`);

/** Every materialized view, in the order a refresh must follow. */
export const martViews = [coreFlights, coreUsage, crewFlights, monthlyLaunches] as const;

/**
 * Indexes on the mart views. The unique ones allow `REFRESH ... CONCURRENTLY`; the others serve
 * the analytics queries' filters and sorts.
 */
export const martIndexes = [
  {
    name: 'core_flights_core_launch_key',
    view: 'core_flights',
    unique: true,
    on: 'core_id, launch_id',
  },
  {
    name: 'core_flights_gap_idx',
    view: 'core_flights',
    unique: false,
    on: 'seconds_since_previous',
  },
  { name: 'core_usage_core_key', view: 'core_usage', unique: true, on: 'core_id' },
  { name: 'core_usage_uses_idx', view: 'core_usage', unique: false, on: 'uses' },
  {
    name: 'crew_flights_crew_launch_key',
    view: 'crew_flights',
    unique: true,
    on: 'crew_id, launch_id',
  },
  { name: 'monthly_launches_month_key', view: 'monthly_launches', unique: true, on: 'month' },
  {
    name: 'monthly_launches_launches_idx',
    view: 'monthly_launches',
    unique: false,
    on: 'launches',
  },
] as const;

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
