/**
 * Failed runs kept on disk for a later run: recorded only into the database they were meant for,
 * whatever text they carry; a file that cannot be recorded is moved aside and never blocks a run.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type TestDatabase, testEngines } from '@spacex/db/testing';
import { ingestRuns } from '@spacex/schema';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { recordPendingRuns, type SetAside, savePendingRun } from '../src/pending-runs.js';
import type { FailedRun } from '../src/run-log.js';

const failedRun = (runId: string, error: string, launchesRead = 0): FailedRun => ({
  runId,
  startedAt: new Date('2026-12-01T10:00:00Z'),
  finishedAt: new Date('2026-12-01T10:00:05Z'),
  sourceKind: 'file',
  source: '/data/launches.json',
  sha256: null,
  launchesRead,
  error,
});

for (const engine of testEngines()) {
  describe(`pending runs [${engine.name}]`, () => {
    let t: TestDatabase;
    let dir: string;
    beforeAll(async () => {
      t = await engine.create();
    });
    afterAll(() => t?.close());
    beforeEach(async () => {
      await t.reset();
      dir = mkdtempSync(join(tmpdir(), 'spacex-pending-'));
    });
    const errorOf = async (id: string) =>
      (await t.db.select().from(ingestRuns).where(eq(ingestRuns.id, id)))[0]?.error;

    it('should write a file atomically that names its database, and record NUL and lone surrogates escaped', async () => {
      const path = await savePendingRun(
        dir,
        t.display,
        failedRun('20261201T100000Z-aaaaaa', 'starts "\u0000\u0000[\ud800"'),
      );
      expect(readdirSync(dir)).toEqual(['20261201T100000Z-aaaaaa.json']);
      expect(JSON.parse(readFileSync(path, 'utf8'))).toMatchObject({ database: t.display });
      expect(await recordPendingRuns(t.db, dir, t.display)).toEqual(['20261201T100000Z-aaaaaa']);
      expect(await errorOf('20261201T100000Z-aaaaaa')).toBe('starts "\\u0000\\u0000[\ufffd"');
      expect(readdirSync(dir)).toEqual([]);
    });

    it("should leave another database's pending runs for it", async () => {
      await savePendingRun(
        dir,
        'postgres://elsewhere/db',
        failedRun('20261201T100000Z-bbbbbb', 'x'),
      );
      expect(await recordPendingRuns(t.db, dir, t.display)).toEqual([]);
      expect(await errorOf('20261201T100000Z-bbbbbb')).toBeUndefined();
      expect(readdirSync(dir)).toEqual(['20261201T100000Z-bbbbbb.json']);
    });

    it('should move aside a file cut short, or one the database refuses, and record the rest', async () => {
      writeFileSync(join(dir, '20261201T090000Z-cccccc.json'), '{"runId": "2026');
      // More launches read than an integer column holds: a data exception, every time.
      await savePendingRun(dir, t.display, failedRun('20261201T093000Z-dddddd', 'y', 2 ** 40));
      await savePendingRun(dir, t.display, failedRun('20261201T100000Z-eeeeee', 'z'));
      const setAside: SetAside[] = [];
      const recorded = await recordPendingRuns(t.db, dir, t.display, (a) => setAside.push(a));
      expect(recorded).toEqual(['20261201T100000Z-eeeeee']);
      expect(setAside.map((a) => [a.path, a.reason.split(' (')[0]])).toEqual([
        [join(dir, '20261201T090000Z-cccccc.json'), 'not JSON'],
        [join(dir, '20261201T093000Z-dddddd.json'), 'the database refused it'],
      ]);
      for (const { movedTo } of setAside) expect(existsSync(movedTo)).toBe(true);
      // The next run finds nothing left to trip on.
      expect(
        await recordPendingRuns(t.db, dir, t.display, () => setAside.push(setAside[0] as SetAside)),
      ).toEqual([]);
      expect(setAside).toHaveLength(2);
    });
  });
}
