/**
 * Loads a validated read into the raw layer and refreshes the marts, in one transaction: the
 * database holds either the previous good state or the new one, never a mix.
 */

import type { Database } from '@spacex/schema/client';
import { type CheckResult, hasErrors, runChecks } from '@spacex/schema/quality';
import { coreRows, crewRows, launchRow } from '@spacex/schema/rows';
import {
  ingestRuns,
  launchCores,
  launchCrew,
  launches,
  martViews,
  rejectedLaunches,
} from '@spacex/schema/schema';
import { eq, getTableColumns, type SQL, sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { RejectedLaunch, ValidLaunch } from './validate.js';

/**
 * Rows per insert statement. Each statement sends its rows as one jsonb parameter, so
 * postgres.js's limit of 65,534 bind parameters (porsager/postgres #112) is never near; the
 * batch size bounds the size of one statement instead.
 */
export const BATCH_ROWS = 5_000;

/** Key of the advisory lock that keeps two ingest runs from interleaving on one database. */
export const INGEST_LOCK_KEY = 0x5ace_0001;

export interface LoadInput {
  runId: string;
  startedAt: Date;
  sourceKind: string;
  source: string;
  sha256: string;
  launchesRead: number;
  valid: readonly ValidLaunch[];
  rejected: readonly RejectedLaunch[];
  drift: readonly string[];
  /** Ids present in the read (valid or not): launches outside it are removed. */
  idsRead: readonly string[];
  /** Roll the run back when an error-level data check fails (else only report it). */
  failOnCheckError: boolean;
}

export interface LoadResult {
  /** Launches inserted or changed by this run. */
  changed: number;
  removed: number;
  /** Core and crew rows the loaded launches have (written now or kept from an earlier run). */
  coreRows: number;
  crewRows: number;
  /** The data checks, run on the loaded data before commit. */
  checks: CheckResult[];
  /** False when no launch changed, so the marts were already current. */
  martsRefreshed: boolean;
}

export const LOAD_STAGES = [
  'lock',
  'launches',
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

/** Splits rows into batches of at most `size`, in order. */
export function batches<T>(rows: readonly T[], size: number = BATCH_ROWS): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < rows.length; i += size) chunks.push(rows.slice(i, i + size));
  return chunks;
}

/**
 * `select … from jsonb_to_recordset($1)`: typed rows of `table` sent as a single jsonb parameter
 * and expanded by the server. Building a multi-row VALUES list costs Drizzle about 0.3 ms a row
 * and one parameter a column; this costs one parameter a statement. Columns come from the
 * table, so a renamed column still breaks the build; `computed` replaces a column's value with
 * SQL (e.g. `now()`).
 */
function jsonRows<T extends PgTable>(
  table: T,
  rows: readonly T['$inferInsert'][],
  computed: Partial<Record<keyof T['$inferInsert'], SQL>> = {},
): SQL {
  const columns = Object.entries(getTableColumns(table));
  const values = rows.map((row) =>
    Object.fromEntries(
      columns.map(([key, column]) => [column.name, row[key as keyof typeof row] ?? null]),
    ),
  );
  const selected = columns.map(
    ([key, column]) =>
      computed[key as keyof T['$inferInsert']] ?? sql`r.${sql.identifier(column.name)}`,
  );
  const shape = columns.map(
    ([, column]) => sql`${sql.identifier(column.name)} ${sql.raw(column.getSQLType())}`,
  );
  return sql`select ${sql.join(selected, sql`, `)} from jsonb_to_recordset(${JSON.stringify(values)}::jsonb) as r(${sql.join(shape, sql`, `)})`;
}

/** A list of ids as one jsonb parameter, whatever its length. */
const idSet = (ids: readonly string[]) =>
  sql`(select jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb))`;

/** Every column but the key takes the incoming value; lineage moves to this run. */
const upsertSet = Object.fromEntries(
  Object.entries(getTableColumns(launches))
    .filter(([, column]) => !column.primary)
    .map(([key, column]) => [
      key,
      key === 'loadedAt' ? sql`now()` : sql.raw(`excluded."${column.name}"`),
    ]),
);

export async function loadRun(
  db: Database,
  input: LoadInput,
  onStage: (stage: LoadStage, detail?: string) => void | Promise<void> = () => {},
): Promise<LoadResult> {
  return db.transaction(async (tx) => {
    await onStage('lock');
    // Waits for another run to finish, up to the session's lock_timeout.
    await tx.execute(sql`select pg_advisory_xact_lock(${INGEST_LOCK_KEY})`);
    await tx.insert(ingestRuns).values({
      id: input.runId,
      startedAt: input.startedAt,
      finishedAt: input.startedAt,
      sourceKind: input.sourceKind,
      source: input.source,
      status: 'succeeded',
      sha256: input.sha256,
    });

    await onStage('launches');
    // Unchanged launches are left alone (lineage included): a rerun changes nothing. Those whose
    // source hash matches the stored one are not even sent.
    const stored = new Map(
      (await tx.select({ id: launches.id, hash: launches.sourceSha256 }).from(launches)).map(
        (r) => [r.id, r.hash],
      ),
    );
    const changedIds = new Set<string>();
    const rows = input.valid
      .map((valid) => launchRow(valid.launch, valid.source, input.runId))
      .filter((row) => stored.get(row.id) !== row.sourceSha256);
    for (const batch of batches(rows)) {
      const written = await tx
        .insert(launches)
        .select(jsonRows(launches, batch, { loadedAt: sql`now()` }))
        .onConflictDoUpdate({
          target: launches.id,
          set: upsertSet,
          setWhere: sql`${launches.source} is distinct from excluded.source
            or ${launches.sourceSha256} is distinct from excluded.source_sha256`,
        })
        .returning({ id: launches.id });
      for (const { id } of written) changedIds.add(id);
    }

    await onStage('cores and crew', `${changedIds.size} launch(es) new or changed`);
    const changed = input.valid
      .filter((valid) => changedIds.has(valid.launch.id))
      .map((v) => v.launch);
    const changedList = [...changedIds];
    await tx.delete(launchCores).where(sql`${launchCores.launchId} in ${idSet(changedList)}`);
    await tx.delete(launchCrew).where(sql`${launchCrew.launchId} in ${idSet(changedList)}`);
    const cores = changed.flatMap(coreRows);
    const crew = changed.flatMap(crewRows);
    for (const batch of batches(cores))
      await tx.insert(launchCores).select(jsonRows(launchCores, batch));
    for (const batch of batches(crew))
      await tx.insert(launchCrew).select(jsonRows(launchCrew, batch));

    await onStage('removals');
    const removed = await tx
      .delete(launches)
      .where(sql`${launches.id} not in ${idSet(input.idsRead)}`)
      .returning({ id: launches.id });

    const rejectedRows = input.rejected.map((r) => ({
      ingestRunId: input.runId,
      position: r.position,
      launchId: r.launchId,
      launchName: r.launchName,
      source: r.source,
      issues: r.issues,
    }));
    for (const batch of batches(rejectedRows)) {
      await tx.insert(rejectedLaunches).select(jsonRows(rejectedLaunches, batch));
    }

    await onStage('marts');
    // The marts read only launches and their cores: when none changed, they are current.
    const martsRefreshed = changedIds.size > 0 || removed.length > 0;
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
    const result: LoadResult = {
      changed: changedIds.size,
      removed: removed.length,
      coreRows: input.valid.reduce((n, v) => n + v.launch.cores.length, 0),
      crewRows: input.valid.reduce((n, v) => n + v.launch.crew.length, 0),
      checks: checkResults,
      martsRefreshed,
    };
    await tx
      .update(ingestRuns)
      .set({
        finishedAt: new Date(),
        launchesRead: input.launchesRead,
        launchesLoaded: input.valid.length,
        launchesChanged: result.changed,
        launchesRejected: input.rejected.length,
        launchesRemoved: result.removed,
        coreRows: result.coreRows,
        crewRows: result.crewRows,
        drift: [...input.drift],
      })
      .where(eq(ingestRuns.id, input.runId));
    return result;
  });
}

/** Records a failed run in a transaction of its own, after the run's own was rolled back. */
export async function recordFailedRun(
  db: Database,
  run: {
    runId: string;
    startedAt: Date;
    sourceKind: string;
    source: string;
    sha256: string | null;
    launchesRead: number;
    error: string;
  },
): Promise<void> {
  await db.insert(ingestRuns).values({
    id: run.runId,
    startedAt: run.startedAt,
    finishedAt: new Date(),
    sourceKind: run.sourceKind,
    source: run.source,
    status: 'failed',
    launchesRead: run.launchesRead,
    sha256: run.sha256,
    error: run.error,
  });
}
