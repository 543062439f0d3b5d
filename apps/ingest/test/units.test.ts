import { makeLaunch } from '@spacex/schema/fixtures';
import { describe, expect, it } from 'vitest';
import { BATCH_ROWS, batches } from '../src/load.js';
import { parseRetryAfter } from '../src/sources/http.js';
import { describeRejected, validateLaunches } from '../src/validate.js';

describe('parseRetryAfter', () => {
  it('should read delta-seconds and HTTP dates as milliseconds from now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('batches', () => {
  it('should split rows into batches of at most the batch size, in order, losing none', () => {
    const rows = Array.from({ length: 12_345 }, (_, i) => ({ i }));
    const split = batches(rows);
    expect(split.map((b) => b.length)).toEqual([BATCH_ROWS, BATCH_ROWS, 12_345 - 2 * BATCH_ROWS]);
    expect(split.flat()).toEqual(rows);
    expect(batches([], 10)).toEqual([]);
  });
});

describe('validateLaunches', () => {
  it('should report each issue with the launch id, name and a bracketed path', () => {
    const launch = {
      ...makeLaunch(1, '2020-01-01T00:00:00.000Z'),
      name: 'FalconSat',
      id: '5eb87cd9ffd86e000604b32a',
    };
    const broken = { ...launch, cores: [{ ...launch.cores[0], flight: 'one' }], upcoming: 'no' };
    const { valid, rejected } = validateLaunches([broken]);
    expect(valid).toEqual([]);
    expect(rejected.map(describeRejected)).toEqual([
      'launch 5eb87cd9ffd86e000604b32a "FalconSat": upcoming: expected boolean, received "no"; cores[0].flight: expected number, received "one"',
    ]);
  });

  it('should name a launch without an id by its position', () => {
    const { rejected } = validateLaunches([null, 'x']);
    expect(rejected.map(describeRejected)).toEqual([
      'launch #0: (launch): expected Object, received null',
      'launch #1: (launch): expected Object, received "x"',
    ]);
  });
});
