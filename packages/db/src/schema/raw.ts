/**
 * The raw layer: what the API sent, with minimal processing. Scalars get their own columns with
 * the JSON type they arrived as (dates stay text); nested values stay jsonb; the complete source
 * JSON of each launch is kept so nothing is lost.
 */

import type { Json, LaunchFailure, LaunchFairings, LaunchLinks } from '@spacex/contract';
import { sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  foreignKey,
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
  sha256: text('sha256'),
  error: text('error'),
});

/**
 * The unique constraint on launch names. DEFERRABLE (migration 0004; Drizzle cannot declare it),
 * so the ingest checks names at commit: an upstream re-key (a launch removed, another added under
 * its name) loads in one run.
 */
export const LAUNCH_NAME_UNIQUE = 'launches_name_unique';

export const launches = raw.table('launches', {
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
});

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
 * What every entity's table ends with: the launches the record lists, the record as read and its
 * hash (a rerun skips unchanged records by it), and lineage. A function: each table needs its own
 * column builders.
 */
const entityRecordColumns = () => ({
  launches: jsonb('launches').$type<string[]>().notNull(),
  source: jsonb('source').$type<Json>().notNull(),
  sourceSha256: text('source_sha256').notNull(),
  ingestRunId: text('ingest_run_id')
    .notNull()
    .references(() => ingestRuns.id),
  loadedAt: timestamptz('loaded_at').notNull().default(sql`now()`),
});

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
    rejectedRecords,
    'Records of the other entities (cores, ...) that failed their contract in a run started with --skip-invalid.',
    {
      ingestRunId: 'The run that rejected it.',
      entity: 'Which entity: cores, ...',
      position: "Index of the record in the entity's read, from 0.",
      recordId: 'Its id, when it had a text id; else null.',
      label: 'Its serial or name, when it had one; else null.',
      source: 'The record as read (what the database cannot hold replaced by a note).',
      issues: 'Each issue as "path: message".',
    },
  ),
];
