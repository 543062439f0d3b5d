/**
 * The compiled contracts decide as valibot does and return the same output, key order included,
 * on valid records, on valid records broken at random places (a field replaced, removed or
 * added), and on arbitrary values; and they say when some object held keys the output drops.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import * as v from 'valibot';
import { describe, expect, it } from 'vitest';
import { asSent, launch } from './arbitraries.js';
import { compileContract, INVALID, parseContract } from './compile.js';
import { ENTITY_CONTRACTS, ENTITY_NAMES } from './entities.js';
import { makeEntity, makeLaunch } from './fixtures.js';
import { type Json, Launch } from './launch.js';

/** Whether some object in `input` has a key that the same object in `output` lacks. */
function dropsKeys(input: unknown, output: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  if (typeof output !== 'object' || output === null) return false;
  if (Array.isArray(input) !== Array.isArray(output)) return true;
  for (const key in input) {
    if (!Object.hasOwn(output, key)) return true;
    if (dropsKeys(Reflect.get(input, key), Reflect.get(output, key))) return true;
  }
  return false;
}

/** Asserts the compiled contract agrees with valibot on `input`. */
function agrees(schema: v.GenericSchema, input: unknown): void {
  const expected = v.safeParse(schema, input);
  const extra = { found: false };
  const output = compileContract(schema)(input, extra);
  if (!expected.success) {
    expect(output).toBe(INVALID);
    return;
  }
  expect(output).not.toBe(INVALID);
  expect(output).toStrictEqual(expected.output);
  expect(JSON.stringify(output)).toBe(JSON.stringify(expected.output));
  // A record that drops no key may still be flagged (the full walk then finds nothing); one
  // that drops a key must be.
  if (dropsKeys(input, output)) expect(extra.found).toBe(true);
}

/** Values that sit on a contract's edges: integer bounds, dates, ids, lengths, types. */
const EDGES: Json[] = [
  null,
  true,
  0,
  -0,
  1.5,
  2147483647,
  2147483648,
  -2147483649,
  Number.MAX_SAFE_INTEGER + 1,
  1e308,
  '',
  'x'.repeat(501),
  '5eb87cd9ffd86e000604b32a',
  '5EB87CD9FFD86E000604B32A',
  '2021-02-28T00:00:00.000Z',
  '2021-02-29T00:00:00.000Z',
  '2020-02-29T12:00:00+16:00',
  '0000-01-01T00:00:00Z',
  'half',
  'active',
  [],
  [null],
  {},
];

const replacement = fc.oneof(fc.constantFrom(...EDGES), fc.jsonValue({ maxDepth: 2 }));

/** One change to a record: at the place numbered `at` (modulo the places it has). */
interface Mutation {
  at: number;
  change: 'replace' | 'remove' | 'add';
  key: string;
  value: unknown;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  at: fc.nat(),
  change: fc.constantFrom('replace', 'remove', 'add'),
  key: fc.oneof(fc.string({ maxLength: 8 }), fc.constantFrom('id', 'name', 'extra', '__proto__')),
  value: replacement,
});

/** Every place in a value: [container, key] pairs, the value itself as [holder, 'root']. */
function places(value: Json): [Record<string, Json> | Json[], string | number][] {
  const found: [Record<string, Json> | Json[], string | number][] = [];
  const walk = (container: Record<string, Json> | Json[]) => {
    for (const [key, item] of Object.entries(container)) {
      const at = Array.isArray(container) ? Number(key) : key;
      found.push([container, at]);
      if (typeof item === 'object' && item !== null) walk(item);
    }
  };
  const holder = { root: value };
  walk(holder);
  return found;
}

/** `record` (a fresh copy) with each mutation applied in turn. */
function mutate(record: Json, mutations: Mutation[]): Json {
  const holder: Record<string, Json> = { root: structuredClone(record) };
  for (const { at, change, key, value } of mutations) {
    const all = places(holder.root ?? null);
    if (all.length === 0) break;
    const chosen = all[at % all.length];
    if (chosen === undefined) break;
    const [container, place] = chosen;
    // A copy: the edge values are shared between runs, and a later change must not reach them.
    const fresh = structuredClone(value);
    if (change === 'replace') Reflect.set(container, place, fresh);
    else if (change === 'remove') Reflect.deleteProperty(container, place);
    else {
      const target = Reflect.get(container, place);
      if (typeof target === 'object' && target !== null && !Array.isArray(target))
        Object.defineProperty(target, key, {
          value: fresh,
          enumerable: true,
          writable: true,
          configurable: true,
        });
    }
  }
  return holder.root ?? null;
}

const CONTRACTS: [string, v.GenericSchema, fc.Arbitrary<Json>][] = [
  ['launches', Launch, launch.map((l) => asSent([l])[0] ?? null)],
  ...ENTITY_NAMES.map((entity): [string, v.GenericSchema, fc.Arbitrary<Json>] => [
    entity,
    ENTITY_CONTRACTS[entity],
    fc.nat({ max: 50 }).map((n) => JSON.parse(JSON.stringify(makeEntity(entity, n)))),
  ]),
];

describe('compileContract', () => {
  it.each(CONTRACTS)('should agree with valibot on valid %s', (_, schema, valid) => {
    fc.assert(fc.property(valid, (record) => agrees(schema, record)));
  });

  it.each(CONTRACTS)(
    'should agree with valibot on %s broken at random places',
    (_, schema, valid) => {
      fc.assert(
        fc.property(valid, fc.array(mutation, { minLength: 1, maxLength: 3 }), (record, changes) =>
          agrees(schema, mutate(record, changes)),
        ),
        { numRuns: 500 },
      );
    },
  );

  it.each(CONTRACTS)('should agree with valibot on arbitrary values as %s', (_, schema) => {
    fc.assert(fc.property(fc.anything(), (value) => agrees(schema, value)));
  });

  it('should flag a dropped key at any depth, and none on a record without one', () => {
    const extra = { found: true };
    const contract = compileContract(Launch);
    const record: Json = JSON.parse(JSON.stringify(makeLaunch(1, '2021-01-01T00:00:00.000Z')));
    expect(contract(record, extra)).not.toBe(INVALID);
    expect(extra.found).toBe(false);
    const deep = JSON.parse(JSON.stringify(record));
    deep.links.patch.tiny = 'x';
    expect(contract(deep, extra)).not.toBe(INVALID);
    expect(extra.found).toBe(true);
  });

  it("should parse as valibot does, with valibot's issues for a refused value", () => {
    const record: Json = JSON.parse(JSON.stringify(makeLaunch(1, '2021-01-01T00:00:00.000Z')));
    const broken = { ...(record as Record<string, Json>), flight_number: 'one' };
    for (const input of [record, broken]) {
      const extra = { found: false };
      const result = parseContract(Launch, input, extra);
      const expected = v.safeParse(Launch, input);
      expect(result.success).toBe(expected.success);
      if (result.success && expected.success) expect(result.output).toStrictEqual(expected.output);
      if (!result.success && !expected.success)
        expect(result.issues.map((i) => i.message)).toEqual(expected.issues.map((i) => i.message));
    }
  });

  it('should return the same function for the same schema', () => {
    expect(compileContract(Launch)).toBe(compileContract(Launch));
  });

  it('should run what it does not know through valibot, with the same output', () => {
    const schema = v.object({
      count: v.pipe(
        v.string(),
        v.transform((text) => text.length),
      ),
      note: v.optional(v.string(), 'none'),
      tags: v.nullable(v.array(v.string()), []),
    });
    agrees(schema, { count: 'abc', tags: null });
    agrees(schema, { count: 'abc', note: 'n', tags: ['a'] });
    agrees(schema, { count: 3, tags: null });
    expect(compileContract(schema)({ count: 'abcd', tags: null }, { found: false })).toEqual({
      count: 4,
      note: 'none',
      tags: [],
    });
  });
});

const dir = process.env.SPACEX_ENTITIES;
const snapshot = process.env.SPACEX_SNAPSHOT;

describe.runIf(dir && snapshot)('compileContract on the real data', () => {
  it('should agree with valibot on every saved launch and entity record', () => {
    const launches: Json[] = JSON.parse(readFileSync(snapshot ?? '', 'utf8'));
    for (const record of launches) agrees(Launch, record);
    for (const entity of ENTITY_NAMES) {
      const records: Json[] = JSON.parse(readFileSync(join(dir ?? '', `${entity}.json`), 'utf8'));
      for (const record of records) agrees(ENTITY_CONTRACTS[entity], record);
    }
    expect(launches.length).toBeGreaterThan(0);
  });
});
