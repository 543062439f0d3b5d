/**
 * The launch ids a run has read, each with where it was first read, kept in a temporary table
 * of the run's transaction (dropped at commit or rollback) rather than in the client: memory
 * does not grow with the read, and the launches the read lacks are found by one anti-join.
 */
import { sqlState } from '@spacex/db';
import { type BulkTransaction, CopyEncoder, CopyRows } from '@spacex/db/rows';
import { launches } from '@spacex/db/schema';
import { sql } from 'drizzle-orm';
import { integer, pgTable, text } from 'drizzle-orm/pg-core';
import type { ReadPlace } from './checked-read.js';
import { PrivilegeError } from './errors.js';
import { isOneOf } from './sql.js';

/** Unqualified: a temporary table is found first on the search path (in pg_temp). */
const readIds = pgTable('read_launch_ids', {
  id: text('id').primaryKey(),
  page: integer('page').notNull(),
  position: integer('position').notNull(),
});

const INSUFFICIENT_PRIVILEGE = '42501';
const UNIQUE_VIOLATION = '23505';

type Tx = Pick<BulkTransaction['db'], 'execute' | 'select' | 'delete' | '$count'>;

/** Where an id was first read. */
export type ReadAt = Pick<ReadPlace, 'page' | 'position'>;

const readIdsCopy = new CopyEncoder(readIds, ['id', 'page', 'position']);

export class ReadIds {
  /** One batch's COPY rows, reused: batches are added one at a time. */
  private readonly rows = new CopyRows();
  /** The stored launches whose id this run did not read. */
  private readonly unread =
    sql`not exists (select from ${readIds} where ${readIds.id} = ${launches.id})`;

  private constructor(
    private readonly tx: Tx,
    private readonly copy: BulkTransaction['copy'],
  ) {}

  /** Creates the table, inside the run's transaction. */
  static async create({
    db: tx,
    copy,
  }: {
    db: Tx;
    copy: BulkTransaction['copy'];
  }): Promise<ReadIds> {
    try {
      await tx.execute(
        // The columns of `readIds` above.
        sql`create temporary table ${readIds} (id text primary key, page integer not null, position integer not null) on commit drop`,
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
    return new ReadIds(tx, copy);
  }

  /**
   * Adds a batch's ids (each once in the batch). When an earlier batch read one of them already,
   * adds nothing and returns the first such id in read order, with where it was read before.
   */
  async add(
    places: readonly ReadPlace[],
  ): Promise<{ again: ReadPlace; first: ReadAt } | undefined> {
    if (places.length === 0) return undefined;
    this.rows.clear();
    for (const { id, page, position } of places)
      readIdsCopy.write(this.rows, { id, page, position });
    // By COPY, under a savepoint: an id read before breaks the primary key, and the savepoint
    // keeps the transaction usable to say where it was read.
    await this.tx.execute(sql`savepoint read_launch_ids`);
    try {
      await this.copy(readIdsCopy.target, this.rows);
    } catch (error) {
      if (sqlState(error) !== UNIQUE_VIOLATION) throw error;
      await this.tx.execute(sql`rollback to savepoint read_launch_ids`);
      const firstAt = await this.placesOf(places.map((p) => p.id));
      const again = places.find((p) => firstAt.has(p.id));
      const first = again && firstAt.get(again.id);
      if (again === undefined || first === undefined) throw error;
      return { again, first };
    }
    await this.tx.execute(sql`release savepoint read_launch_ids`);
    return undefined;
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
