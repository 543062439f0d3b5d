/**
 * The contract of a SpaceX v5 launch (`GET /v5/launches`), with the nullability the real data
 * has. Every type of the raw layer's JSON columns is inferred from here, so the validator and
 * the database agree by construction.
 */
import * as v from 'valibot';

/** A MongoDB ObjectId as the API prints it: 24 lower-case hex digits. */
export const ObjectId = v.pipe(v.string(), v.regex(/^[0-9a-f]{24}$/, 'expected a 24-digit hex id'));

/** True for an id as the API prints it: what a record must carry for the read to know it. */
export const isObjectId = (value: unknown): value is string => v.is(ObjectId, value);

/** PostgreSQL `integer` bounds, so a value that validates also fits its column. */
export const Int32 = v.pipe(
  v.number(),
  v.integer(),
  v.minValue(-2147483648),
  v.maxValue(2147483647),
);
const SafeInteger = v.pipe(v.number(), v.safeInteger());
/** A real calendar date from year 1 (PostgreSQL has no year 0; JavaScript rolls 02-30 over). */
function isCalendarDate(text: string): boolean {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(text);
  if (!match) return true; // not ISO 8601 at all: isoTimestamp reports that
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const leap = year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
  const days = month === 2 ? (leap ? 29 : 28) : DAYS_IN_MONTH[month - 1];
  return year >= 1 && days !== undefined && day >= 1 && day <= days;
}

/** Days in each month of a common year, January first. */
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** The instants PostgreSQL's timestamptz holds and the marts bucket by UTC year and month. */
const EARLIEST = Date.parse('0001-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * A UTC offset PostgreSQL accepts (it refuses displacements beyond 15:59), and an instant whose
 * UTC year is 1 to 9999: year 0 would be 1 BC, and year 10000 sorts as text before 2007.
 */
function isStorableInstant(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return true; // not ISO 8601 at all: isoTimestamp reports that
  const offset = /([+-])(\d{2}):?(\d{2})$/.exec(text);
  if (offset && Number(offset[2]) * 60 + Number(offset[3]) > 15 * 60 + 59) return false;
  const instant = Date.parse(text);
  return Number.isFinite(instant) && instant >= EARLIEST && instant <= LATEST;
}

const IsoTimestamp = v.pipe(
  v.string(),
  v.isoTimestamp('expected an ISO 8601 timestamp'),
  v.check(isCalendarDate, 'expected a real calendar date from year 1'),
  v.check(
    isStorableInstant,
    'expected a UTC offset within ±15:59 and an instant from year 1 to 9999 in UTC',
  ),
);

/** How precise `date_utc` is; the API documents exactly these six values. */
export const DATE_PRECISIONS = ['half', 'quarter', 'year', 'month', 'day', 'hour'] as const;
export const DatePrecision = v.picklist(DATE_PRECISIONS);

/** Where a first stage lands, as the API names it: drone ship, landing zone, or the ocean. */
export const LANDING_TYPES = ['ASDS', 'RTLS', 'Ocean'] as const;

export const LaunchFailure = v.object({
  /** Seconds after lift-off. */
  time: v.number(),
  /** Kilometres; null when unknown. */
  altitude: v.nullable(v.number()),
  reason: v.string(),
});

export const LaunchCore = v.object({
  /** Null while the core is not yet assigned (upcoming launches). */
  core: v.nullable(ObjectId),
  /** This core's flight number counting this launch; null when unknown. */
  flight: v.nullable(Int32),
  gridfins: v.nullable(v.boolean()),
  legs: v.nullable(v.boolean()),
  reused: v.nullable(v.boolean()),
  landing_attempt: v.nullable(v.boolean()),
  landing_success: v.nullable(v.boolean()),
  landing_type: v.nullable(v.string()),
  landpad: v.nullable(ObjectId),
});

export const LaunchCrewMember = v.object({
  crew: ObjectId,
  role: v.string(),
});

export const LaunchFairings = v.nullable(
  v.object({
    reused: v.nullable(v.boolean()),
    recovery_attempt: v.nullable(v.boolean()),
    recovered: v.nullable(v.boolean()),
    ships: v.array(ObjectId),
  }),
);

export const NullableString = v.nullable(v.string());

export const LaunchLinks = v.object({
  patch: v.object({ small: NullableString, large: NullableString }),
  reddit: v.object({
    campaign: NullableString,
    launch: NullableString,
    media: NullableString,
    recovery: NullableString,
  }),
  flickr: v.object({ small: v.array(v.string()), original: v.array(v.string()) }),
  presskit: NullableString,
  webcast: NullableString,
  youtube_id: NullableString,
  article: NullableString,
  wikipedia: NullableString,
});

/** True when no id appears twice among the given ids (nulls ignored). */
const distinct = (ids: readonly (string | null)[]): boolean => {
  const known = ids.filter((id) => id !== null);
  return new Set(known).size === known.length;
};

export const Launch = v.object({
  id: ObjectId,
  flight_number: Int32,
  // Bounded: the unique index on names holds at most about 2,700 bytes per entry.
  name: v.pipe(
    v.string(),
    v.minLength(1, 'expected a non-empty name'),
    v.maxLength(500, 'expected a name of at most 500 characters'),
  ),
  date_utc: IsoTimestamp,
  date_unix: SafeInteger,
  date_local: IsoTimestamp,
  date_precision: DatePrecision,
  static_fire_date_utc: v.nullable(IsoTimestamp),
  static_fire_date_unix: v.nullable(SafeInteger),
  net: v.boolean(),
  /** Launch window in seconds; null when unknown. */
  window: v.nullable(Int32),
  rocket: ObjectId,
  /** Null for upcoming launches, and for one past launch whose outcome the API never recorded. */
  success: v.nullable(v.boolean()),
  failures: v.array(LaunchFailure),
  details: NullableString,
  // Each crew member once: raw.launch_crew is keyed by (launch, crew member).
  crew: v.pipe(
    v.array(LaunchCrewMember),
    v.check((crew) => distinct(crew.map((c) => c.crew)), 'expected each crew member once'),
  ),
  ships: v.array(ObjectId),
  capsules: v.array(ObjectId),
  payloads: v.array(ObjectId),
  launchpad: ObjectId,
  upcoming: v.boolean(),
  // Each core once per launch: the mart counts a core's flights by launch.
  cores: v.pipe(
    v.array(LaunchCore),
    v.check((cores) => distinct(cores.map((c) => c.core)), 'expected each core once'),
  ),
  fairings: LaunchFairings,
  links: LaunchLinks,
  auto_update: v.boolean(),
  tbd: v.boolean(),
  launch_library_id: NullableString,
});

export type Launch = v.InferOutput<typeof Launch>;
export type LaunchCore = v.InferOutput<typeof LaunchCore>;
export type LaunchCrewMember = v.InferOutput<typeof LaunchCrewMember>;
export type LaunchFailure = v.InferOutput<typeof LaunchFailure>;
export type LaunchFairings = v.InferOutput<typeof LaunchFairings>;
export type LaunchLinks = v.InferOutput<typeof LaunchLinks>;

/** The keys a v5 launch has; anything else a launch carries is schema drift. */
export const LAUNCH_KEYS: ReadonlySet<string> = new Set(Object.keys(Launch.entries));

/** A JSON value as `JSON.parse` returns it; used for the stored source of each launch. */
export type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/**
 * Text PostgreSQL cannot store as sent: U+0000 (text and jsonb refuse it) and unpaired UTF-16
 * surrogates (not Unicode; they would be replaced). A launch holding either is rejected rather
 * than silently altered.
 */
export const UNSTORABLE_TEXT =
  // biome-ignore lint/suspicious/noControlCharactersInRegex: finding U+0000 is the point.
  /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;
