import type { Launch } from '@spacex/contract';
import { makeCore, makeLaunch } from '@spacex/contract/fixtures';
import {
  coreFlights,
  coreUsage,
  launchCores,
  launchCrew,
  launches,
  marts,
  monthlyLaunches,
  launchRow as rawLaunchRow,
  rebuildMarts,
  stgIngestRuns,
  stgLaunchCores,
  stgLaunchCrew,
  stgLaunches,
} from '@spacex/schema';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { insertTestRun, type TestDatabase, testEngines } from '../src/testing.js';

const RUN_ID = 'test-run';

/** The row `raw.launches` gets for a fixture launch (what the ingest writes). */
const launchRow = (launch: Launch) => rawLaunchRow(launch, launch, RUN_ID);

for (const engine of testEngines()) {
  describe(`layers [${engine.name}]`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await engine.create();
    });
    afterAll(() => t?.close());
    beforeEach(async () => {
      await t.reset();
      await insertTestRun(t.db, RUN_ID);
    });

    it('should query every staging view, and rebuild and query every mart', async () => {
      for (const view of [stgLaunches, stgLaunchCores, stgLaunchCrew, stgIngestRuns]) {
        await expect(t.db.select().from(view)).resolves.toBeInstanceOf(Array);
      }
      await rebuildMarts(t.db);
      for (const mart of marts) await expect(t.db.select().from(mart.table)).resolves.toEqual([]);
    });

    it('should keep the marts as tables with their keys and indexes', async () => {
      const rows = await t.db
        .select({ name: sql<string>`indexname` })
        .from(sql`pg_indexes`)
        .where(sql`schemaname = 'mart'`);
      expect(rows.map((r) => r.name).sort()).toEqual([
        'core_flights_gap_idx',
        'core_flights_launch_idx',
        'core_flights_pkey',
        'core_usage_pkey',
        'core_usage_uses_idx',
        'crew_flights_launch_idx',
        'crew_flights_pkey',
        'monthly_launches_launches_idx',
        'monthly_launches_pkey',
      ]);
    });

    it('should rename and type launches in staging', async () => {
      const launch = makeLaunch(1, '2020-05-30T19:22:45.000Z', { success: null, window: null });
      await t.db.insert(launches).values({ ...launchRow(launch), success: null, window: null });
      const [row] = await t.db.select().from(stgLaunches);
      expect(row).toMatchObject({
        launchId: launch.id,
        launchName: 'Test Launch 1',
        launchedAt: new Date('2020-05-30T19:22:45.000Z'),
        isUpcoming: false,
        isSuccess: null,
        windowSeconds: null,
        payloadIds: launch.payloads,
        failureCount: 0,
      });
    });

    it('should compute core flights, core usage and monthly launches in the mart', async () => {
      const first = makeLaunch(1, '2021-01-31T23:59:59.000Z');
      const second = makeLaunch(2, '2021-02-01T00:00:00.000Z', {
        cores: [makeCore(first.cores[0]?.core ?? null, 2)],
      });
      const upcoming = makeLaunch(3, '2021-02-10T00:00:00.000Z', { upcoming: true, success: null });
      for (const launch of [first, second, upcoming]) {
        await t.db.insert(launches).values(launchRow(launch));
        await t.db.insert(launchCores).values(
          launch.cores.map((c, position) => ({
            launchId: launch.id,
            position,
            core: c.core,
            flight: c.flight,
          })),
        );
      }
      await rebuildMarts(t.db);

      const flights = await t.db.select().from(coreFlights).orderBy(coreFlights.flightOrder);
      expect(flights).toHaveLength(2);
      expect(flights[1]).toMatchObject({
        flightOrder: 2,
        launchId: second.id,
        previousLaunchId: first.id,
        previousLaunchName: first.name,
        previousLaunchedAt: new Date(first.date_utc),
        secondsSincePrevious: 1,
        coreSerial: null,
        coreBlock: null,
        coreStatus: null,
      });
      expect(await t.db.select().from(coreUsage)).toEqual([
        {
          coreId: first.cores[0]?.core,
          coreSerial: null,
          coreBlock: null,
          coreStatus: null,
          uses: 2,
          firstLaunchedAt: new Date(first.date_utc),
          lastLaunchedAt: new Date(second.date_utc),
        },
      ]);
      const months = await t.db.select().from(monthlyLaunches).orderBy(monthlyLaunches.month);
      expect(months).toEqual([
        { month: '2021-01', launches: 1, launchNames: [first.name] },
        { month: '2021-02', launches: 1, launchNames: [second.name] },
      ]);
    });

    it('should reject a duplicate launch id and a duplicate name', async () => {
      const launch = makeLaunch(1, '2020-01-01T00:00:00.000Z');
      await t.db.insert(launches).values(launchRow(launch));
      await expect(
        t.db.insert(launches).values({ ...launchRow(launch), name: 'Other' }),
      ).rejects.toThrow();
      const other = makeLaunch(2, '2020-01-01T00:00:00.000Z', { name: launch.name });
      await expect(t.db.insert(launches).values(launchRow(other))).rejects.toThrow();
    });

    it('should reject an orphan core row and an orphan crew row', async () => {
      await expect(
        t.db.insert(launchCores).values({ launchId: 'a'.repeat(24), position: 0, core: null }),
      ).rejects.toThrow();
      await expect(
        t.db
          .insert(launchCrew)
          .values({ launchId: 'a'.repeat(24), crew: 'b'.repeat(24), role: 'Pilot' }),
      ).rejects.toThrow();
    });

    it('should delete cores and crew with their launch', async () => {
      const launch = makeLaunch(1, '2020-01-01T00:00:00.000Z');
      await t.db.insert(launches).values(launchRow(launch));
      await t.db.insert(launchCores).values({ launchId: launch.id, position: 0, core: null });
      await t.db
        .insert(launchCrew)
        .values({ launchId: launch.id, crew: 'b'.repeat(24), role: 'Pilot' });
      await t.db.delete(launches);
      expect(await t.db.select().from(launchCores)).toEqual([]);
      expect(await t.db.select().from(launchCrew)).toEqual([]);
    });
  });
}
