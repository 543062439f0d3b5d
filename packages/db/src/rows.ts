/**
 * The raw rows of a validated launch: the one mapping from the contract's field names to the
 * raw layer's columns, used by the ingest (and by tests that write raw rows directly).
 */
import { createHash } from 'node:crypto';
import type { Core, CrewMember, Json, Launch } from '@spacex/contract';
import { CopyEncoder } from './bulk.js';
import { cores, crew, launchCores, launchCrew, launches, rejectedRecords } from './schema/raw.js';

/**
 * sha256 of a launch's JSON text as read; for a launch held as a value, of its compact
 * serialisation (what a saved file written with JSON.stringify holds).
 */
export const sourceHash = (source: Json): string => textSha256(JSON.stringify(source));

/** sha256 of a launch's JSON text as read: what raw.launches.source_sha256 holds. */
export const textSha256 = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The raw.launches row; `source` is the launch as sent, `runId` the run writing it. The ingest
 * passes `sourceSha256`, the hash of the text it read.
 */
export function launchRow(
  l: Launch,
  source: Json,
  runId: string,
  sourceSha256: string = sourceHash(source),
): typeof launches.$inferInsert {
  return {
    id: l.id,
    flightNumber: l.flight_number,
    name: l.name,
    dateUtc: l.date_utc,
    dateUnix: l.date_unix,
    dateLocal: l.date_local,
    datePrecision: l.date_precision,
    staticFireDateUtc: l.static_fire_date_utc,
    staticFireDateUnix: l.static_fire_date_unix,
    net: l.net,
    window: l.window,
    rocket: l.rocket,
    success: l.success,
    details: l.details,
    launchpad: l.launchpad,
    upcoming: l.upcoming,
    autoUpdate: l.auto_update,
    tbd: l.tbd,
    launchLibraryId: l.launch_library_id,
    links: l.links,
    fairings: l.fairings,
    failures: l.failures,
    payloads: l.payloads,
    ships: l.ships,
    capsules: l.capsules,
    source,
    sourceSha256,
    ingestRunId: runId,
  };
}

/** One raw.launch_cores row per entry of the launch's cores array, numbered from 0. */
export function coreRows(l: Launch): (typeof launchCores.$inferInsert)[] {
  return l.cores.map((c, position) => ({
    launchId: l.id,
    position,
    core: c.core,
    flight: c.flight,
    gridfins: c.gridfins,
    legs: c.legs,
    reused: c.reused,
    landingAttempt: c.landing_attempt,
    landingSuccess: c.landing_success,
    landingType: c.landing_type,
    landpad: c.landpad,
  }));
}

/** One raw.launch_crew row per crew member. */
export function crewRows(l: Launch): (typeof launchCrew.$inferInsert)[] {
  return l.crew.map((member) => ({ launchId: l.id, crew: member.crew, role: member.role }));
}

/** COPY encoders for the rows above; columns left out (loaded_at) take their defaults. */
export const rawCopy = {
  launches: new CopyEncoder(launches, [
    'id',
    'flightNumber',
    'name',
    'dateUtc',
    'dateUnix',
    'dateLocal',
    'datePrecision',
    'staticFireDateUtc',
    'staticFireDateUnix',
    'net',
    'window',
    'rocket',
    'success',
    'details',
    'launchpad',
    'upcoming',
    'autoUpdate',
    'tbd',
    'launchLibraryId',
    'links',
    'fairings',
    'failures',
    'payloads',
    'ships',
    'capsules',
    'source',
    'sourceSha256',
    'ingestRunId',
  ]),
  launchCores: new CopyEncoder(launchCores, [
    'launchId',
    'position',
    'core',
    'flight',
    'gridfins',
    'legs',
    'reused',
    'landingAttempt',
    'landingSuccess',
    'landingType',
    'landpad',
  ]),
  launchCrew: new CopyEncoder(launchCrew, ['launchId', 'crew', 'role']),
  /** The entity: raw.cores. */
  cores: new CopyEncoder(cores, [
    'id',
    'serial',
    'block',
    'status',
    'reuseCount',
    'rtlsAttempts',
    'rtlsLandings',
    'asdsAttempts',
    'asdsLandings',
    'lastUpdate',
    'launches',
    'source',
    'sourceSha256',
    'ingestRunId',
  ]),
  /** The entity: raw.crew. */
  crew: new CopyEncoder(crew, [
    'id',
    'name',
    'status',
    'agency',
    'image',
    'wikipedia',
    'launches',
    'source',
    'sourceSha256',
    'ingestRunId',
  ]),
  rejectedRecords: new CopyEncoder(rejectedRecords, [
    'ingestRunId',
    'entity',
    'position',
    'recordId',
    'label',
    'source',
    'issues',
  ]),
};

/** The raw.cores row of a validated core (the entity); `sourceSha256` hashes the text read. */
export function coreEntityRow(
  c: Core,
  source: Json,
  runId: string,
  sourceSha256: string = sourceHash(source),
): typeof cores.$inferInsert {
  return {
    id: c.id,
    serial: c.serial,
    block: c.block,
    status: c.status,
    reuseCount: c.reuse_count,
    rtlsAttempts: c.rtls_attempts,
    rtlsLandings: c.rtls_landings,
    asdsAttempts: c.asds_attempts,
    asdsLandings: c.asds_landings,
    lastUpdate: c.last_update,
    launches: c.launches,
    source,
    sourceSha256,
    ingestRunId: runId,
  };
}
export { CopyEncoder } from './bulk.js';

/** The raw.crew row of a validated crew member (the entity). */
export function crewEntityRow(
  c: CrewMember,
  source: Json,
  runId: string,
  sourceSha256: string = sourceHash(source),
): typeof crew.$inferInsert {
  return {
    id: c.id,
    name: c.name,
    status: c.status,
    agency: c.agency,
    image: c.image,
    wikipedia: c.wikipedia,
    launches: c.launches,
    source,
    sourceSha256,
    ingestRunId: runId,
  };
}
