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
import {
  anyOf,
  type ChangedResource,
  capsules,
  coreFlights,
  cores,
  coreUsage,
  crew,
  ingestRuns,
  landpads,
  launchCores,
  launchCrew,
  launches,
  launchpads,
  payloads,
  type Relation,
  RUN_STATUSES,
  rockets,
  ships,
  stgLaunchCapsules,
  stgLaunches,
  stgLaunchPayloads,
  stgLaunchShips,
} from '@spacex/schema';
import { type Column, getTableName, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';

export type Severity = 'error' | 'warn';

interface CheckBase {
  /** snake_case, unique: how reports and tests name the check. */
  name: string;
  severity: Severity;
  description: string;
  relation: Relation;
  /** Columns that identify a failing row in reports. */
  key: Column[];
  /** Which rows a run rechecks (see CheckScope); without one, any run that changed data sweeps every row. */
  scope?: CheckScope;
}

/**
 * The rows of a check a run rechecks: those whose `column` names a record the run changed (`by`
 * launches) or a core whose flights it recomputed (`by` core_flights). A row's status depends on
 * that record alone, unless the check also reads another resource (`alsoReads`): a run that
 * changed that one sweeps every row.
 */
export interface CheckScope {
  by: 'launches' | 'core_flights';
  column: Column;
  alsoReads?: ChangedResource;
}

/** Rows that belong to one launch, by the column holding its id. */
const byLaunch = (column: Column): CheckScope => ({ by: 'launches', column });

export type Check = CheckBase &
  (
    | { kind: 'notNull'; column: Column; where?: SQL }
    | { kind: 'unique'; columns: Column[]; where?: SQL }
    | { kind: 'relationship'; column: Column; references: Relation; referencedColumn: Column }
    | { kind: 'acceptedValues'; column: Column; values: readonly string[]; allowNull: boolean }
    | {
        kind: 'row';
        /**
         * When a row fails. A function when the condition reads other rows: given the scope a
         * run rechecks within, it reads only theirs.
         */
        failsWhen: SQL | ((within: SQL | undefined) => SQL);
      }
    /**
     * Once `entity` is loaded (it has a row), every id `column` names is one of its ids. Each
     * unknown id is one failure, however many rows name it. Not checked before the entity is
     * loaded: a run may read launches alone.
     */
    | { kind: 'knownToEntity'; column: Column; entity: PgTable; entityId: Column }
  );

const isPastLaunch = (launchId: Column) =>
  sql`${launchId} in (select ${launches.id} from ${launches} where not ${launches.upcoming})`;

/** A warn-level check that ids a launch names are known to the entity's endpoint. */
const knownTo = (
  name: string,
  relation: Relation,
  launchId: Column,
  column: Column,
  entity: PgTable & { id: Column },
  note = '',
): Check => ({
  name,
  kind: 'knownToEntity',
  severity: 'warn',
  description:
    `Once ${getTableName(entity)} are loaded, every ${column.name} id a launch names is one the ` +
    `${getTableName(entity)} endpoint knows (each unknown id counted once). A warning: the endpoints are updated apart.${note}`,
  relation,
  column,
  entity,
  entityId: entity.id,
  key: [column],
  // ENTITY_TABLES are named as their resources.
  scope: { ...byLaunch(launchId), alsoReads: getTableName(entity) as ChangedResource },
});

/** References from the launches side to the other entities: each must be known to its endpoint. */
const LAUNCH_REFERENCES: Check[] = [
  knownTo(
    'launch_core_known_to_cores_endpoint',
    launchCores,
    launchCores.launchId,
    launchCores.core,
    cores,
    ' A warning: the cores endpoint lags the launches; a core it does not know keeps a null serial.',
  ),
  knownTo(
    'crew_member_known_to_crew_endpoint',
    launchCrew,
    launchCrew.launchId,
    launchCrew.crew,
    crew,
  ),
  knownTo(
    'launch_rocket_known_to_rockets_endpoint',
    launches,
    launches.id,
    launches.rocket,
    rockets,
  ),
  knownTo(
    'launch_launchpad_known_to_launchpads_endpoint',
    launches,
    launches.id,
    launches.launchpad,
    launchpads,
  ),
  knownTo(
    'launch_landpad_known_to_landpads_endpoint',
    launchCores,
    launchCores.launchId,
    launchCores.landpad,
    landpads,
  ),
  knownTo(
    'launch_payload_known_to_payloads_endpoint',
    stgLaunchPayloads,
    stgLaunchPayloads.launchId,
    stgLaunchPayloads.payloadId,
    payloads,
  ),
  knownTo(
    'launch_capsule_known_to_capsules_endpoint',
    stgLaunchCapsules,
    stgLaunchCapsules.launchId,
    stgLaunchCapsules.capsuleId,
    capsules,
  ),
  knownTo(
    'launch_ship_known_to_ships_endpoint',
    stgLaunchShips,
    stgLaunchShips.launchId,
    stgLaunchShips.shipId,
    ships,
  ),
];

/**
 * Every launch an entity's record lists (its `launches` array) is one the launches endpoint has:
 * one warn-level check per entity that lists launches.
 */
const LISTED_LAUNCHES_EXIST: Check[] = [cores, crew, capsules, ships, launchpads, landpads].map(
  (entity) => ({
    name: `${getTableName(entity)}_launches_exist`,
    kind: 'row',
    severity: 'warn',
    description: `Every launch a record of ${getTableName(entity)} lists is one the launches endpoint has. A warning: the endpoints are updated apart.`,
    relation: entity,
    failsWhen: sql`exists (
      select 1 from jsonb_array_elements_text(${entity.launches}) as listed(launch_id)
      where not exists (select 1 from ${launches} where ${launches.id} = listed.launch_id))`,
    key: [entity.id],
  }),
);

export const checks: Check[] = [
  {
    name: 'past_launch_success_known',
    kind: 'notNull',
    severity: 'warn',
    description:
      'A past launch has a known outcome. A warning, not an error: the API may leave a past ' +
      "launch's outcome unsettled (success null).",
    relation: launches,
    column: launches.success,
    where: sql`not ${launches.upcoming}`,
    key: [launches.id],
    scope: byLaunch(launches.id),
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
    scope: byLaunch(launchCores.launchId),
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
    scope: byLaunch(launchCores.launchId),
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
    scope: byLaunch(launchCores.launchId),
  },
  {
    name: 'core_serial_unique',
    kind: 'unique',
    severity: 'warn',
    description:
      'Each serial names one core (cores endpoint): answers name cores by serial, so two cores called B1058 ' +
      'would read as one. A warning: the cores keep their own ids, and the answers count by id.',
    relation: cores,
    columns: [cores.serial],
    key: [cores.serial],
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
    scope: byLaunch(launchCores.launchId),
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
    scope: byLaunch(launchCrew.launchId),
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
    scope: byLaunch(launches.id),
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
    scope: byLaunch(launchCores.launchId),
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
    scope: byLaunch(launchCores.launchId),
  },
  {
    name: 'cores_numbered_from_zero',
    kind: 'row',
    severity: 'error',
    description: "A launch's cores are numbered 0..n-1, with no gap.",
    relation: launches,
    // One pass over the core rows (a subquery per launch took 0.7 s at 100,000 launches); a
    // run rechecking some launches passes over theirs only.
    failsWhen: (within) => sql`${launches.id} in (
      select ${launchCores.launchId} from ${launchCores}
      ${within ? sql`where ${anyOf(launchCores.launchId, within)}` : sql``}
      group by ${launchCores.launchId}
      having min(${launchCores.position}) <> 0 or max(${launchCores.position}) <> count(*) - 1)`,
    key: [launches.id],
    scope: byLaunch(launches.id),
  },
  {
    name: 'date_unix_matches_date_utc',
    kind: 'row',
    severity: 'warn',
    description:
      'date_unix is date_utc in Unix seconds. A warning, not an error: the API may disagree with ' +
      'itself on a launch; staging uses date_utc.',
    relation: launches,
    failsWhen: sql`${launches.dateUnix} <> floor(extract(epoch from ${launches.dateUtc}::timestamptz))`,
    key: [launches.id],
    scope: byLaunch(launches.id),
  },
  ...LAUNCH_REFERENCES,
  {
    name: 'core_reuse_count_matches_launches',
    kind: 'row',
    severity: 'warn',
    description:
      "A core's reuse_count (cores endpoint) is its past launches (launches endpoint) minus one. A warning: " +
      'the endpoints are updated apart.',
    relation: cores,
    failsWhen: sql`${cores.reuseCount} <> greatest(0, (
      select count(*) from ${launchCores}
      join ${launches} on ${launches.id} = ${launchCores.launchId}
      where ${launchCores.core} = ${cores.id} and not ${launches.upcoming}) - 1)`,
    key: [cores.serial],
  },
  {
    name: 'core_landings_match_launches',
    kind: 'row',
    severity: 'warn',
    description:
      "A core's landings (rtls_landings + asds_landings, cores endpoint) are its successful landings on past " +
      'launches (launches endpoint). A warning: the endpoints are updated apart.',
    relation: cores,
    failsWhen: sql`${cores.rtlsLandings} + ${cores.asdsLandings} <> (
      select count(*) from ${launchCores}
      join ${launches} on ${launches.id} = ${launchCores.launchId}
      where ${launchCores.core} = ${cores.id} and not ${launches.upcoming}
        and ${launchCores.landingSuccess} and ${launchCores.landingType} in ('RTLS', 'ASDS'))`,
    key: [cores.serial],
  },
  {
    name: 'capsule_reuse_count_matches_launches',
    kind: 'row',
    severity: 'warn',
    description:
      "A capsule's reuse_count (capsules endpoint) is the past launches that list it (launches endpoint) minus one. " +
      'A warning: the endpoints are updated apart.',
    relation: capsules,
    failsWhen: sql`${capsules.reuseCount} <> greatest(0, (
      select count(*) from ${launches}
      where ${launches.capsules} ? ${capsules.id} and not ${launches.upcoming}) - 1)`,
    key: [capsules.serial],
  },
  {
    name: 'launchpad_attempts_match_launches',
    kind: 'row',
    severity: 'warn',
    description:
      "A launchpad's launch_attempts (launchpads endpoint) are the past launches from it (launches endpoint). " +
      'A warning: the endpoints are updated apart.',
    relation: launchpads,
    failsWhen: sql`${launchpads.launchAttempts} <> (
      select count(*) from ${launches}
      where ${launches.launchpad} = ${launchpads.id} and not ${launches.upcoming})`,
    key: [launchpads.name],
  },
  {
    name: 'payload_launch_exists',
    kind: 'row',
    severity: 'warn',
    description:
      'The launch a payload names (payloads endpoint) is one the launches endpoint has. A warning: the ' +
      'endpoints are updated apart, and a payload may name a launch not yet (or no longer) listed.',
    relation: payloads,
    failsWhen: sql`${payloads.launch} is not null
      and not exists (select 1 from ${launches} where ${launches.id} = ${payloads.launch})`,
    key: [payloads.id],
  },
  ...LISTED_LAUNCHES_EXIST,
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
    scope: { by: 'core_flights', column: coreFlights.coreId },
  },
  {
    name: 'core_usage_matches_core_flights',
    kind: 'row',
    severity: 'error',
    description:
      "mart.core_usage counts each core's flights in mart.core_flights: the two marts agree.",
    relation: coreUsage,
    // Against each core's count, grouped once and hashed: a count per core row took 0.37 s at
    // 100,000 launches, this 0.07 s. A run rechecking some cores groups theirs only.
    failsWhen: (within) => sql`(${coreUsage.coreId}, ${coreUsage.uses}) not in (
      select ${coreFlights.coreId}, count(*)::integer from ${coreFlights}
      ${within ? sql`where ${anyOf(coreFlights.coreId, within)}` : sql``}
      group by ${coreFlights.coreId})`,
    key: [coreUsage.coreId],
    scope: { by: 'core_flights', column: coreUsage.coreId },
  },
];
