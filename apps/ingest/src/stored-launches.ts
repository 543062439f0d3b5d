/**
 * What the database holds before a run: each stored launch's id, and its id by the sha256 of its
 * text, so a launch read with the same text is known unchanged without parsing it. Read in pages
 * into compact tables (an id and the first 128 bits of its sha256 take 28 bytes, and 4 to 8 of
 * index each way), so a rerun over a million stored launches holds tens of megabytes, not every
 * row as objects.
 */
import type { Database } from '@spacex/db/client';
import { launches, qualifiedName } from '@spacex/db/schema';
import { sql } from 'drizzle-orm';
import { hexWords, WordEntries, WordIndex, wordsHex } from './word-table.js';

/** Table blocks (8 kB) per query while reading the stored launches: about 10,000 launches. */
const PAGE_BLOCKS = 4096;

export class StoredLaunches {
  /** Each stored launch's id (three words), then the first 128 bits of its sha256 (four, or 0). */
  private readonly entries = new WordEntries(7);
  private readonly byId = new WordIndex(this.entries, 0, 3);
  /** The first 128 bits of a sha256: two texts that share them are, in practice, the same text. */
  private readonly byHash = new WordIndex(this.entries, 3, 4);
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
    return this.entries.size + this.otherIds.size;
  }

  add(id: string, sha256: string | null): void {
    const idKey = hexWords(id, 3);
    const hashKey = sha256 === null ? null : hexWords(sha256, 4, 64);
    if (idKey === null) this.otherIds.add(id);
    else if (this.byId.get(idKey) < 0) {
      const entry = this.entries.add(idKey, hashKey ?? []);
      this.byId.add(entry);
      if (hashKey !== null) this.byHash.add(entry);
    }
    if (sha256 !== null && (idKey === null || hashKey === null)) this.otherIdByHash.set(sha256, id);
  }

  has(id: string): boolean {
    const key = hexWords(id, 3);
    return key === null ? this.otherIds.has(id) : this.byId.get(key) >= 0;
  }

  /** The stored launch whose text hashes to `sha256`, if any. */
  idOfHash(sha256: string): string | undefined {
    if (this.size === 0) return undefined;
    const key = hexWords(sha256, 4, 64);
    const entry = key === null ? -1 : this.byHash.get(key);
    return entry < 0 ? this.otherIdByHash.get(sha256) : wordsHex(this.entries.words(entry, 0, 3));
  }

  /** Each stored launch's id. */
  *all(): Generator<string> {
    for (let entry = 0; entry < this.entries.size; entry++) {
      yield wordsHex(this.entries.words(entry, 0, 3));
    }
    yield* this.otherIds;
  }
}
