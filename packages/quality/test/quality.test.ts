import type { Launch } from '@spacex/contract';
import { hexId, makeCore, makeLaunch } from '@spacex/contract/fixtures';
import type { Database } from '@spacex/db/client';
import {
  insertTestRun,
  type TestDatabase,
  testEngines,
  withDatabase,
  withReaderLogin,
} from '@spacex/db/testing';
import {
  coreRows,
  cores,
  crew,
  entityRows,
  ingestRuns,
  launchCores,
  launchCrew,
  launches,
  launchRow,
  type Mart,
  marts,
  rebuildMart,
  rebuildMarts,
  sourceHash,
} from '@spacex/schema';
import { fakeWebhook, runCaptured } from '@spacex/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type Check, checks } from '../src/checks.js';
import { qualityMain } from '../src/cli.js';
import { checkFreshness, runChecks, runChecksInSnapshot } from '../src/run-checks.js';

const RUN = 'quality-run';

/** Writes launches straight into raw (as the ingest would) and refreshes the marts. */
async function load(db: Database, list: Launch[]) {
  // A core twice in one launch cannot reach the mart (the contract and a unique index stop it).
  const refresh = list.every((l) => new Set(l.cores.map((c) => c.core)).size === l.cores.length);
  for (const l of list) {
    await db.insert(launches).values(launchRow(l, l, RUN));
    if (l.cores.length > 0) await db.insert(launchCores).values(coreRows(l));
  }
  if (refresh) await rebuildMarts(db);
}

const resultOf = async (db: Database, name: string) => {
  const results = await runChecks(
    db,
    checks.filter((c) => c.name === name),
  );
  expect(results).toHaveLength(1);
  return results[0];
};

for (const engine of testEngines()) {
  describe(`quality checks [${engine.name}]`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await engine.create();
    });
    afterAll(() => t?.close());
    beforeEach(async () => {
      await t.reset();
      await insertTestRun(t.db, RUN);
    });

    it('should run every check in one read-only snapshot when asked to', async () => {
      await load(t.db, [
        makeLaunch(1, '2021-01-01T00:00:00.000Z'),
        makeLaunch(2, '2021-02-01T00:00:00.000Z'),
      ]);
      // Fails on every launch where it runs in such a snapshot, and nowhere else.
      const probe: Check = {
        name: 'runs_in_a_snapshot',
        kind: 'row',
        severity: 'warn',
        description: 'A probe of the transaction the checks run in.',
        relation: launches,
        key: [launches.id],
        failsWhen: sql`current_setting('transaction_isolation') = 'repeatable read'
          and current_setting('transaction_read_only') = 'on'`,
      };
      expect(await runChecksInSnapshot(t.db, [probe])).toMatchObject([
        { failing: 2, sample: [hexId('a', 1), hexId('a', 2)] },
      ]);
      expect(await runChecks(t.db, [probe])).toMatchObject([{ failing: 0, sample: [] }]);
    });

    it('should pass every check on clean data', async () => {
      await load(t.db, [
        makeLaunch(1, '2021-01-01T00:00:00.000Z'),
        makeLaunch(2, '2021-02-01T00:00:00.000Z'),
      ]);
      const results = await runChecks(t.db);
      expect(results.filter((r) => r.status !== 'pass')).toEqual([]);
      expect(results.map((r) => r.name)).toEqual(checks.map((c) => c.name));
    });

    const l = (n: number, overrides: Partial<Launch> = {}) =>
      makeLaunch(n, `2021-01-0${n}T00:00:00.000Z`, overrides);

    it.each([
      [
        'past_launch_success_known',
        'warn',
        () => [l(1), l(2, { success: null }), l(3, { success: null, upcoming: true })],
        [hexId('a', 2)],
      ],
      [
        'past_launch_core_known',
        'fail',
        () => [
          l(1, { cores: [makeCore(null, 1)] }),
          l(2, { upcoming: true, cores: [makeCore(null, null)] }),
        ],
        [`${hexId('a', 1)}/0`],
      ],
      [
        'past_launch_core_flight_known',
        'fail',
        () => [l(1, { cores: [makeCore(hexId('c', 1), null)] })],
        [`${hexId('a', 1)}/0`],
      ],
      [
        'core_once_per_launch',
        'fail',
        () => [l(1, { cores: [makeCore(hexId('c', 9), 1), makeCore(hexId('c', 9), 1)] })],
        [`${hexId('a', 1)}/${hexId('c', 9)}`],
      ],
      [
        'landing_type_accepted',
        'fail',
        () => [
          l(1, { cores: [makeCore(hexId('c', 1), 1, { landing_type: 'Parachute' })] }),
          l(2, { cores: [makeCore(hexId('c', 2), 1, { landing_type: null })] }),
        ],
        [`${hexId('a', 1)}/0`],
      ],
      [
        'reused_core_has_flown',
        'fail',
        () => [l(1, { cores: [makeCore(hexId('c', 1), 1, { reused: true })] })],
        [`${hexId('a', 1)}/0`],
      ],
      [
        'date_unix_matches_date_utc',
        'warn',
        () => [l(1), { ...l(2), date_unix: 0 }],
        [hexId('a', 2)],
      ],
    ] as const)(
      'should catch a planted violation of %s and report its keys',
      async (name, status, make, keys) => {
        await load(t.db, [...make()]);
        expect(await resultOf(t.db, name)).toMatchObject({
          status,
          failing: keys.length,
          sample: keys,
        });
      },
    );

    it('should count every check in one statement and give each check its own failures', async () => {
      await load(t.db, [
        l(1),
        l(2, { success: null }),
        { ...l(3), date_unix: 0 },
        { ...l(4), date_unix: 0 },
      ]);
      const results = await runChecks(t.db);
      expect(results.map((r) => r.name)).toEqual(checks.map((c) => c.name));
      expect(
        Object.fromEntries(
          results.filter((r) => r.status !== 'pass').map((r) => [r.name, [r.failing, r.sample]]),
        ),
      ).toEqual({
        past_launch_success_known: [1, [hexId('a', 2)]],
        date_unix_matches_date_utc: [2, [hexId('a', 3), hexId('a', 4)]],
      });
    });

    /** A raw.cores row for core `n` (hexId('c', n)) reporting `reuseCount`. */
    const coreEntity = (n: number, reuseCount: number) =>
      entityRows.cores(
        {
          id: hexId('c', n),
          serial: `B${1000 + n}`,
          block: 5,
          status: 'active',
          reuse_count: reuseCount,
          rtls_attempts: 0,
          rtls_landings: 0,
          asds_attempts: 0,
          asds_landings: 0,
          last_update: null,
          launches: [],
        },
        { source: {}, sourceSha256: sourceHash({}), ingestRunId: RUN },
      );

    it('should list each core the launches name but the cores endpoint lacks, once, when cores are loaded', async () => {
      await load(t.db, [
        l(1, { cores: [makeCore(hexId('c', 1), 1)] }),
        l(2, { cores: [makeCore(hexId('c', 2), 1)] }),
        l(3, { cores: [makeCore(hexId('c', 2), 2)] }),
      ]);
      // No cores loaded: nothing to compare with.
      expect(await resultOf(t.db, 'launch_core_known_to_cores_endpoint')).toMatchObject({
        status: 'pass',
      });
      await t.db.insert(cores).values(coreEntity(1, 0));
      expect(await resultOf(t.db, 'launch_core_known_to_cores_endpoint')).toMatchObject({
        status: 'warn',
        failing: 1,
        sample: [hexId('c', 2)],
      });
    });

    it("should list the cores whose reuse_count disagrees with the launches'", async () => {
      await load(t.db, [
        l(1, { cores: [makeCore(hexId('c', 1), 1)] }),
        l(2, { cores: [makeCore(hexId('c', 1), 2)] }),
        l(3, { cores: [makeCore(hexId('c', 2), 1)] }),
      ]);
      await t.db.insert(cores).values([coreEntity(1, 1), coreEntity(2, 5)]);
      expect(await resultOf(t.db, 'core_reuse_count_matches_launches')).toMatchObject({
        status: 'warn',
        failing: 1,
        sample: ['B1002'],
      });
    });

    it('should warn when two cores share a serial, naming it', async () => {
      await load(t.db, [l(1, { cores: [makeCore(hexId('c', 1), 1)] })]);
      await t.db.insert(cores).values([coreEntity(1, 0), coreEntity(2, 0)]);
      expect(await resultOf(t.db, 'core_serial_unique')).toMatchObject({ status: 'pass' });
      await t.db.insert(cores).values({ ...coreEntity(3, 0), serial: 'B1001' });
      expect(await resultOf(t.db, 'core_serial_unique')).toMatchObject({
        status: 'warn',
        failing: 1,
        sample: ['B1001'],
      });
    });

    it('should list crew members the crew endpoint lacks, when crew are loaded', async () => {
      await load(t.db, [l(1, { crew: [{ crew: hexId('e', 1), role: 'Commander' }] })]);
      await t.db
        .insert(launchCrew)
        .values({ launchId: hexId('a', 1), crew: hexId('e', 1), role: 'Commander' });
      expect(await resultOf(t.db, 'crew_member_known_to_crew_endpoint')).toMatchObject({
        status: 'pass',
      });
      await t.db.insert(crew).values({
        id: hexId('e', 2),
        name: 'Someone Else',
        status: 'active',
        agency: null,
        image: null,
        wikipedia: null,
        launches: [],
        source: {},
        sourceSha256: 'x',
        ingestRunId: RUN,
      });
      expect(await resultOf(t.db, 'crew_member_known_to_crew_endpoint')).toMatchObject({
        status: 'warn',
        failing: 1,
        sample: [hexId('e', 1)],
      });
    });

    it('should catch a date precision the API does not document', async () => {
      await load(t.db, [l(1), l(2)]);
      await t.db
        .update(launches)
        .set({ datePrecision: 'week' })
        .where(sql`${launches.id} = ${hexId('a', 2)}`);
      expect(await resultOf(t.db, 'date_precision_accepted')).toMatchObject({
        status: 'fail',
        failing: 1,
        sample: [hexId('a', 2)],
      });
    });

    it('should catch cores not numbered 0..n-1', async () => {
      await load(t.db, [l(1), l(2)]);
      await t.db
        .update(launchCores)
        .set({ position: 2 })
        .where(sql`${launchCores.launchId} = ${hexId('a', 2)}`);
      expect(await resultOf(t.db, 'cores_numbered_from_zero')).toMatchObject({
        status: 'fail',
        failing: 1,
        sample: [hexId('a', 2)],
      });
    });

    it('should catch an ingest run with an unknown status', async () => {
      await t.db.execute(sql`update ${ingestRuns} set status = 'running'`);
      expect(await resultOf(t.db, 'run_status_accepted')).toMatchObject({
        status: 'fail',
        sample: [RUN],
      });
    });

    it('should catch orphan core and crew rows (with foreign keys switched off)', async () => {
      await t.db.transaction(async (tx) => {
        await tx.execute(sql`set local session_replication_role = replica`);
        await tx.insert(launchCores).values({ launchId: hexId('a', 7), position: 0, core: null });
        await tx
          .insert(launchCrew)
          .values({ launchId: hexId('a', 8), crew: hexId('e', 1), role: 'Pilot' });
      });
      expect(await resultOf(t.db, 'launch_cores_launch_exists')).toMatchObject({
        status: 'fail',
        sample: [`${hexId('a', 7)}/0`],
      });
      expect(await resultOf(t.db, 'launch_crew_launch_exists')).toMatchObject({
        status: 'fail',
        sample: [`${hexId('a', 8)}/${hexId('e', 1)}`],
      });
    });

    it('should catch stale marts', async () => {
      // c1 flies once (on launch 2), c2 twice (launches 3 and 4), c3 once (launch 5, kept).
      await load(t.db, [
        l(1),
        l(2, { cores: [makeCore(hexId('c', 1), 1)] }),
        l(3, { cores: [makeCore(hexId('c', 2), 1)] }),
        l(4, { cores: [makeCore(hexId('c', 2), 2)] }),
        l(5, { cores: [makeCore(hexId('c', 3), 1)] }),
      ]);
      await t.db
        .delete(launches)
        .where(sql`${launches.id} in (${hexId('a', 2)}, ${hexId('a', 4)})`);
      expect(await resultOf(t.db, 'core_flights_launch_exists')).toMatchObject({
        status: 'fail',
        sample: [`${hexId('c', 1)}/${hexId('a', 2)}`, `${hexId('c', 2)}/${hexId('a', 4)}`],
      });
      expect(await resultOf(t.db, 'core_usage_matches_core_flights')).toMatchObject({
        status: 'pass',
      });
      await rebuildMart(t.db, marts[0] as Mart); // core_flights only: core_usage is stale
      // c1 no longer flies at all, c2 flies once where core_usage says twice; c3 agrees.
      expect(await resultOf(t.db, 'core_usage_matches_core_flights')).toMatchObject({
        status: 'fail',
        failing: 2,
        sample: [hexId('c', 1), hexId('c', 2)],
      });
    });

    it('should list at most ten sample keys but count every failing row', async () => {
      await load(
        t.db,
        Array.from({ length: 12 }, (_, i) =>
          makeLaunch(i + 1, '2021-01-01T00:00:00.000Z', { success: null }),
        ),
      );
      const result = await resultOf(t.db, 'past_launch_success_known');
      expect(result?.failing).toBe(12);
      expect(result?.sample).toEqual(Array.from({ length: 10 }, (_, i) => hexId('a', i + 1)));
    });

    it('should pass freshness after a run, warn after 24 h and fail after 72 h', async () => {
      expect(await checkFreshness(t.db)).toMatchObject({ status: 'pass' });
      const age = (hours: number) =>
        t.db.update(ingestRuns).set({ finishedAt: new Date(Date.now() - hours * 3_600_000) });
      await age(30);
      expect(await checkFreshness(t.db)).toMatchObject({ status: 'warn', warnAfterHours: 24 });
      await age(80);
      const stale = await checkFreshness(t.db);
      expect(stale.status).toBe('fail');
      expect(stale.ageHours).toBeCloseTo(80, 1);
      expect(
        await checkFreshness(t.db, { warnAfterHours: 90, errorAfterHours: 100 }),
      ).toMatchObject({ status: 'pass' });
      // Dated in the future (a clock set wrong, an edited log): fails, it never looks fresh.
      await age(-1000);
      const ahead = await checkFreshness(t.db);
      expect(ahead.status).toBe('fail');
      expect(ahead.ageHours).toBeCloseTo(-1000, 1);
      // A minute ahead is clock skew between client and server, not a fault.
      await age(-1 / 60);
      expect(await checkFreshness(t.db)).toMatchObject({ status: 'pass' });
      await t.db.update(ingestRuns).set({ status: 'failed' });
      expect(await checkFreshness(t.db)).toMatchObject({ status: 'fail', lastSuccessAt: null });
    });
  });
}

describe('pnpm quality', () => {
  const engine = testEngines()[0];
  it('should exit 5 when stale, 3 on an error-level failure, 0 with warnings only, and print JSON', async () => {
    if (!engine) throw new Error('no engine');
    const empty = await engine.createEmpty();
    try {
      const run = (argv: string[]) => runCaptured(qualityMain, argv, empty.env);
      // No run yet: stale.
      const first = await run(['--json']);
      expect(first.code).toBe(5);
      expect(JSON.parse(first.stdout).freshness).toMatchObject({
        status: 'fail',
        lastSuccessAt: null,
      });

      await withDatabase(empty.target, async (db) => {
        await insertTestRun(db, RUN);
        await load(db, [makeLaunch(1, '2021-01-01T00:00:00.000Z', { success: null })]);
      });
      const warned = await run([]);
      expect(warned.code).toBe(0);
      expect(warned.stdout).toMatch(
        /past_launch_success_known +raw\.launches +warn +warn +1 +a0+1/,
      );

      await withDatabase(empty.target, (db) =>
        db.update(launchCores).set({ landingType: 'Parachute' }),
      );
      const failed = await run(['--json']);
      expect(failed.code).toBe(3);
      const landing = JSON.parse(failed.stdout).checks.find(
        (c: { name: string }) => c.name === 'landing_type_accepted',
      );
      expect(landing).toMatchObject({ status: 'fail', failing: 1, sample: [`${hexId('a', 1)}/0`] });
      await withDatabase(empty.target, (db) => db.update(launchCores).set({ landingType: 'ASDS' }));

      // The last success 30 hours ago, on the database's clock: stale for a daily run's 26 h.
      await withDatabase(empty.target, (db) =>
        db.update(ingestRuns).set({ finishedAt: sql`clock_timestamp() - interval '30 hours'` }),
      );
      const stale = await run(['--max-age', '26h', '--json']);
      expect(stale.code).toBe(5);
      expect(JSON.parse(stale.stdout).freshness).toMatchObject({
        status: 'fail',
        errorAfterHours: 26,
        warnAfterHours: 24,
      });
      expect((await run(['--max-age', '2d'])).code).toBe(0);
      // Stale with a webhook: it is told, once.
      const hook = await fakeWebhook();
      try {
        expect((await run(['--max-age', '26h', '--notify-url', hook.url])).code).toBe(5);
        expect((await run(['--max-age', '2d', '--notify-url', hook.url])).code).toBe(0);
        expect(hook.received).toEqual([
          expect.objectContaining({
            text: expect.stringMatching(
              /^SpaceX launches are stale: the last successful run ended 30\.\d h ago \(allowed: 26 h\)/,
            ),
            status: 'stale',
          }),
        ]);
      } finally {
        await hook.close();
      }
      expect((await run(['--max-age', '1800m'])).code).toBe(5);
      expect((await run(['--max-age', '26x'])).code).toBe(2);
      expect((await run(['--max-age', '26h', '--error-after-hours', '26'])).code).toBe(2);
      expect((await run(['--warn-after-hours', '0'])).code).toBe(2);
    } finally {
      await empty.drop();
    }
  });
});

const server = testEngines().find((e) => e.name === 'postgres');
describe.runIf(server)('pnpm quality [postgres, as the reader]', () => {
  it('should say plainly that it needs the owner', async () => {
    if (!server) throw new Error('no server');
    await withReaderLogin(server, async (_, readerUrl) => {
      const result = await runCaptured(qualityMain, [], { DATABASE_URL: readerUrl });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /pnpm quality reads the raw layer, which the role spacex_reader_\S+ may not/,
      );
      expect(result.stderr).not.toContain('Failed query');
    });
  });
});
