/**
 * One owner of a run's connection: statements given while a COPY is open on the transaction's
 * connection wait for it instead of breaking the protocol (postgres.js 4 refuses them with
 * COPY_IN_PROGRESS; version 3 sent them and the server dropped the connection). On the server
 * each COPY is held open for a second by a proxy, so the overlap is certain.
 */

import { ingestRuns } from '@spacex/schema';
import { slowCopyLink } from '@spacex/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CopyEncoder, CopyRows } from '../../src/bulk.js';
import { openDatabase } from '../../src/client.js';
import { ConnectionOwner } from '../../src/connection-owner.js';
import { describeDatabaseError } from '../../src/database-errors.js';
import { postgresTarget } from '../../src/env.js';
import { type TestDatabase, testEngines } from '../../src/testing.js';

const runs = new CopyEncoder(ingestRuns, [
  'id',
  'startedAt',
  'finishedAt',
  'sourceKind',
  'source',
  'status',
]);

function encoded(count: number): CopyRows {
  const out = new CopyRows();
  const at = new Date('2026-01-01T00:00:00Z');
  for (let i = 0; i < count; i++) {
    runs.write(out, {
      id: `run-${i}`,
      startedAt: at,
      finishedAt: at,
      sourceKind: 'file',
      source: 'x'.repeat(400),
      status: 'succeeded',
    });
  }
  return out;
}

describe('a protocol error', () => {
  it.each([
    ['08P01', 'unexpected message type 0x50 during COPY from stdin'],
    ['COPY_IN_PROGRESS', 'You cannot execute queries during copy'],
  ])('%s should be named the program’s fault, not the server going away', (code, message) => {
    const error = Object.assign(new Error(message), { code });
    const described = describeDatabaseError(new Error('Failed query', { cause: error }));
    expect(described).toContain('a fault of the program, not of the server');
    expect(described).not.toContain('connection to PostgreSQL was lost');
  });
});

describe('ConnectionOwner', () => {
  it('should run tasks one at a time in the order given, a failure stopping none after it', async () => {
    const owner = new ConnectionOwner();
    const order: string[] = [];
    const task = (name: string, ms: number, fail = false) =>
      owner.run(async () => {
        order.push(`${name} start`);
        await new Promise((resolve) => setTimeout(resolve, ms));
        order.push(`${name} end`);
        if (fail) throw new Error(name);
        return name;
      });
    const results = await Promise.allSettled([task('a', 20), task('b', 1, true), task('c', 1)]);
    expect(order).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(owner.busy).toBe(0);
  });
});

for (const engine of testEngines()) {
  describe(`one owner of a transaction's connection [${engine.name}]`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await engine.create();
    });
    afterAll(async () => {
      await t?.close();
    });

    it('should run statements given while a COPY is open after it, on the one connection', async () => {
      // On the server, through a link that holds the COPY open for a second.
      const url = t.env.DATABASE_URL;
      const link = url
        ? await slowCopyLink({ host: '127.0.0.1', port: Number(new URL(url).port || 5432) }, 1_000)
        : undefined;
      const slowUrl =
        url && link ? Object.assign(new URL(url), { port: String(link.port) }).href : undefined;
      const handle = slowUrl
        ? await openDatabase({ target: postgresTarget(slowUrl), migrations: 'none' })
        : t;
      try {
        const rows = 1_000;
        const many = encoded(rows);
        const counts = await handle.transaction(async ({ db, copy }) => {
          let copied = false;
          const copying = copy(runs.target, many).finally(() => {
            copied = true;
          });
          // Statements given all along the COPY, as a pipelined run's reader gives them.
          // (Drizzle's queries are lazy: `then` sends each at once.)
          const count = () => db.$count(ingestRuns).then((n) => n);
          const given: Promise<number>[] = [count()];
          while (!copied && given.length < 100) {
            await new Promise((resolve) => setTimeout(resolve, 5));
            given.push(count());
          }
          await copying;
          return Promise.all(given);
        });
        if (slowUrl) expect(counts.length).toBeGreaterThan(10);
        // Each waited for the COPY: none failed, none saw the table before it.
        expect(new Set(counts)).toEqual(new Set([rows]));
      } finally {
        if (handle !== t) await handle.close();
        await link?.close();
      }
    });
  });
}

const server = testEngines().find((e) => e.name === 'postgres');
describe.runIf(server)('a connection terminated during a COPY [postgres]', () => {
  it.each([
    ['while the COPY is held open', true],
    ['just after it', false],
  ])(
    'should fail the transaction as a lost connection %s, not crash the process',
    async (_, during) => {
      if (!server) return;
      const t = await server.create();
      const url = new URL(t.env.DATABASE_URL ?? '');
      // The link holds each COPY open for a second: the backend is terminated inside it.
      const link = await slowCopyLink({ host: '127.0.0.1', port: Number(url.port || 5432) }, 1_000);
      const viaLink = Object.assign(new URL(url.href), { port: String(link.port) }).href;
      const handle = await openDatabase({ target: postgresTarget(viaLink), migrations: 'none' });
      const admin = await openDatabase({ target: postgresTarget(url.href), migrations: 'none' });
      try {
        const failure = await handle
          .transaction(async ({ db, copy }) => {
            const [{ pid } = { pid: 0 }] = await db
              .select({ pid: sql<number>`pg_backend_pid()` })
              .from(sql`(select 1) as one`);
            const terminate = () => admin.db.execute(sql`select pg_terminate_backend(${pid})`);
            if (during) {
              const copying = copy(runs.target, encoded(1_000));
              await new Promise((resolve) => setTimeout(resolve, 300));
              await terminate();
              await copying;
            } else {
              await copy(runs.target, encoded(10));
              await terminate();
            }
            await new Promise((resolve) => setTimeout(resolve, 300));
            await db.$count(ingestRuns);
          })
          .then(
            () => 'committed',
            (error: unknown) => describeDatabaseError(error),
          );
        expect(failure).toMatch(/connection to PostgreSQL was lost|terminated the connection/);
      } finally {
        await handle.close({ immediately: true });
        await admin.close();
        await link.close();
        await t.close();
      }
    },
  );
});
