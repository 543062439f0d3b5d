/**
 * Hand-built launches for tests: valid v5 launches by default, with any field overridden.
 * Ids are derived from a number so fixtures stay readable and deterministic.
 */
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
