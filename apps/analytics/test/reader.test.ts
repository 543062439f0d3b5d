import { ANALYTICS_READER, grantAnalyticsReader } from '@spacex/db';
import type { Database } from '@spacex/db/client';
import { type TestDatabase, testEngines } from '@spacex/db/testing';
import { stgLaunches } from '@spacex/schema';
import { rootCauseMessage } from '@spacex/terminal';
import { runCaptured } from '@spacex/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyMonths, coresReusedWithin, maxCoreUses } from '../src/answers.js';
import { main } from '../src/cli.js';
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

    it('should limit the reader role: statement time, idle transactions and temporary files', async () => {
      const [row] = await t.db
        .select({ settings: sql<string[]>`setconfig` })
        .from(sql`pg_db_role_setting`)
        .where(sql`setrole = ${ANALYTICS_READER}::regrole and setdatabase = 0`);
      expect(row?.settings).toEqual(
        expect.arrayContaining([
          'statement_timeout=5min',
          'idle_in_transaction_session_timeout=1min',
          'temp_file_limit=1GB',
        ]),
      );
    });

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
      ['writing a mart', sql`delete from mart.core_usage`],
      ['creating a temporary table', sql`create temporary table scratch (id integer)`],
      ['creating a large object', sql`select lo_create(0)`],
      ['creating a large object from bytes', sql`select lo_from_bytea(0, 'x'::bytea)`],
      ["taking the ingest's run lock", sql`lock table raw.launches in share row exclusive mode`],
      ['locking staging rows', sql`select * from staging.launches for update`],
    ])('should refuse %s', async (_, statement) => {
      const error = await asReader(t.db, (tx) => tx.execute(statement)).catch((e: unknown) => e);
      expect(rootCauseMessage(error)).toMatch(/permission denied|must be owner/);
    });

    it.runIf(engine.name === 'postgres')(
      'should run `pnpm answers` as a login role granted analytics_reader, schema check included',
      async () => {
        const login = `reader_login_${process.pid}`;
        await t.db.execute(sql.raw(`create role ${login} login in role ${ANALYTICS_READER}`));
        try {
          const url = new URL(t.env.DATABASE_URL ?? '');
          url.username = login;
          const run = await runCaptured(main, ['--json'], { DATABASE_URL: url.href });
          expect(run.code, run.stderr).toBe(0);
          expect(JSON.parse(run.stdout)).toMatchObject({ maxCoreUses: { uses: 3 } });
        } finally {
          await t.db.execute(sql.raw(`drop role ${login}`));
        }
      },
    );
  });
}
