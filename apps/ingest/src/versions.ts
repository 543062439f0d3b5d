/**
 * Earlier versions of records: a run that changes or removes a stored record moves the version
 * it ends to raw.record_history (with the run that wrote it and this run) in the statement that
 * deletes it, and notes which records it changed in a temporary table of its transaction
 * (run_changes), from which the marts and the checks learn what to recompute.
 */
import {
  type ChangedResource,
  type Database,
  type RunChanges,
  recordHistory,
  type VersionEnd,
} from '@spacex/schema';
import { type SQL, sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import type { Resource, ResourceName } from './resource.js';
import { arrayOf } from './sql.js';

/** Unqualified: a temporary table is found first on the search path (in pg_temp). */
const runChanges = pgTable('run_changes', {
  resource: text('resource').notNull(),
  id: text('id').notNull(),
});

type Tx = Pick<Database, 'execute' | 'select' | '$with' | 'with'>;

export class RunChangeLog {
  private readonly changed = new Set<ResourceName>();

  private constructor(
    private readonly tx: Tx,
    readonly runId: string,
    private readonly noteWrites: boolean,
  ) {}

  /**
   * Creates the table, inside the run's transaction. Without `noteWrites` (a run that will
   * recompute everything) the records written are not noted, only the versions ended.
   */
  static async create(
    tx: Tx,
    runId: string,
    { noteWrites }: { noteWrites: boolean },
  ): Promise<RunChangeLog> {
    await tx.execute(
      sql`create temporary table ${runChanges} (resource text not null, id text not null) on commit drop`,
    );
    return new RunChangeLog(tx, runId, noteWrites);
  }

  /** Notes records of `resource` this run wrote, new or changed. */
  async add(resource: ResourceName, ids: readonly string[]): Promise<void> {
    if (ids.length === 0 || !this.noteWrites) return;
    this.changed.add(resource);
    await this.tx.execute(
      sql`insert into ${runChanges} (resource, id) select ${resource}, unnest(${arrayOf(ids)})`,
    );
  }

  /** What the run changed, as the marts' and the checks' queries read it. */
  changes(): RunChanges {
    return {
      ids: (resource: ChangedResource) =>
        sql`select ${runChanges.id} from ${runChanges} where ${runChanges.resource} = ${resource}`,
      previous: (resource: ChangedResource) =>
        sql`${recordHistory.entity} = ${resource} and ${recordHistory.validToRun} = ${this.runId}`,
      has: (resource: ChangedResource) => this.changed.has(resource),
    };
  }

  /**
   * Moves the stored versions of `resource`'s records that `which` selects to the history, ended
   * by this run, and deletes them (a launch's cores and crew go by cascade). The ids of removed
   * records are noted as changed; a changed record's id is noted as it is written. Returns how
   * many versions ended.
   */
  async endVersions(resource: Resource, which: SQL, endedBy: VersionEnd): Promise<number> {
    if (endedBy === 'removed') this.changed.add(resource.name);
    const ended = this.tx.$with('ended', { recordId: sql<string>`record_id` }).as(sql`
delete from ${resource.table} where ${which}
returning ${resource.id} as record_id, ${resource.ingestRunId} as written_by,
  ${resource.source} as source, ${resource.sourceSha256} as source_sha256`);
    const kept = this.tx.$with('kept', { recordId: sql<string>`record_id` }).as(sql`
insert into ${recordHistory}
  (entity, record_id, valid_from_run, valid_to_run, ended_by, source, source_sha256)
select ${resource.name}, record_id, written_by, ${this.runId}, ${endedBy}, source, source_sha256
from ${ended}
returning record_id`);
    // A removed record's id is noted here; a changed one's as it is written.
    const noted = this.tx.$with('noted', { recordId: sql<string>`id` }).as(sql`
insert into ${runChanges} (resource, id) select ${resource.name}, record_id from ${ended} returning id`);
    const [row] = await this.tx
      .with(ended, kept, ...(endedBy === 'removed' ? [noted] : []))
      .select({ count: sql<number>`count(*)::integer` })
      .from(kept);
    return row?.count ?? 0;
  }
}
