/**
 * Keeping the marts: in full (a first load, `--full-refresh`, a reset), or only the rows of the
 * keys a run's changes touch. Rows are deleted and inserted, never truncated or refreshed: those
 * take an ACCESS EXCLUSIVE lock, which a reader's open transaction holds up; a delete conflicts
 * with no reader, and readers see the previous rows until the writer commits.
 */
import { getTableName, type SQL, sql } from 'drizzle-orm';
import { pgTable, text } from 'drizzle-orm/pg-core';
import type { Database } from './database.js';
import { anyOf, type Mart, type MartScope, martColumns, marts, type RunChanges } from './mart.js';

type Db = Pick<Database, 'execute' | 'select'>;

/**
 * The keys a run touched, per mart, in a temporary table of its transaction (unqualified: found
 * first in pg_temp). The data checks scoped to the change read it too.
 */
export const martKeys = pgTable('mart_keys', {
  mart: text('mart').notNull(),
  key: text('key').notNull(),
});

/** The keys this run touched in the mart named `mart` (updateMarts found them). */
export const touchedKeys = (mart: string): SQL =>
  sql`select ${martKeys.key} from ${martKeys} where ${martKeys.mart} = ${mart}`;

const keysOf = (m: Mart): SQL => touchedKeys(getTableName(m.table));

/** Recomputes every row of one mart. */
export async function rebuildMart(db: Db, m: Mart): Promise<void> {
  await db.execute(sql`delete from ${m.table}`);
  await db.execute(sql`insert into ${m.table} (${martColumns(m)}) ${m.rows()}`);
}

/** Called after each mart but the last is kept: `kept` of `of` (the ingest's pause point). */
export type AfterMart = (kept: number, of: number) => void | Promise<void>;

/** Recomputes every row of every mart, in order. */
export async function rebuildMarts(db: Db, afterMart: AfterMart = () => {}): Promise<void> {
  for (const [i, m] of marts.entries()) {
    if (i > 0) await afterMart(i, marts.length);
    await rebuildMart(db, m);
  }
}

/**
 * Recomputes the rows of the keys `changes` touch, mart by mart in order. Every mart's keys are
 * found first, while the marts still hold the state before the run (what a changed launch was).
 * Returns how many keys each mart had touched.
 */
export async function updateMarts(
  db: Db,
  changes: RunChanges,
  afterMart: AfterMart = () => {},
): Promise<Map<Mart, number>> {
  await db.execute(
    sql`create temporary table if not exists ${martKeys} (mart text not null, key text not null) on commit drop`,
  );
  await db.execute(sql`truncate ${martKeys}`);
  const scope: MartScope = { ...changes, keysOf };
  for (const m of marts) {
    const touched = m.touched(scope);
    if (touched.length === 0) continue;
    await db.execute(sql`insert into ${martKeys} (mart, key)
select ${getTableName(m.table)}, key from (${sql.join(touched, sql`\nunion\n`)}) as touched(key)
where key is not null`);
  }
  const perMart = await db
    .select({ mart: martKeys.mart, keys: sql<number>`count(*)::integer` })
    .from(martKeys)
    .groupBy(martKeys.mart);
  const counts = new Map<Mart, number>();
  for (const [i, m] of marts.entries()) {
    if (i > 0) await afterMart(i, marts.length);
    const keys = perMart.find((row) => row.mart === getTableName(m.table))?.keys ?? 0;
    counts.set(m, keys);
    if (keys === 0) continue;
    await db.execute(sql`delete from ${m.table} where ${anyOf(m.key, keysOf(m))}`);
    await db.execute(sql`insert into ${m.table} (${martColumns(m)}) ${m.rows(keysOf(m))}`);
  }
  return counts;
}
