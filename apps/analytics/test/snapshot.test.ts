/**
 * The answers on the real saved API response, loaded by the real ingest, against a second,
 * independent computation over the source JSON.
 */
import { readFileSync } from 'node:fs';
import { type TestDatabase, testEngines } from '@spacex/db/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyMonths, coresReusedWithin, maxCoreUses } from '../src/answers.js';
import { ingest } from './ingest.js';

type SourceLaunch = {
  id: string;
  name: string;
  date_utc: string;
  upcoming: boolean;
  cores: { core: string | null }[];
};

const path = process.env.SPACEX_SNAPSHOT;
if (!path)
  console.warn('SPACEX_SNAPSHOT is not set: the answers on the real API response are skipped.');
const source: SourceLaunch[] = path ? JSON.parse(readFileSync(path, 'utf8')) : [];

/** The three answers computed in plain TypeScript from the source JSON. */
function expected(days: number) {
  const past = source.filter((l) => !l.upcoming);
  const flightsByCore = new Map<string, SourceLaunch[]>();
  for (const launch of past) {
    for (const { core } of launch.cores) {
      if (core !== null) flightsByCore.set(core, [...(flightsByCore.get(core) ?? []), launch]);
    }
  }
  const maxUses = Math.max(...[...flightsByCore.values()].map((f) => f.length));
  const topCores = [...flightsByCore]
    .filter(([, f]) => f.length === maxUses)
    .map(([core]) => core)
    .sort();

  const reuses: { coreId: string; launchId: string; previousLaunchId: string; days: number }[] = [];
  for (const [coreId, flights] of flightsByCore) {
    const ordered = [...flights].sort(
      (a, b) => Date.parse(a.date_utc) - Date.parse(b.date_utc) || a.id.localeCompare(b.id),
    );
    for (let i = 1; i < ordered.length; i++) {
      const [previous, current] = [ordered[i - 1], ordered[i]];
      if (!previous || !current) continue;
      const gapMs = Date.parse(current.date_utc) - Date.parse(previous.date_utc);
      if (gapMs < days * 86_400_000)
        reuses.push({
          coreId,
          launchId: current.id,
          previousLaunchId: previous.id,
          days: gapMs / 86_400_000,
        });
    }
  }
  const byMonth = new Map<string, SourceLaunch[]>();
  for (const launch of past) {
    const month = new Date(launch.date_utc).toISOString().slice(0, 7);
    byMonth.set(month, [...(byMonth.get(month) ?? []), launch]);
  }
  const months = [...byMonth]
    .filter(([, launches]) => launches.length > 1)
    .map(([month, launches]) => ({ month, launches: launches.length }))
    .sort((a, b) => a.month.localeCompare(b.month));
  return { maxUses, topCores, reuses, months };
}

for (const engine of testEngines()) {
  describe.runIf(path)(`answers on the real API response [${engine.name}]`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await engine.create();
      await ingest(t, source);
    });
    afterAll(() => t?.close());

    it('should agree with an independent computation over the source JSON', async () => {
      const want = expected(50);
      const top = await maxCoreUses(t.db);
      expect(top.uses).toBe(want.maxUses);
      expect(top.reuses).toBe(want.maxUses - 1);
      expect(top.cores.map((c) => c.coreId)).toEqual(want.topCores);

      const reused = await coresReusedWithin(t.db, { days: 50 });
      expect(reused.cores).toEqual([...new Set(want.reuses.map((r) => r.coreId))].sort());
      const key = (r: { coreId: string; launchId: string; previousLaunchId: string }) =>
        `${r.coreId}/${r.launchId}/${r.previousLaunchId}`;
      expect(reused.flights.map(key).sort()).toEqual(want.reuses.map(key).sort());
      const gaps = reused.flights.map((f) => f.daysSincePrevious);
      expect(gaps).toEqual([...gaps].sort((a, b) => a - b));
      for (const flight of reused.flights) {
        const match = want.reuses.find((r) => key(r) === key(flight));
        expect(flight.daysSincePrevious).toBeCloseTo(match?.days ?? Number.NaN, 9);
      }

      const busy = await busyMonths(t.db);
      expect(busy.months.map(({ month, launches }) => ({ month, launches }))).toEqual(want.months);
      expect(busy.months.every((m) => m.launchNames.length === m.launches)).toBe(true);
    });
  });
}
