/**
 * The contracts of the other entities the API serves (`/v4/<entity>`): cores, crew, rockets,
 * launchpads, landpads, payloads, capsules and ships. Scalars are typed strictly; a field the
 * upstream model defaults to null is nullable, whatever the saved dumps happen to hold; nested
 * parts (a rocket's stages, a payload's dragon, images) are JSON objects, kept whole.
 */
import * as v from 'valibot';
import { Int32, type Json, NullableString, ObjectId } from './launch.js';

/** PostgreSQL `integer` bounds, 0 or more: counters (reuses, landings, attempts). */
const Count = v.pipe(
  v.number(),
  v.integer('expected a whole number'),
  v.minValue(0, 'expected a count of 0 or more'),
  v.maxValue(2147483647, 'expected a count that fits an integer column'),
);
/** A finite number (JSON.parse makes Infinity of what a double cannot hold). */
const Finite = v.pipe(v.number(), v.finite());
const NullableNumber = v.nullable(Finite);
/** An entity's name or serial: non-empty and bounded, as unique indexes need. */
const Label = v.pipe(v.string(), v.minLength(1, 'expected a non-empty text'), v.maxLength(500));

/** A JSON object kept whole (stored as jsonb). */
export type JsonObject = { [key: string]: Json };
const JsonObjectSchema = v.custom<JsonObject>(
  (value) => typeof value === 'object' && value !== null && !Array.isArray(value),
  'expected an object',
);

export const CORE_STATUSES = [
  'active',
  'inactive',
  'unknown',
  'expended',
  'lost',
  'retired',
] as const;
export const CREW_STATUSES = ['active', 'inactive', 'retired', 'unknown'] as const;
export const PAD_STATUSES = [
  'active',
  'inactive',
  'unknown',
  'retired',
  'lost',
  'under construction',
] as const;
export const CAPSULE_STATUSES = ['unknown', 'active', 'retired', 'destroyed'] as const;
export const CAPSULE_TYPES = ['Dragon 1.0', 'Dragon 1.1', 'Dragon 2.0'] as const;

/** A first stage (`/v4/cores`). `launches` lists the launches it flew, by id. */
export const Core = v.object({
  id: ObjectId,
  serial: Label,
  block: v.nullable(Int32),
  status: v.picklist(CORE_STATUSES),
  reuse_count: Count,
  rtls_attempts: Count,
  rtls_landings: Count,
  asds_attempts: Count,
  asds_landings: Count,
  last_update: NullableString,
  launches: v.array(ObjectId),
});

/** An astronaut (`/v4/crew`). */
export const CrewMember = v.object({
  id: ObjectId,
  name: v.nullable(Label),
  status: v.picklist(CREW_STATUSES),
  agency: NullableString,
  image: NullableString,
  wikipedia: NullableString,
  launches: v.array(ObjectId),
});

/** A launch vehicle (`/v4/rockets`); its dimensions, stages and engines are kept as JSON. */
export const Rocket = v.object({
  id: ObjectId,
  name: Label,
  type: v.string(),
  active: v.boolean(),
  stages: Count,
  boosters: Count,
  cost_per_launch: Finite,
  success_rate_pct: Finite,
  first_flight: v.string(),
  country: v.string(),
  company: v.string(),
  wikipedia: v.string(),
  description: v.string(),
  height: JsonObjectSchema,
  diameter: JsonObjectSchema,
  mass: JsonObjectSchema,
  first_stage: JsonObjectSchema,
  second_stage: JsonObjectSchema,
  engines: JsonObjectSchema,
  landing_legs: JsonObjectSchema,
  payload_weights: v.array(JsonObjectSchema),
  flickr_images: v.array(v.string()),
});

/** A launch site (`/v4/launchpads`). */
export const Launchpad = v.object({
  id: ObjectId,
  name: v.nullable(Label),
  full_name: NullableString,
  status: v.picklist(PAD_STATUSES),
  locality: NullableString,
  region: NullableString,
  timezone: NullableString,
  latitude: NullableNumber,
  longitude: NullableNumber,
  launch_attempts: Count,
  launch_successes: Count,
  rockets: v.array(ObjectId),
  launches: v.array(ObjectId),
  details: NullableString,
  images: JsonObjectSchema,
});

/** A landing zone or drone ship position (`/v4/landpads`). */
export const Landpad = v.object({
  id: ObjectId,
  name: v.nullable(Label),
  full_name: NullableString,
  status: v.picklist(PAD_STATUSES),
  type: NullableString,
  locality: NullableString,
  region: NullableString,
  latitude: NullableNumber,
  longitude: NullableNumber,
  landing_attempts: Count,
  landing_successes: Count,
  wikipedia: NullableString,
  details: NullableString,
  launches: v.array(ObjectId),
  images: JsonObjectSchema,
});

/** What a launch carried (`/v4/payloads`); `launch` names it, or is null. */
export const Payload = v.object({
  id: ObjectId,
  name: v.nullable(Label),
  type: NullableString,
  reused: v.boolean(),
  launch: v.nullable(ObjectId),
  customers: v.array(v.string()),
  norad_ids: v.array(Int32),
  nationalities: v.array(v.string()),
  manufacturers: v.array(v.string()),
  mass_kg: NullableNumber,
  mass_lbs: NullableNumber,
  orbit: NullableString,
  reference_system: NullableString,
  regime: NullableString,
  longitude: NullableNumber,
  semi_major_axis_km: NullableNumber,
  eccentricity: NullableNumber,
  periapsis_km: NullableNumber,
  apoapsis_km: NullableNumber,
  inclination_deg: NullableNumber,
  period_min: NullableNumber,
  lifespan_years: NullableNumber,
  epoch: NullableString,
  mean_motion: NullableNumber,
  raan: NullableNumber,
  arg_of_pericenter: NullableNumber,
  mean_anomaly: NullableNumber,
  dragon: JsonObjectSchema,
});

/** A Dragon capsule (`/v4/capsules`). */
export const Capsule = v.object({
  id: ObjectId,
  serial: Label,
  status: v.picklist(CAPSULE_STATUSES),
  type: v.picklist(CAPSULE_TYPES),
  reuse_count: Count,
  water_landings: Count,
  land_landings: Count,
  last_update: NullableString,
  launches: v.array(ObjectId),
});

/** A recovery or support ship (`/v4/ships`). */
export const Ship = v.object({
  id: ObjectId,
  name: Label,
  legacy_id: NullableString,
  model: NullableString,
  type: NullableString,
  roles: v.array(v.string()),
  active: v.boolean(),
  imo: v.nullable(Int32),
  mmsi: v.nullable(Int32),
  abs: v.nullable(Int32),
  class: v.nullable(Int32),
  mass_kg: NullableNumber,
  mass_lbs: NullableNumber,
  year_built: v.nullable(Int32),
  home_port: NullableString,
  status: NullableString,
  speed_kn: NullableNumber,
  course_deg: NullableNumber,
  latitude: NullableNumber,
  longitude: NullableNumber,
  last_ais_update: NullableString,
  link: NullableString,
  image: NullableString,
  launches: v.array(ObjectId),
});

/** Each entity's contract, by the name its endpoint and saved file use. */
export const ENTITY_CONTRACTS = {
  cores: Core,
  crew: CrewMember,
  rockets: Rocket,
  launchpads: Launchpad,
  landpads: Landpad,
  payloads: Payload,
  capsules: Capsule,
  ships: Ship,
} as const;
export type EntityName = keyof typeof ENTITY_CONTRACTS;
export const ENTITY_NAMES = Object.keys(ENTITY_CONTRACTS) as EntityName[];
/** A validated record of entity `E`. */
export type EntityRecord<E extends EntityName> = v.InferOutput<(typeof ENTITY_CONTRACTS)[E]>;

export type Core = v.InferOutput<typeof Core>;
export type CrewMember = v.InferOutput<typeof CrewMember>;
export type Rocket = v.InferOutput<typeof Rocket>;
export type Launchpad = v.InferOutput<typeof Launchpad>;
export type Landpad = v.InferOutput<typeof Landpad>;
export type Payload = v.InferOutput<typeof Payload>;
export type Capsule = v.InferOutput<typeof Capsule>;
export type Ship = v.InferOutput<typeof Ship>;
