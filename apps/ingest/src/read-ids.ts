/**
 * The launch ids a run has read, each with where it was first read, kept in a temporary table
 * of the run's transaction (dropped at commit or rollback) rather than in the client: memory
 * does not grow with the read, and the launches the read lacks are found by one anti-join.
 */
import { sqlState } from '@spacex/db';
import type { Database } from '@spacex/db/client';
import { launches } from '@spacex/db/schema';
import { sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import type { ReadPlace } from './checked-read.js';
import { PrivilegeError } from './errors.js';
import { arrayOf, isOneOf } from './sql.js';

/** Unqualified: a temporary table is found first on the search path (in pg_temp). */
const readIds = pgTable('read_launch_ids', {
  id: text('id').primaryKey(),
  page: integer('page').notNull(),
  position: integer('position').notNull(),
});

const INSUFFICIENT_PRIVILEGE = '42501';

type Tx = Pick<Database, 'execute' | 'select' | 'delete' | '$count' | '$with' | 'with'>;

/** Where an id was first read. */
export type ReadAt = Pick<ReadPlace, 'page' | 'position'>;

export class ReadIds {
  /** The stored launches whose id this run did not read. */
  private readonly unread =
    sql`not exists (select from ${readIds} where ${readIds.id} = ${launches.id})`;

  private constructor(private readonly tx: Tx) {}

  /** Creates the table, inside the run's transaction. */
  static async create(tx: Tx): Promise<ReadIds> {
    try {
      await tx.execute(
        // The columns of `readIds` above. Ids compare byte by byte ("C"): they are hex, and the
        // primary key is kept up a third faster than under the database's language collation.
        sql`create temporary table ${readIds} (id text collate "C" primary key, page integer not null, position integer not null) on commit drop`,
      );
    } catch (error) {
      if (sqlState(error) !== INSUFFICIENT_PRIVILEGE) throw error;
      throw new PrivilegeError(
        "The ingest's database role may not create temporary tables, and a run keeps the launch ids " +
          'it reads in one. Grant it that privilege: `grant temporary on database <database> to <role>;` ' +
          '(every role has it through PUBLIC unless revoked; `pnpm db:grant-reader` revokes it from PUBLIC).',
        { cause: error },
      );
    }
    return new ReadIds(tx);
  }

  /**
   * Adds a batch's ids, in read order. When one was read already (by an earlier batch, or
   * earlier in this one), returns the first id read again, with where it was first read.
   */
  async add(
    places: readonly ReadPlace[],
  ): Promise<{ again: ReadPlace; first: ReadAt } | undefined> {
    if (places.length === 0) return undefined;
    // One statement a batch (a COPY under a savepoint took four round trips, 0.3 s more at
    // 100,000 launches). An id already held is not added again, and counts as not added.
    // Three arrays, not a jsonb array of objects: 0.1 s less of the database's time per 100,000.
    const ids = arrayOf(places.map((p) => p.id));
    const pages = arrayOf(
      places.map((p) => p.page),
      'integer',
    );
    const positions = arrayOf(
      places.map((p) => p.position),
      'integer',
    );
    const added = this.tx.$with('added', { id: sql<string>`id` }).as(
      sql`insert into ${readIds} (id, page, position)
        select * from unnest(${ids}, ${pages}, ${positions})
        on conflict (id) do nothing returning id`,
    );
    const [result] = await this.tx
      .with(added)
      .select({ count: sql<number>`count(*)::integer` })
      .from(added);
    if (result?.count === places.length) return undefined;
    // The table holds each id's first place, in this batch or before: a place after it is the
    // id read again.
    const firstAt = await this.placesOf(places.map((p) => p.id));
    for (const place of places) {
      const first = firstAt.get(place.id);
      if (first !== undefined && first.position !== place.position) return { again: place, first };
    }
    throw new Error(
      `ReadIds: ${places.length - (result?.count ?? 0)} id(s) not added, none read twice`,
    );
  }

  /** Where each of `ids` was first read; an id this run did not read has no entry. */
  async placesOf(ids: readonly string[]): Promise<Map<string, ReadAt>> {
    const rows = await this.tx
      .select({ id: readIds.id, page: readIds.page, position: readIds.position })
      .from(readIds)
      .where(isOneOf(readIds.id, ids));
    return new Map(rows.map(({ id, ...at }) => [id, at]));
  }

  /** How many stored launches this run did not read. */
  async countUnread(): Promise<number> {
    return this.tx.$count(launches, this.unread);
  }

  /** Deletes the stored launches this run did not read (their cores and crew go by cascade). */
  async deleteUnread(): Promise<void> {
    await this.tx.delete(launches).where(this.unread);
  }
}
