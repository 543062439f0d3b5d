/** Lists sent as one array parameter come back as they were, whatever their characters. */
import { type TestDatabase, testEngines } from '@spacex/db/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { arrayOf } from '../src/sql.js';

const TEXTS = ['a"b', 'c\\d', 'NULL', 'null', '', 'x,y', '{z}', ' sp ', '0a1b2c', 'ABC', 'é', '12'];

for (const engine of testEngines()) {
  describe(`arrayOf [${engine.name}]`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await engine.create();
    });
    afterAll(() => t?.close());

    it('should send every text as it is: quotes, backslashes, separators, NULL, empty, hex', async () => {
      const rows = await t.db
        .select({ value: sql<string>`value` })
        .from(sql`unnest(${arrayOf(TEXTS)}) with ordinality as list(value, n)`)
        .orderBy(sql`n`);
      expect(rows.map((r) => r.value)).toEqual(TEXTS);
    });

    it('should send integers as integers', async () => {
      const rows = await t.db
        .select({ value: sql<number>`value` })
        .from(sql`unnest(${arrayOf([3, -2, 0], 'integer')}) with ordinality as list(value, n)`)
        .orderBy(sql`n`);
      expect(rows.map((r) => r.value)).toEqual([3, -2, 0]);
    });
  });
}
