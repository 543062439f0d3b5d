/**
 * Compact tables for what a run keeps per launch (the ids read, the launches stored): entries
 * of a few 32-bit words (an id's 24 hex digits are three, a sha256's first 128 bits four) in
 * typed arrays, where a Map of strings took about 100 bytes an entry. Entries sit in chunks that
 * never move; hash indexes hold entry numbers, so growing copies 4 bytes an entry, not the
 * entries. A million launches take tens of megabytes.
 */

/** Entries per chunk. */
const CHUNK_BITS = 16;
const CHUNK = 1 << CHUNK_BITS;

/** Entries of `width` words each, in the order they were added. */
export class WordEntries {
  private readonly chunks: Uint32Array[] = [];
  private count = 0;

  constructor(readonly width: number) {}

  get size(): number {
    return this.count;
  }

  /** Adds an entry of `parts`, one after another (words not given stay 0): its number. */
  add(...parts: ArrayLike<number>[]): number {
    const entry = this.count++;
    if (entry % CHUNK === 0) this.chunks.push(new Uint32Array(CHUNK * this.width));
    const chunk = this.chunks[entry >>> CHUNK_BITS] as Uint32Array;
    let at = (entry % CHUNK) * this.width;
    for (const part of parts) {
      chunk.set(part, at);
      at += part.length;
    }
    return entry;
  }

  /** Word `word` of entry `entry`. */
  word(entry: number, word: number): number {
    const chunk = this.chunks[entry >>> CHUNK_BITS] as Uint32Array;
    return chunk[(entry % CHUNK) * this.width + word] as number;
  }

  /** Words `from` to `from + count` of `entry`, as a view (copy them to keep). */
  words(entry: number, from: number, count: number): Uint32Array {
    const chunk = this.chunks[entry >>> CHUNK_BITS] as Uint32Array;
    const start = (entry % CHUNK) * this.width + from;
    return chunk.subarray(start, start + count);
  }
}

/**
 * Finds entries of a WordEntries by `keyWords` words from `keyFrom`: open addressing with
 * linear probing over entry numbers (+ 1; 0 is a free slot), at most 70% full, doubled to grow.
 */
export class WordIndex {
  private slots = new Uint32Array(1024);
  private used = 0;

  constructor(
    private readonly entries: WordEntries,
    private readonly keyFrom: number,
    private readonly keyWords: number,
  ) {}

  /** The entry whose key is `key`, or -1. */
  get(key: ArrayLike<number>): number {
    return (this.slots[this.find(this.slots, key)] as number) - 1;
  }

  /** Indexes `entry` under its key, unless an entry of that key is indexed already. */
  add(entry: number): void {
    const slot = this.find(this.slots, this.entries.words(entry, this.keyFrom, this.keyWords));
    if (this.slots[slot] !== 0) return;
    this.slots[slot] = entry + 1;
    if (++this.used > this.slots.length * 0.7) this.grow();
  }

  /** The slot holding `key`, or the free slot where it would go. */
  private find(slots: Uint32Array, key: ArrayLike<number>): number {
    const mask = slots.length - 1;
    for (let slot = hashWords(key) & mask; ; slot = (slot + 1) & mask) {
      const held = slots[slot] as number;
      if (held === 0 || this.holds(held - 1, key)) return slot;
    }
  }

  private holds(entry: number, key: ArrayLike<number>): boolean {
    for (let k = 0; k < this.keyWords; k++) {
      if (this.entries.word(entry, this.keyFrom + k) !== key[k]) return false;
    }
    return true;
  }

  private grow(): void {
    const grown = new Uint32Array(this.slots.length * 2);
    for (const held of this.slots) {
      if (held === 0) continue;
      const key = this.entries.words(held - 1, this.keyFrom, this.keyWords);
      grown[this.find(grown, key)] = held;
    }
    this.slots = grown;
  }
}

/** Mixes the key's words (ids often differ only in their last digits). */
function hashWords(key: ArrayLike<number>): number {
  let h = 0x9e3779b9;
  for (let k = 0; k < key.length; k++) {
    h = Math.imul(h ^ (key[k] as number), 0x85ebca6b);
    h ^= h >>> 13;
  }
  h = Math.imul(h, 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** Each lower-case hex digit's value, by character code; -1 for every other character. */
const HEX_DIGIT = new Int8Array(128).fill(-1);
for (let d = 0; d < 16; d++) HEX_DIGIT[d.toString(16).charCodeAt(0)] = d;

/**
 * The 32-bit words of the first `count` * 8 digits of `text`, a string of `length` characters
 * (an id: 24 of 24; the first 128 bits of a sha256: 32 of 64), or null when the length differs
 * or those digits are not lower-case hex. Called for every launch read: no regular expression,
 * slice or parseInt.
 */
export function hexWords(text: string, count: number, length = count * 8): Uint32Array | null {
  if (text.length !== length) return null;
  const words = new Uint32Array(count);
  for (let w = 0; w < count; w++) {
    let word = 0;
    for (let i = w * 8; i < w * 8 + 8; i++) {
      const code = text.charCodeAt(i);
      const digit = code < 128 ? (HEX_DIGIT[code] as number) : -1;
      if (digit < 0) return null;
      word = (word << 4) | digit;
    }
    words[w] = word;
  }
  return words;
}

/** The hex string of `words`, as hexWords read it. */
export function wordsHex(words: ArrayLike<number>): string {
  let text = '';
  for (let i = 0; i < words.length; i++) text += (words[i] as number).toString(16).padStart(8, '0');
  return text;
}
