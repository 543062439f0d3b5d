/**
 * The cores and crew entities, loaded with the launches from a directory of saved responses
 * (`--from-dir`): rows equal the file's records, the marts carry serials, a rerun changes
 * nothing, invalid records are refused or skipped, and removals are guarded as for launches.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTITY_NAMES, type EntityName, type Json, MAX_DEPTH } from '@spacex/contract';
import {
  ENTITY_ID_PREFIX,
  hexId,
  makeEntity,
  makeLaunch,
  nestedJson,
  withRawFields,
} from '@spacex/contract/fixtures';
import { type TestDatabase, testEngines } from '@spacex/db/testing';
import {
  coreFlights,
  cores,
  coreUsage,
  crew,
  crewFlights,
  ENTITY_TABLES,
  rejectedRecords,
  stgLaunchCapsules,
  stgLaunchPayloads,
  stgLaunchShips,
} from '@spacex/schema';
import { startFakeApi } from '@spacex/testing';
import { asc, desc } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type IngestOptions, type IngestSummary, runIngest } from '../src/run.js';
import {
  dataState,
  entityState,
  failingRun,
  fixtureLaunches,
  lastRun,
  testOptions,
} from './helpers.js';

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

/** A change that breaks each entity's contract, and the path its error names. */
const BROKEN: { [E in EntityName]: { change: Record<string, Json>; path: string } } = {
  cores: { change: { status: 'exploded' }, path: 'status' },
  crew: { change: { launches: ['nope'] }, path: 'launches[0]' },
  rockets: { change: { stages: -1 }, path: 'stages' },
  launchpads: { change: { latitude: 'north' }, path: 'latitude' },
  landpads: { change: { landing_attempts: 1.5 }, path: 'landing_attempts' },
  payloads: { change: { launch: 42 }, path: 'launch' },
  capsules: { change: { type: 'Dragon 3.0' }, path: 'type' },
  ships: { change: { active: 'yes' }, path: 'active' },
};

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
      // The run is recorded as the directory's, not as its launches file's.
      expect(await lastRun(t.db)).toMatchObject({ sourceKind: 'dir', source: dir });
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
      expect(rerun.marts).toBe('current');
      expect(await dataState(t.db)).toEqual(before);

      writeCores([core(1), core(2, { status: 'lost' }), core(3)]);
      const changed = await fromDir();
      expect(changed.entities[0]).toMatchObject({ changed: 1 });
      expect(changed.marts).toBe('updated');
      expect((await serials()).find((row) => row.coreId === hexId('c', 2))?.status).toBe('lost');
    });

    it('should load cores in batches as launches are, a rerun skipping the unchanged ones by their text', async () => {
      const many = Array.from({ length: 23 }, (_, i) => core(i + 1));
      writeCores(many);
      const first = await fromDir({ batchSize: 4 });
      expect(first.entities[0]).toMatchObject({ read: 23, loaded: 23, changed: 23 });
      expect(await t.db.$count(cores)).toBe(23);
      const before = await dataState(t.db);
      // Two cores change, one goes (the bound allows 1 of 23), batches of 4 again.
      writeCores([
        ...many.slice(0, 5),
        core(6, { status: 'lost' }),
        ...many.slice(6, 20),
        core(21, { block: 4 }),
        ...many.slice(21, 22),
      ]);
      const rerun = await fromDir({ batchSize: 4 });
      expect(rerun.entities[0]).toMatchObject({ read: 22, loaded: 22, changed: 2, removed: 1 });
      expect(await t.db.$count(cores)).toBe(22);
      expect(await dataState(t.db)).not.toEqual(before);
      const unchanged = await fromDir({ batchSize: 4 });
      expect(unchanged.entities[0]).toMatchObject({ read: 22, changed: 0, removed: 0 });
    });

    it('should refuse a core the file lists twice, naming it, and write nothing', async () => {
      writeCores([core(1), core(2), core(3), core(2, { status: 'lost' })]);
      const error = await failingRun(fromDir({ batchSize: 2 }));
      expect(error.message).toMatch(
        new RegExp(`lists cores record ${hexId('c', 2)} twice; fix the file`),
      );
      expect(await t.db.$count(cores)).toBe(0);
      expect((await lastRun(t.db))?.status).toBe('failed');
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
      // 5% of 3 rounds down to none: one core gone needs leave.
      expect((await failingRun(fromDir())).message).toMatch(
        /would remove 1 of the 3 stored cores, more than the default bound of 0/,
      );
      expect((await fromDir({ maxRemovals: 1 })).entities[0]).toMatchObject({ removed: 1 });
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
      // The same record rejected again: one row, the latest run's, not one per run.
      const again = await fromDir({ skipInvalid: true });
      const rows = await t.db.select().from(rejectedRecords);
      expect(rows.map((r) => [r.ingestRunId, r.recordId])).toEqual([[again.runId, hexId('c', 2)]]);
    });

    it('should refuse a core holding what the database cannot store, naming where', async () => {
      writeFileSync(
        join(dir, 'cores.json'),
        `[${[
          JSON.stringify(core(1)),
          withRawFields(core(2), '"extra": [1, -1E+999]'),
          JSON.stringify(core(3, { last_update: 'before\u0000after' })),
          withRawFields(core(4), `"deep": ${nestedJson(MAX_DEPTH)}`),
        ].join(',')}]`,
      );
      const error = await failingRun(fromDir());
      expect(error.message).toContain('3 cores record(s) failed validation; nothing was written.');
      expect(error.message).toContain(
        `cores "B1002" ${hexId('c', 2)}: extra[1]: is a number beyond`,
      );
      expect(error.message).toContain(
        `cores "B1003" ${hexId('c', 3)}: last_update: contains a NUL`,
      );
      expect(error.message).toContain(`cores "B1004" ${hexId('c', 4)}: deep`);
      expect(error.message).toContain('nests deeper than 64 levels');
      expect(await t.db.$count(cores)).toBe(0);
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

    it('should read every entity from the API, archive each, and replay the archive', async () => {
      const api = await startFakeApi(fixtureLaunches());
      try {
        api.entities = Object.fromEntries(
          ENTITY_NAMES.map((name) => [name, [1, 2, 3].map((n): Json => makeEntity(name, n))]),
        );
        const archiveRoot = mkdtempSync(join(tmpdir(), 'spacex-archive-'));
        const summary = await runIngest(
          t,
          testOptions({ source: { kind: 'api', baseUrl: api.url, pageSize: 2 }, archiveRoot }),
        );
        expect(summary.entities.map((e) => [e.entity, e.read, e.changed])).toEqual(
          ENTITY_NAMES.map((name) => [name, 3, 3]),
        );
        for (const name of ENTITY_NAMES) {
          expect(
            api.requests.filter((r) => r.path === `/v4/${name}/query`).map((r) => r.page),
          ).toEqual([1, 2]);
          expect(await t.db.$count(ENTITY_TABLES[name])).toBe(3);
        }
        const archive = summary.archiveDir ?? '';
        const manifest = JSON.parse(readFileSync(join(archive, 'manifest.json'), 'utf8'));
        expect(Object.keys(manifest.entities)).toEqual(ENTITY_NAMES);
        expect(manifest.entities.payloads.map((p: { file: string }) => p.file)).toEqual([
          'payloads/page-0001.json',
          'payloads/page-0002.json',
        ]);
        const before = await dataState(t.db);
        await t.reset();
        const replay = await runIngest(
          t,
          testOptions({ source: { kind: 'archive', dir: archive }, archiveRoot: null }),
        );
        expect(replay.entities.map((e) => [e.entity, e.read])).toEqual(
          ENTITY_NAMES.map((name) => [name, 3]),
        );
        expect(await dataState(t.db)).toEqual(before);
      } finally {
        await api.close();
      }
    });

    it('should remove no rocket of four without leave: a short file, or another entity skipped as invalid', async () => {
      const rockets = [1, 2, 3, 4].map((n) => makeEntity('rockets', n));
      writeFileSync(join(dir, 'rockets.json'), JSON.stringify(rockets));
      await fromDir();
      const before = await dataState(t.db);
      writeFileSync(join(dir, 'rockets.json'), JSON.stringify(rockets.slice(0, 1)));
      expect((await failingRun(fromDir())).message).toMatch(
        /would remove 3 of the 4 stored rockets, more than the default bound of 0/,
      );
      // The landpads' records in rockets.json: each invalid, skipped, and no rocket proven gone.
      const landpads = [1, 2, 3, 4, 5, 6, 7].map((n) => makeEntity('landpads', n));
      writeFileSync(join(dir, 'rockets.json'), JSON.stringify(landpads));
      expect((await failingRun(fromDir({ skipInvalid: true }))).message).toMatch(
        /would remove 4 of the 4 stored rockets/,
      );
      expect(await dataState(t.db)).toEqual(before);
      writeFileSync(join(dir, 'rockets.json'), JSON.stringify(rockets.slice(0, 1)));
      expect((await fromDir({ maxRemovals: 3 })).entities).toContainEqual(
        expect.objectContaining({ entity: 'rockets', removed: 3 }),
      );
    });

    it("should name each flight's rocket and launch site in mart.core_flights", async () => {
      writeFileSync(join(dir, 'rockets.json'), JSON.stringify([makeEntity('rockets', 1)]));
      writeFileSync(join(dir, 'launchpads.json'), JSON.stringify([makeEntity('launchpads', 1)]));
      await fromDir();
      const flights = await t.db.select().from(coreFlights);
      expect(flights.length).toBeGreaterThan(0);
      expect(new Set(flights.map((f) => `${f.rocketName} from ${f.launchpadName}`))).toEqual(
        new Set(['Falcon 1 from SLC 1']),
      );
    });

    it('should link each launch to its payloads, capsules and ships from the launches side', async () => {
      const first = makeLaunch(1, '2021-01-10T12:00:00.000Z', {
        capsules: [hexId('cc', 1)],
        ships: [hexId('dd', 2), hexId('dd', 1)],
        payloads: [hexId('e', 1), hexId('e', 2)],
      });
      writeFileSync(join(dir, 'launches.json'), JSON.stringify([first]));
      await fromDir();
      const ships = await t.db
        .select()
        .from(stgLaunchShips)
        .orderBy(asc(stgLaunchShips.shipPosition));
      expect(ships).toEqual([
        { launchId: first.id, shipPosition: 0, shipId: hexId('dd', 2) },
        { launchId: first.id, shipPosition: 1, shipId: hexId('dd', 1) },
      ]);
      expect(await t.db.select().from(stgLaunchCapsules)).toEqual([
        { launchId: first.id, capsulePosition: 0, capsuleId: hexId('cc', 1) },
      ]);
      expect(await t.db.select().from(stgLaunchPayloads)).toEqual([
        { launchId: first.id, payloadPosition: 0, payloadId: hexId('e', 1) },
        { launchId: first.id, payloadPosition: 1, payloadId: hexId('e', 2) },
      ]);
    });

    describe.each(ENTITY_NAMES)('every entity: %s', (name) => {
      const table = ENTITY_TABLES[name];
      const write = (records: Json[]) =>
        writeFileSync(join(dir, `${name}.json`), JSON.stringify(records));

      it('should load the file, then change nothing on a rerun', async () => {
        write([1, 2, 3].map((n): Json => makeEntity(name, n)));
        const first = await fromDir();
        expect(first.entities).toEqual([
          expect.objectContaining({ entity: name, read: 3, loaded: 3, changed: 3, rejected: 0 }),
        ]);
        expect(await t.db.$count(table)).toBe(3);
        const written = await entityState(t.db, true);
        const rerun = await fromDir();
        expect(rerun.entities[0]).toMatchObject({ read: 3, changed: 0, removed: 0 });
        expect(await entityState(t.db, true)).toEqual(written);
      });

      it('should refuse an invalid record naming it, and keep it in raw.rejected_records with --skip-invalid', async () => {
        const broken: Json = { ...makeEntity(name, 2), ...BROKEN[name].change };
        write([makeEntity(name, 1), broken]);
        const before = await dataState(t.db);
        const error = await failingRun(fromDir());
        expect(error.message).toContain(
          `1 ${name} record(s) failed validation; nothing was written.`,
        );
        expect(error.message).toContain(
          `${hexId(ENTITY_ID_PREFIX[name], 2)}: ${BROKEN[name].path}`,
        );
        expect(await dataState(t.db)).toEqual(before);

        const summary = await fromDir({ skipInvalid: true });
        expect(summary.entities[0]).toMatchObject({ read: 2, loaded: 1, rejected: 1 });
        expect(await t.db.$count(table)).toBe(1);
        expect(await t.db.select().from(rejectedRecords)).toEqual([
          expect.objectContaining({
            entity: name,
            position: 1,
            recordId: hexId(ENTITY_ID_PREFIX[name], 2),
          }),
        ]);
      });
    });

    describe.runIf(entitiesDir)('on the real dumps (SPACEX_ENTITIES)', () => {
      const real = entitiesDir ?? '';
      const dump = (name: string): Json[] => {
        const records: unknown = JSON.parse(readFileSync(join(real, `${name}.json`), 'utf8'));
        if (!Array.isArray(records)) throw new Error(`${name}.json is not an array`);
        return records;
      };
      const idsOf = (records: Json[]) =>
        records.map((r) => (r && typeof r === 'object' && 'id' in r ? String(r.id) : ''));
      /** What the files say the checks must list, computed from the files themselves. */
      const expected = () => {
        const launchIds = new Set(idsOf(dump('launches')));
        const knownCores = new Set(idsOf(dump('cores')));
        const missingCores = new Set<string>();
        for (const launch of dump('launches')) {
          const entries =
            launch && typeof launch === 'object' && 'cores' in launch ? launch.cores : [];
          for (const entry of Array.isArray(entries) ? entries : []) {
            const core = entry && typeof entry === 'object' && 'core' in entry ? entry.core : null;
            if (typeof core === 'string' && !knownCores.has(core)) missingCores.add(core);
          }
        }
        const orphanPayloads = dump('payloads').flatMap((p) =>
          p && typeof p === 'object' && 'launch' in p && typeof p.launch === 'string'
            ? launchIds.has(p.launch)
              ? []
              : [String('id' in p ? p.id : '')]
            : [],
        );
        return { missingCores: [...missingCores].sort(), orphanPayloads: orphanPayloads.sort() };
      };
      const checkOf = (summary: IngestSummary, name: string) =>
        summary.checks.find((c) => c.name === name);

      /** Loads, then proves counts, serials, names, checks and an unchanged rerun. */
      async function loadAndProve(source: IngestOptions['source']) {
        const summary = await runIngest(t, testOptions({ source, archiveRoot: null }));
        for (const name of ENTITY_NAMES) {
          const records = dump(name).length;
          expect(summary.entities.find((e) => e.entity === name)).toMatchObject({
            read: records,
            loaded: records,
            rejected: 0,
          });
          expect(await t.db.$count(ENTITY_TABLES[name])).toBe(records);
        }
        const [top] = await t.db.select().from(coreUsage).orderBy(desc(coreUsage.uses)).limit(1);
        expect(top).toMatchObject({ coreSerial: 'B1058', uses: 14 });
        const flights = await t.db.select().from(coreFlights);
        expect(flights.every((f) => f.rocketName !== null && f.launchpadName !== null)).toBe(true);
        expect(new Set(flights.map((f) => f.rocketName))).toEqual(
          new Set(['Falcon 1', 'Falcon 9', 'Falcon Heavy']),
        );
        const named = await t.db.select().from(crewFlights);
        expect(named.length).toBeGreaterThan(0);
        expect(named.every((row) => row.crewName !== null)).toBe(true);

        // The saved dumps are partial and stale: the checks list what they lack, by id.
        const { missingCores, orphanPayloads } = expected();
        expect(missingCores).toHaveLength(12);
        expect(orphanPayloads).toHaveLength(4);
        expect(checkOf(summary, 'launch_core_known_to_cores_endpoint')).toMatchObject({
          status: 'warn',
          failing: 12,
          sample: missingCores.slice(0, 10),
        });
        expect(checkOf(summary, 'payload_launch_exists')).toMatchObject({
          status: 'warn',
          failing: 4,
          sample: orphanPayloads,
        });
        expect(checkOf(summary, 'core_reuse_count_matches_launches')?.status).toBe('warn');
        for (const known of [
          'crew_member_known_to_crew_endpoint',
          'launch_rocket_known_to_rockets_endpoint',
          'launch_launchpad_known_to_launchpads_endpoint',
          'launch_landpad_known_to_landpads_endpoint',
          'launch_payload_known_to_payloads_endpoint',
          'launch_capsule_known_to_capsules_endpoint',
          'launch_ship_known_to_ships_endpoint',
        ]) {
          expect(checkOf(summary, known), known).toMatchObject({ status: 'pass' });
        }

        const written = await entityState(t.db, true);
        const before = await dataState(t.db);
        const rerun = await runIngest(t, testOptions({ source, archiveRoot: null }));
        expect(rerun.entities.map((e) => [e.entity, e.changed, e.removed])).toEqual(
          ENTITY_NAMES.map((name) => [name, 0, 0]),
        );
        expect(rerun.marts).toBe('current');
        expect(await entityState(t.db, true)).toEqual(written);
        expect(await dataState(t.db)).toEqual(before);
      }

      it('should load every entity of the directory: counts, serials, names, checks, rerun', async () => {
        await loadAndProve({ kind: 'dir', dir: real });
      });

      it('should load every entity from the API serving the same records', async () => {
        const api = await startFakeApi(dump('launches'));
        try {
          api.entities = Object.fromEntries(ENTITY_NAMES.map((name) => [name, dump(name)]));
          await loadAndProve({ kind: 'api', baseUrl: api.url, pageSize: 100 });
        } finally {
          await api.close();
        }
      });
    });
  });
}
