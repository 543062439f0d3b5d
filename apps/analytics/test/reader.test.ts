import { grantAnalyticsReader, rootCauseMessage } from '@spacex/schema';
import type { Database } from '@spacex/schema/client';
import { stgLaunches } from '@spacex/schema/schema';
import { type TestDatabase, testEngines } from '@spacex/schema/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyMonths, coresReusedWithin, maxCoreUses } from '../src/answers.js';
import { answerFixtures } from './fixtures.js';
import { ingest } from './ingest.js';

/** Runs `fn` as analytics_reader, in a transaction that is always rolled back. */
async function asReader<T>(db: Database, fn: (tx: Database) => Promise<T>): Promise<T> {
  let result: { value: T } | undefined;
  const rollback = new Error('rollback');
  await db
    .transaction(async (tx) => {
      await tx.execute(sql`set local role analytics_reader`);
      result = { value: await fn(tx) };
      throw rollback;
    })
    .catch((error: unknown) => {
      if (error !== rollback) throw error;
    });
  if (!result) throw new Error('unreachable: the transaction body did not finish');
  return result.value;
}

for (const engine of testEngines()) {
  describe(`analytics_reader [${engine.name}]`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await engine.create();
      await ingest(t, answerFixtures());
      await grantAnalyticsReader(t.db);
      await grantAnalyticsReader(t.db); // idempotent
    });
    afterAll(() => t?.close());

    it('should answer the three questions through the analytics functions', async () => {
      const answers = await asReader(t.db, async (tx) => ({
        top: await maxCoreUses(tx),
        reused: await coresReusedWithin(tx),
        busy: await busyMonths(tx),
      }));
      expect(answers.top.uses).toBe(3);
      expect(answers.reused.flights).toHaveLength(2);
      expect(answers.busy.months).toHaveLength(2);
      expect(await asReader(t.db, (tx) => tx.$count(stgLaunches))).toBe(answerFixtures().length);
    });

    it.each([
      [
        'writing to raw',
        sql`insert into raw.ingest_runs (id, started_at, finished_at, source_kind, source, status) values ('x', now(), now(), 'file', 'x', 'failed')`,
      ],
      ['DDL in mart', sql`create table mart.evil (id integer)`],
      ['reading raw.rejected_launches', sql`select * from raw.rejected_launches`],
      ['refreshing a mart view', sql`refresh materialized view mart.core_usage`],
    ])('should refuse %s', async (_, statement) => {
      const error = await asReader(t.db, (tx) => tx.execute(statement)).catch((e: unknown) => e);
      expect(rootCauseMessage(error)).toMatch(/permission denied|must be owner/);
    });
  });
}
