/**
 * The raw layer: what the API sent, with minimal processing. Scalars get their own columns with
 * the JSON type they arrived as (dates stay text); nested values stay jsonb; the complete source
 * JSON of each launch is kept so nothing is lost.
 */

import type {
  Json,
  JsonObject,
  LaunchFailure,
  LaunchFairings,
  LaunchLinks,
} from '@spacex/contract';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  foreignKey,
  index,
  integer,
  jsonb,
  pgSchema,
  primaryKey,
  smallint,
  text,
} from 'drizzle-orm/pg-core';
import { timestamptz } from './columns.js';
import { describe } from './describe.js';

export const raw = pgSchema('raw');

export const RUN_STATUSES = ['succeeded', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One row per ingest run, including runs that failed and were rolled back. */
export const ingestRuns = raw.table('ingest_runs', {
  id: text('id').primaryKey(),
  startedAt: timestamptz('started_at').notNull(),
  finishedAt: timestamptz('finished_at').notNull(),
  sourceKind: text('source_kind').notNull(),
  source: text('source').notNull(),
  status: text('status').$type<RunStatus>().notNull(),
  launchesRead: integer('launches_read').notNull().default(0),
  launchesLoaded: integer('launches_loaded').notNull().default(0),
  launchesChanged: integer('launches_changed').notNull().default(0),
  launchesRejected: integer('launches_rejected').notNull().default(0),
  launchesRemoved: integer('launches_removed').notNull().default(0),
  coreRows: integer('core_rows').notNull().default(0),
  crewRows: integer('crew_rows').notNull().default(0),
  drift: jsonb('drift').$type<string[]>().notNull().default([]),
  /** What the run did with each entity besides launches that it read. */
  entities: jsonb('entities').$type<RunEntityCounts>().notNull().default({}),
  sha256: text('sha256'),
  error: text('error'),
});

/** A run's figures for one entity besides launches (raw.ingest_runs.entities). */
export interface RunEntityCounts {
  [entity: string]: { read: number; changed: number; removed: number; rejected: number };
}

/**
 * The unique constraint on launch names. DEFERRABLE (migration 0004; Drizzle cannot declare it),
 * so the ingest checks names at commit: an upstream re-key (a launch removed, another added under
 * its name) loads in one run.
 */
export const LAUNCH_NAME_UNIQUE = 'launches_name_unique';

export const launches = raw.table(
  'launches',
  {
    id: text('id').primaryKey(),
    flightNumber: integer('flight_number').notNull(),
    name: text('name').notNull().unique(LAUNCH_NAME_UNIQUE),
    dateUtc: text('date_utc').notNull(),
    dateUnix: bigint('date_unix', { mode: 'number' }).notNull(),
    dateLocal: text('date_local').notNull(),
    datePrecision: text('date_precision').notNull(),
    staticFireDateUtc: text('static_fire_date_utc'),
    staticFireDateUnix: bigint('static_fire_date_unix', { mode: 'number' }),
    net: boolean('net').notNull(),
    window: integer('window'),
    rocket: text('rocket').notNull(),
    success: boolean('success'),
    details: text('details'),
    launchpad: text('launchpad').notNull(),
    upcoming: boolean('upcoming').notNull(),
    autoUpdate: boolean('auto_update').notNull(),
    tbd: boolean('tbd').notNull(),
    launchLibraryId: text('launch_library_id'),
    links: jsonb('links').$type<LaunchLinks>().notNull(),
    fairings: jsonb('fairings').$type<LaunchFairings>(),
    failures: jsonb('failures').$type<LaunchFailure[]>().notNull(),
    payloads: jsonb('payloads').$type<string[]>().notNull(),
    ships: jsonb('ships').$type<string[]>().notNull(),
    capsules: jsonb('capsules').$type<string[]>().notNull(),
    source: jsonb('source').$type<Json>().notNull(),
    sourceSha256: text('source_sha256'),
    ingestRunId: text('ingest_run_id')
      .notNull()
      .references(() => ingestRuns.id),
    loadedAt: timestamptz('loaded_at').notNull().default(sql`now()`),
  },
  // A run asks, batch by batch, which texts it read are stored unchanged: equality only, so a
  // hash index, a quarter of a b-tree's cost to keep up as launches are written.
  (t) => [
    index('launches_source_sha256').using('hash', t.sourceSha256),
    // The month date_utc is written in: the marts find the launches of a month by it.
    index('launches_written_month_idx').on(sql`left(${t.dateUtc}, 7)`),
  ],
);

export const launchCores = raw.table(
  'launch_cores',
  {
    launchId: text('launch_id').notNull(),
    position: smallint('position').notNull(),
    core: text('core'),
    flight: integer('flight'),
    gridfins: boolean('gridfins'),
    legs: boolean('legs'),
    reused: boolean('reused'),
    landingAttempt: boolean('landing_attempt'),
    landingSuccess: boolean('landing_success'),
    landingType: text('landing_type'),
    landpad: text('landpad'),
  },
  (t) => [
    primaryKey({ name: 'launch_cores_pkey', columns: [t.launchId, t.position] }),
    // A run that changes a launch recomputes every flight of the cores it flew: found by core,
    // not by scanning every launch's cores.
    index('launch_cores_core_idx').on(t.core),
    foreignKey({
      name: 'launch_cores_launch_id_fkey',
      columns: [t.launchId],
      foreignColumns: [launches.id],
    }).onDelete('cascade'),
  ],
);

export const launchCrew = raw.table(
  'launch_crew',
  {
    launchId: text('launch_id').notNull(),
    crew: text('crew').notNull(),
    role: text('role').notNull(),
  },
  (t) => [
    primaryKey({ name: 'launch_crew_pkey', columns: [t.launchId, t.crew] }),
    // Likewise every flight of the crew members on a changed launch.
    index('launch_crew_crew_idx').on(t.crew),
    foreignKey({
      name: 'launch_crew_launch_id_fkey',
      columns: [t.launchId],
      foreignColumns: [launches.id],
    }).onDelete('cascade'),
  ],
);

/** Launches that failed the contract in a run started with `--skip-invalid`. */
export const rejectedLaunches = raw.table(
  'rejected_launches',
  {
    ingestRunId: text('ingest_run_id').notNull(),
    position: integer('position').notNull(),
    launchId: text('launch_id'),
    launchName: text('launch_name'),
    source: jsonb('source').$type<Json>().notNull(),
    issues: jsonb('issues').$type<string[]>().notNull(),
  },
  (t) => [
    primaryKey({ name: 'rejected_launches_pkey', columns: [t.ingestRunId, t.position] }),
    foreignKey({
      name: 'rejected_launches_ingest_run_id_fkey',
      columns: [t.ingestRunId],
      foreignColumns: [ingestRuns.id],
    }).onDelete('cascade'),
  ],
);

/**
 * What every entity's table ends with: the record as read and its hash (a rerun skips unchanged records by it), and lineage. A function: each table needs its own
 * column builders.
 */
const entityRecordColumns = () => ({
  source: jsonb('source').$type<Json>().notNull(),
  sourceSha256: text('source_sha256').notNull(),
  ingestRunId: text('ingest_run_id')
    .notNull()
    .references(() => ingestRuns.id),
  loadedAt: timestamptz('loaded_at').notNull().default(sql`now()`),
});

/** The launches an entity's record lists, by id (jsonb array). */
const launchIds = () => jsonb('launches').$type<string[]>().notNull();
/** A nested object kept whole. */
const jsonObject = (name: string) => jsonb(name).$type<JsonObject>().notNull();

/**
 * First stages as the cores endpoint describes them: the entity, one row per core. Not to be
 * confused with raw.launch_cores (`launchCores`), a launch's use of a core.
 */
export const cores = raw.table('cores', {
  id: text('id').primaryKey(),
  serial: text('serial').notNull(),
  block: integer('block'),
  status: text('status').notNull(),
  reuseCount: integer('reuse_count').notNull(),
  rtlsAttempts: integer('rtls_attempts').notNull(),
  rtlsLandings: integer('rtls_landings').notNull(),
  asdsAttempts: integer('asds_attempts').notNull(),
  asdsLandings: integer('asds_landings').notNull(),
  lastUpdate: text('last_update'),
  launches: launchIds(),
  ...entityRecordColumns(),
});

/**
 * Astronauts as the crew endpoint describes them: the entity, one row per person. Not to be
 * confused with raw.launch_crew (`launchCrew`), a launch's crew entries.
 */
export const crew = raw.table('crew', {
  id: text('id').primaryKey(),
  name: text('name'),
  status: text('status').notNull(),
  agency: text('agency'),
  image: text('image'),
  wikipedia: text('wikipedia'),
  launches: launchIds(),
  ...entityRecordColumns(),
});

/** Launch vehicles as the rockets endpoint describes them; dimensions and stages stay JSON. */
export const rockets = raw.table('rockets', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  type: text('type').notNull(),
  active: boolean('active').notNull(),
  stages: integer('stages').notNull(),
  boosters: integer('boosters').notNull(),
  costPerLaunch: doublePrecision('cost_per_launch').notNull(),
  successRatePct: doublePrecision('success_rate_pct').notNull(),
  firstFlight: text('first_flight').notNull(),
  country: text('country').notNull(),
  company: text('company').notNull(),
  wikipedia: text('wikipedia').notNull(),
  description: text('description').notNull(),
  height: jsonObject('height'),
  diameter: jsonObject('diameter'),
  mass: jsonObject('mass'),
  firstStage: jsonObject('first_stage'),
  secondStage: jsonObject('second_stage'),
  engines: jsonObject('engines'),
  landingLegs: jsonObject('landing_legs'),
  payloadWeights: jsonb('payload_weights').$type<JsonObject[]>().notNull(),
  flickrImages: jsonb('flickr_images').$type<string[]>().notNull(),
  ...entityRecordColumns(),
});

/** Launch sites as the launchpads endpoint describes them. */
export const launchpads = raw.table('launchpads', {
  id: text('id').primaryKey(),
  name: text('name'),
  fullName: text('full_name'),
  status: text('status').notNull(),
  locality: text('locality'),
  region: text('region'),
  timezone: text('timezone'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  launchAttempts: integer('launch_attempts').notNull(),
  launchSuccesses: integer('launch_successes').notNull(),
  rockets: jsonb('rockets').$type<string[]>().notNull(),
  details: text('details'),
  images: jsonObject('images'),
  launches: launchIds(),
  ...entityRecordColumns(),
});

/** Landing zones and drone ships as the landpads endpoint describes them. */
export const landpads = raw.table('landpads', {
  id: text('id').primaryKey(),
  name: text('name'),
  fullName: text('full_name'),
  status: text('status').notNull(),
  type: text('type'),
  locality: text('locality'),
  region: text('region'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  landingAttempts: integer('landing_attempts').notNull(),
  landingSuccesses: integer('landing_successes').notNull(),
  wikipedia: text('wikipedia'),
  details: text('details'),
  images: jsonObject('images'),
  launches: launchIds(),
  ...entityRecordColumns(),
});

/**
 * What launches carried, as the payloads endpoint describes it: one row per payload, naming its
 * launch (`launch`), where raw.launches.payloads is a launch's list of payload ids.
 */
export const payloads = raw.table('payloads', {
  id: text('id').primaryKey(),
  name: text('name'),
  type: text('type'),
  reused: boolean('reused').notNull(),
  launch: text('launch'),
  customers: jsonb('customers').$type<string[]>().notNull(),
  noradIds: jsonb('norad_ids').$type<number[]>().notNull(),
  nationalities: jsonb('nationalities').$type<string[]>().notNull(),
  manufacturers: jsonb('manufacturers').$type<string[]>().notNull(),
  massKg: doublePrecision('mass_kg'),
  massLbs: doublePrecision('mass_lbs'),
  orbit: text('orbit'),
  referenceSystem: text('reference_system'),
  regime: text('regime'),
  longitude: doublePrecision('longitude'),
  semiMajorAxisKm: doublePrecision('semi_major_axis_km'),
  eccentricity: doublePrecision('eccentricity'),
  periapsisKm: doublePrecision('periapsis_km'),
  apoapsisKm: doublePrecision('apoapsis_km'),
  inclinationDeg: doublePrecision('inclination_deg'),
  periodMin: doublePrecision('period_min'),
  lifespanYears: doublePrecision('lifespan_years'),
  epoch: text('epoch'),
  meanMotion: doublePrecision('mean_motion'),
  raan: doublePrecision('raan'),
  argOfPericenter: doublePrecision('arg_of_pericenter'),
  meanAnomaly: doublePrecision('mean_anomaly'),
  dragon: jsonObject('dragon'),
  ...entityRecordColumns(),
});

/** Dragon capsules as the capsules endpoint describes them. */
export const capsules = raw.table('capsules', {
  id: text('id').primaryKey(),
  serial: text('serial').notNull(),
  status: text('status').notNull(),
  type: text('type').notNull(),
  reuseCount: integer('reuse_count').notNull(),
  waterLandings: integer('water_landings').notNull(),
  landLandings: integer('land_landings').notNull(),
  lastUpdate: text('last_update'),
  launches: launchIds(),
  ...entityRecordColumns(),
});

/** Recovery and support ships as the ships endpoint describes them. */
export const ships = raw.table('ships', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  legacyId: text('legacy_id'),
  model: text('model'),
  type: text('type'),
  roles: jsonb('roles').$type<string[]>().notNull(),
  active: boolean('active').notNull(),
  imo: integer('imo'),
  mmsi: integer('mmsi'),
  abs: integer('abs'),
  class: integer('class'),
  massKg: doublePrecision('mass_kg'),
  massLbs: doublePrecision('mass_lbs'),
  yearBuilt: integer('year_built'),
  homePort: text('home_port'),
  status: text('status'),
  speedKn: doublePrecision('speed_kn'),
  courseDeg: doublePrecision('course_deg'),
  latitude: doublePrecision('latitude'),
  longitude: doublePrecision('longitude'),
  lastAisUpdate: text('last_ais_update'),
  link: text('link'),
  image: text('image'),
  launches: launchIds(),
  ...entityRecordColumns(),
});

/** Records of the other entities that failed their contract in a run started with `--skip-invalid`. */
export const rejectedRecords = raw.table(
  'rejected_records',
  {
    ingestRunId: text('ingest_run_id').notNull(),
    entity: text('entity').notNull(),
    position: integer('position').notNull(),
    recordId: text('record_id'),
    label: text('label'),
    source: jsonb('source').$type<Json>().notNull(),
    issues: jsonb('issues').$type<string[]>().notNull(),
  },
  (t) => [
    primaryKey({ name: 'rejected_records_pkey', columns: [t.ingestRunId, t.entity, t.position] }),
    foreignKey({
      name: 'rejected_records_ingest_run_id_fkey',
      columns: [t.ingestRunId],
      foreignColumns: [ingestRuns.id],
    }).onDelete('cascade'),
  ],
);

/** How a record's version ended: replaced by a changed one, or gone from the source. */
export const VERSION_ENDS = ['changed', 'removed'] as const;
export type VersionEnd = (typeof VERSION_ENDS)[number];

/**
 * Earlier versions of every resource's records: when a run changes or removes a record, the
 * version it replaces moves here, with the run that wrote it and the run that ended it (a type 2
 * history of the source, deletes included).
 */
export const recordHistory = raw.table(
  'record_history',
  {
    entity: text('entity').notNull(),
    recordId: text('record_id').notNull(),
    validFromRun: text('valid_from_run')
      .notNull()
      .references(() => ingestRuns.id),
    validToRun: text('valid_to_run')
      .notNull()
      .references(() => ingestRuns.id),
    endedBy: text('ended_by').$type<VersionEnd>().notNull(),
    source: jsonb('source').$type<Json>().notNull(),
    sourceSha256: text('source_sha256'),
  },
  (t) => [
    primaryKey({
      name: 'record_history_pkey',
      columns: [t.validToRun, t.entity, t.recordId],
    }),
    index('record_history_record_idx').on(t.entity, t.recordId),
  ],
);

/**
 * The data checks' failing rows as the last run left them: a run rechecks only the rows its
 * changes touch (their `scope_id`, e.g. a launch id) and keeps the rest, so its counts stay whole
 * without a sweep of every row.
 */
export const checkFailures = raw.table(
  'check_failures',
  {
    checkName: text('check_name').notNull(),
    scopeId: text('scope_id').notNull(),
    key: text('key').notNull(),
  },
  (t) => [index('check_failures_scope_idx').on(t.checkName, t.scopeId)],
);

/** Each check's definition when its failures were last found over every row: a new or changed check is swept in full. */
export const checkSweeps = raw.table('check_sweeps', {
  checkName: text('check_name').primaryKey(),
  definitionSha256: text('definition_sha256').notNull(),
  sweptByRun: text('swept_by_run').notNull(),
});

export const rawDocs = [
  describe(
    ingestRuns,
    'One row per ingest run, successful or failed. A failed run was rolled back and is recorded on its own.',
    {
      id: 'Run id: the start time in UTC plus a random suffix (e.g. 20261125T183012Z-a1b2c3); also the archive folder name.',
      startedAt: 'When the run started.',
      finishedAt: 'When the run committed, or failed.',
      sourceKind: 'What was read: api, file or archive.',
      source: 'The URL (never with credentials) or the path that was read.',
      status: 'succeeded or failed.',
      launchesRead: 'Launches in what was read.',
      launchesLoaded: 'Valid launches written or kept; read = loaded + rejected.',
      launchesChanged: 'Of the loaded launches, those new or changed by this run.',
      launchesRejected:
        'Launches that failed the contract (kept in raw.rejected_launches with --skip-invalid).',
      launchesRemoved: 'Launches deleted because the read no longer contained them.',
      coreRows: 'Core rows the loaded launches have.',
      crewRows: 'Crew rows the loaded launches have.',
      drift: 'Paths of fields the source sent that the contract does not know (schema drift).',
      entities:
        'Per entity besides launches that the run read: records read, new or changed, removed and rejected.',
      sha256: 'sha256 of the bytes read, pages in order; null when the run failed before reading.',
      error: 'Why a failed run failed; null on success.',
    },
  ),
  describe(
    launches,
    'One row per launch, as the API sent it: scalars in typed columns, nested values as jsonb, and the complete source JSON.',
    {
      id: 'Launch id (24 hex digits), the primary key.',
      flightNumber: 'The API flight number; not unique (several launches share one).',
      name: 'Launch name; unique.',
      dateUtc: 'Launch time in UTC as sent (ISO 8601 text); staging casts it.',
      dateUnix: 'Launch time as Unix seconds, as sent.',
      dateLocal: "Launch time in the launch site's time zone, as sent.",
      datePrecision: 'How precise date_utc is: half, quarter, year, month, day or hour.',
      staticFireDateUtc: 'Static fire test time in UTC as sent; null when none.',
      staticFireDateUnix: 'Static fire test time as Unix seconds; null when none.',
      net: 'No earlier than: the date is a lower bound.',
      window: 'Launch window in seconds; null when unknown.',
      rocket: 'Rocket id.',
      success: 'Outcome; null for upcoming launches and one past launch the API never settled.',
      details: 'Free-text description; null when none.',
      launchpad: 'Launchpad id.',
      upcoming: 'True for launches that have not happened (as of the data).',
      autoUpdate: 'The API updates this launch automatically.',
      tbd: 'The date is to be determined.',
      launchLibraryId: 'Launch Library 2 id; null when none.',
      links: 'Links object: patch images, reddit, flickr, press kit, webcast, article, wikipedia.',
      fairings: 'Fairings object (reused, recovery attempt, recovered, ships); null when none.',
      failures: 'Failures array: time (s after lift-off), altitude (km, nullable), reason.',
      payloads: 'Payload ids.',
      ships: 'Ship ids.',
      capsules: 'Capsule ids.',
      source: 'The launch exactly as the API sent it, unknown fields included.',
      sourceSha256:
        "sha256 of the launch's JSON text exactly as read: a rerun recognises unchanged launches by it, before parsing them, and skips them. Null on rows written before it existed.",
      ingestRunId: 'Lineage: the run that last inserted or changed this row.',
      loadedAt: 'Lineage: when that run wrote it.',
    },
  ),
  describe(
    launchCores,
    "One row per entry of a launch's cores array (first stages); replaced when the launch changes.",
    {
      launchId: 'The launch (raw.launches.id).',
      position: "Index in the launch's cores array, from 0.",
      core: 'Core id; null while not yet assigned (upcoming launches).',
      flight:
        "This core's flight number counting this launch, as the API reports it; null when unknown.",
      gridfins: 'Flew with grid fins.',
      legs: 'Flew with landing legs.',
      reused: 'The core had flown before.',
      landingAttempt: 'A landing was attempted.',
      landingSuccess: 'The landing succeeded.',
      landingType: 'ASDS (drone ship), RTLS (return to launch site), Ocean; null when none.',
      landpad: 'Landing pad or drone ship id; null when none.',
    },
  ),
  describe(launchCrew, 'One row per crew member of a launch.', {
    launchId: 'The launch (raw.launches.id).',
    crew: 'Crew member id.',
    role: 'Role on this launch, e.g. Commander, Pilot, Mission Specialist.',
  }),
  describe(
    rejectedLaunches,
    'Launches that failed the contract in a run started with --skip-invalid: their JSON and their issues.',
    {
      ingestRunId: 'The run that rejected it.',
      position: 'Index of the launch in what the run read, from 0.',
      launchId: 'Its id, when it had a text id; else null.',
      launchName: 'Its name, when it had a text name; else null.',
      source: 'The launch exactly as read.',
      issues: 'Each issue as "path: message".',
    },
  ),
  describe(
    cores,
    "One row per first stage, as the cores endpoint (/v4/cores) sent it: the entity, where raw.launch_cores is a launch's use of a core.",
    {
      id: 'Core id (24 hex digits), the primary key; raw.launch_cores.core refers to it.',
      serial: 'The serial painted on the stage, e.g. B1058.',
      block: 'Falcon 9 block (1 to 5); null when unknown.',
      status: 'active, inactive, unknown, expended, lost or retired, as the API reports it.',
      reuseCount: "Reuses the API counts (its counters may lag the launches').",
      rtlsAttempts: 'Landing attempts on a landing zone (return to launch site).',
      rtlsLandings: 'Successful landings on a landing zone.',
      asdsAttempts: 'Landing attempts on a drone ship.',
      asdsLandings: 'Successful landings on a drone ship.',
      lastUpdate: 'Free-text note on the latest news of the core; null when none.',
      launches: 'Ids of the launches it flew, as the cores endpoint lists them.',
      source: 'The core exactly as the API sent it, unknown fields included.',
      sourceSha256: "sha256 of the core's JSON text as read: unchanged cores are not rewritten.",
      ingestRunId: 'Lineage: the run that last inserted or changed this row.',
      loadedAt: 'Lineage: when that run wrote it.',
    },
  ),
  describe(
    crew,
    "One row per astronaut, as the crew endpoint (/v4/crew) sent it: the entity, where raw.launch_crew is a launch's crew entries.",
    {
      id: 'Crew member id (24 hex digits), the primary key; raw.launch_crew.crew refers to it.',
      name: 'Full name; null when the API has none.',
      status: 'active, inactive, retired or unknown.',
      agency: 'NASA, ESA, JAXA, SpaceX, ...; null when unknown.',
      image: 'Portrait URL; null when none.',
      wikipedia: 'Wikipedia URL; null when none.',
      launches: 'Ids of the launches they flew, as the crew endpoint lists them.',
      source: 'The record exactly as the API sent it, unknown fields included.',
      sourceSha256:
        "sha256 of the record's JSON text as read: unchanged records are not rewritten.",
      ingestRunId: 'Lineage: the run that last inserted or changed this row.',
      loadedAt: 'Lineage: when that run wrote it.',
    },
  ),
  describe(
    rockets,
    'One row per launch vehicle, as the rockets endpoint (/v4/rockets) sent it; dimensions, stages and engines as jsonb.',
    {
      id: 'Rocket id (24 hex digits), the primary key; raw.launches.rocket refers to it.',
      name: 'Name, e.g. Falcon 9.',
      type: 'Vehicle type (rocket).',
      active: 'Still flying.',
      stages: 'Number of stages.',
      boosters: 'Number of side boosters.',
      costPerLaunch: 'Cost per launch in US dollars.',
      successRatePct: 'Success rate in percent.',
      firstFlight: 'Date of the first flight as sent (YYYY-MM-DD).',
      country: 'Country of the maker.',
      company: 'Maker.',
      wikipedia: 'Wikipedia URL.',
      description: 'Free-text description.',
      height: 'Height object (meters, feet).',
      diameter: 'Diameter object (meters, feet).',
      mass: 'Mass object (kg, lb).',
      firstStage: 'First stage object: thrust, engines, fuel, burn time, reusable.',
      secondStage: 'Second stage object: thrust, payload fairing, engines, fuel, burn time.',
      engines: 'Engines object: type, version, layout, Isp, thrust, propellants.',
      landingLegs: 'Landing legs object (number, material).',
      payloadWeights: 'Payload capacity per orbit: id, name, kg, lb.',
      flickrImages: 'Photo URLs.',
      source: 'The record exactly as the API sent it, unknown fields included.',
      sourceSha256:
        "sha256 of the record's JSON text as read: unchanged records are not rewritten.",
      ingestRunId: 'Lineage: the run that last inserted or changed this row.',
      loadedAt: 'Lineage: when that run wrote it.',
    },
  ),
  describe(
    launchpads,
    'One row per launch site, as the launchpads endpoint (/v4/launchpads) sent it.',
    {
      id: 'Launchpad id (24 hex digits), the primary key; raw.launches.launchpad refers to it.',
      name: 'Short name, e.g. CCSFS SLC 40; null when the API has none.',
      fullName: 'Full name; null when none.',
      status: 'active, inactive, unknown, retired, lost or under construction.',
      locality: 'Locality; null when none.',
      region: 'Region; null when none.',
      timezone: 'IANA time zone; null when none.',
      latitude: 'Latitude in degrees; null when unknown.',
      longitude: 'Longitude in degrees; null when unknown.',
      launchAttempts: 'Launch attempts the API counts.',
      launchSuccesses: 'Successful launches the API counts.',
      rockets: 'Ids of the rockets that launch from it.',
      details: 'Free-text description; null when none.',
      images: 'Images object (large: URLs).',
      launches: 'Ids of the launches from it, as the launchpads endpoint lists them.',
      source: 'The record exactly as the API sent it, unknown fields included.',
      sourceSha256:
        "sha256 of the record's JSON text as read: unchanged records are not rewritten.",
      ingestRunId: 'Lineage: the run that last inserted or changed this row.',
      loadedAt: 'Lineage: when that run wrote it.',
    },
  ),
  describe(
    landpads,
    'One row per landing zone or drone ship, as the landpads endpoint (/v4/landpads) sent it.',
    {
      id: 'Landpad id (24 hex digits), the primary key; raw.launch_cores.landpad refers to it.',
      name: 'Short name, e.g. LZ-1; null when the API has none.',
      fullName: 'Full name; null when none.',
      status: 'active, inactive, unknown, retired, lost or under construction.',
      type: 'RTLS (landing zone) or ASDS (drone ship); null when unknown.',
      locality: 'Locality; null when none.',
      region: 'Region; null when none.',
      latitude: 'Latitude in degrees; null when unknown.',
      longitude: 'Longitude in degrees; null when unknown.',
      landingAttempts: 'Landing attempts the API counts.',
      landingSuccesses: 'Successful landings the API counts.',
      wikipedia: 'Wikipedia URL; null when none.',
      details: 'Free-text description; null when none.',
      images: 'Images object (large: URLs).',
      launches: 'Ids of the launches that landed on it, as the landpads endpoint lists them.',
      source: 'The record exactly as the API sent it, unknown fields included.',
      sourceSha256:
        "sha256 of the record's JSON text as read: unchanged records are not rewritten.",
      ingestRunId: 'Lineage: the run that last inserted or changed this row.',
      loadedAt: 'Lineage: when that run wrote it.',
    },
  ),
  describe(
    payloads,
    "One row per payload, as the payloads endpoint (/v4/payloads) sent it: the entity, naming its launch, where raw.launches.payloads is a launch's list of payload ids.",
    {
      id: 'Payload id (24 hex digits), the primary key; raw.launches.payloads lists it.',
      name: 'Name; null when the API has none.',
      type: 'Satellite, Crew Dragon, Dragon 1.1, ...; null when unknown.',
      reused: 'The payload had flown before.',
      launch:
        'The launch that carried it (may name a launch the launches endpoint lacks); null when none.',
      customers: 'Customers.',
      noradIds: 'NORAD catalogue ids.',
      nationalities: 'Nationalities of the customers.',
      manufacturers: 'Manufacturers.',
      massKg: 'Mass in kg; null when unknown.',
      massLbs: 'Mass in pounds; null when unknown.',
      orbit: 'Target orbit, e.g. LEO, GTO, ISS; null when unknown.',
      referenceSystem: 'geocentric, heliocentric, ...; null when unknown.',
      regime: 'low-earth, geostationary, ...; null when unknown.',
      longitude: 'Orbital longitude in degrees (geostationary); null when none.',
      semiMajorAxisKm: 'Semi-major axis in km; null when unknown.',
      eccentricity: 'Eccentricity; null when unknown.',
      periapsisKm: 'Periapsis in km; null when unknown.',
      apoapsisKm: 'Apoapsis in km; null when unknown.',
      inclinationDeg: 'Inclination in degrees; null when unknown.',
      periodMin: 'Orbital period in minutes; null when unknown.',
      lifespanYears: 'Expected lifespan in years; null when unknown.',
      epoch: 'Epoch of the orbital elements (ISO 8601 text); null when none.',
      meanMotion: 'Mean motion in revolutions per day; null when unknown.',
      raan: 'Right ascension of the ascending node in degrees; null when unknown.',
      argOfPericenter: 'Argument of pericenter in degrees; null when unknown.',
      meanAnomaly: 'Mean anomaly in degrees; null when unknown.',
      dragon: 'Dragon object: capsule, mass returned, flight time, landings.',
      source: 'The record exactly as the API sent it, unknown fields included.',
      sourceSha256:
        "sha256 of the record's JSON text as read: unchanged records are not rewritten.",
      ingestRunId: 'Lineage: the run that last inserted or changed this row.',
      loadedAt: 'Lineage: when that run wrote it.',
    },
  ),
  describe(
    capsules,
    'One row per Dragon capsule, as the capsules endpoint (/v4/capsules) sent it.',
    {
      id: 'Capsule id (24 hex digits), the primary key; raw.launches.capsules lists it.',
      serial: 'Serial, e.g. C206.',
      status: 'unknown, active, retired or destroyed.',
      type: 'Dragon 1.0, Dragon 1.1 or Dragon 2.0.',
      reuseCount: 'Reuses the API counts.',
      waterLandings: 'Splashdowns.',
      landLandings: 'Landings on land.',
      lastUpdate: 'Free-text note on the latest news of the capsule; null when none.',
      launches: 'Ids of the launches it flew, as the capsules endpoint lists them.',
      source: 'The record exactly as the API sent it, unknown fields included.',
      sourceSha256:
        "sha256 of the record's JSON text as read: unchanged records are not rewritten.",
      ingestRunId: 'Lineage: the run that last inserted or changed this row.',
      loadedAt: 'Lineage: when that run wrote it.',
    },
  ),
  describe(
    ships,
    'One row per recovery or support ship, as the ships endpoint (/v4/ships) sent it.',
    {
      id: 'Ship id (24 hex digits), the primary key; raw.launches.ships lists it.',
      name: 'Name, e.g. GO Ms Tree.',
      legacyId: 'Id in the API before v4; null when none.',
      model: 'Model; null when unknown.',
      type: 'Tug, Cargo, High Speed Craft, Barge, ...; null when unknown.',
      roles: 'Roles, e.g. Fairing Recovery.',
      active: 'Still in service.',
      imo: 'IMO number; null when none.',
      mmsi: 'MMSI number; null when none.',
      abs: 'ABS (American Bureau of Shipping) number; null when none.',
      class: 'ABS class number; null when none.',
      massKg: 'Mass in kg; null when unknown.',
      massLbs: 'Mass in pounds; null when unknown.',
      yearBuilt: 'Year built; null when unknown.',
      homePort: 'Home port; null when unknown.',
      status: 'Status as the API reports it (often empty); null when none.',
      speedKn: 'Last reported speed in knots; null when unknown.',
      courseDeg: 'Last reported course in degrees; null when unknown.',
      latitude: 'Last reported latitude; null when unknown.',
      longitude: 'Last reported longitude; null when unknown.',
      lastAisUpdate: 'Time of the last AIS report, as sent; null when none.',
      link: 'MarineTraffic link; null when none.',
      image: 'Photo URL; null when none.',
      launches: 'Ids of the launches it supported, as the ships endpoint lists them.',
      source: 'The record exactly as the API sent it, unknown fields included.',
      sourceSha256:
        "sha256 of the record's JSON text as read: unchanged records are not rewritten.",
      ingestRunId: 'Lineage: the run that last inserted or changed this row.',
      loadedAt: 'Lineage: when that run wrote it.',
    },
  ),
  describe(
    rejectedRecords,
    'Records of the other entities (cores, crew, rockets, ...) that failed their contract in a run started with --skip-invalid.',
    {
      ingestRunId: 'The run that rejected it.',
      entity:
        'Which entity: cores, crew, rockets, launchpads, landpads, payloads, capsules or ships.',
      position: "Index of the record in the entity's read, from 0.",
      recordId: 'Its id, when it had a text id; else null.',
      label: 'Its serial or name, when it had one; else null.',
      source: 'The record as read (what the database cannot hold replaced by a note).',
      issues: 'Each issue as "path: message".',
    },
  ),
  describe(
    recordHistory,
    'Earlier versions of the records of every resource: each version a run changed or removed, with the runs it was current between.',
    {
      entity:
        'The resource: launches, cores, crew, rockets, launchpads, landpads, payloads, capsules or ships.',
      recordId: "The record's id.",
      validFromRun: 'The run that wrote this version.',
      validToRun: 'The run that replaced or removed it.',
      endedBy:
        'changed (a new version replaced it) or removed (the source no longer lists the record).',
      source: 'The version exactly as the API sent it.',
      sourceSha256:
        "sha256 of the version's JSON text as read (null for launches stored before hashes were kept).",
    },
  ),
  describe(
    checkFailures,
    "The data checks' failing rows as the last run left them (a run rechecks the rows its changes touch, and keeps the rest).",
    {
      checkName: 'The check, as pnpm quality names it.',
      scopeId:
        "The record the row belongs to (a launch's id, a core's id), by which a run rechecks it; empty for checks swept whole.",
      key: 'The failing row, as the check reports it.',
    },
  ),
  describe(
    checkSweeps,
    'When each check was last run over every row, and its definition then: a check whose definition changed is swept in full by the next run.',
    {
      checkName: 'The check.',
      definitionSha256: 'sha256 of the SQL that finds its failing rows.',
      sweptByRun: 'The run that swept it.',
    },
  ),
];
