/**
 * raw.ingest_runs, the run log: the one module that writes it. A run is logged as it starts,
 * inside its own transaction (so a rolled-back run leaves no row of its own), completed with its
 * counts before commit, or recorded as failed in a transaction of its own after the rollback.
 */
import type { Database } from '@spacex/schema';
import { ingestRuns, type RunEntityCounts } from '@spacex/schema';
import { eq, sql } from 'drizzle-orm';

/** A run as it starts: what its record in raw.ingest_runs begins with. */
export interface StartedRun {
  runId: string;
  startedAt: Date;
  sourceKind: string;
  source: string;
}

/**
 * What a run read and wrote, as raw.ingest_runs records it: launches read, loaded (valid),
 * changed (inserted or changed by this run), rejected and removed; and the core and crew rows
 * the loaded launches have (written now or kept from an earlier run).
 */
export type RunCounts = Pick<
  typeof ingestRuns.$inferSelect,
  | 'launchesRead'
  | 'launchesLoaded'
  | 'launchesChanged'
  | 'launchesRejected'
  | 'launchesRemoved'
  | 'coreRows'
  | 'crewRows'
>;

/** The counts of a run that has read nothing yet. */
export const NO_COUNTS: RunCounts = {
  launchesRead: 0,
  launchesLoaded: 0,
  launchesChanged: 0,
  launchesRejected: 0,
  launchesRemoved: 0,
  coreRows: 0,
  crewRows: 0,
};

/** A failed run as raw.ingest_runs records it. */
export interface FailedRun extends StartedRun {
  finishedAt: Date;
  sha256: string | null;
  launchesRead: number;
  error: string;
}

/** What raw.ingest_runs.entities keeps of each other entity a run read. */
export function runEntityCounts(
  entities: readonly ({ entity: string } & RunEntityCounts[string])[],
): RunEntityCounts {
  return Object.fromEntries(
    entities.map(({ entity, read, changed, removed, rejected }) => [
      entity,
      { read, changed, removed, rejected },
    ]),
  );
}

/** Logs a run as it starts, inside its transaction: succeeded, unless it is rolled back. */
export async function logRunStart(tx: Database, run: StartedRun): Promise<void> {
  await tx.insert(ingestRuns).values({
    id: run.runId,
    startedAt: run.startedAt,
    finishedAt: run.startedAt,
    sourceKind: run.sourceKind,
    source: run.source,
    status: 'succeeded',
  });
}

/** Completes a run's record before its commit, on the database's clock (freshness is measured on it). */
export async function logRunEnd(
  tx: Database,
  runId: string,
  end: RunCounts & { sha256: string | null; drift: readonly string[]; entities: RunEntityCounts },
): Promise<void> {
  await tx
    .update(ingestRuns)
    .set({ ...end, drift: [...end.drift], finishedAt: sql`clock_timestamp()` })
    .where(eq(ingestRuns.id, runId));
}

/**
 * Records a failed run in a transaction of its own, after the run's own was rolled back. A run
 * already recorded (replayed from a pending record) is left as it is.
 */
export async function recordFailedRun(db: Database, run: FailedRun): Promise<void> {
  await db
    .insert(ingestRuns)
    .values({
      id: run.runId,
      startedAt: run.startedAt,
      finishedAt: run.finishedAt,
      sourceKind: run.sourceKind,
      source: storableText(run.source),
      status: 'failed',
      launchesRead: run.launchesRead,
      sha256: run.sha256,
      error: storableText(run.error),
    })
    .onConflictDoNothing();
}

/**
 * `text` as PostgreSQL can store it: a NUL becomes the six characters `\u0000` and an unpaired
 * surrogate U+FFFD. An error message quotes what was read, which may hold either, and a failure
 * the database refuses to record would be lost.
 */
export function storableText(text: string): string {
  return text.replaceAll('\0', '\\u0000').toWellFormed();
}
