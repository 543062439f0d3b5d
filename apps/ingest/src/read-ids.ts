/**
 * The launch ids a run has read, each with where it was first read (page and position), held
 * compactly: an id as the API prints it (24 hex digits) is stored as three 32-bit words in one
 * typed array, 20 bytes a slot, where a Map of strings took about 100 bytes an entry. A million
 * launches fit in about 40 MB, so a run's memory stays near flat as reads grow. Any other id
 * (never valid, but a database may hold one) goes to a Map.
 */

/** Where an id was first read. */
export interface ReadAt {
  page: number;
  position: number;
}

/** Words per slot: the id's three words, its page, and its position plus one (0: empty slot). */
const SLOT = 5;
const HEX_ID = /^[0-9a-f]{24}$/;

export class ReadIds {
  private slots = new Uint32Array(SLOT * 1024);
  private used = 0;
  private readonly others = new Map<string, ReadAt>();

  get size(): number {
    return this.used + this.others.size;
  }

  get(id: string): ReadAt | undefined {
    if (!HEX_ID.test(id)) return this.others.get(id);
    const slot = this.find(this.slots, id);
    const position = this.slots[slot + 4] as number;
    if (position === 0) return undefined;
    return { page: this.slots[slot + 3] as number, position: position - 1 };
  }

  has(id: string): boolean {
    return this.get(id) !== undefined;
  }

  /** Records where `id` was read; an id already recorded keeps its first place. */
  add(id: string, at: ReadAt): void {
    if (!HEX_ID.test(id)) {
      if (!this.others.has(id)) this.others.set(id, at);
      return;
    }
    // Kept at most half full, so probes stay short.
    if ((this.used + 1) * 2 * SLOT > this.slots.length) this.grow();
    const slot = this.find(this.slots, id);
    if (this.slots[slot + 4] !== 0) return;
    this.write(this.slots, slot, id, at.page, at.position + 1);
    this.used++;
  }

  /** The slot holding `id`, or the empty slot where it would go (linear probing). */
  private find(slots: Uint32Array, id: string): number {
    const [a, b, c] = words(id);
    const count = slots.length / SLOT;
    for (let i = hash(a, b, c) % count; ; i = (i + 1) % count) {
      const slot = i * SLOT;
      if (slots[slot + 4] === 0) return slot;
      if (slots[slot] === a && slots[slot + 1] === b && slots[slot + 2] === c) return slot;
    }
  }

  private write(slots: Uint32Array, slot: number, id: string, page: number, position: number) {
    const [a, b, c] = words(id);
    slots[slot] = a;
    slots[slot + 1] = b;
    slots[slot + 2] = c;
    slots[slot + 3] = page;
    slots[slot + 4] = position;
  }

  private grow(): void {
    const old = this.slots;
    const grown = new Uint32Array(old.length * 2);
    for (let slot = 0; slot < old.length; slot += SLOT) {
      if (old[slot + 4] === 0) continue;
      const id = idOf(old, slot);
      this.write(grown, this.find(grown, id), id, old[slot + 3] as number, old[slot + 4] as number);
    }
    this.slots = grown;
  }
}

/** The three 32-bit words of a 24-hex-digit id. */
function words(id: string): [number, number, number] {
  return [
    Number.parseInt(id.slice(0, 8), 16),
    Number.parseInt(id.slice(8, 16), 16),
    Number.parseInt(id.slice(16, 24), 16),
  ];
}

function idOf(slots: Uint32Array, slot: number): string {
  let id = '';
  for (let i = 0; i < 3; i++) id += (slots[slot + i] as number).toString(16).padStart(8, '0');
  return id;
}

/** Mixes the three words (ids often differ only in their last digits). */
function hash(a: number, b: number, c: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ b ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ c ^ (h >>> 16), 0x27d4eb2f);
  return (h ^ (h >>> 15)) >>> 0;
}
