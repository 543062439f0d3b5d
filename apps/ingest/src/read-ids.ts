/**
 * The ids a run has read of one resource, each with where it was first read, kept in a temporary
 * table of the run's transaction (dropped at commit or rollback) rather than in the client:
 * memory does not grow with the read, and the stored records the read lacks are found by one
 * anti-join. One table serves the run, emptied before each resource.
 */
import { sqlState } from '@spacex/db';
import type { Database } from '@spacex/db/client';
import { eq, type SQL, sql } from 'drizzle-orm';
import { index, integer, pgTable, text } from 'drizzle-orm/pg-core';
import { PrivilegeError } from './errors.js';
import type { Resource } from './resource.js';
import { arrayOf, isOneOf } from './sql.js';

/**
 * Unqualified: a temporary table is found first on the search path (in pg_temp). A hash index,
 * not a primary key with `on conflict`: an id read again is found by asking for each batch's ids
 * as they are added, in 0.31 s of the database's time at 100,000 launches against 0.40 s.
 */
const readIds = pgTable(
  'read_ids',
  {
    id: text('id').notNull(),
    page: integer('page').notNull(),
    position: integer('position').notNull(),
  },
  (table) => [index('read_ids_id').using('hash', table.id)],
);

const INSUFFICIENT_PRIVILEGE = '42501';

/** A record's id as read, and where: the first place it was read is what messages name. */
export interface ReadPlace {
  id: string;
  page: number;
  position: number;
  /** The page named for messages. */
  where: string;
}

type Tx = Pick<
  Database,
  'execute' | 'select' | 'selectDistinctOn' | 'delete' | '$count' | '$with' | 'with'
>;

/** Where an id was first read. */
export type ReadAt = Pick<ReadPlace, 'page' | 'position'>;

export class ReadIds {
  private constructor(private readonly tx: Tx) {}

  /** Creates the table, inside the run's transaction. */
  static async create(tx: Tx): Promise<ReadIds> {
    try {
      // The columns and index of `readIds` above. Ids compare byte by byte ("C"): they are hex.
      await tx.execute(
        sql`create temporary table ${readIds} (id text collate "C" not null, page integer not null, position integer not null) on commit drop`,
      );
      await tx.execute(sql`create index read_ids_id on ${readIds} using hash (id)`);
    } catch (error) {
      if (sqlState(error) !== INSUFFICIENT_PRIVILEGE) throw error;
      throw new PrivilegeError(
        "The ingest's database role may not create temporary tables, and a run keeps the ids " +
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
    // One statement a batch: it adds the batch's ids and returns those held before it, with
    // their places (the statement's query sees the table as it was before its insert). Three
    // arrays, not a jsonb array of objects: 0.1 s less of the database's time per 100,000.
    const ids = arrayOf(places.map((p) => p.id));
    const pages = arrayOf(
      places.map((p) => p.page),
      'integer',
    );
    const positions = arrayOf(
      places.map((p) => p.position),
      'integer',
    );
    // Named apart from the table's columns: the join below refers to them unqualified.
    const batch = this.tx
      .$with('batch', { readId: sql<string>`read_id`.as('read_id') })
      .as(
        sql`select * from unnest(${ids}, ${pages}, ${positions}) as batch (read_id, read_page, read_position)`,
      );
    const added = this.tx
      .$with('added', { id: sql<string>`id` })
      .as(sql`insert into ${readIds} (id, page, position) select * from ${batch} returning id`);
    // One probe of the hash index per id (lateral, limit 1): a join was planned as a hash join
    // over the whole table, a scan per batch, 56 ms a batch at 100,000 ids against 4. An id is
    // held twice only once `add` has returned it, and the run fails on that.
    const heldAt = this.tx
      .select({ id: readIds.id, page: readIds.page, position: readIds.position })
      .from(readIds)
      .where(eq(readIds.id, batch.readId))
      .limit(1)
      .as('held');
    const held = await this.tx
      .with(batch, added)
      .select({ id: heldAt.id, page: heldAt.page, position: heldAt.position })
      .from(batch)
      .crossJoinLateral(heldAt);
    const firstAt = new Map(held.map(({ id, ...at }) => [id, at]));
    for (const place of places) {
      const first = firstAt.get(place.id);
      if (first !== undefined) return { again: place, first };
      firstAt.set(place.id, { page: place.page, position: place.position });
    }
    return undefined;
  }

  /** Where each of `ids` was first read; an id this run did not read has no entry. */
  async placesOf(ids: readonly string[]): Promise<Map<string, ReadAt>> {
    // An id read again is held twice (the run fails on it): its first place comes first.
    const rows = await this.tx
      .selectDistinctOn([readIds.id], {
        id: readIds.id,
        page: readIds.page,
        position: readIds.position,
      })
      .from(readIds)
      .where(isOneOf(readIds.id, ids))
      .orderBy(readIds.id, readIds.position);
    return new Map(rows.map(({ id, ...at }) => [id, at]));
  }

  /** Empties the table, for the next resource's ids. */
  async clear(): Promise<void> {
    await this.tx.execute(sql`truncate ${readIds}`);
  }

  /** The stored records of `resource` whose id this run did not read. */
  unread({ id }: Pick<Resource, 'id'>): SQL {
    return sql`not exists (select from ${readIds} where ${readIds.id} = ${id})`;
  }

  /**
   * How many records of `resource` are stored now, and how many of them this run did not read:
   * one pass over the table.
   */
  async countStored(
    resource: Pick<Resource, 'table' | 'id'>,
  ): Promise<{ stored: number; unread: number }> {
    const [row] = await this.tx
      .select({
        stored: sql<number>`count(*)::integer`,
        unread: sql<number>`(count(*) filter (where ${this.unread(resource)}))::integer`,
      })
      .from(resource.table);
    return { stored: row?.stored ?? 0, unread: row?.unread ?? 0 };
  }
}
