import { rawDocs } from '@spacex/schema';
import { getTableColumns, getTableName, is } from 'drizzle-orm';
import { PgTable } from 'drizzle-orm/pg-core';
import { describe, expect, it } from 'vitest';
import { rawCopy } from './raw-copy.js';

/** The raw tables: what raw.ts describes. */
const rawTables = rawDocs.flatMap(({ relation }) => (is(relation, PgTable) ? [relation] : []));

describe('rawCopy', () => {
  it('should write every raw table the ingest fills from a read by COPY', () => {
    const written = new Set(Object.values(rawCopy).map((encoder) => encoder.target.table));
    // Written by SQL: the run log, the earlier versions moved as records change, the checks' state.
    const bySql = ['ingest_runs', 'record_history', 'check_failures', 'check_sweeps'];
    const tables = rawTables
      .filter((table) => !bySql.includes(getTableName(table)))
      .map((table) => `"raw"."${getTableName(table)}"`);
    expect(tables.length).toBeGreaterThan(10);
    expect([...written].sort()).toEqual(tables.sort());
  });

  it.each(Object.entries(rawCopy))(
    'should write every column of %s but loaded_at, which the database fills in',
    (_, encoder) => {
      const table = rawTables.find((t) => `"raw"."${getTableName(t)}"` === encoder.target.table);
      if (table === undefined) throw new Error(`${encoder.target.table} is not a raw table`);
      const expected = Object.values(getTableColumns(table))
        .map((column) => column.name)
        .filter((name) => name !== 'loaded_at');
      expect(encoder.target.columns).toBe(`(${expected.map((name) => `"${name}"`).join(', ')})`);
    },
  );
});
