/**
 * Loads a run's reads into the raw layer and refreshes the marts, in one transaction: the
 * database holds either the previous good state or the new one, never a mix. Each resource's
 * read goes through the one load loop (load-resource.ts), launches first; then the marts, the
 * data checks and the run log.
 */

import type { EntityName } from '@spacex/contract';
import { type DatabaseHandle, sqlState } from '@spacex/db';
import { type CheckResult, hasErrors, keepChecks } from '@spacex/quality';
import {
  type Database,
  launchCores,
  launchCrew,
  launches,
  rebuildMarts,
  updateMarts,
} from '@spacex/schema';
import { EXIT, SpacexError } from '@spacex/terminal';
import { type SQL, type SQLWrapper, sql } from 'drizzle-orm';
import type { CheckedRead } from './checked-read.js';
import { RunLockedError } from './errors.js';
import { launchNameConstraint } from './launch-names.js';
import { loadResource, type ResourceCounts, type RunTransaction } from './load-resource.js';
import type { LoadStage } from './load-stages.js';
import { ReadIds } from './read-ids.js';
import type { MaxRemovals } from './removals.js';
import { LAUNCHES } from './resources.js';
import {
  logRunEnd,
  logRunStart,
  type RunCounts,
  runEntityCounts,
  type StartedRun,
} from './run-log.js';
import { idSet } from './sql.js';
import { anyRowIn } from './stored-records.js';
import { RunChangeLog } from './versions.js';

export interface LoadInput {
  run: StartedRun;
  /** The launches, validated as they stream in. */
  launches: CheckedRead;
  /** The other entities read this run, loaded after the launches; entities not read are left alone. */
  entities?: readonly CheckedRead[];
  /** Roll the run back when an error-level data check fails (else only report it). */
  failOnCheckError: boolean;
  /** How many stored records of each resource the run may remove (see guardRemovals). */
  maxRemovals?: MaxRemovals;
  /** Recompute every mart and run every check over every row, whatever changed. */
  fullRefresh?: boolean;
}

/**
 * What a run did to the marts: recomputed every row (a first load, `--full-refresh`), only the
 * rows of the keys its changes touched, or nothing (nothing changed).
 */
export type MartUpkeep = 'rebuilt' | 'updated' | 'current';

/** How the run's summary says what it did to the marts. */
export const MART_UPKEEP_TEXT: Record<MartUpkeep, string> = {
  rebuilt: 'marts rebuilt',
  updated: 'marts updated where the changes touched them',
  current: 'nothing changed, so the marts were already current',
};

/** What a run did with one entity besides launches, as its summary reports it. */
export type EntityCounts = Omit<ResourceCounts, 'resource' | 'unreadableIds'> & {
  entity: EntityName;
  /** Set when records without a readable id kept the run from removing any. */
  removalsWithheld: boolean;
};

export interface LoadResult {
  counts: RunCounts;
  /** What the run did with each other entity it read. */
  entities: EntityCounts[];
  /** The data checks, run on the loaded data before commit. */
  checks: CheckResult[];
  marts: MartUpkeep;
}

/** An error-level data check failed and the run rolled back (exit code 3). */
export class ChecksFailedError extends SpacexError {
  override name = 'ChecksFailedError';
  override readonly exitCode: number = EXIT.checksFailed;
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

export async function loadRun(
  database: Pick<DatabaseHandle, 'transaction'>,
  input: LoadInput,
  onStage: (stage: LoadStage, detail?: string) => void | Promise<void> = () => {},
): Promise<LoadResult> {
  if (input.launches.resource !== LAUNCHES) throw new Error('loadRun: `launches` reads launches');
  return database.transaction(async (bulk) => {
    const { db: tx } = bulk;
    await onStage('lock');
    // One run at a time: waits for another run to finish, up to the session's lock_timeout. A
    // table lock, not an advisory one, so only a role that may write raw.launches can take it
    // (the mode lets readers read, and conflicts with itself).
    await lockRun(tx);
    // Names are checked once the launches are written: one may take the name of one removed.
    await tx.execute(sql`set constraints ${launchNameConstraint} deferred`);
    await logRunStart(tx, input.run);
    // A first load recomputes everything: noting each record it writes would only cost.
    const full = input.fullRefresh === true || !(await anyRowIn(tx, launches));
    // The ids read first: its table says plainly when the role may not create temporary tables.
    const readIds = await ReadIds.create(tx);
    const changeLog = await RunChangeLog.create(tx, input.run.runId, { noteWrites: !full });
    const run: RunTransaction = {
      ...bulk,
      runId: input.run.runId,
      readIds,
      maxRemovals: input.maxRemovals,
      changeLog,
      onStage,
    };
    const loaded: ResourceCounts[] = [];
    for (const read of [input.launches, ...(input.entities ?? [])]) {
      loaded.push(await loadResource(run, read));
    }

    await onStage('marts');
    const anyChange = loaded.some((c) => c.changed > 0 || c.removed > 0);
    const upkeep: MartUpkeep = full ? 'rebuilt' : anyChange ? 'updated' : 'current';
    const afterMart = (kept: number, of: number) =>
      onStage('refreshing', `${kept} of ${of} marts kept`);
    if (upkeep === 'rebuilt') await rebuildMarts(tx, afterMart);
    if (upkeep === 'updated') await updateMarts(tx, changeLog.changes(), afterMart);

    await onStage('checks');
    // Inside the transaction: a failing check can still undo the run.
    // Only the rows the changes touched are rechecked; the rest keep their kept failures.
    const toCheck = full ? 'all' : anyChange ? changeLog.changes() : 'nothing';
    const checks = await keepChecks(tx, input.run.runId, toCheck);
    if (input.failOnCheckError && hasErrors(checks)) throw new ChecksFailedError(checks);

    await onStage('run log');
    const [launchCounts, ...entityCounts] = loaded;
    if (launchCounts === undefined) throw new Error('loadRun: the launches were not loaded');
    const counts = await runCounts(tx, launchCounts, input.launches.rejectedIds);
    const { sha256 } = input.launches;
    const entities = entityCounts.map(asEntityCounts);
    await logRunEnd(tx, input.run.runId, {
      ...counts,
      sha256,
      drift: launchCounts.drift,
      entities: runEntityCounts(entities),
    });
    return { counts, entities, checks, marts: upkeep };
  });
}

/** lock_not_available: lock_timeout passed while another session held the lock. */
const LOCK_NOT_AVAILABLE = '55P03';

async function lockRun(tx: Database): Promise<void> {
  try {
    await tx.execute(sql`lock table ${launches} in share row exclusive mode`);
  } catch (error) {
    if (sqlState(error) !== LOCK_NOT_AVAILABLE) throw error;
    throw new RunLockedError(
      'Another ingest run holds the run lock (on raw.launches) and did not finish within lock_timeout ' +
        '(DB_LOCK_TIMEOUT_MS); this run did nothing. Runs never overlap: let the other finish, or look for it ' +
        'in pg_stat_activity (application_name spacex-elt).',
      { cause: error },
    );
  }
}

/**
 * The run's counts as raw.ingest_runs records them. The raw tables now hold the valid launches
 * read, and the previous version of any launch skipped as invalid: the rows of the former are
 * this run's.
 */
async function runCounts(
  tx: Database,
  launchCounts: ResourceCounts,
  skipped: readonly string[],
): Promise<RunCounts> {
  const notSkipped = (launchId: SQLWrapper): SQL | undefined =>
    skipped.length > 0 ? sql`${launchId} not in ${idSet(skipped)}` : undefined;
  return {
    launchesRead: launchCounts.read,
    launchesLoaded: launchCounts.loaded,
    launchesChanged: launchCounts.changed,
    launchesRejected: launchCounts.rejected,
    launchesRemoved: launchCounts.removed,
    coreRows: await tx.$count(launchCores, notSkipped(launchCores.launchId)),
    crewRows: await tx.$count(launchCrew, notSkipped(launchCrew.launchId)),
  };
}

function asEntityCounts({ resource, unreadableIds, ...counts }: ResourceCounts): EntityCounts {
  if (resource === 'launches') throw new Error('launches are not one of the other entities');
  return { entity: resource, ...counts, removalsWithheld: unreadableIds > 0 };
}
