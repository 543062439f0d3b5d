/**
 * What the database holds before a run: how many launches, and, asked one batch at a time,
 * which texts read are stored unchanged (by the sha256 of the text, through a hash index). The
 * client keeps no table of what is stored, so a rerun's memory does not grow with the database.
 */
import type { Database } from '@spacex/db/client';
import { launches } from '@spacex/db/schema';
import { sql } from 'drizzle-orm';
import { NOTHING_STORED, type StoredLookup } from './checked-read.js';
import { arrayOf } from './sql.js';

export interface StoredLaunches {
  /** Launches stored when the run started. */
  count: number;
  /** Of the sha256s asked, those a stored launch's text has, each with the launch's id. */
  lookup: StoredLookup;
}

/**
 * Asked inside the run's transaction, after its lock: no other run writes meanwhile. A lookup
 * also finds what this run wrote in an earlier batch: a text read twice, which the ids read
 * (ReadIds) then refuse.
 */
export async function storedLaunches(
  tx: Pick<Database, 'select' | '$count'>,
): Promise<StoredLaunches> {
  const count = await tx.$count(launches);
  // An empty table (a first run) is asked nothing.
  if (count === 0) return { count, lookup: NOTHING_STORED };
  const lookup: StoredLookup = async (sha256s) => {
    // One probe of the hash index per hash asked: `= any(...)` would recheck every row found
    // against the whole list (2,000 hashes: 25 ms a batch against 5).
    const asked = sql`unnest(${arrayOf(sha256s)}) as asked(sha256)`;
    const stored = tx
      .select({ id: launches.id, sha256: launches.sourceSha256 })
      .from(launches)
      .where(sql`${launches.sourceSha256} = asked.sha256`)
      .limit(1)
      .as('stored');
    const rows = await tx
      .select({ id: stored.id, sha256: stored.sha256 })
      .from(asked)
      .crossJoinLateral(stored);
    const found = new Map<string, string>();
    for (const { id, sha256 } of rows) if (sha256 !== null) found.set(sha256, id);
    return found;
  };
  return { count, lookup };
}
