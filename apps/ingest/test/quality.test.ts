import { hexId, makeCore } from '@spacex/contract/fixtures';
import { type TestDatabase, testEngines } from '@spacex/db/testing';
import { checks, runChecks } from '@spacex/quality';
import { type FakeApi, startFakeApi } from '@spacex/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { IngestRunError, runIngest } from '../src/run.js';
import { cloneJson, dataState, fixtureLaunches, readSnapshot, testOptions } from './helpers.js';

const snapshot = readSnapshot();

/** Ids of snapshot launches by name. */
function idOf(name: string): string {
  const launch = snapshot?.find(
    (l) => typeof l === 'object' && l !== null && !Array.isArray(l) && l.name === name,
  );
  const id =
    typeof launch === 'object' && launch !== null && !Array.isArray(launch) ? launch.id : undefined;
  if (typeof id !== 'string') throw new Error(`no launch named ${name} in the snapshot`);
  return id;
}

for (const engine of testEngines()) {
  describe(`data checks in the ingest [${engine.name}]`, () => {
    let t: TestDatabase;
    let api: FakeApi;
    beforeAll(async () => {
      t = await engine.create();
      api = await startFakeApi([]);
    });
    afterAll(async () => {
      await api?.close();
      await t?.close();
    });
    beforeEach(async () => {
      await t.reset();
      api.launches = fixtureLaunches();
    });
    const run = (failOnCheckError = false) =>
      runIngest(
        t,
        testOptions({ source: { kind: 'api', baseUrl: api.url, pageSize: 100 }, failOnCheckError }),
      );

    it.runIf(snapshot)(
      'should pass every check on the real response but the two documented warnings',
      async () => {
        api.launches = cloneJson(snapshot ?? []);
        const summary = await run(true);
        const notPassing = (await runChecks(t.db)).filter((r) => r.status !== 'pass');
        expect(notPassing.map(({ name, status, sample }) => ({ name, status, sample }))).toEqual([
          {
            name: 'past_launch_success_known',
            status: 'warn',
            sample: [idOf('Starlink 3-1 (v1.5)')],
          },
          {
            name: 'date_unix_matches_date_utc',
            status: 'warn',
            sample: [idOf('COTS 2'), idOf('SSO-A')].sort(),
          },
        ]);
        expect(summary.checks).toHaveLength(checks.length);
        expect(summary.checks.filter((c) => c.status !== 'pass').map((c) => c.name)).toEqual(
          notPassing.map((r) => r.name),
        );
      },
    );

    /** The fixtures with one landing type no rule accepts. */
    function withParachute() {
      const launches = fixtureLaunches();
      const first = launches[0];
      if (typeof first !== 'object' || first === null || Array.isArray(first))
        throw new Error('fixture');
      first.cores = [makeCore(hexId('c', 1), 1, { landing_type: 'Parachute' })];
      return launches;
    }

    it('should report a failing error-level check in the summary and commit by default', async () => {
      api.launches = withParachute();
      const summary = await run();
      expect(summary.status).toBe('succeeded');
      expect(summary.checks.find((c) => c.name === 'landing_type_accepted')).toMatchObject({
        status: 'fail',
        failing: 1,
        sample: [`${hexId('a', 1)}/0`],
      });
    });

    it('should roll the run back with --fail-on-check-error', async () => {
      await run();
      const before = await dataState(t.db);
      api.launches = withParachute();
      const error = await run(true).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IngestRunError);
      // The command ends with 3: a data check at error level failed, the database unchanged.
      expect(error instanceof IngestRunError && error.exitCode).toBe(3);
      expect(String(error)).toContain(
        `landing_type_accepted on raw.launch_cores: 1 row(s), e.g. ${hexId('a', 1)}/0`,
      );
      expect(await dataState(t.db)).toEqual(before);
    });
  });
}
