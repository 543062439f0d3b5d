import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Json } from '@spacex/contract';
import { makeLaunch } from '@spacex/contract/fixtures';
import { type TestDatabase, testEngines } from '@spacex/db/testing';
import { launchCores, launchCrew, launches, rejectedLaunches } from '@spacex/schema';
import { type FakeApi, startFakeApi } from '@spacex/testing';
import { asc, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type IngestRunError, runIngest } from '../src/run.js';
import {
  cloneJson,
  dataState,
  failingRun,
  fixtureLaunches,
  lastRun,
  lineage,
  readSnapshot,
  testOptions,
} from './helpers.js';

const snapshot = readSnapshot();

for (const engine of testEngines()) {
  describe(`ingest [${engine.name}]`, () => {
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
      api.faults = [];
      api.requests = [];
      api.launches = fixtureLaunches();
    });

    // Launches only: the other entities' reads have tests of their own (entities.test.ts).
    const fromApi = (pageSize = 5, overrides = {}) =>
      runIngest(
        t,
        testOptions({
          source: { kind: 'api', baseUrl: api.url, pageSize },
          entities: [],
          ...overrides,
        }),
      );

    describe.runIf(snapshot)('on the real API response', () => {
      it('should load every launch with all its cores, crew and source JSON', async () => {
        const real = snapshot ?? [];
        api.launches = cloneJson(real);
        const summary = await fromApi(100);
        expect(api.requests.map((r) => r.page)).toEqual([1, 2, 3]);
        const expectedCores = real.flatMap((l) =>
          isLaunchObject(l) && Array.isArray(l.cores) ? l.cores : [],
        );
        const expectedCrew = real.flatMap((l) =>
          isLaunchObject(l) && Array.isArray(l.crew) ? l.crew : [],
        );
        expect(summary).toMatchObject({
          status: 'succeeded',
          launchesRead: real.length,
          launchesLoaded: real.length,
          launchesChanged: real.length,
          launchesRejected: 0,
          coreRows: expectedCores.length,
          crewRows: expectedCrew.length,
          drift: [],
        });
        const rows = await t.db.select({ id: launches.id, source: launches.source }).from(launches);
        expect(rows).toHaveLength(real.length);
        const byId = new Map(rows.map((r) => [r.id, r.source]));
        for (const launch of real) {
          if (!isLaunchObject(launch) || typeof launch.id !== 'string')
            throw new Error('bad snapshot');
          expect(byId.get(launch.id)).toEqual(launch);
        }
        expect(await t.db.$count(launchCores)).toBe(expectedCores.length);
        expect(await t.db.$count(launchCrew)).toBe(expectedCrew.length);
        const cores = await t.db.select().from(launchCores);
        const nullCores = expectedCores.filter((c) => isLaunchObject(c) && c.core === null).length;
        expect(cores.filter((c) => c.core === null)).toHaveLength(nullCores);
      });

      it('should give the same database for page sizes 1, 7, 100 and 1000', async () => {
        api.launches = cloneJson(snapshot ?? []);
        const states = [];
        for (const pageSize of [1, 7, 100, 1000]) {
          await t.reset();
          await fromApi(pageSize);
          states.push(await dataState(t.db));
        }
        for (const state of states.slice(1)) expect(state).toEqual(states[0]);
        expect(states[0]?.launches).toHaveLength(snapshot?.length ?? 0);
      });

      it('should give the same database whether launches are written 1, 7 or 1,000 at a time', async () => {
        api.launches = cloneJson(snapshot ?? []);
        const states = [];
        for (const batchSize of [1, 7, 1000]) {
          await t.reset();
          expect(await fromApi(100, { batchSize })).toMatchObject({
            launchesLoaded: api.launches.length,
          });
          states.push(await dataState(t.db));
        }
        for (const state of states.slice(1)) expect(state).toEqual(states[0]);
      });
    });

    it('should change nothing but the run log on a second run of the same input', async () => {
      expect(await fromApi()).toMatchObject({ marts: 'rebuilt' });
      const before = { data: await dataState(t.db), lineage: await lineage(t.db) };
      const second = await fromApi();
      // Nothing changed: no launch was sent again and the marts were already current.
      expect(second).toMatchObject({
        status: 'succeeded',
        launchesChanged: 0,
        launchesRemoved: 0,
        marts: 'current',
      });
      expect({ data: await dataState(t.db), lineage: await lineage(t.db) }).toEqual(before);
    });

    it.each([
      ['one batch', undefined],
      ['batches of 3', 3],
    ])(
      'should mirror a changed source exactly: removed, renamed, core swapped, crew added (%s)',
      async (_, batchSize) => {
        const fromApi = (pageSize: number) =>
          runIngest(
            t,
            testOptions({
              source: { kind: 'api', baseUrl: api.url, pageSize },
              // One launch is removed upstream: more than 5% of the twelve fixtures.
              maxRemovals: 1,
              ...(batchSize ? { batchSize } : {}),
            }),
          );
        const source = () => (snapshot ? cloneJson(snapshot) : fixtureLaunches());
        api.launches = source();
        await fromApi(100);
        const changed = source();
        const removed = changed.splice(2, 1);
        const hasCrew = (l: Json | undefined) =>
          isLaunchObject(l) && Array.isArray(l.crew) && l.crew.length > 0;
        const hasCore = (l: Json | undefined) =>
          isLaunchObject(l) && Array.isArray(l.cores) && l.cores.length === 1;
        const renamed = changed[0];
        const swapped = changed.find((l) => l !== renamed && hasCore(l));
        const crewed = changed.find((l) => l !== renamed && l !== swapped && hasCrew(l));
        if (!isLaunchObject(renamed) || !isLaunchObject(swapped) || !isLaunchObject(crewed))
          throw new Error('fixture');
        renamed.name = 'Renamed Launch';
        swapped.cores = [
          { ...objectOf(arrayOf(swapped.cores)[0]), core: 'c0000000000000000000abcd' },
        ];
        const crewBefore = arrayOf(crewed.crew).length;
        arrayOf(crewed.crew).push({
          crew: 'e00000000000000000000999',
          role: 'Mission Specialist',
        });
        api.launches = changed;
        const summary = await fromApi(100);
        expect(summary).toMatchObject({
          launchesRemoved: 1,
          marts: 'updated',
          launchesChanged: 3,
          launchesLoaded: changed.length,
        });

        const mirrored = await dataState(t.db);
        await t.reset();
        await fromApi(100);
        expect(mirrored).toEqual(await dataState(t.db));
        const ids = mirrored.launches.map((l) => l.id);
        expect(ids).not.toContain(isLaunchObject(removed[0]) ? removed[0].id : '');
        expect(mirrored.launches.find((l) => l.id === renamed.id)?.name).toBe('Renamed Launch');
        expect(mirrored.cores.find((c) => c.launchId === swapped.id)?.core).toBe(
          'c0000000000000000000abcd',
        );
        expect(mirrored.crew.filter((c) => c.launchId === crewed.id)).toHaveLength(crewBefore + 1);
      },
    );

    describe('faults', () => {
      /** Loads the fixtures, then returns a check that the data is still exactly that. */
      async function baseline() {
        await fromApi();
        const before = await dataState(t.db);
        api.requests = [];
        api.launches = fixtureLaunches().slice(0, 5); // what a faulty run would have loaded
        return async (error: IngestRunError) => {
          expect(await dataState(t.db)).toEqual(before);
          const run = await lastRun(t.db);
          expect(run).toMatchObject({ status: 'failed', id: error.summary.runId });
          expect(run?.error).toBe(error.message);
        };
      }

      it('should retry a 503 and then succeed', async () => {
        api.faults = [{ kind: 'status', status: 503 }];
        const summary = await fromApi(100);
        expect(summary.status).toBe('succeeded');
        expect(api.requests).toHaveLength(2);
      });

      it('should wait as long as Retry-After says on a 429, then succeed', async () => {
        api.faults = [{ kind: 'status', status: 429, headers: { 'retry-after': '1' } }];
        const started = Date.now();
        await fromApi(100);
        expect(Date.now() - started).toBeGreaterThanOrEqual(950);
        expect(api.requests).toHaveLength(2);
      });

      it('should give up when Retry-After asks for longer than the cap, and say so', async () => {
        const unchanged = await baseline();
        const date = new Date(Date.now() + 3_600_000).toUTCString();
        api.faults = [{ kind: 'status', status: 503, headers: { 'retry-after': date } }];
        const error = await failingRun(fromApi(100));
        expect(error.message).toMatch(/retry after \d+ s, longer than the 3 s this run waits/);
        expect(api.requests).toHaveLength(1);
        await unchanged(error);
      });

      it('should time out a request that never answers, retry, and fail naming --sample and --from-file', async () => {
        const unchanged = await baseline();
        api.faults = [{ kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' }];
        const error = await failingRun(fromApi(100));
        expect(error.message).toContain('no answer within 1000 ms');
        expect(error.message).toContain('Gave up after 3 attempt(s)');
        expect(error.message).toContain('load the saved sample with --sample');
        expect(error.message).toContain('--from-file');
        expect(api.requests).toHaveLength(3);
        await unchanged(error);
      });

      it('should retry a body cut short, and fail naming the URL and page when it persists', async () => {
        const unchanged = await baseline();
        api.faults = [{ kind: 'truncate' }, { kind: 'truncate' }, { kind: 'truncate' }];
        const error = await failingRun(fromApi(100));
        expect(error.message).toContain(`POST ${api.url}/v5/launches/query (page 1)`);
        expect(error.message).toMatch(/cut short/);
        await unchanged(error);
      });

      it('should fail on an HTML body, naming the URL and page', async () => {
        const unchanged = await baseline();
        api.faults = [{ kind: 'html' }];
        const error = await failingRun(fromApi(100));
        expect(error.message).toContain(
          `POST ${api.url}/v5/launches/query (page 1): the body is not valid JSON`,
        );
        expect(error.message).toContain('<html>');
        await unchanged(error);
      });

      it('should stop on an empty page that says hasNextPage instead of looping', async () => {
        const unchanged = await baseline();
        api.faults = [{ kind: 'empty-page' }];
        const error = await failingRun(fromApi(2));
        expect(error.message).toContain(
          '(page 1): holds 0 launches and says hasNextPage true, where page 1 of 3 (totalDocs 5, limit 2) should hold 2',
        );
        expect(api.requests).toHaveLength(1);
        await unchanged(error);
      });

      it('should stop at a page beyond totalPages instead of following hasNextPage forever', async () => {
        const unchanged = await baseline();
        api.faults = [{ kind: 'claims-next-page' }, { kind: 'claims-next-page' }];
        const error = await failingRun(fromApi(3)); // 5 launches: 2 pages
        expect(error.message).toContain(
          '(page 2): holds 2 launches and says hasNextPage true, where page 2 of 2 (totalDocs 5, limit 3) should hold 2 and say hasNextPage false',
        );
        expect(api.requests.map((r) => r.page)).toEqual([1, 2]);
        await unchanged(error);
      });

      it('should read again from page 1 when page 2 reports other totals, and remove nothing still upstream', async () => {
        await baseline();
        const [gone, ...rest] = api.launches;
        if (gone === undefined) throw new Error('fixture');
        // Launch 1 is removed upstream between page 1 and page 2: page 2 reports 4 launches, and
        // the launch that moved up to page 1 would be skipped by a read that went on.
        api.faults = [{ kind: 'none' }, { kind: 'change-data', change: () => rest }];
        const summary = await fromApi(2, { maxRemovals: 8 });
        expect(api.requests.map((r) => r.page)).toEqual([1, 2, 1, 2]);
        expect(summary).toMatchObject({ launchesRead: 4, launchesRemoved: 8 + 1 - 1 });
        const ids = (await t.db.select({ id: launches.id }).from(launches)).map((r) => r.id);
        expect(ids.sort()).toEqual(rest.map((l) => (isLaunchObject(l) ? l.id : null)).sort());
      });

      it('should fail after three reads when the totals keep changing while paging', async () => {
        const unchanged = await baseline();
        const moved = { kind: 'page-fields', fields: { totalDocs: 6, totalPages: 3 } } as const;
        api.faults = [{ kind: 'none' }, moved, { kind: 'none' }, moved, { kind: 'none' }, moved];
        const error = await failingRun(fromApi(2));
        expect(error.message).toContain(
          'page 2 reports totalDocs 6 where page 1 reported totalDocs 5: the data changed while paging; the data kept changing over 3 reads',
        );
        expect(api.requests.map((r) => r.page)).toEqual([1, 2, 1, 2, 1, 2]);
        await unchanged(error);
      });

      it('should refuse page totals that do not agree, instead of paging on', async () => {
        const unchanged = await baseline();
        api.faults = [{ kind: 'page-fields', fields: { totalPages: 1_000_000 } }];
        const error = await failingRun(fromApi(2));
        expect(error.message).toContain(
          'reports totalDocs 5, limit 2 and totalPages 1000000, which do not agree (5 launches at 2 a page take 3 page(s))',
        );
        expect(api.requests).toHaveLength(1);
        await unchanged(error);
      });

      it('should stop at the read deadline, however the API stalls', async () => {
        const unchanged = await baseline();
        api.faults = [{ kind: 'none' }, { kind: 'hang' }, { kind: 'hang' }, { kind: 'hang' }];
        const options = testOptions({ source: { kind: 'api', baseUrl: api.url, pageSize: 2 } });
        const started = Date.now();
        const error = await failingRun(
          runIngest(t, {
            ...options,
            http: { ...options.http, timeoutMs: 5_000, readDeadlineMs: 500 },
          }),
        );
        expect(Date.now() - started).toBeLessThan(4_000);
        expect(error.message).toContain(
          '(page 2): the read did not finish within its deadline of 0.5 s (SPACEX_READ_DEADLINE_MS)',
        );
        await unchanged(error);
      });

      it.each([301, 302, 303])(
        'should refuse a %i redirect of the query, naming the status and the Location',
        async (status) => {
          const unchanged = await baseline();
          api.faults = [{ kind: 'redirect', status, location: '/moved/v5/launches/query' }];
          const error = await failingRun(fromApi(100));
          expect(error.message).toContain(
            `HTTP ${status} to /moved/v5/launches/query. A ${status} redirect turns the POST query into a GET`,
          );
          expect(api.requests).toHaveLength(1);
          await unchanged(error);
        },
      );

      it.each([307, 308])('should follow a %i redirect within the same origin', async (status) => {
        api.faults = [{ kind: 'redirect', status, location: '/moved/v5/launches/query' }];
        expect(await fromApi(100)).toMatchObject({ launchesLoaded: 12 });
        expect(api.requests.map((r) => [r.method, r.path])).toEqual([
          ['POST', '/v5/launches/query'],
          ['POST', '/moved/v5/launches/query'],
        ]);
      });

      it('should refuse a 307 redirect to another origin', async () => {
        const unchanged = await baseline();
        const other = api.url.replace('127.0.0.1', 'localhost');
        api.faults = [{ kind: 'redirect', status: 307, location: `${other}/v5/launches/query` }];
        const error = await failingRun(fromApi(100));
        expect(error.message).toContain(
          `another origin; redirects are followed within ${api.url} only`,
        );
        expect(api.requests).toHaveLength(1);
        await unchanged(error);
      });

      it('should keep only the newest archives (SPACEX_ARCHIVE_KEEP), never one in progress', async () => {
        const root = mkdtempSync(join(tmpdir(), 'spacex-keep-'));
        const inProgress = join(root, '20000101T000000Z-abcdef');
        mkdirSync(inProgress);
        const runs = [];
        for (let i = 0; i < 4; i++) {
          runs.push((await fromApi(100, { archiveRoot: root, archiveKeep: 2 })).runId);
        }
        expect(readdirSync(root).sort()).toEqual(
          [inProgress.split('/').pop(), ...runs.slice(2)].sort(),
        );
      });

      it("should prune failed runs' archives apart, never pushing out a good run's; a failed local read keeps none", async () => {
        const root = mkdtempSync(join(tmpdir(), 'spacex-keep-'));
        const good = [];
        for (let i = 0; i < 2; i++) {
          good.push((await fromApi(100, { archiveRoot: root, archiveKeep: 2 })).runId);
        }
        // Invalid upstream data fails each run after its archive is written.
        const served = api.launches;
        api.launches = [...served, { id: 'not an id' }];
        const failed = [];
        for (let i = 0; i < 5; i++) {
          failed.push(
            (await failingRun(fromApi(100, { archiveRoot: root, archiveKeep: 2 }))).summary.runId,
          );
        }
        api.launches = served;
        expect(readdirSync(root).sort()).toEqual([...good, ...failed.slice(-3)].sort());
        // A failed read of a local file keeps no copy of it.
        const file = join(mkdtempSync(join(tmpdir(), 'spacex-local-')), 'launches.json');
        writeFileSync(file, '\u0000\u0000 not JSON');
        const local = await failingRun(
          runIngest(
            t,
            testOptions({
              source: { kind: 'file', path: file },
              archiveRoot: root,
              archiveKeep: 2,
            }),
          ),
        );
        expect(local.summary.archiveDir).toBeNull();
        expect(readdirSync(root)).not.toContain(local.summary.runId);
      });

      it('should refuse a body over the size cap', async () => {
        const unchanged = await baseline();
        const options = testOptions({ source: { kind: 'api', baseUrl: api.url, pageSize: 100 } });
        const error = await failingRun(
          runIngest(t, { ...options, http: { ...options.http, maxBodyBytes: 1000 } }),
        );
        expect(error.message).toMatch(
          /\(page 1\): the body is (\d+ bytes, )?over the 1000-byte cap\. Not retried\./,
        );
        expect(api.requests).toHaveLength(1);
        await unchanged(error);
      });

      it('should fail at once on a 404', async () => {
        const unchanged = await baseline();
        api.faults = [{ kind: 'none' }, { kind: 'status', status: 404 }];
        const archiveRoot = mkdtempSync(join(tmpdir(), 'spacex-archive-'));
        // Page 1 arrives, page 2 fails: the archive keeps complete reads only.
        const error = await failingRun(fromApi(3, { archiveRoot }));
        expect(error.message).toMatch(/HTTP 404.*Not retried/);
        expect(api.requests.map((r) => r.page)).toEqual([1, 2]);
        expect(readdirSync(archiveRoot)).toEqual([]);
        await unchanged(error);
      });

      it('should fail when a page has the wrong shape, saying what was expected', async () => {
        const unchanged = await baseline();
        api.faults = [
          {
            kind: 'wrong-shape',
            body: {
              docs: { not: 'an array' },
              totalDocs: 1,
              totalPages: 1,
              page: 1,
              hasNextPage: false,
            },
          },
        ];
        const error = await failingRun(fromApi(100));
        expect(error.message).toContain(
          '(page 1): expected a query page, an object with docs (an array)',
        );
        await unchanged(error);
      });

      it('should fail when the API answers an array instead of a page, saying what was expected', async () => {
        const unchanged = await baseline();
        api.faults = [{ kind: 'wrong-shape', body: [] }];
        const error = await failingRun(fromApi(100));
        expect(error.message).toContain(
          `POST ${api.url}/v5/launches/query (page 1): expected a query page, an object with docs (an array)`,
        );
        await unchanged(error);
      });

      it('should fail when a saved file holds an object instead of an array of launches', async () => {
        const unchanged = await baseline();
        const path = join(mkdtempSync(join(tmpdir(), 'spacex-shape-')), 'page.json');
        writeFileSync(path, JSON.stringify({ docs: [] }));
        const error = await failingRun(
          runIngest(t, testOptions({ source: { kind: 'file', path } })),
        );
        expect(error.message).toBe(
          `${path}: expected a JSON array of launches (a saved GET /v5/launches response); got an object`,
        );
        await unchanged(error);
      });

      it('should fail, saying what and where, when the archive cannot be written', async () => {
        const unchanged = await baseline();
        const blocker = join(mkdtempSync(join(tmpdir(), 'spacex-blocked-')), 'a-file');
        writeFileSync(blocker, 'not a directory');
        const error = await failingRun(fromApi(100, { archiveRoot: join(blocker, 'archive') }));
        expect(error.message).toMatch(
          /^Cannot make the archive directory .*a-file\/archive\/.*: ENOTDIR.*SPACEX_ARCHIVE_DIR moves the archive/,
        );
        expect(api.requests).toHaveLength(0);
        await unchanged(error);
      });

      it('should write nothing when a launch in a later batch is invalid', async () => {
        const unchanged = await baseline();
        const last = api.launches[4];
        if (!isLaunchObject(last)) throw new Error('fixture');
        last.flight_number = 'five';
        const error = await failingRun(fromApi(100, { batchSize: 2 }));
        expect(error.message).toContain(`launch ${last.id}`);
        expect(error.message).toContain('flight_number: expected number, received "five"');
        expect(error.summary).toMatchObject({ launchesRead: 5, launchesRejected: 1 });
        await unchanged(error);
      });

      it('should roll every batch back when the database refuses a later one', async () => {
        const unchanged = await baseline();
        // A constraint only this test adds refuses launch 4, in the second batch's COPY.
        const [, , , fourth] = api.launches;
        if (!isLaunchObject(fourth)) throw new Error('fixture');
        fourth.details = 'refused';
        await t.db.execute(
          sql`alter table ${launches} add constraint test_refused check (details is distinct from 'refused')`,
        );
        try {
          const error = await failingRun(fromApi(100, { batchSize: 3 }));
          expect(error.message).toMatch(/database error: .*test_refused/);
          await unchanged(error);
        } finally {
          await t.db.execute(sql`alter table ${launches} drop constraint test_refused`);
        }
      });

      // In batches of 1 and 2 the second sighting is in a later batch than the first (found by
      // the database's table of ids read); in batches of 1,000, in the same one (by the client).
      it.each([1, 2, 1000])(
        'should fail when the same launch appears on two pages, in batches of %i',
        async (batchSize) => {
          const unchanged = await baseline();
          const [first] = api.launches;
          if (first === undefined) throw new Error('fixture');
          api.launches = [...api.launches, cloneJson(first)];
          const error = await failingRun(fromApi(2, { batchSize }));
          expect(error.message).toMatch(
            /launch a0+1 appears on page 1 and page 3 of .*: the data changed while paging/,
          );
          await unchanged(error);
        },
      );

      it.each([1, 1000])(
        'should fail when one page lists a launch twice, naming the page and the launch, in batches of %i',
        async (batchSize) => {
          const unchanged = await baseline();
          const [first, second] = api.launches;
          if (first === undefined || second === undefined) throw new Error('fixture');
          api.launches = [first, cloneJson(first), second];
          const error = await failingRun(fromApi(5, { batchSize }));
          expect(error.message).toMatch(/\(page 1\) lists launch a0+1 twice/);
          await unchanged(error);
        },
      );

      it('should fail on a launch listed twice in a first run, batches apart, and write nothing', async () => {
        await t.reset();
        const [first, second] = fixtureLaunches();
        if (first === undefined || second === undefined) throw new Error('fixture');
        api.launches = [first, second, cloneJson(first)];
        const error = await failingRun(fromApi(5, { batchSize: 1 }));
        expect(error.message).toMatch(/\(page 1\) lists launch a0+1 twice/);
        expect(await t.db.$count(launches)).toBe(0);
      });

      it('should fail on an invalid launch and write nothing, naming id, name, path and issue', async () => {
        const unchanged = await baseline();
        const bad = api.launches[1];
        if (!isLaunchObject(bad)) throw new Error('fixture');
        arrayOf(bad.cores)[0] = {
          ...objectOf(arrayOf(bad.cores)[0]),
          flight: 'one',
        };
        const error = await failingRun(fromApi(100));
        expect(error.message).toContain(
          `launch ${bad.id} "${bad.name}": cores[0].flight: expected number, received "one"`,
        );
        expect(error.message).toContain('--skip-invalid');
        await unchanged(error);
      });
    });

    it('should load the valid launches with --skip-invalid and keep the rejected one with its issues', async () => {
      const bad = api.launches[1];
      if (!isLaunchObject(bad)) throw new Error('fixture');
      bad.date_utc = 'yesterday';
      const summary = await fromApi(100, { skipInvalid: true });
      expect(summary).toMatchObject({ launchesRead: 12, launchesLoaded: 11, launchesRejected: 1 });
      const rejected = await t.db
        .select()
        .from(rejectedLaunches)
        .orderBy(asc(rejectedLaunches.position));
      expect(rejected).toEqual([
        {
          ingestRunId: summary.runId,
          position: 1,
          launchId: bad.id,
          launchName: bad.name,
          source: bad,
          issues: ['date_utc: expected an ISO 8601 timestamp'],
        },
      ]);
    });

    it('should keep the stored version of a launch that turns invalid, counting only the loaded rows', async () => {
      const first = await fromApi(100);
      const bad = api.launches[6]; // the fixture launch with crew
      if (!isLaunchObject(bad) || typeof bad.id !== 'string') throw new Error('fixture');
      const badCrew = arrayOf(bad.crew).length;
      const badCores = arrayOf(bad.cores).length;
      expect(badCrew).toBeGreaterThan(0);
      bad.date_utc = 'yesterday';
      const second = await fromApi(100, { skipInvalid: true });
      expect(second).toMatchObject({
        launchesLoaded: 11,
        launchesRejected: 1,
        launchesRemoved: 0,
        coreRows: first.coreRows - badCores,
        crewRows: first.crewRows - badCrew,
      });
      const kept = await t.db.select().from(launches).where(eq(launches.id, bad.id));
      expect(kept.map((l) => l.ingestRunId)).toEqual([first.runId]);
    });

    it('should load more launches than one statement can carry (65,534 parameters)', async () => {
      const many = Array.from({ length: 2_500 }, (_, i) =>
        makeLaunch(i + 1, new Date(Date.UTC(2000, 0, 1) + i * 86_400_000).toISOString()),
      );
      api.launches = many;
      const summary = await fromApi(1000);
      expect(summary).toMatchObject({
        status: 'succeeded',
        launchesLoaded: 2_500,
        coreRows: 2_500,
      });
      expect(await t.db.$count(launches)).toBe(2_500);
      expect(await t.db.$count(launchCores)).toBe(2_500);
    });

    it('should report unknown fields as drift once and keep them in the source JSON', async () => {
      for (const launch of api.launches) {
        if (isLaunchObject(launch)) {
          launch.telemetry = { url: 'x' };
          (launch.links as Record<string, Json>).podcast = null;
        }
      }
      const summary = await fromApi(100);
      expect(summary.drift).toEqual(['links.podcast', 'telemetry']);
      const [row] = await t.db.select({ source: launches.source }).from(launches).limit(1);
      expect(row?.source).toMatchObject({ telemetry: { url: 'x' }, links: { podcast: null } });
    });
  });
}

function isLaunchObject(value: Json | undefined): value is Record<string, Json> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function objectOf(value: Json | undefined): Record<string, Json> {
  if (!isLaunchObject(value)) throw new Error('expected a JSON object');
  return value;
}

function arrayOf(value: Json | undefined): Json[] {
  if (!Array.isArray(value)) throw new Error('expected a JSON array');
  return value;
}
