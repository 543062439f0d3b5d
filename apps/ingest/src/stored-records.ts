/**
 * What a resource's table holds before a run: how many records, and, asked one batch at a time,
 * which texts read are stored unchanged (by the sha256 of the text). The client keeps no table
 * of what is stored, so a rerun's memory does not grow with the database.
 */
import type { Database } from '@spacex/schema';
import { sql } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import type { Resource } from './resource.js';
import { arrayOf } from './sql.js';

/**
 * What the database held before the run, asked one batch at a time: of these sha256s of texts
 * read, those a stored record's text has, each with that record's id. The read holds no table
 * of what is stored, so its memory does not grow with the database.
 */
export type StoredLookup = (sha256s: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** The lookup of a table that held nothing. */
export const NOTHING_STORED: StoredLookup = async () => new Map();

export interface StoredRecords {
  /** Whether any record was stored when the run started. */
  any: boolean;
  /** Of the sha256s asked, those a stored record's text has, each with the record's id. */
  lookup: StoredLookup;
}

/** Whether `table` holds any row: asked of one row, not by counting them all (a scan). */
export async function anyRowIn(tx: Pick<Database, 'select'>, table: PgTable): Promise<boolean> {
  const [probe] = await tx
    .select({ any: sql<boolean>`exists (select 1 from ${table})` })
    .from(sql`(select 1) as probe`);
  return probe?.any === true;
}

/**
 * Asked inside the run's transaction, after its lock: no other run writes meanwhile. A lookup
 * also finds what this run wrote in an earlier batch: a text read twice, which the ids read
 * (ReadIds) then refuse.
 */
export async function storedRecords(
  tx: Pick<Database, 'select'>,
  { table, id, sourceSha256 }: Pick<Resource, 'table' | 'id' | 'sourceSha256'>,
): Promise<StoredRecords> {
  // An empty table (a first run) is asked nothing.
  if (!(await anyRowIn(tx, table))) return { any: false, lookup: NOTHING_STORED };
  const lookup: StoredLookup = async (sha256s) => {
    // One probe of the hash index per hash asked: `= any(...)` would recheck every row found
    // against the whole list (2,000 hashes: 25 ms a batch against 5).
    const asked = sql`unnest(${arrayOf(sha256s)}) as asked(asked_sha256)`;
    const stored = tx
      .select({
        id: sql`${id}`.mapWith(String).as('id'),
        sha256: sql`${sourceSha256}`.mapWith(String).as('sha256'),
      })
      .from(table)
      .where(sql`${sourceSha256} = asked.asked_sha256`)
      .limit(1)
      .as('stored');
    const rows = await tx
      .select({ id: stored.id, sha256: stored.sha256 })
      .from(asked)
      .crossJoinLateral(stored);
    return new Map(rows.map((row) => [row.sha256, row.id]));
  };
  return { any: true, lookup };
}
