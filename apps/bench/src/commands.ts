/**
 * The README's commands as a person runs them (`pnpm answers`, `pnpm ingest --from-file`), on a
 * saved launches file: wall time and peak memory, medians of `runs`, each also as the time
 * beyond a no-op pnpm script timed just before it (pnpm's own start is not ours to cut).
 * Peak memory is the largest process of the command's tree (GNU time's maximum resident set).
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { type EmptyTestDatabase, migrateTestDatabase, testEngines } from '@spacex/db/testing';
import { findRepositoryRoot } from '@spacex/terminal';

export interface CommandFigure {
  command: string;
  engine: 'pglite' | 'postgres' | '';
  wallMs: number;
  /** Wall time beyond the no-op pnpm script's. */
  beyondNoopMs: number;
  peakMb: number;
  target: Target;
}

/** A target: wall time in all, time beyond the no-op, peak memory; what is unset is not aimed at. */
export interface Target {
  wallMs?: number;
  beyondNoopMs?: number;
  peakMb?: number;
}

/** Whether a figure meets its target (null: it has none). */
export function targetMet(f: CommandFigure): boolean | null {
  const { wallMs, beyondNoopMs, peakMb } = f.target;
  if (wallMs === undefined && beyondNoopMs === undefined && peakMb === undefined) return null;
  return (
    (wallMs === undefined || f.wallMs <= wallMs) &&
    (beyondNoopMs === undefined || f.beyondNoopMs <= beyondNoopMs) &&
    (peakMb === undefined || f.peakMb <= peakMb)
  );
}

/** A target in words: "+0.6 s, 300 MB". */
export function describeTarget(target: Target): string {
  const parts = [
    ...(target.wallMs === undefined ? [] : [`${(target.wallMs / 1000).toFixed(1)} s in all`]),
    ...(target.beyondNoopMs === undefined ? [] : [`+${(target.beyondNoopMs / 1000).toFixed(1)} s`]),
    ...(target.peakMb === undefined ? [] : [`${target.peakMb} MB`]),
  ];
  return parts.join(', ') || '';
}

/** The middle value (the upper one of an even count); NaN for none. */
export const median = (xs: readonly number[]) =>
  [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? Number.NaN;

type Measured = Awaited<ReturnType<typeof measure>>;

/** Runs `args` under GNU time in `cwd`; wall time (ms) and peak resident memory (MB). */
async function timed(
  args: string[],
  cwd: string,
  env: Record<string, string>,
): Promise<{ wallMs: number; peakMb: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'spacex-time-'));
  const out = join(dir, 'time.txt');
  const started = performance.now();
  await promisify(execFile)('/usr/bin/time', ['-o', out, '-f', '%M', ...args], {
    cwd,
    env: { ...process.env, LOG_LEVEL: 'error', ...env },
    maxBuffer: 64 * 1024 * 1024,
  });
  const wallMs = performance.now() - started;
  const kb = Number(readFileSync(out, 'utf8').trim().split('\n').at(-1));
  rmSync(dir, { recursive: true, force: true });
  return { wallMs, peakMb: Math.round(kb / 1024) };
}

/**
 * `runs` measurements of `args`, each just after a timed run of `noop` and an untimed `before`.
 * The time beyond the no-op is the median of each pair's difference: a machine that slows down
 * between one command's runs and the next command's moves both of a pair alike.
 */
async function measure(
  runs: number,
  args: string[],
  cwd: string,
  env: Record<string, string>,
  noop: () => Promise<{ wallMs: number }>,
  before: () => void = () => {},
) {
  const walls: number[] = [];
  const beyond: number[] = [];
  const peaks: number[] = [];
  for (let i = 0; i < runs; i++) {
    const noopMs = (await noop()).wallMs;
    before();
    const { wallMs, peakMb } = await timed(args, cwd, env);
    walls.push(wallMs);
    beyond.push(wallMs - noopMs);
    peaks.push(peakMb);
  }
  return { wallMs: median(walls), beyondNoopMs: median(beyond), peakMb: Math.max(...peaks) };
}

/**
 * The README commands on `launchesFile`, on PGlite (a new directory for the first run, then
 * reruns and answers on it) and on the PostgreSQL server at `adminUrl`, `runs` times each.
 */
export async function measureCommands(
  launchesFile: string,
  adminUrl: string,
  runs: number,
): Promise<CommandFigure[]> {
  const root = findRepositoryRoot();
  const work = mkdtempSync(join(tmpdir(), 'spacex-bench-commands-'));
  // The same pnpm, in a folder of its own, running a script that does nothing.
  writeFileSync(
    join(work, 'package.json'),
    JSON.stringify({ name: 'noop', private: true, scripts: { noop: 'exit 0' } }),
  );
  const runNoop = () => timed(['pnpm', '-s', 'run', 'noop'], work, {});
  const noops: { wallMs: number; peakMb: number }[] = [];
  for (let i = 0; i < runs; i++) noops.push(await runNoop());
  const noop = {
    wallMs: median(noops.map((n) => n.wallMs)),
    beyondNoopMs: 0,
    peakMb: Math.max(...noops.map((n) => n.peakMb)),
  };

  const ingest = ['pnpm', '-s', 'ingest', '--from-file', launchesFile];
  const archive = { SPACEX_ARCHIVE_DIR: join(work, 'archive') };
  const pgliteDir = join(work, 'pglite');
  const lite = { ...archive, PGLITE_DIR: pgliteDir, DATABASE_URL: '' };
  const firstRun = await measure(runs, ingest, root, lite, runNoop, () =>
    rmSync(pgliteDir, { recursive: true, force: true }),
  );
  const rerun = await measure(runs, ingest, root, lite, runNoop);
  const answersLite = await measure(runs, ['pnpm', '-s', 'answers'], root, lite, runNoop);

  const server = testEngines({ TEST_DATABASE_URL: adminUrl }).find((e) => e.name === 'postgres');
  let answersPg: Measured | null = null;
  let db: EmptyTestDatabase | undefined;
  if (server) {
    db = await server.createEmpty();
    try {
      await migrateTestDatabase(db.target);
      const pg = { ...archive, ...db.env };
      await timed(ingest, root, pg);
      answersPg = await measure(runs, ['pnpm', '-s', 'answers'], root, pg, runNoop);
    } finally {
      await db.drop();
    }
  }
  rmSync(work, { recursive: true, force: true });

  const figure = (
    command: string,
    engine: CommandFigure['engine'],
    m: Measured,
    target: Target,
  ): CommandFigure => ({
    command,
    engine,
    wallMs: m.wallMs,
    beyondNoopMs: m.beyondNoopMs,
    peakMb: m.peakMb,
    target,
  });
  return [
    figure('a no-op pnpm script', '', noop, {}),
    figure('pnpm answers', 'pglite', answersLite, { beyondNoopMs: 600, peakMb: 300 }),
    ...(answersPg ? [figure('pnpm answers', 'postgres', answersPg, { beyondNoopMs: 200 })] : []),
    figure('pnpm ingest --from-file, unchanged rerun', 'pglite', rerun, { beyondNoopMs: 1000 }),
    figure('pnpm ingest --from-file, first run (new directory)', 'pglite', firstRun, {
      wallMs: 4000,
    }),
  ];
}
