/**
 * A compact table for what a run keeps per stored launch (its id, its id by hash): a key of a
 * few 32-bit words (an id's 24 hex digits are three) and a value of a few more, in one typed
 * array, where a Map of strings took about 100 bytes an entry. A million launches take tens of
 * megabytes. Also the hex words and hash that ReadIds shares.
 */

/** Open addressing with linear probing, kept at most 70% full (probes stay short), grown by half. */
export class WordTable {
  private slots: Uint32Array;
  private used = 0;
  private readonly width: number;

  constructor(
    private readonly keyWords: number,
    private readonly valueWords: number,
  ) {
    // One extra word per slot marks it taken, so any key (zeros included) can be held.
    this.width = keyWords + valueWords + 1;
    this.slots = new Uint32Array(this.width * 1024);
  }

  get size(): number {
    return this.used;
  }

  /** The value words of `key` (a view: copy them to keep), or undefined. */
  get(key: ArrayLike<number>): Uint32Array | undefined {
    const slot = this.find(this.slots, key);
    if (this.slots[slot] === 0) return undefined;
    const start = slot + 1 + this.keyWords;
    return this.slots.subarray(start, start + this.valueWords);
  }

  /** Adds `key` with `value`; a key already held keeps its first value. */
  add(key: ArrayLike<number>, value: ArrayLike<number>): void {
    if ((this.used + 1) * this.width > this.slots.length * 0.7) this.grow();
    const slot = this.find(this.slots, key);
    if (this.slots[slot] !== 0) return;
    this.slots[slot] = 1;
    this.slots.set(key, slot + 1);
    this.slots.set(value, slot + 1 + this.keyWords);
    this.used++;
  }

  /** Each key held, as a view (copy it to keep). */
  *keys(): Generator<Uint32Array> {
    for (let slot = 0; slot < this.slots.length; slot += this.width) {
      if (this.slots[slot] !== 0) yield this.slots.subarray(slot + 1, slot + 1 + this.keyWords);
    }
  }

  /** The slot holding `key`, or the free slot where it would go. */
  private find(slots: Uint32Array, key: ArrayLike<number>): number {
    const count = slots.length / this.width;
    for (let i = hashWords(key) % count; ; i = (i + 1) % count) {
      const slot = i * this.width;
      if (slots[slot] === 0 || this.holds(slots, slot, key)) return slot;
    }
  }

  private holds(slots: Uint32Array, slot: number, key: ArrayLike<number>): boolean {
    for (let k = 0; k < this.keyWords; k++) if (slots[slot + 1 + k] !== key[k]) return false;
    return true;
  }

  private grow(): void {
    const old = this.slots;
    const grown = new Uint32Array(Math.ceil((old.length / this.width) * 1.5) * this.width);
    for (let slot = 0; slot < old.length; slot += this.width) {
      if (old[slot] === 0) continue;
      const entry = old.subarray(slot, slot + this.width);
      grown.set(entry, this.find(grown, entry.subarray(1, 1 + this.keyWords)));
    }
    this.slots = grown;
  }
}

/** Mixes the key's words (ids often differ only in their last digits). */
export function hashWords(key: ArrayLike<number>): number {
  let h = 0x9e3779b9;
  for (let k = 0; k < key.length; k++) {
    h = Math.imul(h ^ (key[k] as number), 0x85ebca6b);
    h ^= h >>> 13;
  }
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

const HEX = /^[0-9a-f]*$/;

/** The 32-bit words of a lower-case hex string of `count` * 8 digits (an id), or null when it is not one. */
export function hexWords(text: string, count: number): Uint32Array | null {
  if (text.length !== count * 8 || !HEX.test(text)) return null;
  const words = new Uint32Array(count);
  for (let i = 0; i < count; i++) words[i] = Number.parseInt(text.slice(i * 8, i * 8 + 8), 16);
  return words;
}

/** The hex string of `words`, as hexWords read it. */
export function wordsHex(words: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < words.length; i++) text += (words[i] as number).toString(16).padStart(8, '0');
  return text;
}
