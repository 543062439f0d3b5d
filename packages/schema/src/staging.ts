/**
 * The staging layer: one view per raw table, with clear names and real types (timestamps,
 * booleans named `is_*`, id arrays). Plain SQL an analyst can read; the column list beside it
 * gives every query on the view its TypeScript types.
 */
import { sql } from 'drizzle-orm';
import {
  boolean,
  doublePrecision,
  integer,
  jsonb,
  pgSchema,
  smallint,
  text,
} from 'drizzle-orm/pg-core';
import { timestamptz } from './columns.js';
import { describe } from './describe.js';
import {
  capsules,
  cores,
  crew,
  ingestRuns,
  landpads,
  launchCores,
  launchCrew,
  launches,
  launchpads,
  payloads,
  recordHistory,
  rockets,
  ships,
} from './raw.js';

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

/** Every launch vehicle the rockets endpoint knows. */
export const stgRockets = staging
  .view('rockets', {
    rocketId: text('rocket_id').notNull(),
    rocketName: text('rocket_name').notNull(),
    rocketType: text('rocket_type').notNull(),
    isActive: boolean('is_active').notNull(),
    stageCount: integer('stage_count').notNull(),
    boosterCount: integer('booster_count').notNull(),
    costPerLaunchUsd: doublePrecision('cost_per_launch_usd').notNull(),
    successRatePct: doublePrecision('success_rate_pct').notNull(),
    firstFlight: text('first_flight').notNull(),
    country: text('country').notNull(),
    company: text('company').notNull(),
    heightMeters: doublePrecision('height_meters'),
    massKg: doublePrecision('mass_kg'),
    wikipediaUrl: text('wikipedia_url').notNull(),
  })
  .as(sql`
select
  ${rockets.id} as rocket_id,
  ${rockets.name} as rocket_name,
  ${rockets.type} as rocket_type,
  ${rockets.active} as is_active,
  ${rockets.stages} as stage_count,
  ${rockets.boosters} as booster_count,
  ${rockets.costPerLaunch} as cost_per_launch_usd,
  ${rockets.successRatePct} as success_rate_pct,
  ${rockets.firstFlight} as first_flight,
  ${rockets.country} as country,
  ${rockets.company} as company,
  -- Nested values are JSON as sent: a number only when it is one.
  case when jsonb_typeof(${rockets.height} -> 'meters') = 'number'
    then (${rockets.height} ->> 'meters')::double precision end as height_meters,
  case when jsonb_typeof(${rockets.mass} -> 'kg') = 'number'
    then (${rockets.mass} ->> 'kg')::double precision end as mass_kg,
  ${rockets.wikipedia} as wikipedia_url
from ${rockets}`);

/** Every launch site the launchpads endpoint knows. */
export const stgLaunchpads = staging
  .view('launchpads', {
    launchpadId: text('launchpad_id').notNull(),
    launchpadName: text('launchpad_name'),
    launchpadFullName: text('launchpad_full_name'),
    launchpadStatus: text('launchpad_status').notNull(),
    locality: text('locality'),
    region: text('region'),
    timezone: text('timezone'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    launchAttempts: integer('launch_attempts').notNull(),
    launchSuccesses: integer('launch_successes').notNull(),
    rocketIds: text('rocket_ids').array().notNull(),
  })
  .as(sql`
select
  ${launchpads.id} as launchpad_id,
  ${launchpads.name} as launchpad_name,
  ${launchpads.fullName} as launchpad_full_name,
  ${launchpads.status} as launchpad_status,
  ${launchpads.locality} as locality,
  ${launchpads.region} as region,
  ${launchpads.timezone} as timezone,
  ${launchpads.latitude} as latitude,
  ${launchpads.longitude} as longitude,
  ${launchpads.launchAttempts} as launch_attempts,
  ${launchpads.launchSuccesses} as launch_successes,
  array(select jsonb_array_elements_text(${launchpads.rockets})) as rocket_ids
from ${launchpads}`);

/** Every landing zone and drone ship the landpads endpoint knows. */
export const stgLandpads = staging
  .view('landpads', {
    landpadId: text('landpad_id').notNull(),
    landpadName: text('landpad_name'),
    landpadFullName: text('landpad_full_name'),
    landpadStatus: text('landpad_status').notNull(),
    landpadType: text('landpad_type'),
    locality: text('locality'),
    region: text('region'),
    latitude: doublePrecision('latitude'),
    longitude: doublePrecision('longitude'),
    landingAttempts: integer('landing_attempts').notNull(),
    landingSuccesses: integer('landing_successes').notNull(),
    wikipediaUrl: text('wikipedia_url'),
  })
  .as(sql`
select
  ${landpads.id} as landpad_id,
  ${landpads.name} as landpad_name,
  ${landpads.fullName} as landpad_full_name,
  ${landpads.status} as landpad_status,
  ${landpads.type} as landpad_type,
  ${landpads.locality} as locality,
  ${landpads.region} as region,
  ${landpads.latitude} as latitude,
  ${landpads.longitude} as longitude,
  ${landpads.landingAttempts} as landing_attempts,
  ${landpads.landingSuccesses} as landing_successes,
  ${landpads.wikipedia} as wikipedia_url
from ${landpads}`);

/** Every payload the payloads endpoint knows, with the launch it names. */
export const stgPayloads = staging
  .view('payloads', {
    payloadId: text('payload_id').notNull(),
    payloadName: text('payload_name'),
    payloadType: text('payload_type'),
    isReused: boolean('is_reused').notNull(),
    launchId: text('launch_id'),
    customers: text('customers').array().notNull(),
    noradIds: integer('norad_ids').array().notNull(),
    nationalities: text('nationalities').array().notNull(),
    manufacturers: text('manufacturers').array().notNull(),
    massKg: doublePrecision('mass_kg'),
    orbit: text('orbit'),
    referenceSystem: text('reference_system'),
    regime: text('regime'),
    periapsisKm: doublePrecision('periapsis_km'),
    apoapsisKm: doublePrecision('apoapsis_km'),
    inclinationDeg: doublePrecision('inclination_deg'),
    periodMinutes: doublePrecision('period_minutes'),
    lifespanYears: doublePrecision('lifespan_years'),
    capsuleId: text('capsule_id'),
  })
  .as(sql`
select
  ${payloads.id} as payload_id,
  ${payloads.name} as payload_name,
  ${payloads.type} as payload_type,
  ${payloads.reused} as is_reused,
  ${payloads.launch} as launch_id,
  array(select jsonb_array_elements_text(${payloads.customers})) as customers,
  array(select jsonb_array_elements_text(${payloads.noradIds})::integer) as norad_ids,
  array(select jsonb_array_elements_text(${payloads.nationalities})) as nationalities,
  array(select jsonb_array_elements_text(${payloads.manufacturers})) as manufacturers,
  ${payloads.massKg} as mass_kg,
  ${payloads.orbit} as orbit,
  ${payloads.referenceSystem} as reference_system,
  ${payloads.regime} as regime,
  ${payloads.periapsisKm} as periapsis_km,
  ${payloads.apoapsisKm} as apoapsis_km,
  ${payloads.inclinationDeg} as inclination_deg,
  ${payloads.periodMin} as period_minutes,
  ${payloads.lifespanYears} as lifespan_years,
  case when jsonb_typeof(${payloads.dragon} -> 'capsule') = 'string'
    then ${payloads.dragon} ->> 'capsule' end as capsule_id
from ${payloads}`);

/** Every Dragon capsule the capsules endpoint knows. */
export const stgCapsules = staging
  .view('capsules', {
    capsuleId: text('capsule_id').notNull(),
    capsuleSerial: text('capsule_serial').notNull(),
    capsuleStatus: text('capsule_status').notNull(),
    capsuleType: text('capsule_type').notNull(),
    reuseCount: integer('reuse_count').notNull(),
    waterLandings: integer('water_landings').notNull(),
    landLandings: integer('land_landings').notNull(),
    lastUpdate: text('last_update'),
  })
  .as(sql`
select
  ${capsules.id} as capsule_id,
  ${capsules.serial} as capsule_serial,
  ${capsules.status} as capsule_status,
  ${capsules.type} as capsule_type,
  ${capsules.reuseCount} as reuse_count,
  ${capsules.waterLandings} as water_landings,
  ${capsules.landLandings} as land_landings,
  ${capsules.lastUpdate} as last_update
from ${capsules}`);

/** Every recovery and support ship the ships endpoint knows. */
export const stgShips = staging
  .view('ships', {
    shipId: text('ship_id').notNull(),
    shipName: text('ship_name').notNull(),
    shipType: text('ship_type'),
    roles: text('roles').array().notNull(),
    isActive: boolean('is_active').notNull(),
    homePort: text('home_port'),
    yearBuilt: integer('year_built'),
    massKg: doublePrecision('mass_kg'),
    imo: integer('imo'),
    mmsi: integer('mmsi'),
    linkUrl: text('link_url'),
    imageUrl: text('image_url'),
  })
  .as(sql`
select
  ${ships.id} as ship_id,
  ${ships.name} as ship_name,
  ${ships.type} as ship_type,
  array(select jsonb_array_elements_text(${ships.roles})) as roles,
  ${ships.active} as is_active,
  ${ships.homePort} as home_port,
  ${ships.yearBuilt} as year_built,
  ${ships.massKg} as mass_kg,
  ${ships.imo} as imo,
  ${ships.mmsi} as mmsi,
  ${ships.link} as link_url,
  ${ships.image} as image_url
from ${ships}`);

/**
 * A launch's links to the other entities, from the launches side: one row per id in a launch's
 * payloads, capsules or ships array. (Its cores and crew have their own tables and views.)
 */
export const stgLaunchPayloads = staging
  .view('launch_payloads', {
    launchId: text('launch_id').notNull(),
    payloadPosition: integer('payload_position').notNull(),
    payloadId: text('payload_id').notNull(),
  })
  .as(sql`
select
  ${launches.id} as launch_id,
  (item.position - 1)::integer as payload_position,
  item.id as payload_id
from ${launches}
cross join lateral jsonb_array_elements_text(${launches.payloads}) with ordinality as item(id, position)`);

export const stgLaunchCapsules = staging
  .view('launch_capsules', {
    launchId: text('launch_id').notNull(),
    capsulePosition: integer('capsule_position').notNull(),
    capsuleId: text('capsule_id').notNull(),
  })
  .as(sql`
select
  ${launches.id} as launch_id,
  (item.position - 1)::integer as capsule_position,
  item.id as capsule_id
from ${launches}
cross join lateral jsonb_array_elements_text(${launches.capsules}) with ordinality as item(id, position)`);

export const stgLaunchShips = staging
  .view('launch_ships', {
    launchId: text('launch_id').notNull(),
    shipPosition: integer('ship_position').notNull(),
    shipId: text('ship_id').notNull(),
  })
  .as(sql`
select
  ${launches.id} as launch_id,
  (item.position - 1)::integer as ship_position,
  item.id as ship_id
from ${launches}
cross join lateral jsonb_array_elements_text(${launches.ships}) with ordinality as item(id, position)`);

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

/** Earlier versions of records, each with when it was current: from its run's commit to the next's. */
export const stgRecordHistory = staging
  .view('record_history', {
    entity: text('entity').notNull(),
    recordId: text('record_id').notNull(),
    endedBy: text('ended_by').notNull(),
    validFromRunId: text('valid_from_run_id').notNull(),
    validToRunId: text('valid_to_run_id').notNull(),
    validFrom: timestamptz('valid_from').notNull(),
    validTo: timestamptz('valid_to').notNull(),
    source: jsonb('source').notNull(),
  })
  .as(sql`
select
  ${recordHistory.entity} as entity,
  ${recordHistory.recordId} as record_id,
  ${recordHistory.endedBy} as ended_by,
  ${recordHistory.validFromRun} as valid_from_run_id,
  ${recordHistory.validToRun} as valid_to_run_id,
  written.finished_at as valid_from,
  ended.finished_at as valid_to,
  ${recordHistory.source} as source
from ${recordHistory}
join ${ingestRuns} as written on written.id = ${recordHistory.validFromRun}
join ${ingestRuns} as ended on ended.id = ${recordHistory.validToRun}`);

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
  describe(stgRockets, 'Every launch vehicle the rockets endpoint knows, with clear names.', {
    rocketId: 'Rocket id; staging.launches.rocket_id refers to it.',
    rocketName: 'Name, e.g. Falcon 9.',
    rocketType: 'Vehicle type as the API reports it (rocket).',
    isActive: 'Still flying.',
    stageCount: 'Number of stages.',
    boosterCount: 'Number of side boosters.',
    costPerLaunchUsd: 'Cost per launch in US dollars, as the API reports it.',
    successRatePct: 'Success rate in percent, as the API reports it.',
    firstFlight: 'Date of the first flight as sent (YYYY-MM-DD text).',
    country: 'Country of the maker.',
    company: 'Maker.',
    heightMeters: 'Height in meters; null when unknown.',
    massKg: 'Mass in kg; null when unknown.',
    wikipediaUrl: 'Wikipedia URL.',
  }),
  describe(stgLaunchpads, 'Every launch site the launchpads endpoint knows, with clear names.', {
    launchpadId: 'Launchpad id; staging.launches.launchpad_id refers to it.',
    launchpadName: 'Short name, e.g. CCSFS SLC 40.',
    launchpadFullName: 'Full name.',
    launchpadStatus: 'active, inactive, unknown, retired, lost or under construction.',
    locality: 'Locality, e.g. Cape Canaveral.',
    region: 'Region, e.g. Florida.',
    timezone: 'IANA time zone of the site.',
    latitude: 'Latitude in degrees.',
    longitude: 'Longitude in degrees.',
    launchAttempts: 'Launch attempts the API counts.',
    launchSuccesses: 'Successful launches the API counts.',
    rocketIds: 'Rockets that launch from the site.',
  }),
  describe(stgLandpads, 'Every landing zone and drone ship the landpads endpoint knows.', {
    landpadId: 'Landpad id; staging.launch_cores.landpad_id refers to it.',
    landpadName: 'Short name, e.g. LZ-1 or OCISLY.',
    landpadFullName: 'Full name.',
    landpadStatus: 'active, inactive, unknown, retired, lost or under construction.',
    landpadType: 'RTLS (landing zone) or ASDS (drone ship).',
    locality: 'Locality.',
    region: 'Region.',
    latitude: 'Latitude in degrees.',
    longitude: 'Longitude in degrees.',
    landingAttempts: 'Landing attempts the API counts.',
    landingSuccesses: 'Successful landings the API counts.',
    wikipediaUrl: 'Wikipedia URL.',
  }),
  describe(stgPayloads, 'Every payload the payloads endpoint knows, with the launch it names.', {
    payloadId: 'Payload id; staging.launch_payloads.payload_id refers to it.',
    payloadName: 'Name, e.g. Starlink-15 (v1.0).',
    payloadType: 'Satellite, Crew Dragon, Dragon 1.1, ...',
    isReused: 'The payload had flown before.',
    launchId: 'The launch that carried it, as the payloads endpoint says; null when none.',
    customers: 'Customers.',
    noradIds: 'NORAD catalogue ids.',
    nationalities: 'Nationalities of the customers.',
    manufacturers: 'Manufacturers.',
    massKg: 'Mass in kg; null when unknown.',
    orbit: 'Target orbit, e.g. LEO, GTO, ISS.',
    referenceSystem: 'geocentric, heliocentric, ...',
    regime: 'low-earth, geostationary, ...',
    periapsisKm: 'Periapsis in km.',
    apoapsisKm: 'Apoapsis in km.',
    inclinationDeg: 'Inclination in degrees.',
    periodMinutes: 'Orbital period in minutes.',
    lifespanYears: 'Expected lifespan in years.',
    capsuleId: 'The Dragon capsule carrying it; null when none.',
  }),
  describe(stgCapsules, 'Every Dragon capsule the capsules endpoint knows, with clear names.', {
    capsuleId: 'Capsule id; staging.launch_capsules.capsule_id refers to it.',
    capsuleSerial: 'Serial, e.g. C206.',
    capsuleStatus: 'unknown, active, retired or destroyed.',
    capsuleType: 'Dragon 1.0, Dragon 1.1 or Dragon 2.0.',
    reuseCount: 'Reuses the API counts.',
    waterLandings: 'Splashdowns.',
    landLandings: 'Landings on land.',
    lastUpdate: 'Latest news of the capsule, free text.',
  }),
  describe(stgShips, 'Every recovery and support ship the ships endpoint knows.', {
    shipId: 'Ship id; staging.launch_ships.ship_id refers to it.',
    shipName: 'Name, e.g. GO Ms Tree.',
    shipType: 'Tug, Cargo, High Speed Craft, Barge, ...',
    roles: 'Roles, e.g. Fairing Recovery.',
    isActive: 'Still in service.',
    homePort: 'Home port.',
    yearBuilt: 'Year built.',
    massKg: 'Mass in kg.',
    imo: 'IMO number.',
    mmsi: 'MMSI number.',
    linkUrl: 'MarineTraffic link.',
    imageUrl: 'Photo URL.',
  }),
  describe(stgLaunchPayloads, "Every payload id in every launch's payloads array.", {
    launchId: 'Launch id.',
    payloadPosition: "Index in the launch's payloads array, from 0.",
    payloadId: 'Payload id (staging.payloads.payload_id, when the endpoint knows it).',
  }),
  describe(stgLaunchCapsules, "Every capsule id in every launch's capsules array.", {
    launchId: 'Launch id.',
    capsulePosition: "Index in the launch's capsules array, from 0.",
    capsuleId: 'Capsule id (staging.capsules.capsule_id, when the endpoint knows it).',
  }),
  describe(stgLaunchShips, "Every ship id in every launch's ships array.", {
    launchId: 'Launch id.',
    shipPosition: "Index in the launch's ships array, from 0.",
    shipId: 'Ship id (staging.ships.ship_id, when the endpoint knows it).',
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
  describe(
    stgRecordHistory,
    'Earlier versions of the records of every resource, each with the runs and the times it was current between.',
    {
      entity: 'The resource, e.g. launches or cores.',
      recordId: "The record's id.",
      endedBy: 'changed or removed.',
      validFromRunId: 'The run that wrote this version.',
      validToRunId: 'The run that replaced or removed it.',
      validFrom: 'When the run that wrote it finished.',
      validTo: 'When the run that ended it finished.',
      source: 'The version as the API sent it.',
    },
  ),
];
