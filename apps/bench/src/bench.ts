/**
 * `pnpm bench [--sizes 1000,10000,100000] [--runs 3] [--write]`: how the ingest's cost grows,
 * against the physical floor (PostgreSQL's own COPY of the same rows), on PostgreSQL and on
 * PGlite. Prints a table; writes BENCHMARKS.md only with `--write`, so a quick local run leaves
 * the committed figures alone. Not part of the tests: timings are noisy; medians of `--runs`.
 *
 * PostgreSQL: BENCH_DATABASE_URL (an admin URL; each measurement gets a fresh database), else
 * TEST_DATABASE_URL, else postgres://root@127.0.0.1:5432/postgres. PGlite: temporary directories.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { parseArgs, promisify } from 'node:util';
import { PGlite } from '@electric-sql/pglite';
import { answerSql, busyMonths, coresReusedWithin, maxCoreUses } from '@spacex/analytics';
import type { Launch } from '@spacex/contract';
import { findRepositoryRoot, openDatabase, withNoDelay } from '@spacex/db';
import { coreRows, crewRows, launchRow, rawCopy } from '@spacex/db/rows';
import { launchCores, launchCrew, launches as launchesTable } from '@spacex/db/schema';
import { type EmptyTestDatabase, migrateTestDatabase, testEngines } from '@spacex/db/testing';
import type { IngestSummary } from '@spacex/ingest';
import { startFakeApi, writeSyntheticFile } from '@spacex/testing';
import postgres from 'postgres';

const { values } = parseArgs({
  options: {
    sizes: { type: 'string', default: '1000,10000,100000' },
    runs: { type: 'string', default: '3' },
    write: { type: 'boolean', default: false },
  },
});
const sizes = (values.sizes ?? '').split(',').map(Number);
const runs = Number(values.runs);
const adminUrl =
  process.env.BENCH_DATABASE_URL ||
  process.env.TEST_DATABASE_URL ||
  'postgres://root@127.0.0.1:5432/postgres';
const engines = testEngines({ TEST_DATABASE_URL: adminUrl });
const INGEST_MAIN = join(findRepositoryRoot(), 'apps', 'ingest', 'src', 'main.ts');
const work = mkdtempSync(join(tmpdir(), 'spacex-bench-'));

const median = (xs: number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;
const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** One ingest run in its own process (as cron runs it), with its summary. */
async function ingest(
  env: Record<string, string>,
  args: string[],
): Promise<{ wallMs: number; summary: IngestSummary }> {
  const started = performance.now();
  const { stdout } = await promisify(execFile)(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', INGEST_MAIN, ...args, '--no-archive', '--json'],
    {
      // Files and pages here are larger than the 50 MB default cap.
      env: {
        ...process.env,
        DATABASE_URL: '',
        PGLITE_DIR: '',
        LOG_LEVEL: 'error',
        SPACEX_MAX_BODY_BYTES: String(2 ** 30),
        ...env,
      },
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  return { wallMs: performance.now() - started, summary: JSON.parse(stdout) };
}

/** The same rows the ingest writes, as COPY text per raw table, built before the clock starts. */
function floorTables(launches: readonly Launch[]) {
  return [
    {
      target: rawCopy.launches.target,
      text: launches.map((l) => rawCopy.launches.line(launchRow(l, l, 'bench-floor'))).join(''),
    },
    {
      target: rawCopy.launchCores.target,
      text: launches
        .flatMap(coreRows)
        .map((r) => rawCopy.launchCores.line(r))
        .join(''),
    },
    {
      target: rawCopy.launchCrew.target,
      text: launches
        .flatMap(crewRows)
        .map((r) => rawCopy.launchCrew.line(r))
        .join(''),
    },
  ];
}

async function copyFloor(db: EmptyTestDatabase, launches: readonly Launch[]): Promise<number> {
  const tables = floorTables(launches);
  const runRow = `insert into raw.ingest_runs (id, started_at, finished_at, source_kind, source, status) values ('bench-floor', now(), now(), 'file', 'bench', 'succeeded')`;
  if (db.target.engine === 'postgres') {
    // The same connection settings as the ingest's (TCP_NODELAY included).
    const client = postgres(db.target.url, { ...withNoDelay(10), max: 1, onnotice: () => {} });
    await client.unsafe(runRow);
    const started = performance.now();
    for (const t of tables) {
      const writable = await client
        .unsafe(`copy ${t.target.table} ${t.target.columns} from stdin`)
        .writable();
      await pipeline(Readable.from([t.text]), writable);
    }
    const ms = performance.now() - started;
    await client.end();
    return ms;
  }
  const pg = await PGlite.create(db.target.dir);
  await pg.exec(runRow);
  const started = performance.now();
  for (const t of tables) {
    await pg.query(`copy ${t.target.table} ${t.target.columns} from '/dev/blob'`, [], {
      blob: new Blob([t.text]),
    });
  }
  const ms = performance.now() - started;
  await pg.close();
  return ms;
}

/** The row counts and the three answers, computed straight from the generated launches. */
function directAnswers(launches: readonly Launch[]) {
  const past = launches.filter((l) => !l.upcoming);
  const flights = new Map<string, number[]>();
  for (const l of past)
    for (const c of l.cores) {
      if (c.core === null) continue;
      const times = flights.get(c.core) ?? [];
      times.push(Date.parse(l.date_utc));
      flights.set(c.core, times);
    }
  let reusedWithin50Days = 0;
  for (const times of flights.values()) {
    times.sort((a, b) => a - b);
    for (let i = 1; i < times.length; i++)
      if ((times[i] ?? 0) - (times[i - 1] ?? 0) < 50 * 86_400_000) reusedWithin50Days++;
  }
  const months = new Map<string, number>();
  for (const l of past) {
    const month = new Date(l.date_utc).toISOString().slice(0, 7);
    months.set(month, (months.get(month) ?? 0) + 1);
  }
  return {
    counts: {
      launches: launches.length,
      cores: launches.reduce((sum, l) => sum + l.cores.length, 0),
      crew: launches.reduce((sum, l) => sum + l.crew.length, 0),
    },
    maxCoreUses: Math.max(0, ...[...flights.values()].map((t) => t.length)),
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
  fileMs: number;
  apiMs: number;
  rerunMs: number;
  floorMs: number;
  stages: Record<string, number>;
  peakRssMb: number;
  rows: number;
  answersMs: { maxCoreUses: number; coresReusedWithin: number; busyMonths: number };
}

const results: Row[] = [];
const plans: string[] = [];

for (const n of sizes) {
  const file = join(work, `launches-${n}.json`);
  await writeSyntheticFile(file, n, 42);
  const launches: Launch[] = JSON.parse(readFileSync(file, 'utf8'));
  const rowCount = launches.reduce((sum, l) => sum + 1 + l.cores.length + l.crew.length, 0);
  for (const engine of engines) {
    const file_: number[] = [];
    const api_: number[] = [];
    const rerun_: number[] = [];
    const floor_: number[] = [];
    let stages: Record<string, number> = {};
    let peak = 0;
    let answersMs = { maxCoreUses: 0, coresReusedWithin: 0, busyMonths: 0 };
    const runsHere = runs;
    for (let run = 0; run < runsHere; run++) {
      // From a file, then the same again (nothing changes), on a fresh database.
      const db = await engine.createEmpty();
      await migrateTestDatabase(db.target);
      const first = await ingest(db.env, ['--from-file', file]);
      file_.push(first.summary.durationMs);
      stages = first.summary.stages;
      peak = Math.max(peak, first.summary.peakRssMb);
      rerun_.push((await ingest(db.env, ['--from-file', file])).summary.durationMs);
      if (run === 0) {
        // Correctness inside the benchmark: row counts and the answers against a direct computation.
        const handle = await openDatabase({ target: db.target, migrations: 'none' });
        const expected = directAnswers(launches);
        const counts = {
          launches: await handle.db.$count(launchesTable),
          cores: await handle.db.$count(launchCores),
          crew: await handle.db.$count(launchCrew),
        };
        const found = {
          counts,
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
        answersMs = {
          maxCoreUses: await time(() => maxCoreUses(handle.db)),
          coresReusedWithin: await time(() => coresReusedWithin(handle.db)),
          busyMonths: await time(() => busyMonths(handle.db)),
        };
        if (engine.name === 'postgres' && n === sizes[sizes.length - 1]) {
          const client = postgres(db.env.DATABASE_URL ?? '', { max: 1 });
          for (const [name, query] of Object.entries(
            answerSql(handle.db, { days: 50, minLaunches: 2 }),
          )) {
            const plan = await client.unsafe(`explain (analyze, costs off, timing off) ${query}`);
            plans.push(`${name} (N = ${n}):\n${plan.map((r) => Object.values(r)[0]).join('\n')}`);
          }
          await client.end();
        }
        await handle.close();
      }
      await db.drop();

      // From the fake API (pages of 100), on a fresh database.
      const apiDb = await engine.createEmpty();
      await migrateTestDatabase(apiDb.target);
      const api = await startFakeApi(launches);
      api_.push(
        (await ingest({ ...apiDb.env, SPACEX_API_URL: api.url, SPACEX_PAGE_SIZE: '100' }, []))
          .summary.durationMs,
      );
      await api.close();
      await apiDb.drop();

      // The floor: COPY of the same raw rows into a fresh database.
      const floorDb = await engine.createEmpty();
      await migrateTestDatabase(floorDb.target);
      floor_.push(await copyFloor(floorDb, launches));
      await floorDb.drop();
    }
    const row: Row = {
      n,
      runs: runsHere,
      engine: engine.name,
      fileMs: median(file_),
      apiMs: median(api_),
      rerunMs: median(rerun_),
      floorMs: median(floor_),
      stages,
      peakRssMb: peak,
      rows: rowCount,
      answersMs,
    };
    results.push(row);
    console.error(
      `N=${n} ${engine.name}: file ${seconds(row.fileMs)} s, api ${seconds(row.apiMs)} s, rerun ${seconds(row.rerunMs)} s, COPY floor ${seconds(row.floorMs)} s, peak RSS ${row.peakRssMb} MiB`,
    );
  }
}

// PGlite's start-up: a new directory (initdb) and an existing one.
const startup = async (dir: string) => {
  const t0 = performance.now();
  const pg = await PGlite.create(dir);
  const ms = performance.now() - t0;
  await pg.close();
  return ms;
};
const pgliteDir = join(work, 'startup');
const newDirMs = await startup(pgliteDir);
const existingMs = median([
  await startup(pgliteDir),
  await startup(pgliteDir),
  await startup(pgliteDir),
]);

const header = [
  'N',
  'engine',
  'runs',
  'file (s)',
  'API (s)',
  'rerun (s)',
  'launches/s',
  'rows/s',
  'COPY floor (s)',
  'file / floor',
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
  seconds(r.apiMs),
  seconds(r.rerunMs),
  String(Math.round(r.n / (r.fileMs / 1000))),
  String(Math.round(r.rows / (r.fileMs / 1000))),
  seconds(r.floorMs),
  (r.fileMs / r.floorMs).toFixed(1),
  (r.fileMs / r.rerunMs).toFixed(1),
  String(r.peakRssMb),
  r.answersMs.maxCoreUses.toFixed(1),
  r.answersMs.coresReusedWithin.toFixed(1),
  r.answersMs.busyMonths.toFixed(1),
]);
const table = [
  `| ${header.join(' | ')} |`,
  `| ${header.map(() => '---').join(' | ')} |`,
  ...lines.map((l) => `| ${l.join(' | ')} |`),
].join('\n');
const stageTable = [
  `| N | engine | ${Object.keys(results[0]?.stages ?? {}).join(' | ')} |`,
  '| --- | --- | ' +
    Object.keys(results[0]?.stages ?? {})
      .map(() => '---')
      .join(' | ') +
    ' |',
  ...results.map(
    (r) =>
      `| ${r.n} | ${r.engine} | ${Object.values(r.stages)
        .map((s) => s.toFixed(2))
        .join(' | ')} |`,
  ),
].join('\n');
const cpu = cpus();
const report = `# Benchmarks

Measured by \`pnpm bench --sizes ${sizes.join(',')} --runs ${runs} --write\` on ${new Date().toISOString().slice(0, 10)}:
${cpu.length} × ${cpu[0]?.model ?? 'unknown CPU'}, ${Math.round(totalmem() / 2 ** 30)} GiB memory, Node.js ${process.version}.
Synthetic launches from \`pnpm gen:launches\` (seed 42). Times are medians of the runs the table
counts, each ingest in its own process on a fresh database; they are noisy, read the ratios. The
benchmark checks itself: row counts and the three answers must equal a direct computation over
the generated data.

- **file**, **API**: end-to-end ingest (read, validate, load, refresh the marts, run the checks)
  from a saved file, and from a fake API on 127.0.0.1 in pages of 100.
- **rerun**: the same file again (nothing changes).
- **COPY floor**: PostgreSQL's own COPY of the same raw rows (launches, cores, crew) from pre-built
  text, one COPY per table: postgres.js \`.writable()\` on the server (same connection settings
  as the ingest), \`/dev/blob\` on PGlite.
- **peak RSS**: the ingest process's peak resident memory (on PGlite it includes the database
  engine itself, which runs in the process).
- stages: **validate** is reading, parsing and validating (on PostgreSQL the previous batch's COPY
  runs meanwhile); **write** is building COPY text and waiting for the database to take it.
- answers: median latency of each analytics function over 9 calls.

${table}

Seconds per stage of the first file ingest:

${stageTable}

PGlite start-up: a new directory (initdb) ${seconds(newDirMs)} s; an existing one ${seconds(existingMs)} s.

## Query plans (PostgreSQL, largest N)

\`\`\`
${plans.join('\n\n')}
\`\`\`
`;
console.log(table);
if (values.write) {
  writeFileSync(join(findRepositoryRoot(), 'BENCHMARKS.md'), report);
  console.log('Wrote BENCHMARKS.md.');
} else console.log('BENCHMARKS.md left as committed (--write replaces it).');
rmSync(work, { recursive: true, force: true });
