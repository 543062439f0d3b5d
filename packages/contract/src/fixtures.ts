/**
 * Hand-built launches for tests: valid v5 launches by default, with any field overridden.
 * Ids are derived from a number so fixtures stay readable and deterministic.
 */
import type { EntityName, EntityRecord } from './entities.js';
import type { Json, Launch, LaunchCore } from './launch.js';

/** A 24-digit hex id from a prefix (a-f only) and a number: `id('c', 7)` = `c000…0007`. */
export function hexId(prefix: string, n: number): string {
  const digits = n.toString(16);
  return `${prefix}${'0'.repeat(24 - prefix.length - digits.length)}${digits}`;
}

/** A flown core entry for `core`, its `flight`-th flight. */
export function makeCore(
  core: string | null,
  flight: number | null = 1,
  overrides: Partial<LaunchCore> = {},
): LaunchCore {
  return {
    core,
    flight,
    gridfins: true,
    legs: true,
    reused: flight === null ? null : flight > 1,
    landing_attempt: true,
    landing_success: true,
    landing_type: 'ASDS',
    landpad: hexId('d', 1),
    ...overrides,
  };
}

/** A valid past launch numbered `n`, launched at `dateUtc`, with one fresh core unless overridden. */
export function makeLaunch(n: number, dateUtc: string, overrides: Partial<Launch> = {}): Launch {
  const date = new Date(dateUtc);
  return {
    id: hexId('a', n),
    flight_number: n,
    name: `Test Launch ${n}`,
    date_utc: date.toISOString(),
    date_unix: Math.floor(date.getTime() / 1000),
    date_local: date.toISOString().replace('Z', '+00:00'),
    date_precision: 'hour',
    static_fire_date_utc: null,
    static_fire_date_unix: null,
    net: false,
    window: 0,
    rocket: hexId('b', 1),
    success: true,
    failures: [],
    details: null,
    crew: [],
    ships: [],
    capsules: [],
    payloads: [hexId('e', n)],
    launchpad: hexId('f', 1),
    upcoming: false,
    cores: [makeCore(hexId('c', n))],
    fairings: null,
    links: {
      patch: { small: null, large: null },
      reddit: { campaign: null, launch: null, media: null, recovery: null },
      flickr: { small: [], original: [] },
      presskit: null,
      webcast: null,
      youtube_id: null,
      article: null,
      wikipedia: null,
    },
    auto_update: true,
    tbd: false,
    launch_library_id: null,
    ...overrides,
  };
}

/** `{"x":{"x":…1…}}`, `depth` objects deep, as JSON text. */
export const nestedJson = (depth: number): string =>
  `${'{"x":'.repeat(depth)}1${'}'.repeat(depth)}`;

/** A launch's JSON text with `extra` (raw JSON text, e.g. `"huge": 1e999`) as its first members. */
export const withRawFields = (launch: Json, extra: string): string =>
  JSON.stringify(launch).replace(/^\{/, `{${extra},`);

/** `n` with leading zeros to `width` digits. */
export const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** A UTC offset as ISO 8601 writes it: `+05:30` for (1, 330). */
export const offsetText = (sign: 1 | -1, minutes: number): string =>
  `${sign > 0 ? '+' : '-'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;

/** The id prefix of each entity's fixtures: they match the ids `makeLaunch` names. */
export const ENTITY_ID_PREFIX: { [E in EntityName]: string } = {
  cores: 'c',
  crew: 'e',
  rockets: 'b',
  launchpads: 'f',
  landpads: 'd',
  payloads: 'e',
  capsules: 'cc',
  ships: 'dd',
};

const FIXTURE_ENTITIES: { [E in EntityName]: (id: string, n: number) => EntityRecord<E> } = {
  cores: (id, n) => ({
    id,
    serial: `B${1000 + n}`,
    block: 5,
    status: 'active',
    reuse_count: 0,
    rtls_attempts: 0,
    rtls_landings: 0,
    asds_attempts: 1,
    asds_landings: 1,
    last_update: null,
    launches: [hexId('a', n)],
  }),
  crew: (id, n) => ({
    id,
    name: `Astronaut ${n}`,
    status: 'active',
    agency: 'NASA',
    image: null,
    wikipedia: null,
    launches: [],
  }),
  rockets: (id, n) => ({
    id,
    name: `Falcon ${n}`,
    type: 'rocket',
    active: true,
    stages: 2,
    boosters: 0,
    cost_per_launch: 50_000_000,
    success_rate_pct: 98,
    first_flight: '2010-06-04',
    country: 'United States',
    company: 'SpaceX',
    wikipedia: 'https://en.wikipedia.org/wiki/Falcon_9',
    description: 'A two-stage rocket.',
    height: { meters: 70, feet: 229.6 },
    diameter: { meters: 3.7, feet: 12 },
    mass: { kg: 549_054, lb: 1_207_920 },
    first_stage: { engines: 9, reusable: true },
    second_stage: { engines: 1, reusable: false },
    engines: { number: 9, type: 'merlin' },
    landing_legs: { number: 4, material: 'carbon fiber' },
    payload_weights: [{ id: 'leo', name: 'Low Earth Orbit', kg: 22_800, lb: 50_265 }],
    flickr_images: [],
  }),
  launchpads: (id, n) => ({
    id,
    name: `SLC ${n}`,
    full_name: `Space Launch Complex ${n}`,
    status: 'active',
    locality: 'Cape Canaveral',
    region: 'Florida',
    timezone: 'America/New_York',
    latitude: 28.56,
    longitude: -80.57,
    launch_attempts: 0,
    launch_successes: 0,
    rockets: [hexId('b', 1)],
    launches: [],
    details: null,
    images: { large: [] },
  }),
  landpads: (id, n) => ({
    id,
    name: `LZ-${n}`,
    full_name: `Landing Zone ${n}`,
    status: 'active',
    type: 'RTLS',
    locality: 'Cape Canaveral',
    region: 'Florida',
    latitude: 28.49,
    longitude: -80.54,
    landing_attempts: 0,
    landing_successes: 0,
    wikipedia: null,
    details: null,
    launches: [],
    images: { large: [] },
  }),
  payloads: (id, n) => ({
    id,
    name: `Payload ${n}`,
    type: 'Satellite',
    reused: false,
    launch: hexId('a', n),
    customers: ['SpaceX'],
    norad_ids: [40_000 + n],
    nationalities: ['United States'],
    manufacturers: ['SpaceX'],
    mass_kg: 260,
    mass_lbs: 573.2,
    orbit: 'LEO',
    reference_system: 'geocentric',
    regime: 'low-earth',
    longitude: null,
    semi_major_axis_km: null,
    eccentricity: null,
    periapsis_km: 540,
    apoapsis_km: 550,
    inclination_deg: 53,
    period_min: 95.6,
    lifespan_years: 5,
    epoch: null,
    mean_motion: null,
    raan: null,
    arg_of_pericenter: null,
    mean_anomaly: null,
    dragon: { capsule: null, manifest: null },
  }),
  capsules: (id, n) => ({
    id,
    serial: `C${200 + n}`,
    status: 'active',
    type: 'Dragon 2.0',
    reuse_count: 0,
    water_landings: 1,
    land_landings: 0,
    last_update: null,
    launches: [],
  }),
  ships: (id, n) => ({
    id,
    name: `Ship ${n}`,
    legacy_id: null,
    model: null,
    type: 'Cargo',
    roles: ['Fairing Recovery'],
    active: true,
    imo: null,
    mmsi: null,
    abs: null,
    class: null,
    mass_kg: null,
    mass_lbs: null,
    year_built: 2015,
    home_port: 'Port Canaveral',
    status: null,
    speed_kn: null,
    course_deg: null,
    latitude: null,
    longitude: null,
    last_ais_update: null,
    link: null,
    image: null,
    launches: [],
  }),
};

/**
 * A valid record of `entity` numbered `n`, as its endpoint serves one; its id is
 * `hexId(ENTITY_ID_PREFIX[entity], n)`, the id `makeLaunch(n)` names where a launch names one.
 */
export function makeEntity<E extends EntityName>(
  entity: E,
  n: number,
  overrides: Partial<EntityRecord<E>> = {},
): EntityRecord<E> {
  const make: (id: string, n: number) => EntityRecord<E> = FIXTURE_ENTITIES[entity];
  return { ...make(hexId(ENTITY_ID_PREFIX[entity], n), n), ...overrides };
}
