/**
 * The data checks as an ingest run keeps them: the failing rows stay in raw.check_failures, so a
 * run rechecks only the rows its changes touch (a check's scope) and still reports every check's
 * whole count. A run that changed nothing rechecks nothing; a first load, `--full-refresh`, and
 * a check new or changed since its last sweep (by the sha256 of its SQL) sweep every row.
 * `pnpm quality` always sweeps every row (runChecksInSnapshot).
 */
import { createHash } from 'node:crypto';
import type { Database } from '@spacex/db/client';
import { anyOf, checkFailures, checkSweeps, type RunChanges, touchedKeys } from '@spacex/schema';
import { count, countDistinct, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { PgDialect } from 'drizzle-orm/pg-core';
import { type Check, type CheckScope, checks } from './checks.js';
import {
  type CheckResult,
  countFailing,
  emptyOf,
  failingRows,
  needs,
  resultOf,
  SAMPLE_SIZE,
} from './run-checks.js';

/** What the run changed; `all` sweeps every row, `nothing` rechecks none. */
export type ChecksToRun = 'all' | 'nothing' | RunChanges;

const dialect = new PgDialect();

/** The sha256 of the SQL that finds a check's failing rows, as stored when it was last swept. */
function definitionOf(check: Check): string {
  const query = dialect.sqlToQuery(failingRows(check, scopedBy(check)));
  return createHash('sha256').update(JSON.stringify(query)).digest('hex');
}

const scopedBy = (check: Check) =>
  check.scope === undefined ? undefined : { column: check.scope.column };

/** The records a scope rechecks after `changes`: the run's changed launches, or its touched cores. */
function recheckedBy(scope: CheckScope, changes: RunChanges): SQL {
  return scope.by === 'launches' ? changes.ids('launches') : touchedKeys('core_flights');
}

/**
 * Brings the kept failures up to date with the run's changes, inside its transaction, and
 * returns every check's result from them, in declaration order.
 */
export async function keepChecks(
  db: Database,
  runId: string,
  toRun: ChecksToRun,
  which: readonly Check[] = checks,
): Promise<CheckResult[]> {
  const swept = new Map(
    (await db.select().from(checkSweeps)).map((row) => [row.checkName, row.definitionSha256]),
  );
  // Each check's SQL, hashed once a run: what its last sweep is compared with, and recorded.
  const definitions = new Map(which.map((check) => [check, definitionOf(check)]));
  const stale = which.filter((check) => swept.get(check.name) !== definitions.get(check));
  const sweep = toRun === 'all' ? [...which] : stale;
  if (toRun !== 'all' && toRun !== 'nothing') {
    await recheck(
      db,
      which.filter((check) => !stale.includes(check)),
      toRun,
    );
  }
  await sweepWhole(db, runId, sweep, definitions);
  return resultsOf(db, which);
}

/**
 * Replaces the failures of the rows the run's changes touch, all checks in one statement. A
 * check that also reads a resource the run changed, or has no scope, is swept whole instead.
 */
async function recheck(db: Database, which: readonly Check[], changes: RunChanges): Promise<void> {
  const whole: Check[] = [];
  const scoped: { check: Check; within: SQL; column: CheckScope['column'] }[] = [];
  for (const check of which) {
    const { scope } = check;
    if (scope === undefined || (scope.alsoReads && changes.has(scope.alsoReads))) whole.push(check);
    else scoped.push({ check, within: recheckedBy(scope, changes), column: scope.column });
  }
  // Every changed run: checks without a scope read small tables (entities, the run log).
  await replaceFailures(db, whole);
  if (scoped.length === 0) return;
  const cleared = scoped.map(
    ({ check, within }, i) =>
      sql`${sql.identifier(`cleared_${i}`)} as (delete from ${checkFailures}
  where ${checkFailures.checkName} = ${check.name} and ${anyOf(checkFailures.scopeId, within)})`,
  );
  const found = scoped.map(
    ({ check, within, column }) =>
      sql`select ${check.name}, scope_id, key from (${failingRows(check, { column, within })}) as failures`,
  );
  // The deletes and the insert see the same snapshot and touch different rows.
  await db.execute(sql`with ${sql.join(cleared, sql`, `)}
insert into ${checkFailures} (check_name, scope_id, key)
${sql.join(found, sql`\nunion all\n`)}`);
}

/** Replaces every failure of `which`: counted first (in parallel), the rows kept only of checks that fail. */
async function replaceFailures(db: Database, which: readonly Check[]): Promise<void> {
  if (which.length === 0) return;
  await db.delete(checkFailures).where(
    inArray(
      checkFailures.checkName,
      which.map((c) => c.name),
    ),
  );
  // A check over an empty relation fails no row: not run (a run of launches alone does not pay
  // for the checks of entities it never loaded).
  const empty = await emptyOf(db, which.flatMap(needs));
  const failing = await countFailing(
    db,
    which.filter((check) => !needs(check).some((r) => empty.has(r))),
  );
  for (const check of which) {
    if ((failing.get(check) ?? 0) === 0) continue;
    const scope = scopedBy(check);
    const scopeId = scope ? sql`scope_id` : sql`''`;
    await db.execute(sql`insert into ${checkFailures} (check_name, scope_id, key)
select ${check.name}, ${scopeId}, key from (${failingRows(check, scope)}) as failures`);
  }
}

/** Sweeps every row of `which`, and records their definitions as swept. */
async function sweepWhole(
  db: Database,
  runId: string,
  which: readonly Check[],
  definitions: ReadonlyMap<Check, string>,
): Promise<void> {
  if (which.length === 0) return;
  await replaceFailures(db, which);
  await db
    .insert(checkSweeps)
    .values(
      which.map((check) => ({
        checkName: check.name,
        definitionSha256: definitions.get(check) ?? definitionOf(check),
        sweptByRun: runId,
      })),
    )
    .onConflictDoUpdate({
      target: checkSweeps.checkName,
      set: {
        definitionSha256: sql`excluded.definition_sha256`,
        sweptByRun: sql`excluded.swept_by_run`,
      },
    });
}

/** Every check's result from the kept failures: one query for the counts, one per failing check for its sample. */
async function resultsOf(db: Database, which: readonly Check[]): Promise<CheckResult[]> {
  const counted = await db
    .select({
      name: checkFailures.checkName,
      rows: count(),
      keys: countDistinct(checkFailures.key),
    })
    .from(checkFailures)
    .groupBy(checkFailures.checkName);
  const byName = new Map(counted.map((row) => [row.name, row]));
  const results: CheckResult[] = [];
  for (const check of which) {
    const row = byName.get(check.name);
    // A check of an entity's references fails once per unknown id, however many rows name it.
    const failing = row === undefined ? 0 : check.kind === 'knownToEntity' ? row.keys : row.rows;
    results.push(resultOf(check, failing, failing === 0 ? [] : await sampleOf(db, check)));
  }
  return results;
}

/** The first keys (sorted) of a check's kept failures, each unknown id once for a check of references. */
async function sampleOf(db: Database, check: Check): Promise<string[]> {
  const fields = { key: checkFailures.key };
  const select = check.kind === 'knownToEntity' ? db.selectDistinct(fields) : db.select(fields);
  const rows = await select
    .from(checkFailures)
    .where(eq(checkFailures.checkName, check.name))
    .orderBy(checkFailures.key)
    .limit(SAMPLE_SIZE);
  return rows.map((row) => row.key);
}
