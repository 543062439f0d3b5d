/**
 * The launch ids a run has read, each with where it was first read (page and position). An id
 * as the API prints it (24 hex digits) takes 16 bytes in read order (its three words and its
 * position) and 4 to 8 bytes of hash index; a page is kept once, where it begins. A million
 * launches take about 25 MB, and growing moves only the index, never the entries. Any other id
 * (never valid, but a record may carry one) goes to a Map.
 */
import { hashWords, hexWords } from './word-table.js';

/** Where an id was first read. */
export interface ReadAt {
  page: number;
  position: number;
}

/** Entries per chunk of the entry store (1 MiB each). */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;
/** Words per entry: the id's three, then its position. */
const WIDTH = 4;

export class ReadIds {
  /** The entries in the order they were added, in chunks that never move. */
  private readonly chunks: Uint32Array[] = [];
  private count = 0;
  /** Open addressing with linear probing: entry number + 1 per slot, 0 when free; at most 70% full. */
  private index = new Uint32Array(1024);
  /** Positions where the page changes, and the page read from each on. */
  private readonly pageStarts: number[] = [];
  private readonly pages: number[] = [];
  private lastPosition = -1;
  private readonly others = new Map<string, ReadAt>();

  get size(): number {
    return this.count + this.others.size;
  }

  get(id: string): ReadAt | undefined {
    const key = hexWords(id, 3);
    if (key === null) return this.others.get(id);
    const entry = this.index[this.find(this.index, key)];
    if (!entry) return undefined;
    const position = this.word(entry - 1, 3);
    return { page: this.pageAt(position), position };
  }

  has(id: string): boolean {
    const key = hexWords(id, 3);
    return key === null ? this.others.has(id) : this.index[this.find(this.index, key)] !== 0;
  }

  /**
   * Records where `id` was read; an id already recorded keeps its first place. Positions grow
   * from one call to the next (they count the records of a read).
   */
  add(id: string, at: ReadAt): void {
    const key = hexWords(id, 3);
    if (key === null) {
      if (!this.others.has(id)) this.others.set(id, at);
      return;
    }
    const slot = this.find(this.index, key);
    if (this.index[slot] !== 0) return;
    // Pages are looked up by position, so a new entry must come after the last one.
    if (at.position <= this.lastPosition) {
      throw new Error(`ReadIds: position ${at.position} added after ${this.lastPosition}`);
    }
    this.lastPosition = at.position;
    if (this.pages.at(-1) !== at.page) {
      this.pageStarts.push(at.position);
      this.pages.push(at.page);
    }
    const entry = this.count++;
    if (entry % CHUNK === 0) this.chunks.push(new Uint32Array(CHUNK * WIDTH));
    const chunk = this.chunks[entry >>> CHUNK_BITS] as Uint32Array;
    const start = (entry % CHUNK) * WIDTH;
    chunk.set(key, start);
    chunk[start + 3] = at.position;
    this.index[slot] = entry + 1;
    if (this.count > this.index.length * 0.7) this.grow();
  }

  private word(entry: number, word: number): number {
    return (this.chunks[entry >>> CHUNK_BITS] as Uint32Array)[
      (entry % CHUNK) * WIDTH + word
    ] as number;
  }

  /** The page read at `position`: the last page that began at or before it. */
  private pageAt(position: number): number {
    let low = 0;
    let high = this.pageStarts.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.pageStarts[middle] as number) <= position) low = middle;
      else high = middle - 1;
    }
    return this.pages[low] as number;
  }

  /** The slot holding `key`, or the free slot where it would go. */
  private find(index: Uint32Array, key: ArrayLike<number>): number {
    const mask = index.length - 1;
    for (let slot = hashWords(key) & mask; ; slot = (slot + 1) & mask) {
      const entry = index[slot] as number;
      if (entry === 0) return slot;
      if (
        this.word(entry - 1, 0) === key[0] &&
        this.word(entry - 1, 1) === key[1] &&
        this.word(entry - 1, 2) === key[2]
      ) {
        return slot;
      }
    }
  }

  /** Doubles the index; the entries stay where they are. */
  private grow(): void {
    const grown = new Uint32Array(this.index.length * 2);
    const key = new Uint32Array(3);
    for (let entry = 0; entry < this.count; entry++) {
      for (let w = 0; w < 3; w++) key[w] = this.word(entry, w);
      grown[this.find(grown, key)] = entry + 1;
    }
    this.index = grown;
  }
}
