/**
 * fast-check arbitraries of valid v5 launches, for property tests of anything that takes them
 * (the validator here; the ingest's load and read-back). fast-check is an optional peer.
 */
import fc from 'fast-check';
import type { Json, Launch, LaunchCore } from './launch.js';

/** Text that has broken pipelines: SQL, escapes, quotes, emoji, scripts, 100,000 characters. */
export const HOSTILE = [
  "'; drop table raw.launches; --",
  'back\\slash \\\\ and \\u0041',
  '"double" and \'single\' quotes',
  '🚀👩‍🚀🇺🇸 emoji, ZWJ and flags',
  'Ω≈ç√∫ ünïcödé 日本語 עברית',
  'x'.repeat(100_000),
  '$1 %s {{template}} <script>alert(1)</script>',
];

const hexId = fc.stringMatching(/^[0-9a-f]{24}$/);
const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.constantFrom(...HOSTILE));
const name = fc.oneof(
  fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 }),
  fc.constantFrom(...HOSTILE.map((h) => h.slice(0, 400))),
);
const nullable = <T>(arb: fc.Arbitrary<T>) => fc.option(arb, { nil: null });
const int32 = fc.integer({ min: -2_147_483_648, max: 2_147_483_647 });
const safeInteger = fc.integer({ min: Number.MIN_SAFE_INTEGER, max: Number.MAX_SAFE_INTEGER });
const timestamp = fc
  .date({
    min: new Date('0001-01-01T00:00:00.000Z'),
    max: new Date('9999-12-31T23:59:59.999Z'),
    noInvalidDate: true,
  })
  .map((d) => d.toISOString());
const number = fc.double({ noNaN: true, noDefaultInfinity: true });

const core: fc.Arbitrary<LaunchCore> = fc.record({
  core: nullable(hexId),
  flight: nullable(int32),
  gridfins: nullable(fc.boolean()),
  legs: nullable(fc.boolean()),
  reused: nullable(fc.boolean()),
  landing_attempt: nullable(fc.boolean()),
  landing_success: nullable(fc.boolean()),
  landing_type: nullable(text),
  landpad: nullable(hexId),
});

/** Any valid v5 launch, values at the limits of their types included. */
export const launch: fc.Arbitrary<Launch> = fc.record({
  id: hexId,
  flight_number: int32,
  name,
  date_utc: timestamp,
  date_unix: safeInteger,
  date_local: timestamp,
  date_precision: fc.constantFrom('half', 'quarter', 'year', 'month', 'day', 'hour'),
  static_fire_date_utc: nullable(timestamp),
  static_fire_date_unix: nullable(safeInteger),
  net: fc.boolean(),
  window: nullable(int32),
  rocket: hexId,
  success: nullable(fc.boolean()),
  failures: fc.array(fc.record({ time: number, altitude: nullable(number), reason: text }), {
    maxLength: 2,
  }),
  details: nullable(text),
  crew: fc.uniqueArray(fc.record({ crew: hexId, role: text }), {
    selector: (c) => c.crew,
    maxLength: 3,
  }),
  ships: fc.array(hexId, { maxLength: 2 }),
  capsules: fc.array(hexId, { maxLength: 2 }),
  payloads: fc.array(hexId, { maxLength: 2 }),
  launchpad: hexId,
  upcoming: fc.boolean(),
  cores: fc.uniqueArray(core, { selector: (c) => c.core ?? Symbol(), maxLength: 3 }),
  fairings: nullable(
    fc.record({
      reused: nullable(fc.boolean()),
      recovery_attempt: nullable(fc.boolean()),
      recovered: nullable(fc.boolean()),
      ships: fc.array(hexId, { maxLength: 2 }),
    }),
  ),
  links: fc.record({
    patch: fc.record({ small: nullable(text), large: nullable(text) }),
    reddit: fc.record({
      campaign: nullable(text),
      launch: nullable(text),
      media: nullable(text),
      recovery: nullable(text),
    }),
    flickr: fc.record({
      small: fc.array(text, { maxLength: 2 }),
      original: fc.array(text, { maxLength: 2 }),
    }),
    presskit: nullable(text),
    webcast: nullable(text),
    youtube_id: nullable(text),
    article: nullable(text),
    wikipedia: nullable(text),
  }),
  auto_update: fc.boolean(),
  tbd: fc.boolean(),
  launch_library_id: nullable(text),
});

/** Valid launches with distinct ids and names, as the real data has. */
export const launchList = fc
  .uniqueArray(launch, { selector: (l) => l.id, minLength: 1, maxLength: 8 })
  .map((list) => list.map((l, i) => ({ ...l, name: `${l.name} #${i}` })));

/** The launches as the ingest receives them: through JSON text. */
export const asSent = (list: readonly Launch[]): Json[] => JSON.parse(JSON.stringify(list));
