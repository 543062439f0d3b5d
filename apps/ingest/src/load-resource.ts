/**
 * The one load loop: a resource's read written into its raw tables, inside the run's
 * transaction. Records stream in batches; each batch is checked (unchanged records skipped by
 * the hash of their text, the rest validated and encoded as COPY rows) while the batch before it
 * is written, so the client's work overlaps the server's and memory stays bounded whatever the
 * size of the read. Then the stored records the read proves gone are removed, under the guard.
 */
import type { BulkTransaction } from '@spacex/db/copy';
import { type CopyEncoder, type CopyInto, CopyRows } from '@spacex/db/copy';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { CheckedRead } from './checked-read.js';
import type { LoadStage } from './load-stages.js';
import type { ReadIds, ReadPlace } from './read-ids.js';
import { guardRemovals, type MaxRemovals } from './removals.js';
import type { Resource, ResourceName, RowSink } from './resource.js';
import { isOneOf } from './sql.js';
import { type StoredRecords, storedRecords } from './stored-records.js';
import type { RunChangeLog } from './versions.js';

/** What a run did with one resource. */
export interface ResourceCounts {
  resource: ResourceName;
  read: number;
  /** Valid records: unchanged ones included. */
  loaded: number;
  /** New or changed records written by this run. */
  changed: number;
  rejected: number;
  removed: number;
  /** Paths of fields the contract does not know, in the records this run validated. */
  drift: string[];
  /** Records without a readable id: when there are any, the run removes none (see above). */
  unreadableIds: number;
}

/** What every resource's load shares: the run's transaction and what it keeps across them. */
export interface RunTransaction extends BulkTransaction {
  runId: string;
  /** The ids read, emptied before each resource. */
  readIds: ReadIds;
  maxRemovals: MaxRemovals;
  /** Where the run notes what it changed, and ends stored versions. */
  changeLog: RunChangeLog;
  onStage: (stage: LoadStage) => void | Promise<void>;
}

/** Loads `read` (one resource's records) in the run's transaction; returns its counts. */
export async function loadResource(
  run: RunTransaction,
  read: CheckedRead,
): Promise<ResourceCounts> {
  const { resource } = read;
  await run.readIds.clear();
  let gone = 0;
  const stored = await storedRecords(run.db, resource);
  const { written, ended } = await writeBatches(run, read, stored);
  await run.onStage('removals');
  // Only a complete read proves a record gone: one record whose id could not be read might
  // stand for any stored one. Invalid records with an id count as read, so stay. Counted
  // before anything is deleted, so the guard can refuse.
  if (stored.any && read.complete) {
    const { stored: now, unread } = await run.readIds.countStored(resource);
    // Before the run: what is stored now, less the records it added (written, not replacing one).
    guardRemovals(
      unread,
      now - (written - ended),
      read.recordsRead,
      run.maxRemovals,
      resource.name,
    );
    // The run's lock keeps other writers out, so this removes exactly the records counted.
    if (unread > 0)
      await run.changeLog.endVersions(resource, run.readIds.unread(resource), 'removed');
    gone = unread;
  }
  if (written > 0) {
    const placesOf = (ids: readonly string[]) => run.readIds.placesOf(ids);
    await resource.afterWrite?.({ db: run.db, placesOf, source: read.source });
  }
  return {
    resource: resource.name,
    read: read.recordsRead,
    loaded: read.valid,
    changed: written,
    rejected: read.rejected,
    removed: gone,
    drift: [...read.drift].sort(),
    unreadableIds: read.unreadableIds,
  };
}

/**
 * Writes each checked batch while the next one is checked: `writing` is the previous batch's
 * write, awaited (and its error raised) before the next starts, and once more after the last.
 * Every batch's ids are kept as it comes; its new and changed records are written with it once
 * at least a batch of them wait (every batch of a first load), else carried on in the rows being
 * built, so a rerun that changed a few records scattered through the read writes them with a
 * few statements at the end, not with five for every batch that holds one. Returns how many
 * records were new or changed, and how many stored versions those replaced. Every statement
 * goes through the transaction's one connection in the order it is sent (see
 * connection-owner.ts): the lookup for batch k+1 is sent before batch k's write.
 */
async function writeBatches(
  run: RunTransaction,
  read: CheckedRead,
  stored: StoredRecords,
): Promise<{ written: number; ended: number }> {
  const { resource } = read;
  // Two sets of rows take turns, one being written while the next is built: their buffers are
  // reused, not allocated anew for each batch of megabytes.
  let building = new BatchRows(resource);
  let spare = new BatchRows(resource);
  /** The new and changed records whose rows are in `building`, not yet written. */
  let waiting: string[] = [];
  let changed = 0;
  let ended = 0;
  let writing: Promise<number> = Promise.resolve(0);
  /** Keeps a batch's ids first (see keepIds), then writes what waits if `flush`. */
  const write = (ids: readonly ReadPlace[], flush: boolean): Promise<number> => {
    const kept = keepIds(run, read, ids);
    if (!flush) return kept.then(() => 0);
    // Swapped now: the reader goes on writing the next records into `building`.
    const rows = building;
    building = spare.cleared();
    spare = rows;
    const records = waiting;
    waiting = [];
    return kept.then(() => writeRecords(run, resource, records, rows, stored.any));
  };
  await run.onStage('validate');
  for await (const batch of read.batches(stored.lookup, () => building)) {
    await run.onStage('write');
    changed += batch.changed.length;
    // One by one: a spread of a batch's ids into push's arguments fails past about 100,000.
    for (const id of batch.changed) waiting.push(id);
    ended += await writing;
    writing = write(batch.ids, building.records >= batch.ids.length);
    // Raised by the `await writing` above or below; this only keeps Node from calling the
    // rejection unhandled while the next batch is checked.
    writing.catch(() => {});
    await run.onStage('validate');
  }
  await run.onStage('write');
  ended += await writing;
  // What still waits: the last few new or changed records, and any invalid ones kept.
  if (building.records > 0) ended += await write([], true);
  return { written: changed, ended };
}

/** Keeps a batch's ids; one read twice fails the run before its record is written again. */
async function keepIds(
  run: RunTransaction,
  read: CheckedRead,
  ids: readonly ReadPlace[],
): Promise<void> {
  const twice = await run.readIds.add(ids);
  if (twice !== undefined) throw read.readTwiceError(twice.first, twice.again);
}

/**
 * Writes `rows`, the new and changed records `changed` and any invalid ones kept; returns how
 * many stored versions the changed ones replaced.
 */
async function writeRecords(
  run: RunTransaction,
  resource: Resource,
  changed: readonly string[],
  rows: BatchRows,
  anyStored: boolean,
): Promise<number> {
  // A changed record replaces its stored version, which moves to the history.
  const ended =
    anyStored && changed.length > 0
      ? await run.changeLog.endVersions(resource, isOneOf(resource.id, changed), 'changed')
      : 0;
  await run.changeLog.add(resource.name, changed);
  for (const [i, table] of resource.writes.entries()) {
    if (i === 1) await run.onStage('cores and crew');
    await rows.copy(run, table);
  }
  if (await rows.copy(run, resource.rejects)) {
    const after = resource.afterRejects?.(run.runId);
    if (after) await run.db.execute(after);
  }
  return ended;
}

/** One batch's COPY data, a buffer per table of the resource; the sink its records are written to. */
class BatchRows implements RowSink {
  private readonly rows = new Map<CopyInto, CopyRows>();

  /** The resource's own table (its first) and its rejects: one row each per record. */
  private readonly recordTables: CopyInto[];

  constructor(resource: Resource) {
    this.recordTables = [...resource.writes.slice(0, 1), resource.rejects];
    for (const table of [...resource.writes, resource.rejects])
      this.rows.set(table, new CopyRows());
  }

  write<T extends PgTable>(
    table: CopyEncoder<T>,
    row: T['$inferInsert'],
    given?: { key: keyof T['$inferInsert'] & string; text: string },
  ): void {
    const out = this.rows.get(table);
    if (out === undefined) throw new Error(`${table.target.table} is not a table of this resource`);
    table.write(out, row, given);
  }

  /** Sends `table`'s rows by COPY, if it has any; says whether it had. */
  async copy(run: BulkTransaction, table: CopyInto): Promise<boolean> {
    const out = this.rows.get(table);
    if (out === undefined || out.empty) return false;
    await run.copy(table.target, out);
    return true;
  }

  cleared(): this {
    for (const out of this.rows.values()) out.clear();
    return this;
  }

  /** Records written into these rows: each is one row of the resource's table or its rejects. */
  get records(): number {
    let records = 0;
    for (const table of this.recordTables) records += this.rows.get(table)?.count ?? 0;
    return records;
  }
}
