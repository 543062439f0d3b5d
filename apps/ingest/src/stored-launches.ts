/**
 * What the database holds before a run: each stored launch's id, and its id by the sha256 of its
 * text, so a launch read with the same text is known unchanged without parsing it. Read in pages
 * into compact tables (the first 128 bits of a sha256 and an id take 36 bytes), so a rerun over a
 * million stored launches holds tens of megabytes, not every row as objects.
 */
import type { Database } from '@spacex/db/client';
import { launches, qualifiedName } from '@spacex/db/schema';
import { sql } from 'drizzle-orm';
import { hexWords, WordTable, wordsHex } from './word-table.js';

/** Table blocks (8 kB) per query while reading the stored launches: about 10,000 launches. */
const PAGE_BLOCKS = 4096;

export class StoredLaunches {
  private readonly ids = new WordTable(3, 0);
  /** The first 128 bits of a sha256: two texts that share them are, in practice, the same text. */
  private readonly idByHash = new WordTable(4, 3);
  /** Ids or hashes that are not lower-case hex (never written by a run, but a database may hold them). */
  private readonly otherIds = new Set<string>();
  private readonly otherIdByHash = new Map<string, string>();

  /**
   * Reads the stored launches, inside the run's transaction, a range of the table's blocks at a
   * time: each page is a slice of one sequential scan (a TID range scan), so no page sorts or
   * walks an index, and memory holds one page of rows.
   */
  static async read(
    tx: Pick<Database, 'select'>,
    pageBlocks = PAGE_BLOCKS,
  ): Promise<StoredLaunches> {
    const stored = new StoredLaunches();
    const [size] = await tx
      .select({
        blocks: sql<number>`(pg_relation_size(${qualifiedName(launches)}::regclass) / current_setting('block_size')::int)::integer`,
      })
      .from(sql`(select 1) as one`);
    for (let first = 0; first < (size?.blocks ?? 0); first += pageBlocks) {
      const page = await tx
        .select({ id: launches.id, sha256: launches.sourceSha256 })
        .from(launches)
        .where(sql`ctid >= ${`(${first},0)`}::tid and ctid < ${`(${first + pageBlocks},0)`}::tid`);
      for (const { id, sha256 } of page) stored.add(id, sha256);
    }
    return stored;
  }

  get size(): number {
    return this.ids.size + this.otherIds.size;
  }

  add(id: string, sha256: string | null): void {
    const idKey = hexWords(id, 3);
    if (idKey !== null) this.ids.add(idKey, []);
    else this.otherIds.add(id);
    if (sha256 === null) return;
    const hashKey = hexWords(sha256.slice(0, 32), 4);
    if (hashKey !== null && idKey !== null && sha256.length === 64)
      this.idByHash.add(hashKey, idKey);
    else this.otherIdByHash.set(sha256, id);
  }

  has(id: string): boolean {
    const key = hexWords(id, 3);
    return key === null ? this.otherIds.has(id) : this.ids.get(key) !== undefined;
  }

  /** The stored launch whose text hashes to `sha256`, if any. */
  idOfHash(sha256: string): string | undefined {
    const key = sha256.length === 64 ? hexWords(sha256.slice(0, 32), 4) : null;
    const id = key === null ? undefined : this.idByHash.get(key);
    return id === undefined ? this.otherIdByHash.get(sha256) : wordsHex(id);
  }

  /** Each stored launch's id. */
  *all(): Generator<string> {
    for (const key of this.ids.keys()) yield wordsHex(key);
    yield* this.otherIds;
  }
}
