/**
 * The checks as a run keeps them: swept whole once, then read from the kept failures while
 * nothing changed, and swept whole again when a check's definition changes.
 */
import { makeLaunch } from '@spacex/contract/fixtures';
import { insertTestRun, type TestDatabase, testEngines } from '@spacex/db/testing';
import { checkFailures, checkSweeps, launches, launchRow } from '@spacex/schema';
import { eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Check, checks } from '../src/checks.js';
import { keepChecks } from '../src/kept-checks.js';
import { runChecks } from '../src/run-checks.js';

const RUN = 'kept-run';
const successKnown = checks.find((c) => c.name === 'past_launch_success_known') as Check;

for (const engine of testEngines()) {
  describe(`kept checks [${engine.name}]`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await engine.create();
    });
    afterAll(() => t?.close());
    beforeEach(async () => {
      await t.reset();
      await t.db.delete(checkFailures);
      await t.db.delete(checkSweeps);
      await insertTestRun(t.db, RUN);
      for (const n of [1, 2, 3]) {
        const launch = makeLaunch(n, `2021-0${n}-01T00:00:00.000Z`, {
          success: n === 3 ? true : null,
        });
        await t.db.insert(launches).values(launchRow(launch, launch, RUN));
      }
    });

    it('should sweep every row once, then report the kept failures while nothing changed', async () => {
      const first = await keepChecks(t.db, RUN, 'all', [successKnown]);
      expect(first).toEqual(await runChecks(t.db, [successKnown]));
      expect(first[0]).toMatchObject({ status: 'warn', failing: 2 });
      expect(await t.db.$count(checkFailures)).toBe(2);
      expect(
        await t.db.select().from(checkSweeps).where(eq(checkSweeps.checkName, successKnown.name)),
      ).toMatchObject([{ sweptByRun: RUN }]);

      // Changed behind the run's back (no run noted it): a run that changed nothing rechecks
      // nothing, so the kept failures stand; pnpm quality's full sweep sees the change.
      await t.db.update(launches).set({ success: true });
      const kept = await keepChecks(t.db, RUN, 'nothing', [successKnown]);
      expect(kept[0]).toMatchObject({ failing: 2 });
      expect((await runChecks(t.db, [successKnown]))[0]).toMatchObject({ failing: 0 });
    });

    it('should sweep a check whole when its definition changed since its last sweep', async () => {
      await keepChecks(t.db, RUN, 'all', [successKnown]);
      await t.db.update(launches).set({ success: true });
      // The same name, another rule: a new release's version of the check.
      const changed: Check = {
        ...successKnown,
        kind: 'row',
        failsWhen: sql`${launches.flightNumber} > 1`,
      };
      const results = await keepChecks(t.db, RUN, 'nothing', [changed]);
      expect(results[0]).toMatchObject({ failing: 2 });
      expect(results).toEqual(await runChecks(t.db, [changed]));
    });
  });
}
