/**
 * Bad and hostile input: arbitrary JSON never crashes the validator; valid launches full of
 * hostile values go through validate -> insert -> read back unchanged; text PostgreSQL cannot
 * store is refused with a clear issue. fast-check prints the seed of any failing case.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Json, Launch, LaunchCore } from '@spacex/schema/contract';
import { makeLaunch } from '@spacex/schema/fixtures';
import { launchCores, launches, rejectedLaunches, stgLaunches } from '@spacex/schema/schema';
import { type TestDatabase, testEngines } from '@spacex/schema/testing';
import { asc, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestRunError, runIngest } from '../src/run.js';
import { validateLaunches } from '../src/validate.js';
import { testOptions } from './helpers.js';

const HOSTILE = [
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

const launch: fc.Arbitrary<Launch> = fc.record({
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

/** Distinct ids and names, as the real data has. */
const launchList = fc
  .uniqueArray(launch, { selector: (l) => l.id, minLength: 1, maxLength: 8 })
  .map((list) => list.map((l, i) => ({ ...l, name: `${l.name} #${i}` })));

/** The launches as the ingest receives them: through JSON text. */
const asSent = (list: readonly Launch[]): Json[] => JSON.parse(JSON.stringify(list));

function writeFile(list: readonly Json[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'spacex-hostile-')), 'launches.json');
  writeFileSync(path, JSON.stringify(list));
  return path;
}

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
    ['0000-06-01T00:00:00.000Z', 'date_utc: expected a real calendar date from year 1'],
    ['2021-13-01T00:00:00.000Z', 'date_utc: expected an ISO 8601 timestamp'],
  ])('should refuse the date %s', (date, issue) => {
    const { rejected } = validateLaunches([
      { ...makeLaunch(1, '2020-01-01T00:00:00.000Z'), date_utc: date },
    ]);
    expect(rejected[0]?.issues).toContain(issue);
  });
});

for (const engine of testEngines()) {
  describe(`hostile values, stored and read back [${engine.name}]`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await engine.create();
    });
    afterAll(() => t?.close());

    it('should store generated launches and read them back unchanged', async () => {
      await fc.assert(
        fc.asyncProperty(launchList, async (list) => {
          await t.reset();
          const sent = asSent(list);
          await runIngest(
            t,
            testOptions({ source: { kind: 'file', path: writeFile(sent) }, archiveRoot: null }),
          );
          const rows = await t.db.select().from(launches).orderBy(asc(launches.id));
          const byId = new Map(rows.map((r) => [r.id, r]));
          for (const [i, original] of list.entries()) {
            const row = byId.get(original.id);
            expect(row?.source).toEqual(sent[i]);
            expect(row).toMatchObject({
              name: original.name,
              details: original.details,
              flightNumber: original.flight_number,
              dateUnix: original.date_unix,
              window: original.window,
              dateUtc: original.date_utc,
              links: original.links,
            });
          }
          const cores = await t.db.select().from(launchCores);
          expect(cores).toHaveLength(list.reduce((n, l) => n + l.cores.length, 0));
          const staged = await t.db
            .select({ id: stgLaunches.launchId, at: stgLaunches.launchedAt })
            .from(stgLaunches);
          for (const s of staged)
            expect(s.at).toEqual(new Date(list.find((l) => l.id === s.id)?.date_utc ?? ''));
        }),
        { numRuns: 10 },
      );
    });

    it('should store the hand-picked hostile values and numbers at their limits exactly', async () => {
      await t.reset();
      const extreme = HOSTILE.map((value, i) =>
        makeLaunch(i + 1, i % 2 ? '0001-01-01T00:00:00.000Z' : '9999-12-31T23:59:59.999Z', {
          name: `${value.slice(0, 400)} #${i}`,
          details: value,
          flight_number: i % 2 ? 2_147_483_647 : -2_147_483_648,
          date_unix: i % 2 ? Number.MAX_SAFE_INTEGER : Number.MIN_SAFE_INTEGER,
          failures: [{ time: Number.MAX_VALUE, altitude: Number.MIN_VALUE, reason: value }],
        }),
      );
      await runIngest(
        t,
        testOptions({ source: { kind: 'file', path: writeFile(extreme) }, archiveRoot: null }),
      );
      const rows = await t.db
        .select()
        .from(launches)
        .orderBy(asc(launches.flightNumber), asc(launches.id));
      expect(rows).toHaveLength(extreme.length);
      for (const original of extreme) {
        const row = rows.find((r) => r.id === original.id);
        expect(row).toMatchObject({
          name: original.name,
          details: original.details,
          dateUnix: original.date_unix,
          failures: original.failures,
        });
        expect(row?.source).toEqual(original);
      }
    });

    it('should keep unknown fields exactly as written, numbers beyond JavaScript included', async () => {
      await t.reset();
      const launch = makeLaunch(1, '2021-01-01T00:00:00.000Z');
      // JSON.parse would round these; the source column keeps the text as read.
      const text = JSON.stringify([launch]).replace(
        /^\[\{/,
        '[{"big": 12345678901234567890123, "tiny": 0.1000000000000000055511151231257827, "nested": {"x": 1.10},',
      );
      const path = join(mkdtempSync(join(tmpdir(), 'spacex-exact-')), 'launches.json');
      writeFileSync(path, text);
      const summary = await runIngest(
        t,
        testOptions({ source: { kind: 'file', path }, archiveRoot: null }),
      );
      expect(summary.drift).toEqual(['big', 'nested', 'tiny']);
      const [row] = await t.db
        .select({
          big: sql<string>`${launches.source}->>'big'`,
          tiny: sql<string>`${launches.source}->>'tiny'`,
          nested: sql<string>`${launches.source}->'nested'->>'x'`,
        })
        .from(launches);
      expect(row).toEqual({
        big: '12345678901234567890123',
        tiny: '0.1000000000000000055511151231257827',
        nested: '1.10',
      });
    });

    it('should refuse NUL characters and unpaired surrogates with a clear issue, and keep them escaped with --skip-invalid', async () => {
      await t.reset();
      const good = makeLaunch(1, '2021-01-01T00:00:00.000Z');
      const nul = makeLaunch(2, '2021-01-02T00:00:00.000Z', { details: 'before\u0000after' });
      const surrogate = makeLaunch(3, '2021-01-03T00:00:00.000Z', {
        name: 'lone \ud800 surrogate',
      });
      const path = writeFile([good, nul, surrogate]);
      const error = await runIngest(
        t,
        testOptions({ source: { kind: 'file', path }, archiveRoot: null }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IngestRunError);
      expect(String(error)).toContain(
        `launch ${nul.id} "Test Launch 2": details: contains a NUL character or an unpaired surrogate, which PostgreSQL cannot store`,
      );
      expect(String(error)).toContain(
        `launch ${surrogate.id} "lone \\ud800 surrogate": name: contains a NUL character`,
      );

      const summary = await runIngest(
        t,
        testOptions({ source: { kind: 'file', path }, archiveRoot: null, skipInvalid: true }),
      );
      expect(summary).toMatchObject({ launchesLoaded: 1, launchesRejected: 2 });
      const rejected = await t.db
        .select()
        .from(rejectedLaunches)
        .orderBy(asc(rejectedLaunches.position));
      expect(rejected.map((r) => r.source)).toEqual([
        { ...nul, details: 'before\\u0000after' },
        { ...surrogate, name: 'lone \\ud800 surrogate' },
      ]);
    });
  });
}
