import type { Database } from '@spacex/db/client';
import { describe, expectTypeOf, it } from 'vitest';
import { type busyMonths, coresReusedWithin, maxCoreUses } from '../src/index.js';

describe('result types', () => {
  it('should pin maxCoreUses', () => {
    expectTypeOf<Awaited<ReturnType<typeof maxCoreUses>>>().toEqualTypeOf<{
      uses: number;
      reuses: number;
      cores: {
        coreId: string;
        serial: string | null;
        block: number | null;
        status: string | null;
        uses: number;
        firstLaunchedAt: Date;
        lastLaunchedAt: Date;
      }[];
    }>();
  });

  it('should pin coresReusedWithin', () => {
    expectTypeOf<Awaited<ReturnType<typeof coresReusedWithin>>>().toEqualTypeOf<{
      days: number;
      cores: string[];
      flights: {
        coreId: string;
        serial: string | null;
        block: number | null;
        status: string | null;
        launchId: string;
        launchName: string;
        launchedAt: Date;
        rocketName: string | null;
        launchpadName: string | null;
        previousLaunchId: string;
        previousLaunchName: string;
        previousLaunchedAt: Date;
        daysSincePrevious: number;
      }[];
    }>();
  });

  it('should pin busyMonths', () => {
    expectTypeOf<Awaited<ReturnType<typeof busyMonths>>>().toEqualTypeOf<{
      minLaunches: number;
      months: { month: string; launches: number; launchNames: string[] }[];
    }>();
  });

  it('should take the database of the db package first', () => {
    expectTypeOf(maxCoreUses).parameter(0).toEqualTypeOf<Database>();
    expectTypeOf(coresReusedWithin).parameter(1).toEqualTypeOf<{ days?: number } | undefined>();
  });
});
