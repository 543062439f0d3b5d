/**
 * COPY on both engines: rows encoded from a Drizzle table read back exactly, a transaction that
 * throws keeps nothing, and a COPY the server refuses fails with the server's own message and
 * leaves the connection usable.
 */
import { asc } from 'drizzle-orm';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CopyEncoder } from '../src/bulk.js';
import { ingestRuns } from '../src/schema/index.js';
import { type TestDatabase, testEngines } from '../src/testing.js';

const runs = new CopyEncoder(ingestRuns, [
  'id',
  'startedAt',
  'finishedAt',
  'sourceKind',
  'source',
  'status',
  'drift',
  'sha256',
  'error',
]);

const TRICKY = [
  'tab\there',
  'new\nline and carriage\r return',
  'back\\slash \\N \\t literally',
  '\\.',
  'ünïcödé 🚀 "quotes" \'single\'',
  '',
];

function runRow(i: number, text: string): typeof ingestRuns.$inferInsert {
  return {
    id: `copy-${i}`,
    startedAt: new Date(Date.UTC(99, 0, 1, 0, 0, i)),
    finishedAt: new Date(Date.UTC(2026, 10, 25, 12, 0, 0, 123)),
    sourceKind: 'file',
    source: text,
    status: 'succeeded',
    drift: [text, 'links.podcast'],
    sha256: i % 2 === 0 ? null : 'ab'.repeat(32),
    error: i % 2 === 0 ? text : null,
  };
}

for (const engine of testEngines()) {
  describe(`COPY [${engine.name}]`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await engine.create();
    });
    afterAll(async () => {
      await t?.close();
    });
    beforeEach(async () => {
      await t.reset();
    });
    const stored = () => t.db.select().from(ingestRuns).orderBy(asc(ingestRuns.id));

    it('should read back exactly what was encoded: text with COPY delimiters, jsonb, dates, nulls', async () => {
      const rows = TRICKY.map((text, i) => runRow(i, text));
      await t.transaction(async ({ copy }) => {
        await copy(runs.target, rows.map((row) => runs.line(row)).join(''));
      });
      const back = await stored();
      expect(back).toEqual(
        rows.map((row) => ({
          ...row,
          launchesRead: 0,
          launchesLoaded: 0,
          launchesChanged: 0,
          launchesRejected: 0,
          launchesRemoved: 0,
          coreRows: 0,
          crewRows: 0,
        })),
      );
    });

    it('should keep nothing when the transaction throws after a COPY', async () => {
      const failing = t.transaction(async ({ copy }) => {
        await copy(runs.target, runs.line(runRow(1, 'kept?')));
        throw new Error('stop here');
      });
      await expect(failing).rejects.toThrow('stop here');
      expect(await stored()).toEqual([]);
    });

    it("should fail with the server's message when it refuses a COPY, and stay usable", async () => {
      const twice = runs.line(runRow(1, 'a')) + runs.line(runRow(1, 'b'));
      await expect(t.transaction(async ({ copy }) => copy(runs.target, twice))).rejects.toThrow(
        /duplicate key value violates unique constraint "ingest_runs_pkey"/,
      );
      expect(await stored()).toEqual([]);
      await t.transaction(async ({ copy }) => copy(runs.target, runs.line(runRow(2, 'after'))));
      expect((await stored()).map((r) => r.id)).toEqual(['copy-2']);
    });
  });
}
