/**
 * `pnpm bench [--sizes 1000,10000,100000,1000000] [--runs 3] [--engines pglite,postgres]
 * [--write]`: how the ingest's cost grows, against the physical floor (PostgreSQL's own COPY of
 * the same rows) and against the in-database ELT a user could write instead (the peer script,
 * SPACEX_PEER_SCRIPT, default ../shared/peers/sql-elt.sh beside the repository), on PostgreSQL
 * and on PGlite; and the README's commands as a person meets them, on the saved launches file
 * SPACEX_SNAPSHOT. Prints tables; writes BENCHMARKS.md only with `--write`, so a quick local run
 * leaves the committed figures alone. Not part of the tests: timings are noisy; medians of
 * `--runs`. Sizes above 100,000 run once, on PostgreSQL only and without the API (PGlite and
 * the fake API hold more in memory than such a size allows).
 *
 * PostgreSQL: BENCH_DATABASE_URL (an admin URL; each measurement gets a fresh database), else
 * TEST_DATABASE_URL, else postgres://root@127.0.0.1:5432/postgres. PGlite: temporary directories.
 */
import { execFile, execFileSync } from 'node:child_process';
import {
  closeSync,
  createReadStream,
  existsSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { parseArgs, promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { answerSql, busyMonths, coresReusedWithin, maxCoreUses } from '@spacex/analytics';
import type { Launch } from '@spacex/contract';
import { type Database, DEFAULT_SESSION_LIMITS, openDatabase, sessionSettings } from '@spacex/db';
import { COPY_HEADER, COPY_TRAILER, CopyRows, copyStatement, rawCopy } from '@spacex/db/copy';
import {
  type EmptyTestDatabase,
  inRolledBackTransaction,
  migrateTestDatabase,
  testEngines,
} from '@spacex/db/testing';
import type { IngestSummary } from '@spacex/ingest';
import { runChecks } from '@spacex/quality';
import {
  coreRows,
  crewRows,
  launchCores,
  launchCrew,
  launches as launchesTable,
  launchRow,
  martColumns,
  marts,
  rebuildMarts,
} from '@spacex/schema';
import { findRepositoryRoot, MAX_INTEGER, table as textTable } from '@spacex/terminal';
import { startFakeApi, syntheticLaunches, writeSyntheticFile } from '@spacex/testing';
import { getTableName, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePostgres, PostgresJsSession } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import { describeTarget, measureCommands, median, targetMet } from './commands.js';

const HELP = `Usage: pnpm bench [--sizes 1000,10000,100000,1000000] [--runs 3] [--engines pglite,postgres]
                  [--peer PATH] [--write]

Times the ingest at each size of synthetic launches against PostgreSQL's own COPY of the same
rows and against an in-database ELT script (--peer, else SPACEX_PEER_SCRIPT; without either the
peer is not run), and the README's commands on SPACEX_SNAPSHOT; prints tables, and writes
BENCHMARKS.md with --write. Takes minutes to an hour.

The peer script is run as \`bash PATH DATABASE_URL LAUNCHES_FILE\` on a migrated database.

PostgreSQL: BENCH_DATABASE_URL (an admin URL), else TEST_DATABASE_URL, else
postgres://root@127.0.0.1:5432/postgres. PGlite: temporary directories.
`;

const { values } = (() => {
  try {
    return parseArgs({
      options: {
        sizes: { type: 'string', default: '1000,10000,100000,1000000' },
        runs: { type: 'string', default: '3' },
        engines: { type: 'string', default: 'pglite,postgres' },
        peer: { type: 'string' },
        write: { type: 'boolean', default: false },
        help: { type: 'boolean', short: 'h', default: false },
      },
    });
  } catch (error) {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n\n${HELP}`);
    process.exit(2);
  }
})();
if (values.help) {
  process.stdout.write(HELP);
  process.exit(0);
}
const sizes = (values.sizes ?? '').split(',').map(Number);
const runs = Number(values.runs);
const adminUrl =
  process.env.BENCH_DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  'postgres://root@127.0.0.1:5432/postgres';
const engines = testEngines({ TEST_DATABASE_URL: adminUrl }).filter((e) =>
  (values.engines ?? '').split(',').includes(e.name),
);
const ROOT = findRepositoryRoot();
/** What `pnpm ingest` runs: the bundle when current, else the sources (scripts/launch.mjs). */
const LAUNCH = join(ROOT, 'scripts', 'launch.mjs');
/** The in-database ELT to compare with: named by the user, never looked for. */
const PEER_SCRIPT = values.peer || process.env.SPACEX_PEER_SCRIPT || null;
if (PEER_SCRIPT !== null && !existsSync(PEER_SCRIPT)) {
  process.stderr.write(`--peer ${PEER_SCRIPT}: no such file.\n\n${HELP}`);
  process.exit(2);
}
if (PEER_SCRIPT === null)
  console.error('no --peer script (nor SPACEX_PEER_SCRIPT): the peer is not run.');
/** Above this many launches: one run, PostgreSQL only, no API. */
const LARGE = 100_000;
const work = mkdtempSync(join(tmpdir(), 'spacex-bench-'));

const seconds = (ms: number) => (ms / 1000).toFixed(2);

/**
 * Before each timed step: the files just written reach the disk, and the server writes out what
 * the previous step left dirty (CHECKPOINT; skipped when the role may not). Otherwise a step pays
 * for the one before it: the first ingest after writing the data files ran 1 to 2 s slower.
 */
async function settle(): Promise<void> {
  execFileSync('sync');
  if (!engines.some((e) => e.name === 'postgres')) return;
  const client = postgres(adminUrl, { max: 1, onnotice: () => {} });
  try {
    await client.unsafe('checkpoint');
  } catch {
    // Needs superuser or pg_checkpoint: without it, the steps run unsettled.
  } finally {
    await client.end();
  }
}

/** One ingest run in its own process (as cron runs it), with its wall time and summary. */
async function ingest(
  env: Record<string, string>,
  args: string[],
): Promise<{ wallMs: number; summary: IngestSummary }> {
  await settle();
  const started = performance.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [LAUNCH, 'ingest', ...args, '--no-archive', '--json'],
    {
      // Files and pages here are larger than the 50 MB default cap: the largest cap a setting takes.
      env: {
        ...process.env,
        DATABASE_URL: '',
        PGLITE_DIR: '',
        LOG_LEVEL: 'error',
        SPACEX_MAX_BODY_BYTES: String(MAX_INTEGER),
        ...env,
      },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { wallMs: performance.now() - started, summary: JSON.parse(stdout) };
}

/**
 * The same rows the ingest writes, in COPY's binary format per raw table, written to files in
 * `dir` before the clock starts (streamed: any size fits).
 */
function writeFloorFiles(n: number, dir: string) {
  const tables = [
    {
      target: rawCopy.launches.target,
      write: (out: CopyRows, l: Launch) =>
        rawCopy.launches.write(out, launchRow(l, l, 'bench-floor')),
    },
    {
      target: rawCopy.launchCores.target,
      write: (out: CopyRows, l: Launch) => {
        for (const row of coreRows(l)) rawCopy.launchCores.write(out, row);
      },
    },
    {
      target: rawCopy.launchCrew.target,
      write: (out: CopyRows, l: Launch) => {
        for (const row of crewRows(l)) rawCopy.launchCrew.write(out, row);
      },
    },
  ].map((t, i) => {
    const path = join(dir, `floor-${i}.copy`);
    return { ...t, path, fd: openSync(path, 'w'), pending: new CopyRows() };
  });
  // One COPY's data per file: the header, every batch's rows, the trailer.
  for (const table of tables) writeSync(table.fd, COPY_HEADER);
  const flush = (table: { fd: number; pending: CopyRows }) => {
    writeSync(table.fd, table.pending.body);
    table.pending.clear();
  };
  for (const launch of syntheticLaunches(n, 42)) {
    for (const table of tables) {
      table.write(table.pending, launch);
      if (table.pending.count >= 5_000) flush(table);
    }
  }
  for (const table of tables) {
    flush(table);
    writeSync(table.fd, COPY_TRAILER);
    closeSync(table.fd);
  }
  return tables.map(({ target, path }) => ({ target, path }));
}

/**
 * The floor on a fresh migrated database, in one transaction as an ingest runs: the COPY of
 * `files` (`copyMs`), then the marts' refresh and the data checks over those rows, which an
 * all-or-nothing run must finish before it commits (`withMartsMs`, from the same start to the
 * commit). No ingest that keeps that promise can take less than `withMartsMs`.
 */
async function copyFloor(
  db: EmptyTestDatabase,
  files: ReturnType<typeof writeFloorFiles>,
): Promise<{ copyMs: number; withMartsMs: number }> {
  const runRow = `insert into raw.ingest_runs (id, started_at, finished_at, source_kind, source, status) values ('bench-floor', now(), now(), 'file', 'bench', 'succeeded')`;
  const martsAndChecks = async (database: Database) => {
    await rebuildMarts(database);
    await runChecks(database);
  };
  if (db.target.engine === 'postgres') {
    // The ingest's session settings (JIT off for the checks).
    const client = postgres(db.target.url, {
      max: 1,
      onnotice: () => {},
      connection: sessionSettings(DEFAULT_SESSION_LIMITS),
    });
    const database = drizzlePostgres({ client });
    await database.execute(sql.raw(runRow));
    await settle();
    const started = performance.now();
    let copied = started;
    await database.transaction(async (tx) => {
      // COPY on the transaction's own connection, as the ingest writes.
      const session = tx._.session;
      if (!(session instanceof PostgresJsSession))
        throw new Error('expected a postgres.js session');
      for (const f of files) {
        const writable = await session.client.unsafe(copyStatement(f.target, 'stdin')).writable();
        await pipeline(createReadStream(f.path), writable);
      }
      copied = performance.now();
      await martsAndChecks(tx);
    });
    const committed = performance.now();
    await client.end();
    return { copyMs: copied - started, withMartsMs: committed - started };
  }
  const blobs = files.map((f) => ({ ...f, blob: new Blob([readFileSync(f.path)]) }));
  const pg = await PGlite.create(db.target.dir);
  await pg.exec(runRow);
  await settle();
  const started = performance.now();
  await pg.exec('begin');
  for (const f of blobs) {
    await pg.query(copyStatement(f.target, `'/dev/blob'`), [], {
      blob: f.blob,
    });
  }
  const copied = performance.now();
  await martsAndChecks(drizzlePglite({ client: pg }));
  await pg.exec('commit');
  const committed = performance.now();
  await pg.close();
  return { copyMs: copied - started, withMartsMs: committed - started };
}

/** The peer script on a fresh migrated database: its wall time (ms). */
/**
 * The peer as it runs here: a script written for marts kept as materialized views refreshes
 * them; the marts are tables now, so each refresh becomes the same full recompute (every row
 * deleted, the mart's own query inserted), the work a refresh did.
 */
function peerForTables(script: string): string {
  const dialect = new PgDialect();
  const text = readFileSync(script, 'utf8').replace(
    /refresh materialized view (?:concurrently )?mart\.(\w+)/g,
    (statement, name: string) => {
      const mart = marts.find((m) => getTableName(m.table) === name);
      if (mart === undefined) return statement;
      const rows = dialect.sqlToQuery(
        sql`delete from ${mart.table}; insert into ${mart.table} (${martColumns(mart)}) ${mart.rows()}`,
      );
      return rows.sql;
    },
  );
  const adapted = join(work, 'peer.sh');
  writeFileSync(adapted, text);
  return adapted;
}

async function peer(script: string, file: string): Promise<number> {
  const server = engines.find((e) => e.name === 'postgres');
  if (!server) throw new Error('the peer runs on PostgreSQL only');
  const db = await server.createEmpty();
  try {
    await migrateTestDatabase(db.target);
    await settle();
    const started = performance.now();
    await promisify(execFile)('bash', [peerForTables(script), db.env.DATABASE_URL ?? '', file], {
      maxBuffer: 64 * 1024 * 1024,
    });
    return performance.now() - started;
  } finally {
    await db.drop();
  }
}

/** The row counts and the three answers, computed straight from the generated launches. */
function directAnswers(n: number) {
  const counts = { launches: 0, cores: 0, crew: 0 };
  const flights = new Map<string, number[]>();
  const months = new Map<string, number>();
  for (const l of syntheticLaunches(n, 42)) {
    counts.launches++;
    counts.cores += l.cores.length;
    counts.crew += l.crew.length;
    if (l.upcoming) continue;
    const month = new Date(l.date_utc).toISOString().slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + 1);
    for (const c of l.cores) {
      if (c.core === null) continue;
      const times = flights.get(c.core) ?? [];
      times.push(Date.parse(l.date_utc));
      flights.set(c.core, times);
    }
  }
  let reusedWithin50Days = 0;
  for (const times of flights.values()) {
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++)
      if ((times[i] ?? 0) - (times[i - 1] ?? 0) < 50 * 86_400_000) reusedWithin50Days++;
  }
  return {
    counts,
    maxCoreUses: [...flights.values()].reduce((most, t) => Math.max(most, t.length), 0),
    reusedWithin50Days,
    busyMonths: [...months.entries()]
      .filter(([, count]) => count > 1)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([month, count]) => `${month}:${count}`),
  };
}

interface Row {
  n: number;
  runs: number;
  engine: string;
  /** Wall times of the ingest process (start-up included), like the peer's. */
  fileMs: number;
  apiMs: number | null;
  rerunMs: number;
  /** A rerun of the same file with CHANGED_LAUNCHES launches changed. */
  changedMs: number;
  floorMs: number;
  /** The floor with the marts' refresh and the checks before its commit (copyFloor). */
  floorWithMartsMs: number;
  peerMs: number | null;
  /** Each run's own ratio of the targets (runRatios): their spread is printed with the median. */
  byRun: {
    fileOverFloorWithMarts: number[];
    peerOverFile: number[];
    changedOverRerun: number[];
    rerunOverFile: number[];
  };
  /** Medians of each run's own ratios (pairedRatio). */
  ratios: {
    fileOverFloor: number;
    fileOverFloorWithMarts: number;
    floorWithMartsOverFloor: number;
    peerOverFile: number | null;
    changedOverRerun: number;
    rerunOverFile: number;
  };
  stages: Record<string, number>;
  peakRssMb: number;
  rows: number;
  answersMs: { maxCoreUses: number; coresReusedWithin: number; busyMonths: number };
}

/**
 * The median over runs of `a[i] / b[i]`, each run's figures taken minutes apart (null in `a`: no
 * figure that run); null when no run has both. Steadier than a ratio of medians when the
 * machine's speed drifts from one run to the next.
 */
function pairedRatio(a: readonly (number | null)[], b: readonly number[]): number | null {
  return medianOrNull(runRatios(a, b));
}

const medianOrNull = (values: readonly number[]) => (values.length > 0 ? median(values) : null);

/** Each run's own `a[i] / b[i]`, in run order; runs without both figures left out. */
function runRatios(a: readonly (number | null)[], b: readonly number[]): number[] {
  return a.flatMap((x, i) => {
    const y = b[i];
    return x === null || y === undefined ? [] : [x / y];
  });
}

/**
 * A target's ratio as the tables print it: the median, and with more than one run the lowest
 * and highest run beside it, so a verdict that one run's noise decides is seen as such.
 */
function ratioWithRange(byRun: readonly number[]): string {
  const ratio = (medianOrNull(byRun) ?? Number.NaN).toFixed(2);
  if (byRun.length < 2) return ratio;
  return `${ratio} (${Math.min(...byRun).toFixed(2)}–${Math.max(...byRun).toFixed(2)})`;
}

const results: Row[] = [];
const plans: string[] = [];

type Engine = (typeof engines)[number];

/** One size's inputs: the launches file, the floor's COPY files, and what the database must hold. */
interface SizeInput {
  n: number;
  file: string;
  /** The same launches with CHANGED_LAUNCHES of them changed. */
  changedFile: string;
  floorFiles: ReturnType<typeof writeFloorFiles>;
  expected: ReturnType<typeof directAnswers>;
}

/** How many launches the third run kind changes (renamed, so every mart that names them changes). */
const CHANGED_LAUNCHES = 10;

async function prepareSize(n: number): Promise<SizeInput> {
  const file = join(work, `launches-${n}.json`);
  await writeSyntheticFile(file, n, 42);
  const changedFile = join(work, `launches-${n}-changed.json`);
  const every = Math.max(1, Math.floor(n / CHANGED_LAUNCHES));
  await writeSyntheticFile(changedFile, n, 42, (launch, i) =>
    i % every === 0 && i / every < CHANGED_LAUNCHES
      ? { ...launch, name: `${launch.name} (renamed)`, details: 'changed upstream' }
      : launch,
  );
  return {
    n,
    file,
    changedFile,
    floorFiles: writeFloorFiles(n, work),
    expected: directAnswers(n),
  };
}

/** One run's figures, each taken minutes apart from the others. */
interface RunFigures {
  fileMs: number;
  rerunMs: number;
  changedMs: number;
  apiMs: number | null;
  floorMs: number;
  floorWithMartsMs: number;
  /** Null where the peer did not run: ratios pair figures of the same run. */
  peerMs: number | null;
  stages: Record<string, number>;
  peakRssMb: number;
  answersMs: Row['answersMs'] | null;
}

/** The runs of one size on one engine, as a row of the results (medians over its runs). */
async function measureSize(input: SizeInput, engine: Engine): Promise<Row> {
  const { n, expected } = input;
  const large = n > LARGE;
  const figures: RunFigures[] = [];
  const sizeRuns = large ? 1 : runs;
  for (let run = 0; run < sizeRuns; run++) {
    // A size run once times its reruns in turns, so one slow rerun does not make the ratio.
    figures.push(
      await measureRun(input, engine, run === 0, sizeRuns === 1 ? RERUN_PAIRS_ALONE : 1),
    );
  }
  const all = <K extends keyof RunFigures>(key: K) => figures.map((f) => f[key]);
  const file = all('fileMs');
  const floor = all('floorMs');
  const floorWithMarts = all('floorWithMartsMs');
  const peers = all('peerMs');
  const apis = all('apiMs').filter((ms) => ms !== null);
  const peerRuns = peers.filter((ms) => ms !== null);
  const last = figures.at(-1);
  // The targets' ratios, run by run; their medians are the row's ratios.
  const byRun = {
    fileOverFloorWithMarts: runRatios(file, floorWithMarts),
    peerOverFile: runRatios(peers, file),
    changedOverRerun: runRatios(all('changedMs'), all('rerunMs')),
    rerunOverFile: runRatios(all('rerunMs'), file),
  };
  return {
    n,
    runs: figures.length,
    engine: engine.name,
    fileMs: median(file),
    apiMs: apis.length > 0 ? median(apis) : null,
    rerunMs: median(all('rerunMs')),
    changedMs: median(all('changedMs')),
    floorMs: median(floor),
    floorWithMartsMs: median(floorWithMarts),
    peerMs: peerRuns.length > 0 ? median(peerRuns) : null,
    byRun,
    ratios: {
      fileOverFloor: pairedRatio(file, floor) ?? Number.NaN,
      fileOverFloorWithMarts: medianOrNull(byRun.fileOverFloorWithMarts) ?? Number.NaN,
      floorWithMartsOverFloor: pairedRatio(floorWithMarts, floor) ?? Number.NaN,
      peerOverFile: medianOrNull(byRun.peerOverFile),
      changedOverRerun: medianOrNull(byRun.changedOverRerun) ?? Number.NaN,
      rerunOverFile: medianOrNull(byRun.rerunOverFile) ?? Number.NaN,
    },
    stages: last?.stages ?? {},
    peakRssMb: Math.max(...all('peakRssMb')),
    rows: expected.counts.launches + expected.counts.cores + expected.counts.crew,
    answersMs: figures[0]?.answersMs ?? { maxCoreUses: 0, coresReusedWithin: 0, busyMonths: 0 },
  };
}

/** Unchanged and changed reruns, in turns, of a size that runs once (their medians are taken). */
const RERUN_PAIRS_ALONE = 3;

/**
 * One run: from the file, then `rerunPairs` times the same again (nothing changes) and the file
 * with 10 launches changed, on a fresh database; from the fake API; the COPY floor; the peer.
 * The first run also checks the answers and times them.
 */
async function measureRun(
  input: SizeInput,
  engine: Engine,
  first: boolean,
  rerunPairs: number,
): Promise<RunFigures> {
  const { n, file } = input;
  const db = await engine.createEmpty();
  await migrateTestDatabase(db.target);
  const fromFile = await ingest(db.env, ['--from-file', file]);
  const reruns: number[] = [];
  const changes: number[] = [];
  let rerunPeakMb = 0;
  let answersMs: Row['answersMs'] | null = null;
  for (let pair = 0; pair < rerunPairs; pair++) {
    // After a changed run, the file as it was puts the 10 launches back (not timed).
    if (pair > 0) await ingest(db.env, ['--from-file', file]);
    const again = await ingest(db.env, ['--from-file', file]);
    reruns.push(again.wallMs);
    rerunPeakMb = Math.max(rerunPeakMb, again.summary.peakRssMb);
    if (first && pair === 0) answersMs = await checkAndTimeAnswers(input, engine, db);
    changes.push((await ingest(db.env, ['--from-file', input.changedFile])).wallMs);
  }
  await assertMartsAsRebuilt(db, n);
  await db.drop();
  const apiMs = n > LARGE ? null : await fromApi(n, engine);
  // The floor: COPY of the same raw rows into a fresh database, then the marts and checks.
  const floorDb = await engine.createEmpty();
  await migrateTestDatabase(floorDb.target);
  const floor = await copyFloor(floorDb, input.floorFiles);
  await floorDb.drop();
  return {
    fileMs: fromFile.wallMs,
    rerunMs: median(reruns),
    changedMs: median(changes),
    apiMs,
    floorMs: floor.copyMs,
    floorWithMartsMs: floor.withMartsMs,
    peerMs: engine.name === 'postgres' ? await peerOrNull(n, file) : null,
    stages: fromFile.summary.stages,
    peakRssMb: Math.max(fromFile.summary.peakRssMb, rerunPeakMb),
    answersMs,
  };
}

/**
 * The marts as the runs kept them by key equal a full rebuild of the same data (in a
 * transaction rolled back): each mart's rows digested in order.
 */
async function assertMartsAsRebuilt(db: EmptyTestDatabase, n: number): Promise<void> {
  const handle = await openDatabase({ target: db.target });
  const digests = (d: Database) =>
    Promise.all(
      marts.map(async (m) => {
        const [row] = await d
          .select({
            md5: sql<string>`md5(coalesce(string_agg(row_to_json(t)::text, '|' order by row_to_json(t)::text), ''))`,
          })
          .from(sql`(select ${martColumns(m)} from ${m.table}) as t`);
        return row?.md5;
      }),
    );
  try {
    const kept = await digests(handle.db);
    const rebuilt = await inRolledBackTransaction(handle, async ({ db: tx }) => {
      await rebuildMarts(tx);
      return digests(tx);
    });
    if (JSON.stringify(kept) !== JSON.stringify(rebuilt)) {
      throw new Error(`N=${n}: the marts kept by key differ from a full rebuild`);
    }
  } finally {
    await handle.close();
  }
}

/** The ingest from the fake API (pages of 100), on a fresh database: its wall time (ms). */
async function fromApi(n: number, engine: Engine): Promise<number> {
  const db = await engine.createEmpty();
  await migrateTestDatabase(db.target);
  const api = await startFakeApi([...syntheticLaunches(n, 42)]);
  try {
    const env = { ...db.env, SPACEX_API_URL: api.url, SPACEX_PAGE_SIZE: '100' };
    return (await ingest(env, [])).wallMs;
  } finally {
    await api.close();
    await db.drop();
  }
}

/** The peer on the same file in the same pass, when one was named; null when it fails. */
async function peerOrNull(n: number, file: string): Promise<number | null> {
  if (PEER_SCRIPT === null) return null;
  try {
    return await peer(PEER_SCRIPT, file);
  } catch (error) {
    console.error(`N=${n}: the peer failed: ${(error as Error).message.slice(0, 300)}`);
    return null;
  }
}

/**
 * Correctness inside the benchmark: row counts and the answers against a direct computation;
 * then each answer's time (median of 9), and at the largest size on PostgreSQL their plans.
 */
async function checkAndTimeAnswers(
  { n, expected }: SizeInput,
  engine: Engine,
  db: EmptyTestDatabase,
): Promise<Row['answersMs']> {
  const handle = await openDatabase({ target: db.target, migrations: 'none' });
  try {
    const found = {
      counts: {
        launches: await handle.db.$count(launchesTable),
        cores: await handle.db.$count(launchCores),
        crew: await handle.db.$count(launchCrew),
      },
      maxCoreUses: (await maxCoreUses(handle.db)).uses,
      reusedWithin50Days: (await coresReusedWithin(handle.db)).flights.length,
      busyMonths: (await busyMonths(handle.db)).months.map((m) => `${m.month}:${m.launches}`),
    };
    if (JSON.stringify(found) !== JSON.stringify(expected)) {
      throw new Error(
        `N=${n} ${engine.name}: the database disagrees with the generated data: ` +
          `${JSON.stringify(found).slice(0, 300)} vs ${JSON.stringify(expected).slice(0, 300)}`,
      );
    }
    const time = async (fn: () => Promise<unknown>) => {
      const samples: number[] = [];
      for (let i = 0; i < 9; i++) {
        const t0 = performance.now();
        await fn();
        samples.push(performance.now() - t0);
      }
      return median(samples);
    };
    const answersMs = {
      maxCoreUses: await time(() => maxCoreUses(handle.db)),
      coresReusedWithin: await time(() => coresReusedWithin(handle.db)),
      busyMonths: await time(() => busyMonths(handle.db)),
    };
    if (engine.name === 'postgres' && n === Math.max(...sizes))
      await explainAnswers(handle.db, db, n);
    return answersMs;
  } finally {
    await handle.close();
  }
}

/** The plan of each answer's query, for the report. */
async function explainAnswers(database: Database, db: EmptyTestDatabase, n: number): Promise<void> {
  const client = postgres(db.env.DATABASE_URL ?? '', { max: 1 });
  try {
    for (const [name, query] of Object.entries(answerSql(database, { days: 50, minLaunches: 2 }))) {
      const plan = await client.unsafe(`explain (analyze, costs off, timing off) ${query}`);
      plans.push(`${name} (N = ${n}):\n${plan.map((r) => Object.values(r)[0]).join('\n')}`);
    }
  } finally {
    await client.end();
  }
}

// The README's commands, on the saved launches file, before the large loads heat the machine.
const snapshot = process.env.SPACEX_SNAPSHOT;
const commands = snapshot ? await measureCommands(snapshot, adminUrl, 5) : [];
if (!snapshot) console.error('SPACEX_SNAPSHOT is not set: the README commands are not measured.');

// Largest first: a size the machine cannot take fails before the smaller ones have run.
for (const n of [...sizes].sort((a, b) => b - a)) {
  const input = await prepareSize(n);
  for (const engine of engines) {
    if (n > LARGE && engine.name === 'pglite') continue;
    const row = await measureSize(input, engine);
    results.push(row);
    console.error(
      `N=${n} ${engine.name}: file ${seconds(row.fileMs)} s, api ${row.apiMs === null ? '-' : seconds(row.apiMs)} s, rerun ${seconds(row.rerunMs)} s, COPY floor ${seconds(row.floorMs)} s (${seconds(row.floorWithMartsMs)} s with the marts and checks), peer ${row.peerMs === null ? '-' : seconds(row.peerMs)} s, peak RSS ${row.peakRssMb} MiB; first / floor with marts by run: ${row.byRun.fileOverFloorWithMarts.map((r) => r.toFixed(2)).join(', ')}`,
    );
  }
  rmSync(input.file, { force: true });
  for (const f of input.floorFiles) rmSync(f.path, { force: true });
}

results.sort((a, b) => a.n - b.n || a.engine.localeCompare(b.engine));

const header = [
  'N',
  'engine',
  'runs',
  'file (s)',
  'API (s)',
  'rerun (s)',
  '10 changed (s)',
  'changed / rerun',
  'rerun / file',
  'launches/s',
  'rows/s',
  'COPY floor (s)',
  'file / floor',
  'floor + marts, checks (s)',
  'file / floor + marts, checks',
  'peer (s)',
  'peer / file',
  'first / rerun',
  'peak RSS (MiB)',
  'maxCoreUses (ms)',
  'reusedWithin (ms)',
  'busyMonths (ms)',
];
const lines = results.map((r) => [
  String(r.n),
  r.engine,
  String(r.runs),
  seconds(r.fileMs),
  r.apiMs === null ? '-' : seconds(r.apiMs),
  seconds(r.rerunMs),
  seconds(r.changedMs),
  r.ratios.changedOverRerun.toFixed(2),
  r.ratios.rerunOverFile.toFixed(2),
  String(Math.round(r.n / (r.fileMs / 1000))),
  String(Math.round(r.rows / (r.fileMs / 1000))),
  seconds(r.floorMs),
  r.ratios.fileOverFloor.toFixed(2),
  seconds(r.floorWithMartsMs),
  r.ratios.fileOverFloorWithMarts.toFixed(2),
  r.peerMs === null ? '-' : seconds(r.peerMs),
  r.ratios.peerOverFile === null ? '-' : r.ratios.peerOverFile.toFixed(2),
  (r.fileMs / r.rerunMs).toFixed(1),
  String(r.peakRssMb),
  r.answersMs.maxCoreUses.toFixed(1),
  r.answersMs.coresReusedWithin.toFixed(1),
  r.answersMs.busyMonths.toFixed(1),
]);
/** A Markdown table, each column padded to its widest cell so the file reads as a table too. */
const markdown = (head: string[], rows: string[][]) => textTable(head, rows, 'markdown');
const resultTable = markdown(header, lines);
const stageNames = Object.keys(results[0]?.stages ?? {});
const stageTable = markdown(
  ['N', 'engine', ...stageNames],
  results.map((r) => [String(r.n), r.engine, ...Object.values(r.stages).map((s) => s.toFixed(2))]),
);
const yesNo = (met: boolean | null) => (met === null ? '' : met ? 'met' : 'NOT met');

const commandTable = markdown(
  ['command', 'engine', 'wall (s)', 'beyond the no-op (s)', 'peak memory (MB)', 'target', ''],
  commands.map((c) => [
    c.command,
    c.engine,
    seconds(c.wallMs),
    c.engine ? `+${seconds(c.beyondNoopMs)}` : '',
    String(c.peakMb),
    describeTarget(c.target),
    yesNo(targetMet(c)),
  ]),
);

// The ingest's targets on PostgreSQL: against the peer and the floor at 100,000 launches, and
// memory at most 300 MB at every size and flat (the largest size within 25% of 10,000's).
const pgRows = results.filter((r) => r.engine === 'postgres');
const at100k = pgRows.find((r) => r.n === 100_000);
const at10k = pgRows.find((r) => r.n === 10_000);
const largest = pgRows.at(-1);
const ingestTargets: string[][] = [];
if (at100k?.ratios.peerOverFile != null) {
  const ratio = at100k.ratios.peerOverFile;
  ingestTargets.push([
    '100,000 launches: peer time / ingest time',
    ratioWithRange(at100k.byRun.peerOverFile),
    'at least 1.5',
    yesNo(ratio >= 1.5),
  ]);
}
for (const row of pgRows.filter((r) => r.n >= 100_000)) {
  const size = row.n.toLocaleString('en');
  ingestTargets.push(
    [
      `${size} launches: ${CHANGED_LAUNCHES} changed / unchanged rerun`,
      ratioWithRange(row.byRun.changedOverRerun),
      'at most 1.1',
      yesNo(row.ratios.changedOverRerun <= 1.1),
    ],
    [
      `${size} launches: unchanged rerun / first load`,
      ratioWithRange(row.byRun.rerunOverFile),
      'at most 0.25',
      yesNo(row.ratios.rerunOverFile <= 0.25),
    ],
    [
      `${size} launches: first load / (COPY floor + marts, checks)`,
      ratioWithRange(row.byRun.fileOverFloorWithMarts),
      'at most 1.15',
      yesNo(row.ratios.fileOverFloorWithMarts <= 1.15),
    ],
  );
}
if (at100k) {
  const ratio = at100k.ratios.fileOverFloor;
  ingestTargets.push([
    '100,000 launches: ingest time / COPY floor',
    ratio.toFixed(2),
    'no target: an all-or-nothing run keeps the marts and checks',
    '',
  ]);
  // Not a target: the floor once it also refreshes the marts and runs the checks before its
  // commit, as an all-or-nothing run must. No such run can come under it.
  ingestTargets.push([
    '100,000 launches: (COPY floor + marts, checks) / COPY floor',
    at100k.ratios.floorWithMartsOverFloor.toFixed(2),
    'the least any all-or-nothing run can reach',
    '',
  ]);
}
if (pgRows.length > 0) {
  const peak = Math.max(...pgRows.map((r) => r.peakRssMb));
  ingestTargets.push([
    'peak memory of the ingest, every size (MiB)',
    String(peak),
    'at most 300',
    yesNo(peak <= 300),
  ]);
}
if (at10k && largest && largest.n > at10k.n) {
  const growth = largest.peakRssMb / at10k.peakRssMb;
  ingestTargets.push([
    `peak memory at ${largest.n.toLocaleString('en')} / at 10,000`,
    growth.toFixed(2),
    'at most 1.25 (flat)',
    yesNo(growth <= 1.25),
  ]);
}
const targetTable = markdown(['measure', 'figure', 'target', ''], ingestTargets);

const cpu = cpus();
const report = `# Benchmarks

Measured by \`pnpm bench --sizes ${sizes.join(',')} --runs ${runs} --write\` on ${new Date().toISOString().slice(0, 10)}:
${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB memory, Node.js ${process.version}.
Synthetic launches from \`pnpm gen:launches\` (seed 42). Times are medians of the runs the table
counts, each ingest in its own process on a fresh database; they are noisy, read the ratios. Each
ratio is the median of the runs' own ratios (a run's ingest, floor and peer minutes apart), so
it can differ from the ratio of the medians beside it; a target's figure gives the lowest and
highest run's ratio in brackets. The benchmark checks itself: row counts
and the three answers must equal a direct computation over the generated data.

- **file**, **API**: end-to-end ingest (read, validate, load, refresh the marts, run the checks)
  from a saved file, and from a fake API on 127.0.0.1 in pages of 100.
- **rerun**: the same file again (nothing changes). A size that runs once (every size above
  100,000, or \`--runs 1\`) times the rerun and the 10 changed run 3 times each, in turns on the
  same database, and gives their medians.
- **10 changed**: then the same file with 10 launches renamed (every mart that names them
  changes); after it the bench checks that the marts kept by key equal a full rebuild.
- **COPY floor**: PostgreSQL's own COPY of the same raw rows (launches, cores, crew) from pre-built
  rows in COPY's binary format (as the ingest writes them), one COPY per table in one transaction:
  postgres.js \`.writable()\` on the server (same connection settings as the ingest), \`/dev/blob\`
  on PGlite.
- **floor + marts, checks**: the same transaction, then the marts' refresh and the data checks
  before its commit, as every ingest that changed data runs them (a failing check undoes the run,
  and the marts never lag the raw layer). No all-or-nothing run can take less; **file / floor +
  marts, checks** is the ingest's own overhead beyond that.
- **peak RSS**: the ingest process's peak resident memory (on PGlite it includes the database
  engine itself, which runs in the process).
- stages: **validate** is reading, parsing, validating and encoding each launch for COPY (on
  PostgreSQL the previous batch's COPY runs meanwhile); **write** is waiting for the database to
  take the previous batch.
- **peer**: \`sql-elt.sh\`, the in-database ELT a user could write instead (jq to JSON lines, COPY
  into jsonb, INSERT ... SELECT into raw, refresh; no validation, lineage or change detection), on
  the same file in the same pass, on PostgreSQL. **peer / file** above 1 means the ingest is faster.
- Sizes above 100,000 run once, on PostgreSQL only and without the API.
- answers: median latency of each analytics function over 9 calls.

${resultTable}

Targets of the ingest on PostgreSQL:

${targetTable}

## The README's commands

On the saved API response (\`SPACEX_SNAPSHOT\`, ${snapshot ? 'measured' : 'not set: not measured'}), as a person runs
them after \`pnpm install\` (which bundles the commands and makes the embedded database's
template), medians of 5. Each is also given beyond a no-op pnpm script (pnpm's own start is not
the project's to cut): the median of each run's difference from a no-op run just before it.
Peak memory is the command's largest process.

${commandTable}

Seconds per stage of the first file ingest:

${stageTable}


## Query plans (PostgreSQL, largest N)

\`\`\`
${plans.join('\n\n')}
\`\`\`
`;
console.log(resultTable);
console.log(targetTable);
console.log(commandTable);
if (values.write) {
  writeFileSync(join(findRepositoryRoot(), 'BENCHMARKS.md'), report);
  console.log('Wrote BENCHMARKS.md.');
} else console.log('BENCHMARKS.md left as committed (--write replaces it).');
rmSync(work, { recursive: true, force: true });
