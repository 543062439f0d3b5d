/**
 * The launch ids a run has read, each with where it was first read (page and position). An id
 * as the API prints it (24 hex digits) takes 16 bytes in read order (its three words and its
 * position) and 4 to 8 bytes of hash index; a page is kept once, where it begins. A million
 * launches take about 25 MB, and growing moves only the index, never the entries. Any other id
 * (never valid, but a record may carry one) goes to a Map.
 */
import { hexWords, WordEntries, WordIndex } from './word-table.js';

/** Where an id was first read. */
export interface ReadAt {
  page: number;
  position: number;
}

export class ReadIds {
  /** Each id's three words, then its position, in the order they were first read. */
  private readonly entries = new WordEntries(4);
  private readonly byId = new WordIndex(this.entries, 0, 3);
  /** Positions where the page changes, and the page read from each on. */
  private readonly pageStarts: number[] = [];
  private readonly pages: number[] = [];
  private lastPosition = -1;
  private readonly others = new Map<string, ReadAt>();

  get size(): number {
    return this.entries.size + this.others.size;
  }

  get(id: string): ReadAt | undefined {
    const key = hexWords(id, 3);
    if (key === null) return this.others.get(id);
    const entry = this.byId.get(key);
    if (entry < 0) return undefined;
    const position = this.entries.word(entry, 3);
    return { page: this.pageAt(position), position };
  }

  has(id: string): boolean {
    const key = hexWords(id, 3);
    return key === null ? this.others.has(id) : this.byId.get(key) >= 0;
  }

  /**
   * Records where `id` was read; an id already recorded keeps its first place. Positions grow
   * from one new id to the next (they count the records of a read).
   */
  add(id: string, at: ReadAt): void {
    const key = hexWords(id, 3);
    if (key === null) {
      if (!this.others.has(id)) this.others.set(id, at);
      return;
    }
    if (this.byId.get(key) >= 0) return;
    // Pages are looked up by position, so a new entry must come after the last one.
    if (at.position <= this.lastPosition) {
      throw new Error(`ReadIds: position ${at.position} added after ${this.lastPosition}`);
    }
    this.lastPosition = at.position;
    if (this.pages.at(-1) !== at.page) {
      this.pageStarts.push(at.position);
      this.pages.push(at.page);
    }
    this.byId.add(this.entries.add(key, [at.position]));
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
}
