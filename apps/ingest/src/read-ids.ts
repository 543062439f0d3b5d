/**
 * The launch ids a run has read, each with where it was first read (page and position). An id
 * as the API prints it (24 hex digits) takes its three words, 12 bytes, in read order, and 4 to
 * 8 bytes of hash index; its page and position come from the few places where the read skipped
 * a record or turned a page. A million launches take about 20 MB, and growing moves only the
 * index, never the entries. Any other id (never valid, but a record may carry one) goes to a Map.
 */
import { hexWords, WordEntries, WordIndex } from './word-table.js';

/** Where an id was first read. */
export interface ReadAt {
  page: number;
  position: number;
}

/**
 * From entry `entry` on, until the next run: entry n was read on `page` at position
 * n + `offset`. A new run starts where the page changes or a record was not added.
 */
interface Run {
  entry: number;
  offset: number;
  page: number;
}

export class ReadIds {
  /** Each id's three words, in the order they were first read. */
  private readonly entries = new WordEntries(3);
  private readonly byId = new WordIndex(this.entries, 0, 3);
  private readonly runs: Run[] = [];
  private readonly others = new Map<string, ReadAt>();

  get size(): number {
    return this.entries.size + this.others.size;
  }

  get(id: string): ReadAt | undefined {
    const key = hexWords(id, 3);
    if (key === null) return this.others.get(id);
    return this.placeOf(this.byId.get(key));
  }

  has(id: string): boolean {
    const key = hexWords(id, 3);
    return key === null ? this.others.has(id) : this.byId.get(key) >= 0;
  }

  /**
   * Records where `id` was read, and returns undefined; an id already recorded keeps its first
   * place, which is returned. Positions grow from one new id to the next (they count the records
   * of a read).
   */
  add(id: string, at: ReadAt): ReadAt | undefined {
    const key = hexWords(id, 3);
    if (key === null) {
      const first = this.others.get(id);
      if (first === undefined) this.others.set(id, at);
      return first;
    }
    const known = this.byId.get(key);
    if (known >= 0) return this.placeOf(known);
    const entry = this.entries.size;
    const last = this.runs.at(-1);
    if (last === undefined || last.page !== at.page || entry + last.offset !== at.position) {
      // Positions are found from entry numbers, so a new entry must come after the last one.
      if (last !== undefined && at.position <= entry - 1 + last.offset) {
        throw new Error(`ReadIds: position ${at.position} added after ${entry - 1 + last.offset}`);
      }
      this.runs.push({ entry, offset: at.position - entry, page: at.page });
    }
    this.byId.add(this.entries.add(key));
    return undefined;
  }

  /** Where entry `entry` was read, or undefined for -1 (no entry). */
  private placeOf(entry: number): ReadAt | undefined {
    if (entry < 0) return undefined;
    const run = this.runOf(entry);
    return { page: run.page, position: entry + run.offset };
  }

  /** The run `entry` belongs to: the last that starts at or before it. */
  private runOf(entry: number): Run {
    let low = 0;
    let high = this.runs.length - 1;
    while (low < high) {
      const middle = (low + high + 1) >>> 1;
      if ((this.runs[middle] as Run).entry <= entry) low = middle;
      else high = middle - 1;
    }
    return this.runs[low] as Run;
  }
}
