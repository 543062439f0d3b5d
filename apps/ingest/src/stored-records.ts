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
 * What the database held before the run, asked one batch at a time: for each sha256 of a text
 * read, in the order asked, the id of the stored record whose text has it, or null. The read
 * holds no table of what is stored, so its memory does not grow with the database.
 */
export type StoredLookup = (sha256s: readonly string[]) => Promise<readonly (string | null)[]>;

/** The lookup of a table that held nothing. */
export const NOTHING_STORED: StoredLookup = async (sha256s) => sha256s.map(() => null);

export interface StoredRecords {
  /** Whether any record was stored when the run started. */
  any: boolean;
  /** For each sha256 asked, in order, the id of the stored record whose text has it, or null. */
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
    // against the whole list (2,000 hashes: 25 ms a batch against 5). The answer is one row,
    // an array in the order asked: 2,000 rows, each mapped by the ORM, took a tenth of the
    // time of a rerun that changed nothing (100,000 launches).
    const asked = sql`unnest(${arrayOf(sha256s)}) with ordinality as asked(asked_sha256, place)`;
    const stored = tx
      .select({ id: sql`${id}`.mapWith(String).as('id') })
      .from(table)
      .where(sql`${sourceSha256} = asked.asked_sha256`)
      .limit(1)
      .as('stored');
    const [answer] = await tx
      .select({ ids: sql<(string | null)[]>`array_agg(${stored.id} order by asked.place)` })
      .from(asked)
      .leftJoinLateral(stored, sql`true`);
    return answer?.ids ?? [];
  };
  return { any: true, lookup };
}
