/**
 * What one run changed, per resource, from raw.record_history and the raw tables: records it
 * added, those it changed (with the top-level fields that differ between the version it ended
 * and the one it wrote), and those it removed. `pnpm runs --changes RUN` prints it.
 */
import { type Database, recordHistory } from '@spacex/schema';
import { sql } from 'drizzle-orm';
import { ENTITIES, LAUNCHES, type Resource, type ResourceName } from './resources.js';

export type Change = 'added' | 'changed' | 'removed';

export interface RecordChange {
  resource: ResourceName;
  id: string;
  change: Change;
  /** For a changed record: the top-level fields whose values differ, sorted. */
  fields: string[];
}

/** Every record `runId` added, changed or removed, resource by resource, by id. */
export async function changesOfRun(db: Database, runId: string): Promise<RecordChange[]> {
  const all: RecordChange[] = [];
  for (const resource of [LAUNCHES, ...ENTITIES])
    all.push(...(await changesOf(db, resource, runId)));
  return all;
}

async function changesOf(
  db: Pick<Database, 'select'>,
  resource: Resource,
  runId: string,
): Promise<RecordChange[]> {
  const { name } = resource;
  // The versions the run wrote: still stored, or ended since by a later run.
  const written = sql`
    select ${resource.id} as record_id, ${resource.source} as source from ${resource.table}
    where ${resource.ingestRunId} = ${runId}
    union all
    select ${recordHistory.recordId}, ${recordHistory.source} from ${recordHistory}
    where ${recordHistory.entity} = ${name} and ${recordHistory.validFromRun} = ${runId}`;
  // The versions it ended.
  const ended = sql`
    select ${recordHistory.recordId} as record_id, ${recordHistory.source} as source from ${recordHistory}
    where ${recordHistory.entity} = ${name} and ${recordHistory.validToRun} = ${runId}`;
  const rows = await db
    .select({
      id: sql<string>`coalesce(written.record_id, ended.record_id)`,
      change: sql<Change>`case when ended.record_id is null then 'added'
        when written.record_id is null then 'removed' else 'changed' end`,
      fields: sql<string[] | null>`(
        select array_agg(key order by key)
        from jsonb_each(ended.source) as before
        full join jsonb_each(written.source) as after using (key)
        where before.value is distinct from after.value)`,
    })
    .from(sql`(${written}) as written full join (${ended}) as ended using (record_id)`)
    .orderBy(sql`1`);
  return rows.map((row) => ({
    resource: name,
    id: row.id,
    change: row.change,
    fields: row.change === 'changed' ? (row.fields ?? []) : [],
  }));
}
