/**
 * The contract as the validator applies it: every issue reported with the launch's id, name
 * and path; arbitrary JSON never crashes it; generated valid launches pass; and what the
 * database cannot hold exactly is refused by id, whatever field holds it. fast-check prints the
 * seed of any failing case.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { asSent, launchList } from './arbitraries.js';
import { makeLaunch, nestedJson, offsetText, pad, withRawFields } from './fixtures.js';
import type { Json } from './launch.js';
import {
  describeRejected,
  findUnstorable,
  MAX_DEPTH,
  textIsStorable,
  validateLaunch,
  validateLaunches,
} from './validate.js';

const base = () => makeLaunch(1, '2021-01-01T00:00:00.000Z');

/** Validates a launch given as text, parsed as the ingest parses it. */
const validateText = (text: string) => validateLaunch(JSON.parse(text), { position: 0 }, new Set());
const issuesOf = (result: ReturnType<typeof validateText>) =>
  'rejected' in result ? result.rejected.issues : [];

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

describe('validateLaunches on arbitrary input', () => {
  it('should never throw on arbitrary JSON, and account for every launch', () => {
    fc.assert(
      fc.property(fc.array(fc.jsonValue(), { maxLength: 5 }), (values) => {
        // Through JSON text, as the ingest receives it.
        const sent: Json[] = JSON.parse(JSON.stringify(values));
        const { valid, rejected } = validateLaunches(sent);
        expect(valid.length + rejected.length).toBe(values.length);
        for (const r of rejected) expect(r.issues.length).toBeGreaterThan(0);
      }),
      { numRuns: 300 },
    );
  });

  it('should never throw when one field of a valid launch holds arbitrary JSON', () => {
    const keys = Object.keys(makeLaunch(1, '2020-01-01T00:00:00.000Z'));
    fc.assert(
      fc.property(fc.constantFrom(...keys), fc.jsonValue(), (key, value) => {
        const broken: Json = { ...makeLaunch(1, '2020-01-01T00:00:00.000Z'), [key]: value };
        const { valid, rejected } = validateLaunches([broken]);
        expect(valid.length + rejected.length).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('should accept every generated valid launch', () => {
    fc.assert(
      fc.property(launchList, (list) => {
        const { valid, rejected } = validateLaunches(asSent(list));
        expect(rejected.map((r) => r.issues)).toEqual([]);
        expect(valid).toHaveLength(list.length);
      }),
      { numRuns: 100 },
    );
  });

  it.each([
    ['2021-02-30T00:00:00.000Z', 'date_utc: expected a real calendar date from year 1'],
    ['1900-02-29T00:00:00.000Z', 'date_utc: expected a real calendar date from year 1'],
    ['2023-02-29T00:00:00.000Z', 'date_utc: expected a real calendar date from year 1'],
    ['2021-04-31T00:00:00.000Z', 'date_utc: expected a real calendar date from year 1'],
    ['0000-06-01T00:00:00.000Z', 'date_utc: expected a real calendar date from year 1'],
    ['2021-13-01T00:00:00.000Z', 'date_utc: expected an ISO 8601 timestamp'],
  ])('should refuse the date %s', (date, issue) => {
    const { rejected } = validateLaunches([
      { ...makeLaunch(1, '2020-01-01T00:00:00.000Z'), date_utc: date },
    ]);
    expect(rejected[0]?.issues).toContain(issue);
  });
});

describe('the contract refuses what the database cannot hold exactly', () => {
  it('should refuse nesting deeper than MAX_DEPTH by id, without overflowing the stack', () => {
    fc.assert(
      fc.property(fc.integer({ min: MAX_DEPTH, max: 50_000 }), (depth) => {
        const result = validateText(withRawFields(base(), `"deep": ${nestedJson(depth)}`));
        expect('rejected' in result && result.rejected.launchId).toBe(base().id);
        expect(issuesOf(result).join()).toMatch(/^deep(\.x)*: nests deeper than 64 levels$/);
      }),
      { numRuns: 30 },
    );
  });

  it('should report unknown fields named like Object.prototype members as drift', () => {
    const drift = new Set<string>();
    const launch = base();
    const text = JSON.stringify({
      ...launch,
      constructor: 1,
      links: { ...launch.links, toString: 'x' },
      cores: launch.cores.map((core) => ({ ...core, hasOwnProperty: true })),
    });
    expect('valid' in validateLaunch(JSON.parse(text), { position: 0 }, drift)).toBe(true);
    expect([...drift].sort()).toEqual(['constructor', 'cores[].hasOwnProperty', 'links.toString']);
  });

  it('should accept unknown fields nested less deeply, as drift', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: MAX_DEPTH - 2 }), (depth) => {
        const drift = new Set<string>();
        const text = withRawFields(base(), `"deep": ${nestedJson(depth)}`);
        expect('valid' in validateLaunch(JSON.parse(text), { position: 0 }, drift)).toBe(true);
        expect([...drift]).toEqual(['deep']);
      }),
      { numRuns: 30 },
    );
  });

  it('should refuse numbers beyond a double anywhere: unknown fields and jsonb columns', () => {
    const places = [
      (n: string) => withRawFields(base(), `"huge": ${n}`),
      (n: string) =>
        JSON.stringify({ ...base(), failures: [{ time: 0, altitude: null, reason: 'r' }] }).replace(
          '"time":0',
          `"time":${n}`,
        ),
    ];
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1 }),
        fc.constantFrom('', '-'),
        fc.integer({ min: 309, max: 200_000 }),
        (place, sign, exponent) => {
          const text = (places[place] ?? places[0])?.(`${sign}1e${exponent}`) ?? '';
          expect(issuesOf(validateText(text)).join()).toMatch(
            /(huge|failures\[0\]\.time): is a number beyond the range of a double/,
          );
        },
      ),
      { numRuns: 50 },
    );
  });

  it('should accept a date_utc offset iff PostgreSQL can (within ±15:59)', () => {
    fc.assert(
      fc.property(
        fc.constantFrom<1 | -1>(1, -1),
        fc.integer({ min: 0, max: 23 * 60 + 59 }),
        (sign, minutes) => {
          const date_utc = `2021-06-15T12:00:00.000${offsetText(sign, minutes)}`;
          const result = validateLaunch({ ...base(), date_utc }, { position: 0 }, new Set());
          expect('valid' in result).toBe(minutes <= 15 * 60 + 59);
        },
      ),
      { numRuns: 200 },
    );
  });

  it('should accept a timestamp near year 1 or 9999 iff its UTC instant is within years 1 to 9999', () => {
    const lowest = Date.parse('0001-01-01T00:00:00.000Z');
    const highest = Date.parse('9999-12-31T23:59:59.999Z');
    fc.assert(
      fc.property(
        fc.constantFrom('0001-01-01', '0001-01-02', '9999-12-30', '9999-12-31'),
        fc.integer({ min: 0, max: 24 * 3600 - 1 }),
        fc.constantFrom<1 | -1>(1, -1),
        fc.integer({ min: 0, max: 15 * 60 + 59 }),
        (day, second, sign, minutes) => {
          const time = `${pad(Math.floor(second / 3600))}:${pad(Math.floor(second / 60) % 60)}:${pad(second % 60)}`;
          const date_utc = `${day}T${time}.000${offsetText(sign, minutes)}`;
          const instant = Date.parse(date_utc);
          const result = validateLaunch({ ...base(), date_utc }, { position: 0 }, new Set());
          expect('valid' in result).toBe(instant >= lowest && instant <= highest);
        },
      ),
      { numRuns: 300 },
    );
  });

  it.each(['2000-02-29', '2024-02-29', '0004-02-29', '2021-12-31'])(
    'should accept the leap or last day %s',
    (day) => {
      const date_utc = `${day}T12:00:00.000Z`;
      expect(validateLaunches([{ ...base(), date_utc }]).rejected).toEqual([]);
    },
  );

  it('should accept a year, month and day iff they name a real calendar date from year 1', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 0, max: 13 }),
        fc.integer({ min: 0, max: 32 }),
        (year, month, day) => {
          const date_utc = `${pad(year, 4)}-${pad(month)}-${pad(day)}T12:00:00.000Z`;
          // JavaScript's own calendar, which rolls 02-30 over into March.
          const date = new Date(0);
          date.setUTCFullYear(year, month - 1, day);
          const real = year >= 1 && date.getUTCMonth() === month - 1 && date.getUTCDate() === day;
          const result = validateLaunch({ ...base(), date_utc }, { position: 0 }, new Set());
          expect('valid' in result).toBe(real);
        },
      ),
      { numRuns: 2000 },
    );
  });
});

describe('textIsStorable', () => {
  /** As the reader knows it: as many UTF-8 bytes as characters. */
  const isAscii = (text: string) => Buffer.byteLength(text) === text.length;
  /** Levels of objects and arrays in a parsed value, itself included. */
  const nestingOf = (value: Json): number =>
    typeof value === 'object' && value !== null
      ? 1 + Math.max(0, ...Object.values(value).map(nestingOf))
      : 0;
  /** A number with an exponent or over 308 digits, as the scanner finds one. */
  const LONG_NUMBER = /(?:^|[:,[])\s*-?(?:\d{309}|\d+(?:\.\d+)?[eE])/;
  /** Raw JSON members that are hostile, harmless, or only look hostile to a text search. */
  const MEMBERS = [
    '"a": "before\\u0000after"',
    '"a": "lone \\ud800 high"',
    '"a": "lone \\uDC00 low"',
    '"a": "lone \ud800 as a character"',
    '"a": "a pair \\ud83d\\ude00 is fine"',
    '"a": "a pair 😀 as bytes"',
    '"a\\u0000b": 1',
    '"a": "an escaped backslash \\\\u0000 is text"',
    '"a": 1e309',
    '"a": -1E+400',
    '"a": 1e-400',
    '"a": 1.5e308',
    '"a": 0.000001e310',
    `"a": ${'9'.repeat(309)}`,
    `"a": ${'9'.repeat(308)}`,
    '"a": "1e999 in words, and :1e999 too"',
    '"a": [1, 2e400]',
    `"a": ${nestedJson(MAX_DEPTH - 1)}`,
    `"a": ${nestedJson(MAX_DEPTH)}`,
    '"a": [[[1]]]',
    '"a": "plain"',
  ];

  it('should be true only where the walk finds nothing, and never change what validation says', () => {
    fc.assert(
      fc.property(fc.subarray(MEMBERS, { minLength: 1 }), (members) => {
        const text = withRawFields(base(), members.join(', '));
        const source: Json = JSON.parse(text);
        const nesting = nestingOf(source);
        const longNumbers = LONG_NUMBER.test(text);
        const ascii = isAscii(text);
        if (textIsStorable(text, nesting, longNumbers)) expect(findUnstorable(source)).toBeNull();
        if (textIsStorable(text, nesting, longNumbers, ascii))
          expect(findUnstorable(source)).toBeNull();
        const walked = validateLaunch(source, { position: 0 }, new Set());
        for (const read of [
          { position: 0, text, nesting, longNumbers },
          { position: 0, text, nesting, longNumbers, ascii },
        ]) {
          expect(validateLaunch(source, read, new Set())).toEqual(walked);
        }
      }),
      { numRuns: 300 },
    );
  });

  it('should pass an ordinary launch and stop each class of what cannot be stored', () => {
    const plain = JSON.stringify(base());
    expect(textIsStorable(plain, 2, false)).toBe(true);
    expect(textIsStorable(plain, MAX_DEPTH, false)).toBe(true);
    expect(textIsStorable(plain, MAX_DEPTH + 1, false)).toBe(false);
    expect(textIsStorable(plain, 2, true)).toBe(false);
    expect(textIsStorable(plain, 2, false, true)).toBe(true);
    for (const member of MEMBERS.slice(0, 4).concat(MEMBERS[6] ?? '')) {
      const text = withRawFields(base(), member);
      expect(textIsStorable(text, 2, false)).toBe(false);
      // The escapes are ASCII: still found when the text is known to be.
      expect(textIsStorable(text, 2, false, isAscii(text))).toBe(false);
    }
  });
});
