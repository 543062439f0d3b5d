/**
 * Data checks, declared as typed data next to the schema: what dbt's tests gave the original
 * project, with failing rows' keys instead of a bare count. Raw tables already enforce primary
 * keys, foreign keys, uniqueness and NOT NULL by constraint; these checks cover what constraints
 * cannot: conditional nulls, accepted values, rules across rows, and marts gone stale.
 *
 * Only rules the real data satisfies are errors; where the real data breaks one, it is a warning
 * and its description says why.
 */

import { DATE_PRECISIONS, LANDING_TYPES } from '@spacex/contract';
import type { Relation } from '@spacex/db/schema';
import {
  coreFlights,
  cores,
  coreUsage,
  crew,
  ingestRuns,
  launchCores,
  launchCrew,
  launches,
  RUN_STATUSES,
  stgLaunches,
} from '@spacex/db/schema';
import { type Column, type SQL, sql } from 'drizzle-orm';

export type Severity = 'error' | 'warn';

interface CheckBase {
  /** snake_case, unique: how reports and tests name the check. */
  name: string;
  severity: Severity;
  description: string;
  relation: Relation;
  /** Columns that identify a failing row in reports. */
  key: Column[];
}

export type Check = CheckBase &
  (
    | { kind: 'notNull'; column: Column; where?: SQL }
    | { kind: 'unique'; columns: Column[]; where?: SQL }
    | { kind: 'relationship'; column: Column; references: Relation; referencedColumn: Column }
    | { kind: 'acceptedValues'; column: Column; values: readonly string[]; allowNull: boolean }
    | { kind: 'row'; failsWhen: SQL }
  );

const isPastLaunch = (launchId: Column) =>
  sql`${launchId} in (select ${launches.id} from ${launches} where not ${launches.upcoming})`;

export const checks: Check[] = [
  {
    name: 'past_launch_success_known',
    kind: 'notNull',
    severity: 'warn',
    description:
      'A past launch has a known outcome. A warning, not an error: the API left one past launch, ' +
      'Starlink 3-1 (v1.5) on 2022-07-11, with success null.',
    relation: launches,
    column: launches.success,
    where: sql`not ${launches.upcoming}`,
    key: [launches.id],
  },
  {
    name: 'past_launch_core_known',
    kind: 'notNull',
    severity: 'error',
    description:
      'Every core of a past launch has an id (only upcoming launches have unassigned cores).',
    relation: launchCores,
    column: launchCores.core,
    where: isPastLaunch(launchCores.launchId),
    key: [launchCores.launchId, launchCores.position],
  },
  {
    name: 'past_launch_core_flight_known',
    kind: 'notNull',
    severity: 'error',
    description: 'Every core of a past launch has its flight number.',
    relation: launchCores,
    column: launchCores.flight,
    where: isPastLaunch(launchCores.launchId),
    key: [launchCores.launchId, launchCores.position],
  },
  {
    name: 'core_once_per_launch',
    kind: 'unique',
    severity: 'error',
    description: 'A core appears at most once in a launch.',
    relation: launchCores,
    columns: [launchCores.launchId, launchCores.core],
    where: sql`${launchCores.core} is not null`,
    key: [launchCores.launchId, launchCores.core],
  },
  {
    name: 'launch_cores_launch_exists',
    kind: 'relationship',
    severity: 'error',
    description:
      'Every core row belongs to a launch (raw.launch_cores.launch_id -> raw.launches.id).',
    relation: launchCores,
    column: launchCores.launchId,
    references: launches,
    referencedColumn: launches.id,
    key: [launchCores.launchId, launchCores.position],
  },
  {
    name: 'launch_crew_launch_exists',
    kind: 'relationship',
    severity: 'error',
    description:
      'Every crew row belongs to a launch (raw.launch_crew.launch_id -> raw.launches.id).',
    relation: launchCrew,
    column: launchCrew.launchId,
    references: launches,
    referencedColumn: launches.id,
    key: [launchCrew.launchId, launchCrew.crew],
  },
  {
    name: 'date_precision_accepted',
    kind: 'acceptedValues',
    severity: 'error',
    description: `date_precision is one the API documents: ${DATE_PRECISIONS.join(', ')}.`,
    relation: launches,
    column: launches.datePrecision,
    values: DATE_PRECISIONS,
    allowNull: false,
    key: [launches.id],
  },
  {
    name: 'landing_type_accepted',
    kind: 'acceptedValues',
    severity: 'error',
    description: `landing_type is ${LANDING_TYPES.join(', ')} or null.`,
    relation: launchCores,
    column: launchCores.landingType,
    values: LANDING_TYPES,
    allowNull: true,
    key: [launchCores.launchId, launchCores.position],
  },
  {
    name: 'run_status_accepted',
    kind: 'acceptedValues',
    severity: 'error',
    description: `An ingest run's status is ${RUN_STATUSES.join(' or ')}.`,
    relation: ingestRuns,
    column: ingestRuns.status,
    values: RUN_STATUSES,
    allowNull: false,
    key: [ingestRuns.id],
  },
  {
    name: 'reused_core_has_flown',
    kind: 'row',
    severity: 'error',
    description: 'A core marked reused is on its second flight or later (flight > 1).',
    relation: launchCores,
    failsWhen: sql`${launchCores.reused} and ${launchCores.flight} <= 1`,
    key: [launchCores.launchId, launchCores.position],
  },
  {
    name: 'cores_numbered_from_zero',
    kind: 'row',
    severity: 'error',
    description: "A launch's cores are numbered 0..n-1, with no gap.",
    relation: launches,
    failsWhen: sql`exists (
      select 1 from ${launchCores} where ${launchCores.launchId} = ${launches.id}
      having min(${launchCores.position}) <> 0 or max(${launchCores.position}) <> count(*) - 1)`,
    key: [launches.id],
  },
  {
    name: 'date_unix_matches_date_utc',
    kind: 'row',
    severity: 'warn',
    description:
      'date_unix is date_utc in Unix seconds. A warning, not an error: the API disagrees with itself ' +
      'for two past launches, COTS 2 (date_unix 20 days early) and SSO-A (2 minutes early); staging uses date_utc.',
    relation: launches,
    failsWhen: sql`${launches.dateUnix} <> floor(extract(epoch from ${launches.dateUtc}::timestamptz))`,
    key: [launches.id],
  },
  {
    name: 'launch_core_known_to_cores_endpoint',
    kind: 'row',
    severity: 'warn',
    description:
      'Once cores are loaded, every core a launch names is one the cores endpoint knows (each unknown core ' +
      'counted once). A warning: ' +
      'the saved cores dump is partial (66 of the 78 cores the launches name); unknown cores keep a null serial.',
    relation: launchCores,
    // One failing row per core: its first entry (by launch id, then position).
    failsWhen: sql`${launchCores.core} is not null
      and exists (select 1 from ${cores})
      and not exists (select 1 from ${cores} where ${cores.id} = ${launchCores.core})
      and not exists (
        select 1 from ${launchCores} as earlier
        where earlier.core = ${launchCores.core}
          and (earlier.launch_id, earlier.position) < (${launchCores.launchId}, ${launchCores.position}))`,
    key: [launchCores.core],
  },
  {
    name: 'core_reuse_count_matches_launches',
    kind: 'row',
    severity: 'warn',
    description:
      "A core's reuse_count (cores endpoint) is its past launches (launches endpoint) minus one. A warning: " +
      'the endpoints are updated apart, and the saved cores dump dates from 2020.',
    relation: cores,
    failsWhen: sql`${cores.reuseCount} <> greatest(0, (
      select count(*) from ${launchCores}
      join ${launches} on ${launches.id} = ${launchCores.launchId}
      where ${launchCores.core} = ${cores.id} and not ${launches.upcoming}) - 1)`,
    key: [cores.serial],
  },
  {
    name: 'crew_member_known_to_crew_endpoint',
    kind: 'row',
    severity: 'warn',
    description:
      'Once crew are loaded, every crew member a launch names is one the crew endpoint knows.',
    relation: launchCrew,
    failsWhen: sql`exists (select 1 from ${crew})
      and not exists (select 1 from ${crew} where ${crew.id} = ${launchCrew.crew})`,
    key: [launchCrew.crew],
  },
  {
    name: 'core_flights_launch_exists',
    kind: 'relationship',
    severity: 'error',
    description:
      'Every flight in mart.core_flights is a launch in staging.launches: the mart is not stale.',
    relation: coreFlights,
    column: coreFlights.launchId,
    references: stgLaunches,
    referencedColumn: stgLaunches.launchId,
    key: [coreFlights.coreId, coreFlights.launchId],
  },
  {
    name: 'core_usage_matches_core_flights',
    kind: 'row',
    severity: 'error',
    description:
      "mart.core_usage counts each core's flights in mart.core_flights: the two marts agree.",
    relation: coreUsage,
    failsWhen: sql`${coreUsage.uses} <> (select count(*) from ${coreFlights} where ${coreFlights.coreId} = ${coreUsage.coreId})`,
    key: [coreUsage.coreId],
  },
];
