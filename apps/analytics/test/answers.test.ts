import { type TestDatabase, testEngines } from '@spacex/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  AnalyticsArgumentError,
  busyMonths,
  coresReusedWithin,
  maxCoreUses,
} from '../src/answers.js';
import { answerFixtures, CORE_A, CORE_B, times } from './fixtures.js';
import { ingest } from './ingest.js';

for (const engine of testEngines()) {
  describe(`answers on hand-built launches [${engine.name}]`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await engine.create();
      await ingest(t, answerFixtures());
    });
    afterAll(() => t?.close());

    it('should find every core tied at the maximum, ignoring upcoming launches', async () => {
      expect(await maxCoreUses(t.db)).toEqual({
        uses: 3,
        reuses: 2,
        cores: [
          {
            coreId: CORE_A,
            serial: null,
            block: null,
            status: null,
            uses: 3,
            firstLaunchedAt: new Date(times.a1),
            lastLaunchedAt: new Date(times.a3),
          },
          {
            coreId: CORE_B,
            serial: null,
            block: null,
            status: null,
            uses: 3,
            firstLaunchedAt: new Date(times.b1),
            lastLaunchedAt: new Date(times.b3),
          },
        ],
      });
    });

    it('should count a gap of 49.99 days within 50 and a gap of exactly 50 days not', async () => {
      const result = await coresReusedWithin(t.db);
      expect(result.days).toBe(50);
      expect(result.cores).toEqual([CORE_A, CORE_B]);
      expect(result.flights.map((f) => [f.launchName, f.previousLaunchName])).toEqual([
        ['B2', 'B1'],
        ['A3', 'A2'],
      ]);
      const [b2, a3] = result.flights;
      expect(b2).toEqual({
        coreId: CORE_B,
        serial: null,
        block: null,
        status: null,
        launchId: b2?.launchId,
        launchName: 'B2',
        launchedAt: new Date(times.b2),
        // The fixtures load launches alone: no rockets or launchpads endpoint to name them.
        rocketName: null,
        launchpadName: null,
        previousLaunchId: b2?.previousLaunchId,
        previousLaunchName: 'B1',
        previousLaunchedAt: new Date(times.b1),
        daysSincePrevious: 10,
      });
      expect(a3?.daysSincePrevious).toBeCloseTo(49.99, 10);
    });

    it('should widen and narrow with days, strictly', async () => {
      const names = async (days: number) =>
        (await coresReusedWithin(t.db, { days })).flights.map((f) => f.launchName);
      expect(await names(51)).toEqual(['B2', 'A3', 'A2']);
      expect(await names(11)).toEqual(['B2']);
      expect(await names(10)).toEqual([]);
    });

    it('should list months in UTC with at least minLaunches past launches', async () => {
      expect(await busyMonths(t.db)).toEqual({
        minLaunches: 2,
        months: [
          { month: '2021-01', launches: 4, launchNames: ['A1', 'B1', 'B2', 'Null core'] },
          { month: '2021-04', launches: 2, launchNames: ['A3', 'B3'] },
        ],
      });
      const all = await busyMonths(t.db, { minLaunches: 1 });
      expect(all.months.map((m) => [m.month, m.launches])).toEqual([
        ['2021-01', 4],
        ['2021-02', 1],
        ['2021-03', 1],
        ['2021-04', 2],
      ]);
      expect((await busyMonths(t.db, { minLaunches: 5 })).months).toEqual([]);
    });

    it.each([0, -1, 1.5, Number.NaN, 2_147_483_648])(
      'should refuse %s as an argument with a clear error',
      async (bad) => {
        await expect(coresReusedWithin(t.db, { days: bad })).rejects.toThrow(
          new AnalyticsArgumentError(
            `coresReusedWithin: days must be a positive whole number of at most 2147483647, got ${JSON.stringify(bad)}`,
          ),
        );
        await expect(busyMonths(t.db, { minLaunches: bad })).rejects.toBeInstanceOf(
          AnalyticsArgumentError,
        );
      },
    );
  });

  describe(`answers on an empty database [${engine.name}]`, () => {
    it('should answer with nothing rather than fail', async () => {
      const t = await engine.create();
      try {
        expect(await maxCoreUses(t.db)).toEqual({ uses: 0, reuses: 0, cores: [] });
        expect(await coresReusedWithin(t.db)).toEqual({ days: 50, cores: [], flights: [] });
        expect(await busyMonths(t.db)).toEqual({ minLaunches: 2, months: [] });
      } finally {
        await t.close();
      }
    });
  });
}
