/**
 * Bad and hostile input: arbitrary JSON never crashes the validator; valid launches full of
 * hostile values go through validate -> insert -> read back unchanged; text PostgreSQL cannot
 * store is refused with a clear issue. fast-check prints the seed of any failing case.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Json } from '@spacex/contract';
import { asSent, HOSTILE, launchList } from '@spacex/contract/arbitraries';
import { makeLaunch } from '@spacex/contract/fixtures';
import { type TestDatabase, testEngines } from '@spacex/db/testing';
import { launchCores, launches, rejectedLaunches, stgLaunches } from '@spacex/schema';
import { asc, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestRunError, runIngest } from '../src/run.js';
import { testOptions } from './helpers.js';

function writeFile(list: readonly Json[]): string {
  const path = join(mkdtempSync(join(tmpdir(), 'spacex-hostile-')), 'launches.json');
  writeFileSync(path, JSON.stringify(list));
  return path;
}

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
