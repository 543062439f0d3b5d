/**
 * The raw rows of a validated launch: the one mapping from the contract's field names to the
 * raw layer's columns, used by the ingest (and by tests that write raw rows directly).
 */
import { hash } from 'node:crypto';
import type { EntityName, EntityRecord, Json, Launch } from '@spacex/contract';
import {
  capsules,
  cores,
  crew,
  landpads,
  type launchCores,
  type launchCrew,
  type launches,
  launchpads,
  payloads,
  rockets,
  ships,
} from './raw.js';

/**
 * sha256 of a launch's JSON text as read; for a launch held as a value, of its compact
 * serialisation (what a saved file written with JSON.stringify holds).
 */
export const sourceHash = (source: Json): string => textSha256(JSON.stringify(source));

/**
 * sha256 of a launch's JSON text as read: what raw.launches.source_sha256 holds. Given the bytes
 * as received (UTF-8), the same hash without encoding the text again.
 */
export const textSha256 = (text: string | Uint8Array): string => hash('sha256', text);

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

// --- The other entities: one raw table each (raw.cores, raw.crew, raw.rockets, ...) -----------

/** Each entity's raw table, by the name its endpoint and saved file use. */
export const ENTITY_TABLES = {
  cores,
  crew,
  rockets,
  launchpads,
  landpads,
  payloads,
  capsules,
  ships,
} as const;
type EntityTable<E extends EntityName> = (typeof ENTITY_TABLES)[E];

/** A row of entity `E`'s raw table. */
export type EntityRow<E extends EntityName> = EntityTable<E>['$inferInsert'];

/** What every entity row adds to its own columns: the record as sent, its hash, lineage. */
export interface RecordLineage {
  source: Json;
  /** sha256 of the record's text as read (`textSha256`), or of `source` serialised. */
  sourceSha256: string;
  ingestRunId: string;
}

/**
 * The raw row of a validated record, by entity: the one mapping from an entity's field names to
 * its table's columns, plus the record as sent and its lineage.
 */
export const entityRows: {
  [E in EntityName]: (record: EntityRecord<E>, lineage: RecordLineage) => EntityRow<E>;
} = {
  cores: (c, lineage) => ({
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
    ...lineage,
  }),
  crew: (c, lineage) => ({
    id: c.id,
    name: c.name,
    status: c.status,
    agency: c.agency,
    image: c.image,
    wikipedia: c.wikipedia,
    launches: c.launches,
    ...lineage,
  }),
  rockets: (r, lineage) => ({
    id: r.id,
    name: r.name,
    type: r.type,
    active: r.active,
    stages: r.stages,
    boosters: r.boosters,
    costPerLaunch: r.cost_per_launch,
    successRatePct: r.success_rate_pct,
    firstFlight: r.first_flight,
    country: r.country,
    company: r.company,
    wikipedia: r.wikipedia,
    description: r.description,
    height: r.height,
    diameter: r.diameter,
    mass: r.mass,
    firstStage: r.first_stage,
    secondStage: r.second_stage,
    engines: r.engines,
    landingLegs: r.landing_legs,
    payloadWeights: r.payload_weights,
    flickrImages: r.flickr_images,
    ...lineage,
  }),
  launchpads: (p, lineage) => ({
    id: p.id,
    name: p.name,
    fullName: p.full_name,
    status: p.status,
    locality: p.locality,
    region: p.region,
    timezone: p.timezone,
    latitude: p.latitude,
    longitude: p.longitude,
    launchAttempts: p.launch_attempts,
    launchSuccesses: p.launch_successes,
    rockets: p.rockets,
    details: p.details,
    images: p.images,
    launches: p.launches,
    ...lineage,
  }),
  landpads: (p, lineage) => ({
    id: p.id,
    name: p.name,
    fullName: p.full_name,
    status: p.status,
    type: p.type,
    locality: p.locality,
    region: p.region,
    latitude: p.latitude,
    longitude: p.longitude,
    landingAttempts: p.landing_attempts,
    landingSuccesses: p.landing_successes,
    wikipedia: p.wikipedia,
    details: p.details,
    images: p.images,
    launches: p.launches,
    ...lineage,
  }),
  payloads: (p, lineage) => ({
    id: p.id,
    name: p.name,
    type: p.type,
    reused: p.reused,
    launch: p.launch,
    customers: p.customers,
    noradIds: p.norad_ids,
    nationalities: p.nationalities,
    manufacturers: p.manufacturers,
    massKg: p.mass_kg,
    massLbs: p.mass_lbs,
    orbit: p.orbit,
    referenceSystem: p.reference_system,
    regime: p.regime,
    longitude: p.longitude,
    semiMajorAxisKm: p.semi_major_axis_km,
    eccentricity: p.eccentricity,
    periapsisKm: p.periapsis_km,
    apoapsisKm: p.apoapsis_km,
    inclinationDeg: p.inclination_deg,
    periodMin: p.period_min,
    lifespanYears: p.lifespan_years,
    epoch: p.epoch,
    meanMotion: p.mean_motion,
    raan: p.raan,
    argOfPericenter: p.arg_of_pericenter,
    meanAnomaly: p.mean_anomaly,
    dragon: p.dragon,
    ...lineage,
  }),
  capsules: (c, lineage) => ({
    id: c.id,
    serial: c.serial,
    status: c.status,
    type: c.type,
    reuseCount: c.reuse_count,
    waterLandings: c.water_landings,
    landLandings: c.land_landings,
    lastUpdate: c.last_update,
    launches: c.launches,
    ...lineage,
  }),
  ships: (s, lineage) => ({
    id: s.id,
    name: s.name,
    legacyId: s.legacy_id,
    model: s.model,
    type: s.type,
    roles: s.roles,
    active: s.active,
    imo: s.imo,
    mmsi: s.mmsi,
    abs: s.abs,
    class: s.class,
    massKg: s.mass_kg,
    massLbs: s.mass_lbs,
    yearBuilt: s.year_built,
    homePort: s.home_port,
    status: s.status,
    speedKn: s.speed_kn,
    courseDeg: s.course_deg,
    latitude: s.latitude,
    longitude: s.longitude,
    lastAisUpdate: s.last_ais_update,
    link: s.link,
    image: s.image,
    launches: s.launches,
    ...lineage,
  }),
};
