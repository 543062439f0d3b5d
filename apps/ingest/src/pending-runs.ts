/**
 * Failed runs the database could not take when they failed (the server had stopped): each is
 * kept as a file and recorded in raw.ingest_runs by the next run that reaches the same database,
 * so the run log misses no failure. A file that cannot be recorded (cut short, or refused by the
 * database) is moved aside with a warning: it never blocks a later run.
 */
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { sqlState } from '@spacex/db';
import type { Database } from '@spacex/db/client';
import { errorMessage } from '@spacex/terminal';
import * as v from 'valibot';
import { type FailedRun, recordFailedRun } from './run-log.js';

const Timestamp = v.pipe(
  v.string(),
  v.isoTimestamp(),
  v.transform((text) => new Date(text)),
);
const PendingRun = v.object({
  /** The database the run was meant for, as it prints (passwords redacted). */
  database: v.string(),
  runId: v.pipe(v.string(), v.regex(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/)),
  startedAt: Timestamp,
  finishedAt: Timestamp,
  sourceKind: v.string(),
  source: v.string(),
  sha256: v.nullable(v.string()),
  launchesRead: v.pipe(v.number(), v.integer()),
  error: v.string(),
});

/** A pending run file moved aside: what it was, where it went, and why. */
export interface SetAside {
  path: string;
  movedTo: string;
  reason: string;
}

/**
 * Keeps `run`, meant for the database `database` (its display form), in `dir` until a later run
 * on that database records it; returns the file written. Written to a temporary name and
 * renamed, so a crash never leaves a file cut short.
 */
export async function savePendingRun(
  dir: string,
  database: string,
  run: FailedRun,
): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${run.runId}.json`);
  const partial = `${path}.partial`;
  await writeFile(partial, `${JSON.stringify({ database, ...run }, null, 2)}\n`);
  await rename(partial, path);
  return path;
}

/**
 * Records every pending run in `dir` meant for `database` and removes its file; returns the ids
 * recorded. Files meant for another database are left for it. A file that is not a pending run,
 * or that the database refuses (a data exception: its text cannot be stored), is renamed to
 * `<name>.unrecorded` and named in `onSetAside`.
 */
export async function recordPendingRuns(
  db: Database,
  dir: string,
  database: string,
  onSetAside: (aside: SetAside) => void = () => {},
): Promise<string[]> {
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json')).sort();
  const recorded: string[] = [];
  const setAside = async (path: string, reason: string) => {
    const movedTo = `${path}.unrecorded`;
    await rename(path, movedTo);
    onSetAside({ path, movedTo, reason });
  };
  for (const file of files) {
    const path = join(dir, file);
    let parsed: v.SafeParseResult<typeof PendingRun>;
    try {
      parsed = v.safeParse(PendingRun, JSON.parse(await readFile(path, 'utf8')));
    } catch (error) {
      await setAside(path, `not JSON (${errorMessage(error)})`);
      continue;
    }
    if (!parsed.success) {
      await setAside(
        path,
        `not a pending run record (${v.summarize(parsed.issues).split('\n')[0]})`,
      );
      continue;
    }
    if (parsed.output.database !== database) continue;
    const { database: _, ...run } = parsed.output;
    try {
      await recordFailedRun(db, run);
    } catch (error) {
      // Class 22, a data exception: this record can never be stored. Anything else (the
      // server gone again) leaves the file for the next run.
      if (!sqlState(error)?.startsWith('22')) throw error;
      await setAside(path, `the database refused it (${errorMessage(error)})`);
      continue;
    }
    await rm(path, { force: true });
    recorded.push(run.runId);
  }
  return recorded;
}
