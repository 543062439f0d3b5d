/**
 * The staging layer: one view per raw table, with clear names and real types (timestamps,
 * booleans named `is_*`, id arrays). Plain SQL an analyst can read; the column list beside it
 * gives every query on the view its TypeScript types.
 */
import { sql } from 'drizzle-orm';
import { boolean, doublePrecision, integer, pgSchema, smallint, text } from 'drizzle-orm/pg-core';
import { timestamptz } from './columns.js';
import { describe } from './describe.js';
import { cores, crew, ingestRuns, launchCores, launchCrew, launches } from './raw.js';

export const staging = pgSchema('staging');

export const stgLaunches = staging
  .view('launches', {
    launchId: text('launch_id').notNull(),
    flightNumber: integer('flight_number').notNull(),
    launchName: text('launch_name').notNull(),
    launchedAt: timestamptz('launched_at').notNull(),
    launchedAtLocal: text('launched_at_local').notNull(),
    datePrecision: text('date_precision').notNull(),
    staticFireAt: timestamptz('static_fire_at'),
    isNet: boolean('is_net').notNull(),
    windowSeconds: integer('window_seconds'),
    rocketId: text('rocket_id').notNull(),
    launchpadId: text('launchpad_id').notNull(),
    isUpcoming: boolean('is_upcoming').notNull(),
    isSuccess: boolean('is_success'),
    failureCount: integer('failure_count').notNull(),
    details: text('details'),
    payloadIds: text('payload_ids').array().notNull(),
    shipIds: text('ship_ids').array().notNull(),
    capsuleIds: text('capsule_ids').array().notNull(),
    areFairingsReused: boolean('are_fairings_reused'),
    areFairingsRecovered: boolean('are_fairings_recovered'),
    webcastUrl: text('webcast_url'),
    wikipediaUrl: text('wikipedia_url'),
    isAutoUpdate: boolean('is_auto_update').notNull(),
    isTbd: boolean('is_tbd').notNull(),
    launchLibraryId: text('launch_library_id'),
    ingestRunId: text('ingest_run_id').notNull(),
    loadedAt: timestamptz('loaded_at').notNull(),
  })
  .as(sql`
select
  ${launches.id} as launch_id,
  ${launches.flightNumber} as flight_number,
  ${launches.name} as launch_name,
  ${launches.dateUtc}::timestamptz as launched_at,
  ${launches.dateLocal} as launched_at_local,
  ${launches.datePrecision} as date_precision,
  ${launches.staticFireDateUtc}::timestamptz as static_fire_at,
  ${launches.net} as is_net,
  ${launches.window} as window_seconds,
  ${launches.rocket} as rocket_id,
  ${launches.launchpad} as launchpad_id,
  ${launches.upcoming} as is_upcoming,
  ${launches.success} as is_success,
  jsonb_array_length(${launches.failures}) as failure_count,
  ${launches.details} as details,
  array(select jsonb_array_elements_text(${launches.payloads})) as payload_ids,
  array(select jsonb_array_elements_text(${launches.ships})) as ship_ids,
  array(select jsonb_array_elements_text(${launches.capsules})) as capsule_ids,
  (${launches.fairings} ->> 'reused')::boolean as are_fairings_reused,
  (${launches.fairings} ->> 'recovered')::boolean as are_fairings_recovered,
  ${launches.links} ->> 'webcast' as webcast_url,
  ${launches.links} ->> 'wikipedia' as wikipedia_url,
  ${launches.autoUpdate} as is_auto_update,
  ${launches.tbd} as is_tbd,
  ${launches.launchLibraryId} as launch_library_id,
  ${launches.ingestRunId} as ingest_run_id,
  ${launches.loadedAt} as loaded_at
from ${launches}`);

export const stgLaunchCores = staging
  .view('launch_cores', {
    launchId: text('launch_id').notNull(),
    corePosition: smallint('core_position').notNull(),
    coreId: text('core_id'),
    coreFlightNumber: integer('core_flight_number'),
    hasGridfins: boolean('has_gridfins'),
    hasLegs: boolean('has_legs'),
    isReused: boolean('is_reused'),
    isLandingAttempted: boolean('is_landing_attempted'),
    isLandingSuccess: boolean('is_landing_success'),
    landingType: text('landing_type'),
    landpadId: text('landpad_id'),
  })
  .as(sql`
select
  ${launchCores.launchId} as launch_id,
  ${launchCores.position} as core_position,
  ${launchCores.core} as core_id,
  ${launchCores.flight} as core_flight_number,
  ${launchCores.gridfins} as has_gridfins,
  ${launchCores.legs} as has_legs,
  ${launchCores.reused} as is_reused,
  ${launchCores.landingAttempt} as is_landing_attempted,
  ${launchCores.landingSuccess} as is_landing_success,
  ${launchCores.landingType} as landing_type,
  ${launchCores.landpad} as landpad_id
from ${launchCores}`);

export const stgLaunchCrew = staging
  .view('launch_crew', {
    launchId: text('launch_id').notNull(),
    crewId: text('crew_id').notNull(),
    crewRole: text('crew_role').notNull(),
  })
  .as(sql`
select
  ${launchCrew.launchId} as launch_id,
  ${launchCrew.crew} as crew_id,
  ${launchCrew.role} as crew_role
from ${launchCrew}`);

/** Every first stage the cores endpoint knows: the entity, with clear names. */
export const stgCores = staging
  .view('cores', {
    coreId: text('core_id').notNull(),
    coreSerial: text('core_serial').notNull(),
    coreBlock: integer('core_block'),
    coreStatus: text('core_status').notNull(),
    reuseCount: integer('reuse_count').notNull(),
    rtlsAttempts: integer('rtls_attempts').notNull(),
    rtlsLandings: integer('rtls_landings').notNull(),
    asdsAttempts: integer('asds_attempts').notNull(),
    asdsLandings: integer('asds_landings').notNull(),
    lastUpdate: text('last_update'),
  })
  .as(sql`
select
  ${cores.id} as core_id,
  ${cores.serial} as core_serial,
  ${cores.block} as core_block,
  ${cores.status} as core_status,
  ${cores.reuseCount} as reuse_count,
  ${cores.rtlsAttempts} as rtls_attempts,
  ${cores.rtlsLandings} as rtls_landings,
  ${cores.asdsAttempts} as asds_attempts,
  ${cores.asdsLandings} as asds_landings,
  ${cores.lastUpdate} as last_update
from ${cores}`);

/** Every astronaut the crew endpoint knows: the entity, with clear names. */
export const stgCrew = staging
  .view('crew', {
    crewId: text('crew_id').notNull(),
    crewName: text('crew_name'),
    crewStatus: text('crew_status').notNull(),
    agency: text('agency'),
    imageUrl: text('image_url'),
    wikipediaUrl: text('wikipedia_url'),
  })
  .as(sql`
select
  ${crew.id} as crew_id,
  ${crew.name} as crew_name,
  ${crew.status} as crew_status,
  ${crew.agency} as agency,
  ${crew.image} as image_url,
  ${crew.wikipedia} as wikipedia_url
from ${crew}`);

export const stgIngestRuns = staging
  .view('ingest_runs', {
    runId: text('run_id').notNull(),
    startedAt: timestamptz('started_at').notNull(),
    finishedAt: timestamptz('finished_at').notNull(),
    durationSeconds: doublePrecision('duration_seconds').notNull(),
    sourceKind: text('source_kind').notNull(),
    source: text('source').notNull(),
    isSuccess: boolean('is_success').notNull(),
    launchesRead: integer('launches_read').notNull(),
    launchesLoaded: integer('launches_loaded').notNull(),
    launchesChanged: integer('launches_changed').notNull(),
    launchesRejected: integer('launches_rejected').notNull(),
    launchesRemoved: integer('launches_removed').notNull(),
    coreRows: integer('core_rows').notNull(),
    crewRows: integer('crew_rows').notNull(),
    sourceSha256: text('source_sha256'),
    errorMessage: text('error_message'),
  })
  .as(sql`
select
  ${ingestRuns.id} as run_id,
  ${ingestRuns.startedAt} as started_at,
  ${ingestRuns.finishedAt} as finished_at,
  extract(epoch from ${ingestRuns.finishedAt} - ${ingestRuns.startedAt})::double precision as duration_seconds,
  ${ingestRuns.sourceKind} as source_kind,
  ${ingestRuns.source} as source,
  ${ingestRuns.status} = 'succeeded' as is_success,
  ${ingestRuns.launchesRead} as launches_read,
  ${ingestRuns.launchesLoaded} as launches_loaded,
  ${ingestRuns.launchesChanged} as launches_changed,
  ${ingestRuns.launchesRejected} as launches_rejected,
  ${ingestRuns.launchesRemoved} as launches_removed,
  ${ingestRuns.coreRows} as core_rows,
  ${ingestRuns.crewRows} as crew_rows,
  ${ingestRuns.sha256} as source_sha256,
  ${ingestRuns.error} as error_message
from ${ingestRuns}`);

export const stagingDocs = [
  describe(stgLaunches, 'Every launch with clear names and real types.', {
    launchId: 'Launch id.',
    flightNumber: 'The API flight number; not unique.',
    launchName: 'Launch name; unique.',
    launchedAt: 'Launch time (timestamptz), from date_utc.',
    launchedAtLocal: "Launch time as sent in the site's local time, with its UTC offset (text).",
    datePrecision: 'How precise launched_at is: half, quarter, year, month, day or hour.',
    staticFireAt: 'Static fire test time; null when none.',
    isNet: 'No earlier than: launched_at is a lower bound.',
    windowSeconds: 'Launch window in seconds; null when unknown.',
    rocketId: 'Rocket id.',
    launchpadId: 'Launchpad id.',
    isUpcoming: 'True for launches that have not happened; the answers count only the others.',
    isSuccess: 'Outcome; null for upcoming launches and one past launch the API never settled.',
    failureCount: 'Number of failures recorded.',
    details: 'Free-text description.',
    payloadIds: 'Payload ids.',
    shipIds: 'Ship ids.',
    capsuleIds: 'Capsule ids.',
    areFairingsReused: 'The fairings had flown before; null when unknown or no fairings.',
    areFairingsRecovered: 'The fairings were recovered; null when unknown or no fairings.',
    webcastUrl: 'Webcast link.',
    wikipediaUrl: 'Wikipedia link.',
    isAutoUpdate: 'The API updates this launch automatically.',
    isTbd: 'The date is to be determined.',
    launchLibraryId: 'Launch Library 2 id.',
    ingestRunId: 'The run that last changed this launch.',
    loadedAt: 'When that run wrote it.',
  }),
  describe(stgLaunchCores, 'Every core (first stage) entry of every launch.', {
    launchId: 'Launch id.',
    corePosition: "Index in the launch's cores array, from 0.",
    coreId: 'Core id; null while not yet assigned (upcoming launches).',
    coreFlightNumber: "This core's flight number counting this launch, as the API reports it.",
    hasGridfins: 'Flew with grid fins.',
    hasLegs: 'Flew with landing legs.',
    isReused: 'The core had flown before.',
    isLandingAttempted: 'A landing was attempted.',
    isLandingSuccess: 'The landing succeeded.',
    landingType: 'ASDS, RTLS or Ocean; null when none.',
    landpadId: 'Landing pad or drone ship id.',
  }),
  describe(stgLaunchCrew, 'Every crew member of every launch.', {
    launchId: 'Launch id.',
    crewId: 'Crew member id.',
    crewRole: 'Role on this launch.',
  }),
  describe(stgCores, 'Every first stage the cores endpoint knows, with clear names.', {
    coreId: 'Core id; staging.launch_cores.core_id refers to it.',
    coreSerial: 'Serial, e.g. B1058.',
    coreBlock: 'Falcon 9 block; null when unknown.',
    coreStatus: 'active, inactive, unknown, expended, lost or retired.',
    reuseCount: 'Reuses the API counts.',
    rtlsAttempts: 'Landing attempts on a landing zone.',
    rtlsLandings: 'Successful landings on a landing zone.',
    asdsAttempts: 'Landing attempts on a drone ship.',
    asdsLandings: 'Successful landings on a drone ship.',
    lastUpdate: 'Latest news of the core, free text.',
  }),
  describe(stgCrew, 'Every astronaut the crew endpoint knows, with clear names.', {
    crewId: 'Crew member id; staging.launch_crew.crew_id refers to it.',
    crewName: 'Full name.',
    crewStatus: 'active, inactive, retired or unknown.',
    agency: 'NASA, ESA, JAXA, SpaceX, ...',
    imageUrl: 'Portrait URL.',
    wikipediaUrl: 'Wikipedia URL.',
  }),
  describe(stgIngestRuns, 'Every ingest run, with its duration and outcome.', {
    runId: 'Run id (also the archive folder name).',
    startedAt: 'When the run started.',
    finishedAt: 'When it committed or failed.',
    durationSeconds: 'finished_at - started_at, in seconds.',
    sourceKind: 'api, file or archive.',
    source: 'URL or path read.',
    isSuccess: 'True when the run committed.',
    launchesRead: 'Launches read.',
    launchesLoaded: 'Valid launches loaded.',
    launchesChanged: 'Launches new or changed by the run.',
    launchesRejected: 'Launches that failed the contract.',
    launchesRemoved: 'Launches removed because the read no longer had them.',
    coreRows: 'Core rows of the loaded launches.',
    crewRows: 'Crew rows of the loaded launches.',
    sourceSha256: 'sha256 of the bytes read.',
    errorMessage: 'Why a failed run failed.',
  }),
];
