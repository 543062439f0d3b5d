/**
 * Faults a cron job meets in production, injected for real: processes killed at each stage,
 * signals, concurrent runs, dropped connections, locks held by others, bad credentials. After
 * each, the database holds its previous good state and the next run succeeds.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { type AddressInfo, connect, createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresTarget } from '@spacex/db';
import { type Database, openDatabase } from '@spacex/db/client';
import { type EmptyTestDatabase, resetData, testEngines, withDatabase } from '@spacex/db/testing';
import { ingestRuns } from '@spacex/schema';
import {
  closedPort,
  type FakeApi,
  passwordRejectingServer,
  runCaptured,
  slowCopyLink,
  startFakeApi,
  syntheticLaunches,
  writeSyntheticFile,
} from '@spacex/testing';
import { eq, sql } from 'drizzle-orm';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../src/cli.js';
import { runIngest } from '../../src/run.js';
import {
  type CliHarness,
  cliHarness,
  fixtureLaunches,
  lastRun,
  tableChecksums,
  testOptions,
} from '../helpers.js';

const INGEST_DIR = join(import.meta.dirname, '..', '..');

interface Spawned {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves once stderr contains `text`. */
  waitFor(text: string): Promise<void>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Starts the ingest CLI as its own process, as cron would. */
function spawnIngest(env: Record<string, string>, args: string[] = []): Spawned {
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', 'src/main.ts', ...args],
    {
      cwd: INGEST_DIR,
      env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: '', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let err = '';
  const waiters: { text: string; resolve: () => void }[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    for (const w of waiters.filter((w) => err.includes(w.text))) w.resolve();
  });
  child.stdout?.resume();
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    child,
    stderr: () => err,
    exited,
    waitFor: (text) =>
      new Promise<void>((resolve, reject) => {
        if (err.includes(text)) return resolve();
        waiters.push({ text, resolve });
        void exited.then(() => reject(new Error(`the ingest exited before "${text}":\n${err}`)));
      }),
  };
}

const cli = (argv: string[], env: Record<string, string>) => runCaptured(main, argv, env);

/**
 * A loopback TCP proxy to the PostgreSQL server that can be stopped (every connection dropped,
 * none accepted: the server as a client sees it going away) and started again on the same port.
 */
async function startProxy(target: number) {
  const sockets = new Set<Socket>();
  let server: Server | null = null;
  let port = 0;
  const start = async () => {
    server = createServer((client) => {
      const upstream = connect(target, '127.0.0.1');
      for (const s of [client, upstream]) {
        sockets.add(s);
        s.on('close', () => sockets.delete(s));
        s.on('error', () => {});
      }
      client.pipe(upstream).pipe(client);
    });
    await new Promise<void>((resolve) => server?.listen(port, '127.0.0.1', resolve));
    port = (server.address() as AddressInfo).port;
  };
  await start();
  return {
    get port() {
      return port;
    },
    start,
    async stop() {
      for (const s of sockets) s.destroy();
      await new Promise((resolve) => server?.close(resolve));
    },
  };
}

for (const engine of testEngines()) {
  describe(`faults [${engine.name}]`, () => {
    let harness: CliHarness;
    let db: EmptyTestDatabase;
    let api: FakeApi;
    let env: Record<string, string>;
    const state = (fn: (d: Database) => Promise<Record<string, string>>) =>
      withDatabase(db.target, fn);
    /** The data a clean run of all the fixtures gives. */
    let clean: Record<string, string>;
    /** The data of the previous good run: the first eight fixtures. */
    let baseline: Record<string, string>;

    beforeAll(async () => {
      harness = await cliHarness(engine, { LOG_LEVEL: 'warn' });
      ({ db, api, env } = harness);
      expect((await cli([], env)).code).toBe(0);
      clean = await state(tableChecksums);
    });
    afterAll(() => harness?.close());

    /** Loads the baseline (eight launches) and serves all twelve for the run under test. */
    async function prepare() {
      await withDatabase(db.target, resetData);
      api.launches = fixtureLaunches().slice(0, 8);
      expect((await cli([], env)).code).toBe(0);
      baseline = await state(tableChecksums);
      expect(baseline).not.toEqual(clean);
      api.launches = fixtureLaunches();
    }

    it.each(['fetched', 'cores and crew', 'marts', 'refreshing'])(
      'should survive SIGKILL at "%s": the previous state stays, and the next run equals a clean run',
      async (stage) => {
        await prepare();
        const run = spawnIngest({ ...env, SPACEX_INGEST_PAUSE_AT: stage });
        await run.waitFor(`paused at ${stage}`);
        run.child.kill('SIGKILL');
        expect((await run.exited).signal).toBe('SIGKILL');
        // PGlite reopens the killed writer's directory (its lock is stale) at the last commit.
        expect(await state(tableChecksums)).toEqual(baseline);
        const next = await cli([], env);
        expect(next.code, next.stderr).toBe(0);
        expect(await state(tableChecksums)).toEqual(clean);
      },
    );

    it.each([
      [
        'paused once every page is read',
        { SPACEX_INGEST_PAUSE_AT: 'fetched' },
        'paused at fetched',
      ],
      [
        'waiting for page 2',
        { LOG_LEVEL: 'info', SPACEX_PAGE_SIZE: '5' },
        'fetched launches page 1/3',
      ],
    ])(
      'should leave no partial archive when SIGTERM stops the read (%s)',
      async (_, extra, cue) => {
        await prepare();
        const archives = mkdtempSync(join(tmpdir(), 'spacex-archive-'));
        api.faults = [{ kind: 'none' }, { kind: 'hang' }];
        const run = spawnIngest({ ...env, SPACEX_ARCHIVE_DIR: archives, ...extra });
        await run.waitFor(cue);
        expect(readdirSync(archives)).toHaveLength(1);
        run.child.kill('SIGTERM');
        expect((await run.exited).code).toBe(143);
        expect(readdirSync(archives)).toEqual([]);
        expect(await state(tableChecksums)).toEqual(baseline);
        api.faults = [];
      },
    );

    it('should roll back and exit 143 on SIGTERM, leaving the lock free, and record the run as failed', async () => {
      await prepare();
      const pending = mkdtempSync(join(tmpdir(), 'spacex-pending-'));
      const runEnv = { ...env, SPACEX_PENDING_RUNS_DIR: pending };
      const run = spawnIngest({ ...runEnv, SPACEX_INGEST_PAUSE_AT: 'marts' });
      await run.waitFor('paused at marts');
      run.child.kill('SIGTERM');
      expect((await run.exited).code).toBe(143);
      expect(run.stderr()).toContain(
        'interrupted by SIGTERM: the run is rolled back; the database keeps its previous state.',
      );
      expect(await state(tableChecksums)).toEqual(baseline);
      const next = await cli([], { ...runEnv, DB_LOCK_TIMEOUT_MS: '2000' });
      expect(next.code, next.stderr).toBe(0);
      expect(next.stderr).toContain('recorded 1 earlier failed run(s)');
      expect(await state(tableChecksums)).toEqual(clean);
      const interrupted = await withDatabase(db.target, (d) =>
        d.select().from(ingestRuns).where(eq(ingestRuns.status, 'failed')),
      );
      expect(interrupted.map((r) => r.error)).toContain(
        'interrupted by SIGTERM; the run was rolled back',
      );
    });

    if (engine.name === 'pglite') {
      it('should stop a second process on the same directory with a clear message', async () => {
        const first = spawnIngest({ ...env, SPACEX_INGEST_PAUSE_AT: 'fetched' });
        await first.waitFor('paused at fetched');
        const second = await cli([], env);
        // Exit 4: another process holds the database; this one did nothing.
        expect(second.code).toBe(4);
        expect(second.stderr).toContain(
          `is in use by process ${first.child.pid}. PGlite allows one process at a time`,
        );
        first.child.kill('SIGKILL');
        await first.exited;
      });
    }

    if (engine.name === 'postgres') {
      it('should make a second concurrent run wait for the first, then run', async () => {
        await prepare();
        const first = spawnIngest({ ...env, SPACEX_INGEST_PAUSE_AT: 'marts:2000' });
        await first.waitFor('paused at marts');
        const started = Date.now();
        const second = await cli(['--json'], env);
        expect(second.code, second.stderr).toBe(0);
        expect((await first.exited).code).toBe(0);
        expect(Date.now() - started).toBeGreaterThan(1000);
        // The second run started after the first committed, so it found nothing to change.
        expect(JSON.parse(second.stdout)).toMatchObject({ launchesChanged: 0 });
        expect(await state(tableChecksums)).toEqual(clean);
      });

      it('should stop a second concurrent run after lock_timeout with a clear message', async () => {
        await prepare();
        const first = spawnIngest({ ...env, SPACEX_INGEST_PAUSE_AT: 'marts' });
        await first.waitFor('paused at marts');
        const started = Date.now();
        const second = await cli([], { ...env, DB_LOCK_TIMEOUT_MS: '500' });
        expect(Date.now() - started).toBeLessThan(10_000);
        // Exit 4: another run holds the lock; this one did nothing.
        expect(second.code).toBe(4);
        expect(second.stderr).toContain(
          'Another ingest run holds the run lock (on raw.launches) and did not finish within lock_timeout',
        );
        first.child.kill('SIGKILL');
        await first.exited;
        expect(await state(tableChecksums)).toEqual(baseline);
      });

      it('should commit nothing when the connection drops mid-transaction, and rerun', async () => {
        await prepare();
        const run = spawnIngest({ ...env, SPACEX_INGEST_PAUSE_AT: 'marts:1500' });
        await run.waitFor('paused at marts');
        const admin = postgres(env.DATABASE_URL ?? '', { max: 1, onnotice: () => {} });
        const killed = await admin`
          select pg_terminate_backend(pid) as done from pg_stat_activity
          where application_name = 'spacex-elt' and datname = current_database() and state = 'idle in transaction'`;
        await admin.end();
        expect(killed).toHaveLength(1);
        expect((await run.exited).code).toBe(1);
        expect(run.stderr()).toMatch(/database error: .*(terminat|connection)/i);
        expect(await state(tableChecksums)).toEqual(baseline);
        expect(await state(async (d) => ({ status: (await lastRun(d))?.status ?? '' }))).toEqual({
          status: 'failed',
        });
        expect((await cli([], env)).code).toBe(0);
        expect(await state(tableChecksums)).toEqual(clean);
      });

      /** Waits until a COPY of this run is streaming; returns that backend's pid. */
      async function activeCopy(admin: postgres.Sql, run: Spawned): Promise<number> {
        for (;;) {
          const [copying] = await admin<{ pid: number }[]>`
            select pid from pg_stat_activity
            where application_name = 'spacex-elt' and datname = current_database()
              and state = 'active' and query ilike 'copy %'`;
          if (copying) return copying.pid;
          if (run.child.exitCode !== null) throw new Error(`the run ended first:\n${run.stderr()}`);
          await new Promise((resolve) => setTimeout(resolve, 5));
        }
      }

      it('should fail cleanly when the backend is terminated during a COPY, and record the run', async () => {
        await prepare();
        const file = join(mkdtempSync(join(tmpdir(), 'spacex-copy-')), 'launches.json');
        await writeSyntheticFile(file, 20_000, 7);
        const run = spawnIngest(env, ['--from-file', file, '--max-removals', 'all']);
        const admin = postgres(env.DATABASE_URL ?? '', { max: 1, onnotice: () => {} });
        try {
          const pid = await activeCopy(admin, run);
          await admin`select pg_terminate_backend(${pid})`;
        } finally {
          await admin.end();
        }
        expect((await run.exited).code).toBe(1);
        expect(run.stderr()).not.toContain('TypeError');
        expect(run.stderr()).toMatch(
          /the connection to PostgreSQL was lost|terminated the connection/,
        );
        expect(await state(tableChecksums)).toEqual(baseline);
        expect(await state(async (d) => ({ status: (await lastRun(d))?.status ?? '' }))).toEqual({
          status: 'failed',
        });
      });

      it('should fail cleanly when the server goes away during a COPY, and record the run once it is back', async () => {
        await prepare();
        const file = join(mkdtempSync(join(tmpdir(), 'spacex-copy-')), 'launches.json');
        await writeSyntheticFile(file, 20_000, 8);
        const server = new URL(env.DATABASE_URL ?? '');
        const proxy = await startProxy(Number(server.port || 5432));
        const viaProxy = new URL(server.href);
        viaProxy.port = String(proxy.port);
        const pending = mkdtempSync(join(tmpdir(), 'spacex-pending-'));
        const runEnv = { ...env, DATABASE_URL: viaProxy.href, SPACEX_PENDING_RUNS_DIR: pending };
        const run = spawnIngest(runEnv, ['--from-file', file, '--max-removals', 'all']);
        const admin = postgres(env.DATABASE_URL ?? '', { max: 1, onnotice: () => {} });
        try {
          await activeCopy(admin, run);
        } finally {
          await admin.end();
        }
        await proxy.stop(); // the server is gone: every connection drops, none can be made
        const { code } = await run.exited;
        expect(code).toBe(1);
        expect(run.stderr()).not.toContain('TypeError');
        expect(run.stderr()).toContain('the connection to PostgreSQL was lost');
        expect(run.stderr()).toMatch(
          /could not record the failed run .*kept in .*: the next run records it/,
        );
        const [kept] = readdirSync(pending);
        expect(kept).toMatch(/\.json$/);
        expect(await state(tableChecksums)).toEqual(baseline);

        await proxy.start(); // back
        try {
          const next = await cli([], runEnv);
          expect(next.code, next.stderr).toBe(0);
          expect(next.stderr).toContain('recorded 1 earlier failed run(s)');
        } finally {
          await proxy.stop();
        }
        expect(readdirSync(pending)).toEqual([]);
        const failed = await state(async (d) => {
          const rows = await d
            .select()
            .from(ingestRuns)
            .where(eq(ingestRuns.id, kept?.replace('.json', '') ?? ''));
          return { status: rows[0]?.status ?? '', error: rows[0]?.error ?? '' };
        });
        expect(failed.status).toBe('failed');
        expect(failed.error).toContain('the connection to PostgreSQL was lost');
      });

      it('should fail within lock_timeout when another session locks a mart against writes', async () => {
        await prepare();
        const other = postgres(env.DATABASE_URL ?? '', { max: 1, onnotice: () => {} });
        const holder = await other.reserve();
        await holder`begin`;
        // A reader's lock does not stop a run (readers.test.ts); a lock taken against writers
        // (SHARE conflicts with the run's deletes and inserts) makes it wait, then give up.
        await holder`lock table mart.monthly_launches in share mode`;
        try {
          const started = Date.now();
          const run = await cli([], { ...env, DB_LOCK_TIMEOUT_MS: '1000' });
          expect(run.code).toBe(1);
          expect(Date.now() - started).toBeLessThan(10_000);
          expect(run.stderr).toContain('gave up waiting for a lock');
        } finally {
          await holder`rollback`;
          holder.release();
          await other.end();
        }
        expect(await state(tableChecksums)).toEqual(baseline);
      });

      it('should set statement_timeout, lock_timeout and idle_in_transaction_session_timeout, turn JIT off and give temporary tables 128 MB', async () => {
        const settings = await withDatabase(db.target, (d) =>
          d
            .select({ name: sql<string>`name`, setting: sql<string>`setting` })
            .from(sql`pg_settings`)
            .where(
              sql`name in ('statement_timeout', 'lock_timeout', 'idle_in_transaction_session_timeout', 'jit', 'temp_buffers')`,
            ),
        );
        expect(Object.fromEntries(settings.map((s) => [s.name, s.setting]))).toEqual({
          idle_in_transaction_session_timeout: '600000',
          jit: 'off',
          lock_timeout: '30000',
          statement_timeout: '600000',
          // In blocks of 8 kB.
          temp_buffers: '16384',
        });
      });
    }
  });
}

describe('faults [postgres unreachable or refusing the password]', () => {
  it.each(['closed port', 'wrong password'])(
    'should fail within seconds on a %s, the password redacted everywhere',
    async (fault) => {
      const secret = 'n0t-4-l0g-Secret';
      const refusing = fault === 'wrong password' ? await passwordRejectingServer() : undefined;
      const port = refusing?.port ?? (await closedPort());
      const archive = mkdtempSync(join(tmpdir(), 'spacex-archive-'));
      const api = await startFakeApi(fixtureLaunches());
      try {
        const started = Date.now();
        const run = await cli([], {
          DATABASE_URL: `postgres://spacex:${secret}@127.0.0.1:${port}/spacex`,
          SPACEX_API_URL: api.url,
          SPACEX_ARCHIVE_DIR: archive,
          LOG_LEVEL: 'debug',
        });
        expect(Date.now() - started).toBeLessThan(5_000);
        expect(run.code).toBe(1);
        expect(run.stderr).toContain(
          `Cannot connect to postgres://spacex:***@127.0.0.1:${port}/spacex`,
        );
        expect(run.stderr).toMatch(
          fault === 'wrong password' ? /password authentication failed/ : /ECONNREFUSED/,
        );
        const files = readdirSync(archive, { recursive: true, encoding: 'utf8' });
        const everything = [
          run.stdout,
          run.stderr,
          ...files.map((f) => readFileSync(join(archive, f), 'utf8').toString()),
        ].join('\n');
        expect(everything).not.toContain(secret);
      } finally {
        refusing?.close();
        await api.close();
      }
    },
  );
});

const server = testEngines().find((e) => e.name === 'postgres');
describe.runIf(server)('faults [postgres, COPYs held open]', () => {
  it('should succeed on every rerun with changed batches among unchanged ones while each COPY is held open', async () => {
    // The reader asks which texts are stored for the next batches while this batch's COPY is
    // still open on the run's one connection: with each COPY held open 50 ms, it is certain.
    const t = await server?.create();
    if (!t?.env.DATABASE_URL) throw new Error('no server');
    const url = new URL(t.env.DATABASE_URL);
    const link = await slowCopyLink({ host: '127.0.0.1', port: Number(url.port || 5432) }, 50);
    url.port = String(link.port);
    const handle = await openDatabase({ target: postgresTarget(url.href), migrations: 'none' });
    try {
      const dir = mkdtempSync(join(tmpdir(), 'spacex-reruns-'));
      const launches = [...syntheticLaunches(1_000, 7)];
      // Two files, read 200 at a time, each with one batch of its own edited (the second or the
      // fourth): a rerun writes two whole batches of changes, each while the reader asks about
      // the batches after it, among unchanged ones.
      const write = (name: string, batch: number) => {
        const path = join(dir, name);
        const copy = launches.map((launch, i) =>
          Math.floor(i / 200) === batch ? { ...launch, details: `edited in ${name}` } : launch,
        );
        writeFileSync(path, JSON.stringify(copy));
        return path;
      };
      const files = [write('a.json', 1), write('b.json', 3)];
      const run = (database: typeof handle, path: string) =>
        runIngest(
          database,
          testOptions({ source: { kind: 'file', path }, batchSize: 200, archiveRoot: null }),
        );
      // The first load at full speed; the reruns through the link.
      expect((await run(t, files[0] ?? '')).launchesChanged).toBe(1_000);
      const changed: number[] = [];
      for (let rerun = 1; rerun <= 4; rerun++) {
        changed.push((await run(handle, files[rerun % 2] ?? '')).launchesChanged);
      }
      // Each rerun changed the launches edited in either file, and none failed.
      expect(changed).toEqual(Array(4).fill(400));
      // Two writes a rerun, each of launches and their cores.
      expect(link.copies).toBeGreaterThanOrEqual(4 * 2 * 2);
    } finally {
      await handle.close();
      await link.close();
      await t.close();
    }
  });
});
