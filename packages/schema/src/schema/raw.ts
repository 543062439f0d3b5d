/**
 * The raw layer: what the API sent, with minimal processing. Scalars get their own columns with
 * the JSON type they arrived as (dates stay text); nested values stay jsonb; the complete source
 * JSON of each launch is kept so nothing is lost.
 */
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
  timestamp,
} from 'drizzle-orm/pg-core';
import type { Json, LaunchFailure, LaunchFairings, LaunchLinks } from '../contract/launch.js';

export const raw = pgSchema('raw');

export const RUN_STATUSES = ['succeeded', 'failed'] as const;
export type RunStatus = (typeof RUN_STATUSES)[number];

/** One row per ingest run, including runs that failed and were rolled back. */
export const ingestRuns = raw.table('ingest_runs', {
  /** Sortable and readable: the start time in UTC plus a random suffix. */
  id: text('id').primaryKey(),
  startedAt: timestamp('started_at', { withTimezone: true, mode: 'date' }).notNull(),
  finishedAt: timestamp('finished_at', { withTimezone: true, mode: 'date' }).notNull(),
  /** `api`, `file` or `archive`. */
  sourceKind: text('source_kind').notNull(),
  /** The URL (never with credentials) or the path that was read. */
  source: text('source').notNull(),
  status: text('status').$type<RunStatus>().notNull(),
  launchesRead: integer('launches_read').notNull().default(0),
  launchesLoaded: integer('launches_loaded').notNull().default(0),
  launchesChanged: integer('launches_changed').notNull().default(0),
  launchesRejected: integer('launches_rejected').notNull().default(0),
  launchesRemoved: integer('launches_removed').notNull().default(0),
  coreRows: integer('core_rows').notNull().default(0),
  crewRows: integer('crew_rows').notNull().default(0),
  /** Unknown fields the source sent, by path; see the contract in the schema package. */
  drift: jsonb('drift').$type<string[]>().notNull().default([]),
  /** sha256 of the bytes read, in order; null when the run failed before reading. */
  sha256: text('sha256'),
  error: text('error'),
});

export const launches = raw.table('launches', {
  id: text('id').primaryKey(),
  /** Not unique in the real data: several launches share a flight number. */
  flightNumber: integer('flight_number').notNull(),
  name: text('name').notNull().unique('launches_name_unique'),
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
  /** The launch exactly as the API sent it, unknown fields included. */
  source: jsonb('source').$type<Json>().notNull(),
  /** Lineage: the run that last inserted or changed this row, and when. */
  ingestRunId: text('ingest_run_id')
    .notNull()
    .references(() => ingestRuns.id),
  loadedAt: timestamp('loaded_at', { withTimezone: true, mode: 'date' })
    .notNull()
    .default(sql`now()`),
});

export const launchCores = raw.table(
  'launch_cores',
  {
    launchId: text('launch_id').notNull(),
    /** Index in the launch's `cores` array, from 0. */
    position: smallint('position').notNull(),
    /** Null while the core is not yet assigned (upcoming launches). */
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
    /** Index of the launch in what the run read, from 0. */
    position: integer('position').notNull(),
    /** As sent, when it was a string; null when the id itself was missing or not text. */
    launchId: text('launch_id'),
    launchName: text('launch_name'),
    source: jsonb('source').$type<Json>().notNull(),
    /** Each issue as `path: message`. */
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
