/**
 * Loads a read into the raw layer and refreshes the marts, in one transaction: the database
 * holds either the previous good state or the new one, never a mix. Launches arrive validated,
 * batch by batch, and are written with COPY as they come, so memory stays bounded whatever the
 * size of the read.
 */

import { sqlState } from '@spacex/db';
import type { Database, DatabaseHandle } from '@spacex/db/client';
import { CopyEncoder, CopyRows, coreRows, crewRows, launchRow, rawCopy } from '@spacex/db/rows';
import {
  ingestRuns,
  LAUNCH_NAME_UNIQUE,
  launchCores,
  launchCrew,
  launches,
  martViews,
  rejectedLaunches,
} from '@spacex/db/schema';
import { type CheckResult, hasErrors, runChecks } from '@spacex/quality';
import { eq, sql } from 'drizzle-orm';
import type { ChangedLaunch, CheckedRead } from './checked-read.js';
import { type EntityCounts, type EntityDescriptor, loadEntity } from './entities.js';
import { ReadIds } from './read-ids.js';
import { guardRemovals, type MaxRemovals } from './removals.js';
import type { SourceRead } from './sources/source.js';
import { idSet, isOneOf } from './sql.js';
import { storedLaunches } from './stored-launches.js';

export interface LoadInput {
  runId: string;
  startedAt: Date;
  sourceKind: string;
  source: string;
  /** The launches, validated as they stream in. */
  read: CheckedRead;
  /** Roll the run back when an error-level data check fails (else only report it). */
  failOnCheckError: boolean;
  /** How many stored launches (and records of each entity) the run may remove (see guardRemovals). */
  maxRemovals?: MaxRemovals;
  /** Keep invalid records of other entities in raw.rejected_records instead of failing. */
  skipInvalid?: boolean;
  /** The other entities read this run, loaded after the launches; entities not read are left alone. */
  entities?: { descriptor: EntityDescriptor; read: SourceRead }[];
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

export interface LoadResult {
  counts: RunCounts;
  /** What the run did with each other entity it read. */
  entities: EntityCounts[];
  /** The data checks, run on the loaded data before commit. */
  checks: CheckResult[];
  /** False when no launch changed, so the marts were already current. */
  martsRefreshed: boolean;
}

/**
 * The load's stages, in order. Each is a pause point for the fault tests; all but `cores and
 * crew` (reached inside a batch's write, between its launches and its cores) are also timed.
 * `validate` and `write` alternate once per batch.
 */
export const LOAD_STAGES = [
  'lock',
  'validate',
  'write',
  'cores and crew',
  'removals',
  'marts',
  'refreshing',
  'checks',
  'run log',
] as const;
export type LoadStage = (typeof LOAD_STAGES)[number];

export class ChecksFailedError extends Error {
  override name = 'ChecksFailedError';
  constructor(readonly results: readonly CheckResult[]) {
    const failed = results.filter((r) => r.status === 'fail');
    super(
      `${failed.length} error-level data check(s) failed, and --fail-on-check-error rolls the run back: ` +
        failed
          .map(
            (r) =>
              `${r.name} on ${r.relation}: ${r.failing} row(s), e.g. ${r.sample.slice(0, 3).join(', ')}`,
          )
          .join('; ') +
        '. Run pnpm quality for details.',
    );
  }
}

const { launches: launchCopy, launchCores: coreCopy, launchCrew: crewCopy } = rawCopy;
const nameConstraint = sql`${sql.identifier('raw')}.${sql.identifier(LAUNCH_NAME_UNIQUE)}`;
const UNIQUE_VIOLATION = '23505';
/** Rejected launches go by COPY too (only with --skip-invalid). */
const rejectedCopy = new CopyEncoder(rejectedLaunches, [
  'ingestRunId',
  'position',
  'launchId',
  'launchName',
  'source',
  'issues',
]);

export async function loadRun(
  database: Pick<DatabaseHandle, 'transaction'>,
  input: LoadInput,
  onStage: (stage: LoadStage, detail?: string) => void | Promise<void> = () => {},
): Promise<LoadResult> {
  return database.transaction(async ({ db: tx, copy }) => {
    await onStage('lock');
    // One run at a time: waits for another run to finish, up to the session's lock_timeout. A
    // table lock, not an advisory one, so only a role that may write raw.launches can take it
    // (the mode lets readers read, and conflicts with itself).
    await tx.execute(sql`lock table ${launches} in share row exclusive mode`);
    // Names are checked at commit: a launch may take the name of one this run removes.
    await tx.execute(sql`set constraints ${nameConstraint} deferred`);
    await tx.insert(ingestRuns).values({
      id: input.runId,
      startedAt: input.startedAt,
      finishedAt: input.startedAt,
      sourceKind: input.sourceKind,
      source: input.source,
      status: 'succeeded',
    });
    // Launches whose text hashes to a stored launch's are unchanged: not written at all, so a
    // rerun changes nothing, lineage included. Changed ones are deleted (their cores and crew go
    // by cascade) and written anew.
    const stored = await storedLaunches(tx);
    const readIds = await ReadIds.create(tx);

    let changed = 0;
    // Each batch's COPYs run while the next batch is read and validated: the client's work
    // overlaps the server's. `writing` is the previous batch's write; it is awaited (and its
    // error raised) before the next one starts, and once more after the last.
    let writing: Promise<void> = Promise.resolve();
    await onStage('validate');
    // Each changed launch is written into the COPY rows of its batch as soon as it is validated.
    // Two sets of rows take turns, one being written while the next is built: their buffers are
    // reused, not allocated anew for each batch of megabytes.
    type BatchRows = Record<'launches' | 'cores' | 'crew' | 'rejected', CopyRows>;
    const newRows = (): BatchRows => ({
      launches: new CopyRows(),
      cores: new CopyRows(),
      crew: new CopyRows(),
      rejected: new CopyRows(),
    });
    const cleared = (rows: BatchRows): BatchRows => {
      for (const table of Object.values(rows)) table.clear();
      return rows;
    };
    let batchRows = newRows();
    /** The rows of the batch being written: free again once `writing` settles. */
    let spareRows = newRows();
    const encode = ({ launch, source, text, sha256 }: ChangedLaunch) => {
      // The source column takes the text as read: jsonb parses it, nothing is serialised again.
      launchCopy.write(batchRows.launches, launchRow(launch, source, input.runId, sha256), {
        key: 'source',
        text,
      });
      for (const core of coreRows(launch)) coreCopy.write(batchRows.cores, core);
      for (const member of crewRows(launch)) crewCopy.write(batchRows.crew, member);
      return launch.id;
    };
    for await (const batch of input.read.batches(stored.lookup, encode)) {
      await onStage('write');
      const rows = batchRows;
      changed += batch.changed.length;
      for (const r of batch.rejected) {
        rejectedCopy.write(rows.rejected, { ingestRunId: input.runId, ...r });
      }
      await writing;
      batchRows = cleared(spareRows);
      spareRows = rows;
      writing = (async () => {
        // First the ids: one read twice fails the run before its launch is written again.
        const twice = await readIds.add(batch.ids);
        if (twice !== undefined) throw input.read.readTwiceError(twice.first, twice.again);
        // A changed launch replaces its stored version (its cores and crew go by cascade).
        if (stored.count > 0 && batch.changed.length > 0) {
          await tx.delete(launches).where(isOneOf(launches.id, batch.changed));
        }
        if (!rows.launches.empty) await copy(launchCopy.target, rows.launches);
        await onStage('cores and crew');
        if (!rows.cores.empty) await copy(coreCopy.target, rows.cores);
        if (!rows.crew.empty) await copy(crewCopy.target, rows.crew);
        if (!rows.rejected.empty) await copy(rejectedCopy.target, rows.rejected);
      })();
      // Raised by the `await writing` above or below; this only keeps Node from calling the
      // rejection unhandled while the next batch is validated.
      writing.catch(() => {});
      await onStage('validate');
    }
    await onStage('write');
    await writing;

    await onStage('removals');
    // Only a complete read proves a launch gone: one record whose id could not be read might
    // stand for any stored launch. Invalid launches with an id count as read, so stay. Counted
    // before anything is deleted, so the guard can refuse.
    const gone = stored.count > 0 && input.read.complete ? await readIds.countUnread() : 0;
    guardRemovals(gone, stored.count, input.read.launchesRead, input.maxRemovals);
    // The table is locked against other writers, so this deletes exactly the launches counted.
    if (gone > 0) await readIds.deleteUnread();

    const entities: EntityCounts[] = [];
    for (const { descriptor, read } of input.entities ?? []) {
      entities.push(
        await loadEntity(tx, copy, descriptor, read, {
          runId: input.runId,
          skipInvalid: input.skipInvalid ?? false,
          maxRemovals: input.maxRemovals,
        }),
      );
    }

    if (changed > 0) {
      // Names are unique, a constraint deferred to commit (above): checked here instead, which
      // costs nothing unless two launches share a name (a query over every name took 0.2 s at
      // 100,000 launches), so that the error can say where each launch was read.
      await tx.execute(sql`savepoint launch_names`);
      try {
        await tx.execute(sql`set constraints ${nameConstraint} immediate`);
      } catch (error) {
        if (sqlState(error) !== UNIQUE_VIOLATION) throw error;
        await tx.execute(sql`rollback to savepoint launch_names`);
        const [shared] = await tx
          .select({
            name: launches.name,
            ids: sql<string[]>`array_agg(${launches.id} order by ${launches.id})`,
          })
          .from(launches)
          .groupBy(launches.name)
          .having(sql`count(*) > 1`)
          .limit(1);
        if (shared === undefined) throw error;
        throw input.read.sharedNameError(
          shared.name,
          shared.ids,
          await readIds.placesOf(shared.ids),
        );
      }
      await tx.execute(sql`release savepoint launch_names`);
    }

    await onStage('marts');
    // The marts read launches, their cores and the cores entity: when none changed, they are current.
    const martsRefreshed =
      changed > 0 || gone > 0 || entities.some((e) => e.changed > 0 || e.removed > 0);
    for (const [i, view] of martsRefreshed ? martViews.entries() : []) {
      if (i > 0) await onStage('refreshing', `${i} of ${martViews.length} views refreshed`);
      await tx.refreshMaterializedView(view);
    }

    await onStage('checks');
    // Inside the transaction: a failing check can still undo the run.
    const checkResults = await runChecks(tx);
    if (input.failOnCheckError && hasErrors(checkResults))
      throw new ChecksFailedError(checkResults);

    await onStage('run log');
    const { read } = input;
    // The raw tables now hold the valid launches read, and the previous version of any launch
    // skipped as invalid: the rows of the former are this run's.
    const skipped = read.rejectedIds;
    const counts: RunCounts = {
      launchesRead: read.launchesRead,
      launchesLoaded: read.valid,
      launchesChanged: changed,
      launchesRejected: read.rejected,
      launchesRemoved: gone,
      coreRows: await tx.$count(
        launchCores,
        skipped.length ? sql`${launchCores.launchId} not in ${idSet(skipped)}` : undefined,
      ),
      crewRows: await tx.$count(
        launchCrew,
        skipped.length ? sql`${launchCrew.launchId} not in ${idSet(skipped)}` : undefined,
      ),
    };
    await tx
      .update(ingestRuns)
      .set({
        ...counts,
        // The database's clock, which freshness is measured on.
        finishedAt: sql`clock_timestamp()`,
        sha256: read.sha256,
        drift: [...read.drift].sort(),
      })
      .where(eq(ingestRuns.id, input.runId));
    return { counts, entities, checks: checkResults, martsRefreshed };
  });
}

/**
 * `text` as PostgreSQL can store it: a NUL becomes the six characters `\u0000` and an unpaired
 * surrogate U+FFFD. An error message quotes what was read, which may hold either, and a failure
 * the database refuses to record would be lost.
 */
export function storableText(text: string): string {
  return text.replaceAll('\0', '\\u0000').toWellFormed();
}

/** A failed run as raw.ingest_runs records it. */
export interface FailedRun {
  runId: string;
  startedAt: Date;
  finishedAt: Date;
  sourceKind: string;
  source: string;
  sha256: string | null;
  launchesRead: number;
  error: string;
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
