/**
 * Readers never block a run: a session that keeps a transaction open on every mart (as BI tools
 * and notebooks do) while a run changes launches neither delays nor fails it, and sees the
 * previous state until it begins anew. PostgreSQL only: the embedded database has one
 * connection, so there is no other session to read with.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type DatabaseHandle, openDatabase } from '@spacex/db';
import { type TestDatabase, testEngines } from '@spacex/db/testing';
import { marts, rebuildMarts } from '@spacex/schema';
import { getTableName } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runIngest } from '../src/run.js';
import { fixtureLaunches, testOptions } from './helpers.js';

/** A lock wait this long fails the run: a blocked run would fail, not only wait. */
const LOCK_TIMEOUT_MS = 2_000;

for (const engine of testEngines().filter((e) => e.name === 'postgres')) {
  describe(`readers and a changing run [${engine.name}]`, () => {
    let t: TestDatabase;
    let handle: DatabaseHandle;
    let dir: string;
    beforeAll(async () => {
      t = await engine.create();
      handle = await openDatabase({
        env: { ...t.env, DB_LOCK_TIMEOUT_MS: String(LOCK_TIMEOUT_MS) },
      });
      dir = mkdtempSync(join(tmpdir(), 'spacex-readers-'));
    });
    afterAll(async () => {
      await handle?.close();
      await t?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const ingest = () =>
      runIngest(
        handle,
        testOptions({ source: { kind: 'dir', dir }, archiveRoot: null, maxRemovals: 'all' }),
      );
    const writeLaunches = (launches: unknown[]) =>
      writeFileSync(join(dir, 'launches.json'), JSON.stringify(launches));

    /** Every mart's rows as JSON, read through `sql` (a reader's session). */
    const martsAsRead = async (sql: postgres.Sql | postgres.TransactionSql) => {
      const all: Record<string, string[]> = {};
      for (const m of marts) {
        const name = getTableName(m.table);
        const rows =
          await sql`select row_to_json(t)::text as row from ${sql('mart')}.${sql(name)} as t order by 1`;
        all[name] = Array.from(rows, (row) => JSON.stringify(row));
      }
      return all;
    };

    it('should succeed while a reader holds a transaction open on every mart, which sees the old state until it ends', async () => {
      const launches = fixtureLaunches();
      writeLaunches(launches);
      expect((await ingest()).status).toBe('succeeded');

      const url = t.env.DATABASE_URL ?? '';
      // Two sessions: one keeps its transaction open, the other reads afresh.
      const reader = postgres(url, { max: 1, onnotice: () => {} });
      const other = postgres(url, { max: 1, onnotice: () => {} });
      try {
        const before = await martsAsRead(reader);
        let during: Record<string, string[]> | undefined;
        let afterRun: Record<string, string[]> | undefined;
        const run = await reader.begin('isolation level repeatable read', async (tx) => {
          // The reader's snapshot and its locks on every mart, held until the run is done.
          expect(await martsAsRead(tx)).toEqual(before);
          // One launch re-dated and renamed, one gone: cores, crew and months all change.
          const changed = structuredClone(launches);
          const first = changed[0] as { date_utc: string; name: string };
          first.date_utc = '2030-01-01T00:00:00.000Z';
          first.name = 'Renamed while read';
          changed.splice(1, 1);
          writeLaunches(changed);
          const summary = await ingest();
          during = await martsAsRead(tx);
          afterRun = await martsAsRead(other);
          return summary;
        });
        expect(run).toMatchObject({ status: 'succeeded', marts: 'updated', launchesRemoved: 1 });
        // The open transaction kept seeing the previous state; a new one sees the new state.
        expect(during).toEqual(before);
        expect(afterRun).not.toEqual(before);
        const now = await martsAsRead(reader);
        expect(now).toEqual(afterRun);
        // And the new state is what a full rebuild gives.
        await handle.transaction(async ({ db }) => {
          await rebuildMarts(db);
        });
        expect(await martsAsRead(reader)).toEqual(now);
      } finally {
        await reader.end();
        await other.end();
      }
    });
  });
}
