/**
 * A run removes only what it proves gone: the removal guard, invalid and unreadable records,
 * upstream re-keys and duplicate names. Each run reads a file written by the test.
 */
import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Json } from '@spacex/contract';
import { makeLaunch } from '@spacex/contract/fixtures';
import { inRolledBackTransaction, type TestDatabase, testEngines } from '@spacex/db/testing';
import { launches } from '@spacex/schema';
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ReadIds } from '../src/read-ids.js';
import { guardRemovals } from '../src/removals.js';
import { LAUNCHES } from '../src/resources.js';
import { type IngestOptions, runIngest } from '../src/run.js';
import { storedRecords } from '../src/stored-records.js';
import { dataState, failingRun, lastRun, testOptions } from './helpers.js';

/** `count` valid launches, numbered from 1, a day apart. */
const launchList = (count: number) =>
  Array.from({ length: count }, (_, i) =>
    makeLaunch(i + 1, new Date(Date.UTC(2020, 0, 1 + i, 12)).toISOString()),
  );

describe('guardRemovals', () => {
  it('should allow 5% of those stored, rounded down, and at most 10', () => {
    expect(() => guardRemovals(1, 20, 19, undefined)).not.toThrow();
    expect(() => guardRemovals(2, 20, 18, undefined)).toThrow(/more than the default bound of 1 /);
    expect(() => guardRemovals(10, 1000, 990, undefined)).not.toThrow();
    expect(() => guardRemovals(11, 1000, 989, undefined)).toThrow(/default bound of 10 /);
    // A small table loses nothing without proof: 5% of 4 rockets rounds down to none.
    expect(() => guardRemovals(1, 4, 3, undefined, 'rockets')).toThrow(
      /would remove 1 of the 4 stored rockets, more than the default bound of 0/,
    );
    expect(() => guardRemovals(1, 4, 3, 1, 'rockets')).not.toThrow();
  });

  it('should refuse any removal after an empty read unless allowed', () => {
    expect(() => guardRemovals(3, 3, 0, undefined)).toThrow(/holds no launches.*--max-removals 3/);
    expect(() => guardRemovals(3, 3, 0, 3)).not.toThrow();
    expect(() => guardRemovals(3, 3, 0, 'all')).not.toThrow();
    expect(() => guardRemovals(0, 0, 0, undefined)).not.toThrow();
  });

  it('should hold a run to --max-removals N, 0 included', () => {
    expect(() => guardRemovals(1, 100, 99, 0)).toThrow(/more than --max-removals 0 allows/);
    expect(() => guardRemovals(30, 100, 70, 30)).not.toThrow();
  });
});

for (const engine of testEngines()) {
  describe(`removals [${engine.name}]`, () => {
    let t: TestDatabase;
    const dir = mkdtempSync(join(tmpdir(), 'spacex-removals-'));
    let files = 0;
    beforeAll(async () => {
      t = await engine.create();
    });
    afterAll(async () => {
      await t?.close();
    });
    beforeEach(async () => {
      await t.reset();
    });

    /** Runs the ingest on a file holding `json`. */
    const load = (json: Json, overrides: Partial<IngestOptions> = {}) => {
      const path = join(dir, `read-${++files}.json`);
      writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
      return runIngest(
        t,
        testOptions({ source: { kind: 'file', path }, archiveRoot: null, ...overrides }),
      );
    };
    const storedIds = async () =>
      (await t.db.select({ id: launches.id }).from(launches).orderBy(asc(launches.id))).map(
        (r) => r.id,
      );

    it('should refuse an empty read, change nothing, and remove all only with --max-removals all', async () => {
      await load(launchList(5));
      const before = await dataState(t.db);
      const error = await failingRun(load([]));
      expect(error.message).toMatch(
        /holds no launches, so this run would remove all 5 stored launches; nothing was changed.*--max-removals 5 \(or --max-removals all\)/,
      );
      expect(await dataState(t.db)).toEqual(before);
      expect(await lastRun(t.db)).toMatchObject({ status: 'failed', error: error.message });

      expect(await load([], { maxRemovals: 'all' })).toMatchObject({ launchesRemoved: 5 });
      expect(await storedIds()).toEqual([]);
    });

    it('should refuse a short read beyond the bound, and take it when --max-removals allows', async () => {
      const all = launchList(400);
      await load(all);
      const before = await dataState(t.db);
      const error = await failingRun(load(all.slice(0, 385)));
      expect(error.message).toMatch(
        /would remove 15 of the 400 stored launches.*default bound of 10 /,
      );
      expect(await dataState(t.db)).toEqual(before);
      await failingRun(load(all.slice(0, 385), { maxRemovals: 14 }));
      expect(await dataState(t.db)).toEqual(before);

      expect(await load(all.slice(0, 385), { maxRemovals: 15 })).toMatchObject({
        launchesRemoved: 15,
      });
      // Within the bound (5% of 385, at most 10), no option is needed.
      expect(await load(all.slice(0, 375))).toMatchObject({ launchesRemoved: 10 });
      expect(await storedIds()).toHaveLength(375);
    });

    it('should keep the stored launch behind an invalid one skipped with --skip-invalid', async () => {
      const all = launchList(3);
      await load(all);
      const changed = all.map((l, i) => (i === 1 ? { ...l, date_utc: 'yesterday' } : l));
      const summary = await load(changed, { skipInvalid: true });
      expect(summary).toMatchObject({ launchesRejected: 1, launchesRemoved: 0 });
      expect(await storedIds()).toEqual(all.map((l) => l.id));
    });

    it.each([
      [
        'every id upper-case',
        (l: ReturnType<typeof launchList>[number]) => ({ ...l, id: l.id.toUpperCase() }),
      ],
      ['ids that are numbers', (l: ReturnType<typeof launchList>[number]) => ({ ...l, id: 7 })],
      ['no ids', ({ id: _id, ...l }: ReturnType<typeof launchList>[number]) => l],
    ])('should remove nothing when records have unreadable ids (%s)', async (_, mangle) => {
      const all = launchList(12);
      await load(all);
      const before = await dataState(t.db);
      const summary = await load(all.map(mangle), { skipInvalid: true, maxRemovals: 'all' });
      expect(summary).toMatchObject({ launchesRejected: 12, launchesRemoved: 0 });
      expect(summary.notes.join()).toMatch(/removed nothing: 12 record\(s\) had no readable id/);
      expect(await dataState(t.db)).toEqual(before);
    });

    it('should remove nothing for `[1]` with --skip-invalid, and fail without it', async () => {
      await load(launchList(12));
      const before = await dataState(t.db);
      expect(await load([1], { skipInvalid: true })).toMatchObject({
        launchesRead: 1,
        launchesRejected: 1,
        launchesRemoved: 0,
      });
      await failingRun(load([1]));
      expect(await dataState(t.db)).toEqual(before);
    });

    it('should remove nothing when one of many records has an unreadable id, yet load the rest', async () => {
      const all = launchList(5);
      await load(all);
      const next = [...all.slice(0, 2), { ...makeLaunch(9, '2021-01-01T00:00:00Z'), id: 'x' }];
      const summary = await load(next, { skipInvalid: true });
      expect(summary).toMatchObject({ launchesLoaded: 2, launchesRejected: 1, launchesRemoved: 0 });
      expect(await storedIds()).toHaveLength(5);
    });

    it.each([1, 7, 1000])(
      'should load an upstream re-key (a launch removed, another added under its name) at batch size %i',
      async (batchSize) => {
        const all = launchList(12);
        await load(all);
        const [first, second, ...rest] = all;
        if (!first || !second) throw new Error('fixture');
        // Launch 1 is re-keyed, and launches 2 and 3 swap names.
        const rekeyed = { ...makeLaunch(99, first.date_utc), name: first.name };
        const third = rest[0];
        if (!third) throw new Error('fixture');
        const next = [
          { ...second, name: third.name },
          { ...third, name: second.name },
          ...rest.slice(1),
          rekeyed,
        ];
        const summary = await load(next, { batchSize, maxRemovals: 1 });
        expect(summary).toMatchObject({ launchesRemoved: 1, launchesChanged: 3 });
        const rows = await t.db.select({ id: launches.id, name: launches.name }).from(launches);
        const nameOf = new Map(rows.map((r) => [r.id, r.name]));
        expect(nameOf.get(rekeyed.id)).toBe(first.name);
        expect(nameOf.has(first.id)).toBe(false);
        expect(nameOf.get(second.id)).toBe(third.name);
        expect(nameOf.get(third.id)).toBe(second.name);
      },
    );

    it('should find stored launches by the sha256 of their text, asking nothing of an empty table', async () => {
      const sha = (i: number) => createHash('sha256').update(String(i)).digest('hex');
      const empty = await t.db.transaction((tx) => storedRecords(tx, LAUNCHES));
      expect(empty.any).toBe(false);
      expect(await empty.lookup([sha(1)])).toEqual([null]);
      await load(launchList(60));
      const rows = await t.db
        .select({ id: launches.id, sha256: launches.sourceSha256 })
        .from(launches);
      const found = await t.db.transaction(async (tx) => {
        const stored = await storedRecords(tx, LAUNCHES);
        expect(stored.any).toBe(true);
        // Asked in reverse, one asked twice and one not stored: answered in the order asked.
        const asked = [...rows].reverse();
        return stored.lookup([...asked.map((r) => r.sha256 ?? ''), sha(1), rows[0]?.sha256 ?? '']);
      });
      expect(found).toEqual([...[...rows].reverse().map((r) => r.id), null, rows[0]?.id]);
    });

    it('should keep the ids read in the transaction: one read again comes back with where it was first read, and the launches not read are counted', async () => {
      const all = launchList(8);
      await load(all);
      const ids = all.map((l) => l.id);
      const place = (i: number, page: number, position = i) => ({
        id: ids[i] as string,
        page,
        position,
        where: `page ${page}`,
      });
      await inRolledBackTransaction(t, async (bulk) => {
        const read = await ReadIds.create(bulk.db);
        expect(await read.add([place(0, 1), place(1, 1)])).toBeUndefined();
        expect(await read.add([place(2, 2), place(3, 2)])).toBeUndefined();
        // Launch 2 again, after launch 5: the first id read again is named, with where it
        // was first read (launch 1 again comes after it).
        const again = place(1, 3, 7);
        expect(await read.add([place(4, 3), again, place(0, 3, 8)])).toEqual({
          again,
          first: { page: 1, position: 1 },
        });
        // An id twice in one batch: the second is named, with the first's place.
        const twice = place(5, 3, 10);
        expect(await read.add([place(5, 3), twice])).toEqual({
          again: twice,
          first: { page: 3, position: 5 },
        });
        expect(await read.placesOf([ids[1] as string, ids[4] as string, 'x'])).toEqual(
          new Map([
            [ids[1], { page: 1, position: 1 }],
            [ids[4], { page: 3, position: 4 }],
          ]),
        );
        // Launches 7 and 8 were not read.
        expect(await read.countStored(LAUNCHES)).toEqual({ stored: 8, unread: 2 });
        await bulk.db.delete(launches).where(read.unread(LAUNCHES));
        expect(
          await bulk.db.select({ id: launches.id }).from(launches).orderBy(asc(launches.id)),
        ).toEqual(ids.slice(0, 6).map((id) => ({ id })));
      });
      // Dropped with the transaction: the next one makes its own.
      await t.transaction(async (bulk) => {
        const read = await ReadIds.create(bulk.db);
        expect(await read.countStored(LAUNCHES)).toEqual({ stored: 8, unread: 8 });
      });
      expect(await t.db.$count(launches)).toBe(8);
    });

    it('should keep ids as read whatever characters they hold, and tell ids apart byte by byte', async () => {
      // The array literal the ids travel in: quotes, backslashes, commas, braces, NULL as text,
      // spaces and letters beyond ASCII must come back as they were sent.
      const odd = ['a"b', 'c\\d', 'e,f', '{g}', 'NULL', ' h ', 'é', 'E', 'e'];
      const places = odd.map((id, position) => ({ id, page: 2, position, where: 'page 2' }));
      await t.transaction(async (bulk) => {
        const read = await ReadIds.create(bulk.db);
        expect(await read.add(places)).toBeUndefined();
        expect(await read.placesOf(odd)).toEqual(
          new Map(odd.map((id, position) => [id, { page: 2, position }])),
        );
        const again = { id: 'c\\d', page: 3, position: 0, where: 'page 3' };
        expect(await read.add([again])).toEqual({ again, first: { page: 2, position: 1 } });
      });
    });

    it('should fail on two launches of one name in a read, naming both', async () => {
      const all = launchList(4);
      await load(all);
      const before = await dataState(t.db);
      const [first, , , fourth] = all;
      if (!first || !fourth) throw new Error('fixture');
      const error = await failingRun(
        load(all.map((l) => (l === fourth ? { ...l, name: first.name } : l))),
      );
      expect(error.message).toContain(
        `launches ${first.id} (page 1) and ${fourth.id} (page 1) of ${error.summary.source} are both named "${first.name}"`,
      );
      expect(await dataState(t.db)).toEqual(before);
    });

    it('should fail when a new launch takes the name of a stored one an incomplete read keeps', async () => {
      const all = launchList(4);
      await load(all);
      const before = await dataState(t.db);
      const [first, second, third, fourth] = all;
      if (!first || !second || !third || !fourth) throw new Error('fixture');
      // An unreadable id proves nothing gone, so the fourth stays, and a new launch takes its name.
      const next = [
        first,
        second,
        { ...third, id: 'x' },
        { ...makeLaunch(9, third.date_utc), name: fourth.name },
      ];
      const error = await failingRun(load(next, { skipInvalid: true }));
      expect(error.message).toContain(
        `launches ${makeLaunch(9, third.date_utc).id} (page 1) and ${fourth.id} (stored, not in this read) of ${error.summary.source} are both named "${fourth.name}"`,
      );
      expect(await dataState(t.db)).toEqual(before);
    });

    it('should fail when a new launch takes the name of a stored one kept because it was invalid', async () => {
      const all = launchList(3);
      await load(all);
      const [first, second] = all;
      if (!first || !second) throw new Error('fixture');
      const next = [
        { ...first, date_utc: 'yesterday' },
        { ...second, name: first.name },
      ];
      const error = await failingRun(load(next, { skipInvalid: true, maxRemovals: 1 }));
      expect(error.message).toMatch(/are both named "Test Launch 1"/);
    });
  });
}
