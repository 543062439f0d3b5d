/**
 * Failed runs the database could not take when they failed (the server had stopped): each is
 * kept as a file and recorded in raw.ingest_runs by the next run that reaches the database, so
 * the run log misses no failure.
 */
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Database } from '@spacex/db/client';
import * as v from 'valibot';
import { type FailedRun, recordFailedRun } from './load.js';

const Timestamp = v.pipe(
  v.string(),
  v.isoTimestamp(),
  v.transform((text) => new Date(text)),
);
const PendingRun = v.object({
  runId: v.pipe(v.string(), v.regex(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/)),
  startedAt: Timestamp,
  finishedAt: Timestamp,
  sourceKind: v.string(),
  source: v.string(),
  sha256: v.nullable(v.string()),
  launchesRead: v.pipe(v.number(), v.integer()),
  error: v.string(),
});

/** Keeps `run` in `dir` until a later run records it; returns the file written. */
export async function savePendingRun(dir: string, run: FailedRun): Promise<string> {
  await mkdir(dir, { recursive: true });
  const path = join(dir, `${run.runId}.json`);
  await writeFile(path, `${JSON.stringify(run, null, 2)}\n`);
  return path;
}

/**
 * Records every pending run in `dir` and removes its file; returns the ids recorded. A file that
 * is not a pending run is left alone and named in `onUnreadable`.
 */
export async function recordPendingRuns(
  db: Database,
  dir: string,
  onUnreadable: (path: string) => void = () => {},
): Promise<string[]> {
  const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith('.json')).sort();
  const recorded: string[] = [];
  for (const file of files) {
    const path = join(dir, file);
    const parsed = v.safeParse(
      PendingRun,
      JSON.parse(await readFile(path, 'utf8').catch(() => 'null')),
    );
    if (!parsed.success) {
      onUnreadable(path);
      continue;
    }
    await recordFailedRun(db, parsed.output);
    await rm(path, { force: true });
    recorded.push(parsed.output.runId);
  }
  return recorded;
}
