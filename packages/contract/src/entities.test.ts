/**
 * The other entities' contracts: every record of the real dumps (SPACEX_ENTITIES, a directory
 * of saved `/v4/<entity>` responses) passes with no unknown field; a record that breaks its
 * contract is refused naming the entity, its serial or name, its id and each issue's path;
 * arbitrary JSON never crashes the validator.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTITY_NAMES, type EntityName } from './entities.js';
import { ENTITY_ID_PREFIX, hexId, makeEntity } from './fixtures.js';
import type { Json } from './launch.js';
import { describeRejectedRecord, validateEntity } from './validate.js';

const dir = process.env.SPACEX_ENTITIES;
if (!dir)
  console.warn('SPACEX_ENTITIES is not set: the tests on the real entity dumps are skipped.');

function readDump(entity: EntityName): Json[] {
  const json: Json = JSON.parse(readFileSync(join(dir ?? '', `${entity}.json`), 'utf8'));
  if (!Array.isArray(json)) throw new Error(`${entity}.json is not a JSON array`);
  return json;
}

/** A valid core, as the API serves one. */
const core = (overrides: Record<string, Json> = {}): Json => ({
  id: hexId('c', 1),
  serial: 'B1058',
  block: 5,
  status: 'active',
  reuse_count: 13,
  rtls_attempts: 0,
  rtls_landings: 0,
  asds_attempts: 14,
  asds_landings: 14,
  last_update: null,
  launches: [hexId('a', 1), hexId('a', 2)],
  ...overrides,
});

describe.runIf(dir)('the real entity dumps', () => {
  it.each(ENTITY_NAMES)(
    'should accept every record of %s, with no field the contract misses',
    (entity) => {
      const records = readDump(entity);
      expect(records.length).toBeGreaterThan(0);
      const drift = new Set<string>();
      const refused = records.flatMap((record, position) => {
        const result = validateEntity(entity, record, { position }, drift);
        return 'rejected' in result ? [describeRejectedRecord(result.rejected)] : [];
      });
      expect(refused).toEqual([]);
      expect([...drift]).toEqual([]);
    },
  );
});

describe('validateEntity', () => {
  it.each(ENTITY_NAMES)('should accept the %s fixture, with no unknown field', (entity) => {
    const drift = new Set<string>();
    const result = validateEntity(entity, makeEntity(entity, 1), { position: 0 }, drift);
    expect('valid' in result && result.valid.value).toMatchObject({
      id: hexId(ENTITY_ID_PREFIX[entity], 1),
    });
    expect([...drift]).toEqual([]);
  });

  it('should type a valid core and keep its source', () => {
    const result = validateEntity('cores', core(), { position: 0 }, new Set());
    expect('valid' in result && result.valid.value).toMatchObject({ serial: 'B1058', block: 5 });
  });

  it('should refuse a broken core naming the entity, serial, id and every issue', () => {
    const result = validateEntity(
      'cores',
      core({ status: 'exploded', reuse_count: -1, launches: ['nope'] }),
      { position: 3 },
      new Set(),
    );
    if (!('rejected' in result)) throw new Error('expected a refusal');
    expect(describeRejectedRecord(result.rejected)).toBe(
      `cores "B1058" ${hexId('c', 1)}: status: expected ("active" | "inactive" | "unknown" | "expended" | "lost" | "retired"), received "exploded"; ` +
        'reuse_count: expected a count of 0 or more; launches[0]: expected a 24-digit hex id',
    );
  });

  it('should name a record without an id or label by its position', () => {
    const result = validateEntity('crew', { name: 7 }, { position: 9 }, new Set());
    if (!('rejected' in result)) throw new Error('expected a refusal');
    expect(describeRejectedRecord(result.rejected)).toMatch(/^crew #9: /);
  });

  it('should accept the nulls the upstream models allow, and list unknown fields as drift', () => {
    const drift = new Set<string>();
    const crew = {
      id: hexId('e', 1),
      name: null,
      status: 'unknown',
      agency: null,
      image: null,
      wikipedia: null,
      launches: [],
      callsign: 'Bob',
    };
    expect('valid' in validateEntity('crew', crew, { position: 0 }, drift)).toBe(true);
    expect([...drift]).toEqual(['callsign']);
  });

  it('should refuse what the database cannot hold in any entity (a number beyond a double)', () => {
    const text = JSON.stringify(core()).replace('"reuse_count":13', '"reuse_count":1e999');
    const result = validateEntity('cores', JSON.parse(text), { position: 0 }, new Set());
    if (!('rejected' in result)) throw new Error('expected a refusal');
    expect(result.rejected.issues).toEqual([
      'reuse_count: is a number beyond the range of a double (about ±1.8e308), which would not be kept exactly',
    ]);
  });

  it('should never throw on arbitrary JSON, for any entity', () => {
    fc.assert(
      fc.property(fc.constantFrom(...ENTITY_NAMES), fc.jsonValue(), (entity, value) => {
        const sent: Json = JSON.parse(JSON.stringify(value) ?? 'null');
        const result = validateEntity(entity, sent, { position: 0 }, new Set());
        if ('rejected' in result) expect(result.rejected.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 400 },
    );
  });
});
