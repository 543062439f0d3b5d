/**
 * The launch ids a run has read, each with where it was first read (page and position), in a
 * compact table: an id as the API prints it (24 hex digits) takes 20 bytes, so a million
 * launches fit in about 40 MB. Any other id (never valid, but a record may carry one) goes to a Map.
 */
import { hexWords, WordTable } from './word-table.js';

/** Where an id was first read. */
export interface ReadAt {
  page: number;
  position: number;
}

export class ReadIds {
  private readonly table = new WordTable(3, 2);
  private readonly others = new Map<string, ReadAt>();

  get size(): number {
    return this.table.size + this.others.size;
  }

  get(id: string): ReadAt | undefined {
    const key = hexWords(id, 3);
    if (key === null) return this.others.get(id);
    const at = this.table.get(key);
    return at && { page: at[0] as number, position: at[1] as number };
  }

  has(id: string): boolean {
    const key = hexWords(id, 3);
    return key === null ? this.others.has(id) : this.table.get(key) !== undefined;
  }

  /** Records where `id` was read; an id already recorded keeps its first place. */
  add(id: string, at: ReadAt): void {
    const key = hexWords(id, 3);
    if (key !== null) this.table.add(key, [at.page, at.position]);
    else if (!this.others.has(id)) this.others.set(id, at);
  }
}
