/**
 * The cores and crew entities, loaded with the launches from a directory of saved responses
 * (`--from-dir`): rows equal the file's records, the marts carry serials, a rerun changes
 * nothing, invalid records are refused or skipped, and removals are guarded as for launches.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Json } from '@spacex/contract';
import { hexId } from '@spacex/contract/fixtures';
import { cores, coreUsage, crew, crewFlights, rejectedRecords } from '@spacex/db/schema';
import { type TestDatabase, testEngines } from '@spacex/db/testing';
import { startFakeApi } from '@spacex/testing';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type IngestOptions, runIngest } from '../src/run.js';
import { dataState, failingRun, fixtureLaunches, testOptions } from './helpers.js';

const entitiesDir = process.env.SPACEX_ENTITIES;

/** A valid core for the fixtures' core `n` (hexId('c', n)). */
const core = (n: number, overrides: Record<string, Json> = {}): Json => ({
  id: hexId('c', n),
  serial: `B${1000 + n}`,
  block: 5,
  status: 'active',
  reuse_count: 2,
  rtls_attempts: 0,
  rtls_landings: 0,
  asds_attempts: 3,
  asds_landings: 3,
  last_update: null,
  launches: [],
  ...overrides,
});

for (const engine of testEngines()) {
  describe(`the cores entity [${engine.name}]`, () => {
    let t: TestDatabase;
    let dir: string;
    beforeAll(async () => {
      t = await engine.create();
    });
    afterAll(() => t?.close());
    beforeEach(async () => {
      await t.reset();
      dir = mkdtempSync(join(tmpdir(), 'spacex-dir-'));
      writeFileSync(join(dir, 'launches.json'), JSON.stringify(fixtureLaunches()));
    });

    const writeCores = (list: Json[]) =>
      writeFileSync(join(dir, 'cores.json'), JSON.stringify(list));
    const fromDir = (overrides: Partial<IngestOptions> = {}) =>
      runIngest(t, testOptions({ source: { kind: 'dir', dir }, archiveRoot: null, ...overrides }));
    const serials = async () =>
      (
        await t.db
          .select({
            coreId: coreUsage.coreId,
            serial: coreUsage.coreSerial,
            status: coreUsage.coreStatus,
          })
          .from(coreUsage)
          .orderBy(asc(coreUsage.coreId))
      ).filter((row) => row.serial !== null);

    it('should load every core of the file with the launches, and give the marts their serials', async () => {
      writeCores([core(1), core(2), core(3), core(99)]);
      const summary = await fromDir();
      expect(summary.entities).toEqual([
        expect.objectContaining({
          entity: 'cores',
          read: 4,
          loaded: 4,
          changed: 4,
          rejected: 0,
          removed: 0,
        }),
      ]);
      expect(await t.db.$count(cores)).toBe(4);
      expect(await serials()).toEqual([
        { coreId: hexId('c', 1), serial: 'B1001', status: 'active' },
        { coreId: hexId('c', 2), serial: 'B1002', status: 'active' },
        { coreId: hexId('c', 3), serial: 'B1003', status: 'active' },
      ]);
      // Cores the endpoint does not know keep a null serial.
      const unknown = await t.db.select().from(coreUsage);
      expect(unknown.filter((row) => row.coreSerial === null).length).toBeGreaterThan(0);
    });

    it('should change nothing on a rerun, and rewrite only a changed core', async () => {
      writeCores([core(1), core(2), core(3)]);
      await fromDir();
      const before = await dataState(t.db);
      const rerun = await fromDir();
      expect(rerun.entities[0]).toMatchObject({ read: 3, loaded: 3, changed: 0, removed: 0 });
      expect(rerun.martsRefreshed).toBe(false);
      expect(await dataState(t.db)).toEqual(before);

      writeCores([core(1), core(2, { status: 'lost' }), core(3)]);
      const changed = await fromDir();
      expect(changed.entities[0]).toMatchObject({ changed: 1 });
      expect(changed.martsRefreshed).toBe(true);
      expect((await serials()).find((row) => row.coreId === hexId('c', 2))?.status).toBe('lost');
    });

    it('should leave stored cores alone when the directory has no cores file', async () => {
      writeCores([core(1), core(2)]);
      await fromDir();
      rmSync(join(dir, 'cores.json'));
      const summary = await fromDir();
      expect(summary.entities).toEqual([]);
      expect(await t.db.$count(cores)).toBe(2);
    });

    it('should remove cores the file no longer has, under the removal guard', async () => {
      writeCores([core(1), core(2), core(3)]);
      await fromDir();
      writeCores([core(1), core(2)]);
      expect((await fromDir()).entities[0]).toMatchObject({ removed: 1 });
      writeCores([]);
      const error = await failingRun(fromDir());
      expect(error.message).toMatch(
        /The source holds no cores, so this run would remove all 2 stored cores/,
      );
      expect(await t.db.$count(cores)).toBe(2);
    });

    it('should refuse an invalid core naming it, and keep it in raw.rejected_records with --skip-invalid', async () => {
      writeCores([core(1), core(2, { status: 'exploded' })]);
      const before = await dataState(t.db);
      const error = await failingRun(fromDir());
      expect(error.message).toContain('1 cores record(s) failed validation; nothing was written.');
      expect(error.message).toContain(`cores "B1002" ${hexId('c', 2)}: status: expected`);
      expect(await dataState(t.db)).toEqual(before);
      expect(await t.db.$count(cores)).toBe(0);

      const summary = await fromDir({ skipInvalid: true });
      expect(summary.entities[0]).toMatchObject({ read: 2, loaded: 1, rejected: 1 });
      const rejected = await t.db.select().from(rejectedRecords);
      expect(rejected).toEqual([
        expect.objectContaining({
          entity: 'cores',
          position: 1,
          recordId: hexId('c', 2),
          label: 'B1002',
        }),
      ]);
    });

    it('should read only the entities --entities names, leaving the others as stored', async () => {
      writeCores([core(1)]);
      writeFileSync(
        join(dir, 'crew.json'),
        JSON.stringify([
          {
            id: hexId('e', 100),
            name: 'A',
            status: 'active',
            agency: null,
            image: null,
            wikipedia: null,
            launches: [],
          },
        ]),
      );
      const summary = await fromDir({ entities: ['crew'] });
      expect(summary.entities.map((e) => e.entity)).toEqual(['crew']);
      expect(await t.db.$count(cores)).toBe(0);
      expect(await t.db.$count(crew)).toBe(1);
    });

    it('should load crew members and name them in mart.crew_flights', async () => {
      const person = {
        id: hexId('e', 100),
        name: 'Robert Behnken',
        status: 'active',
        agency: 'NASA',
        image: null,
        wikipedia: null,
        launches: [],
      };
      writeFileSync(join(dir, 'crew.json'), JSON.stringify([person]));
      const summary = await fromDir();
      expect(summary.entities.map((e) => [e.entity, e.read, e.loaded])).toEqual([['crew', 1, 1]]);
      const flights = await t.db
        .select({
          crewId: crewFlights.crewId,
          name: crewFlights.crewName,
          role: crewFlights.crewRole,
        })
        .from(crewFlights)
        .orderBy(asc(crewFlights.crewId));
      // The fixtures' crewed launch has two members; the crew file knows one of them.
      expect(flights).toEqual([
        { crewId: hexId('e', 100), name: 'Robert Behnken', role: 'Commander' },
        { crewId: hexId('e', 101), name: null, role: 'Pilot' },
      ]);
    });

    it('should read cores and crew from the API, archive each entity, and replay the archive', async () => {
      const api = await startFakeApi(fixtureLaunches());
      try {
        api.entities = {
          cores: [core(1), core(2), core(3)],
          crew: [
            {
              id: hexId('e', 100),
              name: 'A',
              status: 'active',
              agency: 'NASA',
              image: null,
              wikipedia: null,
              launches: [],
            },
          ],
        };
        const archiveRoot = mkdtempSync(join(tmpdir(), 'spacex-archive-'));
        const summary = await runIngest(
          t,
          testOptions({ source: { kind: 'api', baseUrl: api.url, pageSize: 2 }, archiveRoot }),
        );
        expect(summary.entities.map((e) => [e.entity, e.read, e.changed])).toEqual([
          ['cores', 3, 3],
          ['crew', 1, 1],
        ]);
        expect(api.requests.filter((r) => r.path === '/v4/cores/query').map((r) => r.page)).toEqual(
          [1, 2],
        );
        const archive = summary.archiveDir ?? '';
        const manifest = JSON.parse(readFileSync(join(archive, 'manifest.json'), 'utf8'));
        expect(Object.keys(manifest.entities)).toEqual(['cores', 'crew']);
        expect(manifest.entities.cores.map((p: { file: string }) => p.file)).toEqual([
          'cores/page-0001.json',
          'cores/page-0002.json',
        ]);
        const before = await dataState(t.db);
        await t.reset();
        const replay = await runIngest(
          t,
          testOptions({ source: { kind: 'archive', dir: archive }, archiveRoot: null }),
        );
        expect(replay.entities.map((e) => [e.entity, e.read])).toEqual([
          ['cores', 3],
          ['crew', 1],
        ]);
        expect(await dataState(t.db)).toEqual(before);
        expect(await t.db.$count(cores)).toBe(3);
      } finally {
        await api.close();
      }
    });

    describe.runIf(entitiesDir)('on the real dumps (SPACEX_ENTITIES)', () => {
      it('should load every core of cores.json, and name B1058 the most-used core', async () => {
        const real = entitiesDir ?? '';
        const records: unknown[] = JSON.parse(readFileSync(join(real, 'cores.json'), 'utf8'));
        const summary = await runIngest(
          t,
          testOptions({ source: { kind: 'dir', dir: real }, archiveRoot: null }),
        );
        expect(summary.entities[0]).toMatchObject({ read: records.length, loaded: records.length });
        expect(await t.db.$count(cores)).toBe(records.length);
        const [top] = await t.db
          .select()
          .from(coreUsage)
          .orderBy(asc(coreUsage.uses))
          .limit(1)
          .offset((await t.db.$count(coreUsage)) - 1);
        expect(top).toMatchObject({ coreSerial: 'B1058', uses: 14 });
        const rerun = await runIngest(
          t,
          testOptions({ source: { kind: 'dir', dir: real }, archiveRoot: null }),
        );
        expect(rerun.entities[0]).toMatchObject({ changed: 0, removed: 0 });
        const people: unknown[] = JSON.parse(readFileSync(join(real, 'crew.json'), 'utf8'));
        expect(await t.db.$count(crew)).toBe(people.length);
        expect(rerun.entities.map((e) => [e.entity, e.changed])).toEqual([
          ['cores', 0],
          ['crew', 0],
        ]);
        // The saved cores dump is partial and stale: the checks list what it lacks and where it lags.
        const check = (name: string) => summary.checks.find((c) => c.name === name);
        expect(check('launch_core_known_to_cores_endpoint')).toMatchObject({
          status: 'warn',
          failing: 12,
        });
        expect(check('core_reuse_count_matches_launches')?.status).toBe('warn');
        expect(check('crew_member_known_to_crew_endpoint')).toMatchObject({ status: 'pass' });
        const named = await t.db.select().from(crewFlights);
        expect(named.length).toBeGreaterThan(0);
        expect(named.every((row) => row.crewName !== null)).toBe(true);
      });
    });
  });
}
