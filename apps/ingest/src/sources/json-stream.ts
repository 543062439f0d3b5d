/**
 * Reads the launches out of a JSON document too large to hold whole: the elements of the
 * top-level array (a saved `GET /v5/launches`), or of the `docs` array of a query page. Only the
 * structure is scanned byte by byte; each element's bytes are handed over whole, undecoded (the
 * reader decodes a record's text only when the record is checked: see ReadRecord), so memory
 * holds a chunk's elements at a time and what is read is exactly what JSON.parse reads.
 * Everything outside the elements (a page's `totalDocs`, `page`, …) is kept as the "skeleton",
 * the document with that array emptied, and parsed at the end.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { printable } from '@spacex/terminal';
import { SourceError } from '../errors.js';

/** Where the streamed array is: the document itself, or the `docs` member of a top-level object. */
export type ArrayAt = 'root' | 'docs';

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const COLON = 0x3a;
const EXPONENT = 0x65; // e
const EXPONENT_UPPER = 0x45; // E
const isWhitespace = (b: number) => b === 0x20 || b === 0x0a || b === 0x0d || b === 0x09;
const isDigit = (b: number | undefined) => b !== undefined && b >= 0x30 && b <= 0x39;
const isBracket = (b: number) =>
  b === OPEN_ARRAY || b === CLOSE_ARRAY || b === OPEN_OBJECT || b === CLOSE_OBJECT;
/** Inside an element only these bytes matter: strings, nesting, and an exponent's e. */
const STRUCTURAL = new Uint8Array(256);
for (const b of [
  QUOTE,
  OPEN_ARRAY,
  CLOSE_ARRAY,
  OPEN_OBJECT,
  CLOSE_OBJECT,
  EXPONENT,
  EXPONENT_UPPER,
])
  STRUCTURAL[b] = 1;
/** Digits a number can have and still be below a double's largest, 1.8e308. */
const MAX_PLAIN_DIGITS = 308;

export class JsonStreamError extends Error {
  override name = 'JsonStreamError';
}

/**
 * One element of the array, as scanned. `invalidUtf8`: its bytes are not UTF-8, so its text would
 * hold U+FFFD where they are; the element is then refused by its id instead of stored altered.
 */
export interface ScannedElement {
  /** Its bytes as received (a view of the chunk they came in): hashed as they are, decoded later. */
  bytes: Buffer;
  /** Every byte is below 0x80: its text is ASCII, as many characters as bytes (and UTF-8). */
  ascii: boolean;
  invalidUtf8: boolean;
  /** Levels of objects and arrays in it (0 for a bare value): the contract limits nesting. */
  nesting: number;
  /**
   * It may hold a number beyond a double's range, which JSON.parse makes ±Infinity: false when
   * it is an object or array whose numbers all lack an exponent and have at most 308 digits.
   * True, to be safe, when a chunk boundary cuts a number or a run of numbers and separators.
   */
  longNumbers: boolean;
  /** Where its bytes are in the document: from `start` up to `end`. */
  start: number;
  end: number;
}

/**
 * Splits a JSON document, fed in chunks of any size, into the elements of one array. Call
 * `push` for each chunk, then `end`. Elements go to `onElement` in order.
 */
export class JsonArrayScanner {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Depth directly inside the streamed array while it is open; -1 otherwise. */
  private arrayDepth = -1;
  private arrayDone = false;
  /** Within the array: an element is being captured; after a comma one must follow. */
  private inElement = false;
  private elementDue = false;
  /** The deepest level reached inside the element being captured. */
  private elementMaxDepth = 0;
  /** The element being captured may hold a number JSON.parse makes ±Infinity. */
  private elementLongNumbers = false;
  /** The byte of the document where the element being captured starts. */
  private elementStart = 0;
  private element: Buffer[] = [];
  private skeleton: Buffer[] = [];
  private skeletonBytes = 0;
  /** The last string closed directly inside the top-level object, and the byte after it. */
  private key: Buffer[] = [];
  private lastKey = '';
  private afterKey = false;
  private keyStart = -1;
  private offset = 0;
  /** Elements handed over so far. */
  count = 0;

  constructor(
    private readonly arrayAt: ArrayAt,
    private readonly onElement: (element: ScannedElement) => void,
    /** Largest skeleton kept, in bytes: what is outside the array should be small. */
    private readonly maxSkeletonBytes = 1024 * 1024,
  ) {}

  push(chunk: Buffer): void {
    let segment = 0; // start of the bytes not yet given to the element or the skeleton
    for (let i = 0; i < chunk.length; i++) {
      let b = chunk[i] as number;
      if (this.inString) {
        const close = this.stringEnd(chunk, i);
        if (close < 0) break;
        i = close;
        if (this.keyStart >= 0) {
          this.key.push(chunk.subarray(this.keyStart, i));
          this.lastKey = Buffer.concat(this.key).toString('utf8');
          this.key = [];
          this.keyStart = -1;
          this.afterKey = true;
        }
        continue;
      }
      if (this.inElement && this.depth > this.arrayDepth) {
        // Within an element's object or array only nesting matters: run past numbers, literals,
        // commas, colons and whole strings in this one loop, and leave it only for a bracket
        // (or the chunk's end). A launch is mostly short strings, which need none of the
        // general path's bookkeeping.
        const end = chunk.length;
        let from = i;
        for (;;) {
          while (STRUCTURAL[b] === 0 && i + 1 < end) b = chunk[++i] as number;
          // A run too long to be short numbers, or one the chunk's end cuts, may hold a long one.
          if (STRUCTURAL[b] === 0 || i - from > MAX_PLAIN_DIGITS) this.elementLongNumbers = true;
          if (STRUCTURAL[b] === 0) break;
          if (b === QUOTE) {
            const close = this.stringEnd(chunk, i + 1);
            if (close < 0) {
              i = end - 1; // the string goes on in the next chunk
              break;
            }
            i = close;
          } else if (b === EXPONENT || b === EXPONENT_UPPER) {
            // An e after a digit is an exponent (in true and false it follows u and s).
            if (i === 0 || isDigit(chunk[i - 1])) this.elementLongNumbers = true;
          } else {
            break; // a bracket
          }
          if (i + 1 >= end) break;
          b = chunk[++i] as number;
          from = i;
        }
        if (this.inString || !isBracket(b)) continue;
      }
      if (isWhitespace(b)) continue;
      if (this.depth === this.arrayDepth) {
        // Directly inside the streamed array: elements and the commas between them.
        if (b === COMMA || b === CLOSE_ARRAY) {
          if (this.inElement) {
            this.element.push(chunk.subarray(segment, i));
            this.finishElement(this.offset + i);
          } else if (b === COMMA || this.elementDue) {
            throw this.fault(`unexpected "${String.fromCharCode(b)}"`);
          } else {
            this.addSkeleton(chunk.subarray(segment, i));
          }
          // The skeleton keeps the brackets, not the commas: its array parses as empty.
          segment = b === COMMA ? i + 1 : i;
          this.elementDue = b === COMMA;
          if (b === CLOSE_ARRAY) {
            this.depth--;
            this.arrayDepth = -1;
            this.arrayDone = true;
          }
          continue;
        }
        if (!this.inElement) {
          // Between a comma and an element there is only whitespace, which the skeleton skips.
          if (!this.elementDue) this.addSkeleton(chunk.subarray(segment, i));
          segment = i;
          this.inElement = true;
          this.elementDue = false;
          this.elementMaxDepth = this.arrayDepth;
          this.elementLongNumbers = false;
          this.elementStart = this.offset + i;
        }
      }
      if (b === QUOTE) {
        this.inString = true;
        if (this.depth === 1 && this.arrayDepth < 0 && this.arrayAt === 'docs') {
          this.keyStart = i + 1;
          this.key = [];
        }
        this.afterKey = false;
        continue;
      }
      if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
        const opensArray =
          b === OPEN_ARRAY &&
          !this.arrayDone &&
          this.arrayDepth < 0 &&
          (this.arrayAt === 'root'
            ? this.depth === 0
            : this.depth === 1 && this.lastKey === 'docs' && this.afterKey);
        this.depth++;
        if (this.depth > this.elementMaxDepth) this.elementMaxDepth = this.depth;
        if (opensArray) {
          this.arrayDepth = this.depth;
          this.elementDue = false;
        }
      } else if (b === CLOSE_ARRAY || b === CLOSE_OBJECT) {
        this.depth--;
        if (this.depth < 0) throw this.fault(`unexpected "${String.fromCharCode(b)}"`);
      }
      // A key is followed by its colon; anything else means the string was a value.
      if (b !== COLON) this.afterKey = false;
    }
    if (this.keyStart >= 0) {
      this.key.push(chunk.subarray(this.keyStart));
      this.keyStart = 0;
    }
    if (this.inElement) this.element.push(chunk.subarray(segment));
    else if (!this.elementDue) this.addSkeleton(chunk.subarray(segment));
    this.offset += chunk.length;
  }

  /**
   * The index of the quote that closes the string `chunk` is in at `from` (after its opening
   * quote, or at the chunk's start when the last chunk cut it), past escaped characters. When
   * the chunk ends first: -1, and the string (and an escape cut in half) goes on in the next.
   */
  private stringEnd(chunk: Buffer, from: number): number {
    let escaped = this.escaped;
    for (let i = from; i < chunk.length; i++) {
      if (escaped) {
        escaped = false;
        continue;
      }
      // Most bytes are plain: run to the next quote or backslash in a tight loop.
      let b = chunk[i] as number;
      while (b !== QUOTE && b !== BACKSLASH && i + 1 < chunk.length) b = chunk[++i] as number;
      if (b === QUOTE) {
        this.inString = false;
        this.escaped = false;
        return i;
      }
      if (b === BACKSLASH) escaped = true;
    }
    this.inString = true;
    this.escaped = escaped;
    return -1;
  }

  /** Checks the document is complete; returns the skeleton's text (the array emptied). */
  end(): string {
    if (this.inString || this.depth !== 0 || this.inElement) {
      throw this.fault('the document ends inside a value: it was cut short');
    }
    return Buffer.concat(this.skeleton).toString('utf8');
  }

  private finishElement(end: number): void {
    // Most elements lie within one chunk: their bytes need no copy.
    const bytes =
      this.element.length === 1 ? (this.element[0] as Buffer) : Buffer.concat(this.element);
    this.element = [];
    this.inElement = false;
    const nesting = this.elementMaxDepth - this.arrayDepth;
    // ASCII is UTF-8: most launches need only the one pass over their bytes.
    const ascii = isAscii(bytes);
    this.onElement({
      bytes,
      ascii,
      invalidUtf8: !ascii && !isUtf8(bytes),
      nesting,
      // A bare value is not scanned byte by byte: whatever it is, it is not known to be short.
      longNumbers: this.elementLongNumbers || nesting === 0,
      start: this.elementStart,
      end,
    });
    this.count++;
  }

  private addSkeleton(bytes: Buffer): void {
    if (bytes.length === 0) return;
    this.skeletonBytes += bytes.length;
    if (this.skeletonBytes > this.maxSkeletonBytes) {
      throw this.fault(
        this.arrayAt === 'root'
          ? 'expected a JSON array of launches, and found more than 1 MiB outside it'
          : 'expected a page whose launches are in "docs", and found more than 1 MiB outside it',
      );
    }
    this.skeleton.push(Buffer.from(bytes));
  }

  private fault(message: string): JsonStreamError {
    return new JsonStreamError(
      `${message} (near byte ${this.offset}, after ${this.count} element(s))`,
    );
  }
}

/**
 * A JSON file read as a stream of one array's elements: `elements()` yields them, a
 * chunk's worth at a time; afterwards `skeleton` holds the rest of the document, parsed, and
 * `count` the number of elements. Errors say which file, where, and what the file starts with.
 */
export class JsonFile {
  skeleton: unknown = undefined;
  count = 0;

  constructor(
    readonly path: string,
    readonly arrayAt: ArrayAt,
    /** Names the file in errors: a path, or the URL a page came from. */
    readonly where: string,
    /** Sees every chunk of bytes as read, e.g. to hash them. */
    private readonly onChunk: (chunk: Buffer) => void = () => {},
  ) {}

  async *elements(): AsyncGenerator<ScannedElement[]> {
    let elements: ScannedElement[] = [];
    const scanner = new JsonArrayScanner(this.arrayAt, (element) => elements.push(element));
    let start = '';
    try {
      for await (const chunk of createReadStream(this.path, { highWaterMark: 1024 * 1024 })) {
        const bytes = chunk as Buffer;
        // Quoted in errors: escaped, so a NUL or a terminal's escape never travels on.
        if (start === '') start = printable(bytes.subarray(0, 60).toString('utf8'));
        this.onChunk(bytes);
        scanner.push(bytes);
        if (elements.length > 0) {
          yield elements;
          elements = [];
        }
      }
      this.skeleton = JSON.parse(scanner.end());
      this.count = scanner.count;
    } catch (error) {
      if (error instanceof JsonStreamError || error instanceof SyntaxError) {
        throw new SourceError(
          `${this.where}: the body is not valid JSON (${error.message}; its first bytes, escaped: "${start}"). ` +
            "The response was cut short or is not the API's.",
        );
      }
      if (isFileError(error)) {
        throw new SourceError(`Cannot read ${this.path}: ${error.message}`);
      }
      throw error;
    }
  }
}

/**
 * Where each element of a scanned document lies and what the scan found in it: four numbers an
 * element (start, end, nesting, flags). Read back with `RecordIndex.at`, the document's bytes
 * give each element's bytes without scanning them again.
 */
export class RecordIndex {
  static readonly INVALID_UTF8 = 1;
  static readonly LONG_NUMBERS = 2;
  static readonly ASCII = 4;

  private constructor(private readonly entries: Uint32Array) {}

  /** The index of `entries`, four numbers an element as `entry` gives them. */
  static from(entries: readonly number[]): RecordIndex {
    return new RecordIndex(Uint32Array.from(entries));
  }

  static of(elements: readonly ScannedElement[]): RecordIndex {
    return new RecordIndex(Uint32Array.from(elements.flatMap(RecordIndex.entry)));
  }

  /** The four numbers of an element. */
  static entry(e: ScannedElement): [number, number, number, number] {
    const flags =
      (e.invalidUtf8 ? RecordIndex.INVALID_UTF8 : 0) |
      (e.longNumbers ? RecordIndex.LONG_NUMBERS : 0) |
      (e.ascii ? RecordIndex.ASCII : 0);
    return [e.start, e.end, e.nesting, flags];
  }

  get count(): number {
    return this.entries.length / 4;
  }

  /** Element `i`, cut from `bytes`, the document scanned. */
  at(bytes: Buffer, i: number): ScannedElement {
    const [start = 0, end = 0, nesting = 0, flags = 0] = this.entries.subarray(i * 4, i * 4 + 4);
    return {
      bytes: bytes.subarray(start, end),
      ascii: (flags & RecordIndex.ASCII) !== 0,
      invalidUtf8: (flags & RecordIndex.INVALID_UTF8) !== 0,
      nesting,
      longNumbers: (flags & RecordIndex.LONG_NUMBERS) !== 0,
      start,
      end,
    };
  }
}

/**
 * Reads `file` to the end, keeping its skeleton and count (to check a page's paging fields) and
 * where each element lies: the load then takes the elements from the bytes without a second scan.
 */
export async function scanOnce(file: JsonFile): Promise<{ file: JsonFile; records: RecordIndex }> {
  const entries: number[] = [];
  for await (const elements of file.elements()) {
    for (const element of elements) entries.push(...RecordIndex.entry(element));
  }
  return { file, records: RecordIndex.from(entries) };
}

function isFileError(error: unknown): error is NodeJS.ErrnoException {
  return (
    error instanceof Error &&
    'code' in error &&
    typeof error.code === 'string' &&
    error.code.startsWith('E')
  );
}
