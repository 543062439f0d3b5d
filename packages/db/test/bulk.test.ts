/**
 * COPY on both engines: rows encoded from a Drizzle table read back exactly (text, jsonb, dates,
 * integers of every width, booleans, doubles, nulls), a value the column cannot hold is refused
 * before it is sent, a transaction that throws keeps nothing, and a COPY the server refuses fails
 * with the server's own message and leaves the connection usable.
 */

import { ingestRuns, timestamptz } from '@spacex/schema';
import { asc, sql } from 'drizzle-orm';
import {
  bigint,
  boolean,
  doublePrecision,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
} from 'drizzle-orm/pg-core';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CopyEncoder, CopyRows, CopyValueError } from '../src/bulk.js';
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

/** Encodes `rows`, ready for `copy`. */
function encoded(rows: (typeof ingestRuns.$inferInsert)[]): CopyRows {
  const out = new CopyRows();
  for (const row of rows) runs.write(out, row);
  return out;
}

/** Every type the raw tables COPY, in a table of the test's own. */
const everyType = pgTable('copy_every_type', {
  id: integer('id').primaryKey(),
  words: text('words'),
  small: smallint('small'),
  whole: integer('whole'),
  big: bigint('big', { mode: 'number' }),
  flag: boolean('flag'),
  real: doublePrecision('real'),
  doc: jsonb('doc').$type<unknown>(),
  at: timestamptz('at'),
});
const everyTypeCopy = new CopyEncoder(everyType, [
  'id',
  'words',
  'small',
  'whole',
  'big',
  'flag',
  'real',
  'doc',
  'at',
]);
type EveryTypeRow = typeof everyType.$inferInsert;
const ALL_NULL = {
  words: null,
  small: null,
  whole: null,
  big: null,
  flag: null,
  real: null,
  doc: null,
  at: null,
};
const EDGES: EveryTypeRow[] = [
  {
    id: 1,
    words: 'tab\there, new\nline, back\\slash \\N, ünïcödé 🚀',
    small: -32768,
    whole: -2147483648,
    big: Number.MIN_SAFE_INTEGER,
    flag: false,
    real: -1.5e-300,
    doc: { nested: ['a', 1, null, true], 'ké y': 'é\u0001' },
    at: new Date('0001-01-01T00:00:00.000Z'),
  },
  {
    id: 2,
    words: '',
    small: 32767,
    whole: 2147483647,
    big: Number.MAX_SAFE_INTEGER,
    flag: true,
    real: 0.1 + 0.2,
    doc: [],
    at: new Date('9999-12-31T23:59:59.999Z'),
  },
  { id: 3, ...ALL_NULL },
  { id: 4, big: -1, whole: 0, real: -0, doc: 'a string', at: new Date('1999-12-31T23:59:59.999Z') },
];

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
    entities: {},
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
        await copy(runs.target, encoded(rows));
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

    it('should send a batch of megabytes whole, and after clear() only the rows added since', async () => {
      // 3,000 rows of ~1.2 kB, multi-byte characters included: the data crosses many messages,
      // some of them in the middle of a character.
      const big = Array.from({ length: 3_000 }, (_, i) => runRow(i, `${'é🚀x'.repeat(300)}${i}`));
      const out = encoded(big);
      expect(out.size).toBeGreaterThan(3 * 1024 * 1024);
      await t.transaction(async ({ copy }) => {
        await copy(runs.target, out);
        // The same buffer again, cleared: the 3,000 rows above are not sent twice.
        runs.write(out.clear(), runRow(3_000, 'after clear'));
        runs.write(out, runRow(3_001, 'and again'));
        expect(out.count).toBe(2);
        await copy(runs.target, out);
      });
      const back = await t.db
        .select({ id: ingestRuns.id, source: ingestRuns.source })
        .from(ingestRuns)
        .orderBy(asc(ingestRuns.startedAt));
      expect(back).toEqual(
        [...big, runRow(3_000, 'after clear'), runRow(3_001, 'and again')].map(
          ({ id, source }) => ({
            id,
            source,
          }),
        ),
      );
    });

    it('should read back every type at its limits, and nulls', async () => {
      await t.db.execute(sql`drop table if exists ${everyType}`);
      await t.db.execute(
        sql.raw(
          'create table copy_every_type (id integer primary key, words text, small smallint, whole integer, ' +
            'big bigint, flag boolean, real double precision, doc jsonb, at timestamptz)',
        ),
      );
      const out = new CopyRows();
      for (const row of EDGES) everyTypeCopy.write(out, row);
      await t.transaction(async ({ copy }) => copy(everyTypeCopy.target, out));
      const back = await t.db.select().from(everyType).orderBy(asc(everyType.id));
      expect(back).toEqual(EDGES.map((row) => ({ ...ALL_NULL, ...row })));
      // A column's text given as is: jsonb parses it (whitespace and escapes and all).
      const given = new CopyRows();
      everyTypeCopy.write(given, { id: 5 }, { key: 'doc', text: '{ "a" : "\\u00e9\\n" }' });
      await t.transaction(async ({ copy }) => copy(everyTypeCopy.target, given));
      const [fifth] = await t.db.select().from(everyType).where(sql`${everyType.id} = 5`);
      expect(fifth?.doc).toEqual({ a: 'é\n' });
      await t.db.execute(sql`drop table ${everyType}`);
    });

    it('should refuse a value its column cannot hold, naming the column, before sending it', () => {
      const refused: [Partial<EveryTypeRow>, string][] = [
        [{ small: 32768 }, 'copy_every_type.small: 32768 is not a smallint'],
        [{ whole: 2147483648 }, 'copy_every_type.whole: 2147483648 is not a integer'],
        [{ whole: 1.5 }, 'copy_every_type.whole: 1.5 is not a integer'],
        [{ big: 2 ** 53 }, 'copy_every_type.big: 9007199254740992 is not a bigint'],
        [{ real: Number.NaN }, 'copy_every_type.real: NaN is not a double precision'],
        [
          { at: new Date(Number.NaN) },
          'copy_every_type.at: Invalid Date is not a timestamp with time zone',
        ],
      ];
      for (const [values, message] of refused) {
        const write = () => everyTypeCopy.write(new CopyRows(), { id: 9, ...values });
        expect(write).toThrow(CopyValueError);
        expect(write).toThrow(message);
      }
    });

    it('should keep nothing when the transaction throws after a COPY', async () => {
      const failing = t.transaction(async ({ copy }) => {
        await copy(runs.target, encoded([runRow(1, 'kept?')]));
        throw new Error('stop here');
      });
      await expect(failing).rejects.toThrow('stop here');
      expect(await stored()).toEqual([]);
    });

    it("should fail with the server's message when it refuses a COPY, and stay usable", async () => {
      const twice = encoded([runRow(1, 'a'), runRow(1, 'b')]);
      await expect(t.transaction(async ({ copy }) => copy(runs.target, twice))).rejects.toThrow(
        /duplicate key value violates unique constraint "ingest_runs_pkey"/,
      );
      expect(await stored()).toEqual([]);
      await t.transaction(async ({ copy }) => copy(runs.target, encoded([runRow(2, 'after')])));
      expect((await stored()).map((r) => r.id)).toEqual(['copy-2']);
    });
  });
}
