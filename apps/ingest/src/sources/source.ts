/**
 * What every source produces: pages on disk (the user's file, or pages fetched or archived),
 * read back as a stream of launches in bounded batches, so no source is ever held whole.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Json } from '@spacex/contract';
import { textSha256 } from '@spacex/schema';
import { errorMessage, printable } from '@spacex/terminal';
import { SourceError } from '../errors.js';
import { ByteDigest } from './digest.js';
import { JsonFile, type RecordIndex, type ScannedElement } from './json-stream.js';
import { kindOf, pageMeta, ReplayedPaging } from './paging.js';

export type SourceKind = 'api' | 'file' | 'dir' | 'archive';

/** `api-page`: a `POST /v5/launches/query` page; `launch-array`: a `GET /v5/launches` array. */
export type PageFormat = 'api-page' | 'launch-array';

export interface PageFile {
  format: PageFormat;
  url: string;
  /** 1-based. */
  page: number;
  /** Where the page's bytes are. */
  path: string;
  receivedAt: Date;
  /** Size and sha256 when known before reading (fetched or archived pages); checked as it is read. */
  expected: { bytes: number; sha256: string } | null;
  /**
   * Where each record lies in the page, when the fetch scanned it already (and checked its
   * paging): the load then cuts the records from the bytes instead of scanning them again. An
   * API read holds 16 bytes a record of it.
   */
  records?: RecordIndex;
}

export interface SourceRead {
  kind: SourceKind;
  /** URL or path, fit to print. */
  location: string;
  pages: PageFile[];
}

/**
 * One record (a launch, a core, ...) as read: its JSON text exactly as received, not yet parsed.
 * Hashed and flagged from its bytes as they came; its text decoded only when first asked for. A
 * record found unchanged is never decoded; the others are decoded as they are checked, so their
 * texts die young instead of a chunk's worth of them outliving a garbage collection or two (a
 * first load of 100,000 launches promoted 205 MB to the old generation, 71 MB now). Until then
 * it holds a view of the chunk its bytes came in.
 */
export class ReadRecord {
  /**
   * sha256 of its bytes as received (of its text's UTF-8, when they were UTF-8): taken as it is
   * read, so that the text is not encoded again to hash it.
   */
  readonly sha256: string;
  /** The text is ASCII only (as many bytes as characters, all of them UTF-8). */
  readonly ascii: boolean;
  /** Its bytes were not UTF-8 (the text holds U+FFFD where they were). */
  readonly invalidUtf8: boolean;
  /** Levels of objects and arrays in its text. */
  readonly nesting: number;
  /** It may hold a number beyond a double's range (see ScannedElement). */
  readonly longNumbers: boolean;
  /** Its bytes until its text is asked for, then its text (the chunk is no longer held). */
  private held: Buffer | string;

  constructor(
    element: ScannedElement,
    /** The page it came from, and that page named for messages. */
    readonly page: number,
    readonly where: string,
    /** Index in the whole read, from 0. */
    readonly position: number,
  ) {
    this.held = element.bytes;
    this.sha256 = textSha256(element.bytes);
    this.ascii = element.ascii;
    this.invalidUtf8 = element.invalidUtf8;
    this.nesting = element.nesting;
    this.longNumbers = element.longNumbers;
  }

  get text(): string {
    if (typeof this.held !== 'string') this.held = this.held.toString('utf8');
    return this.held;
  }
}

/**
 * Launches per batch handed to the load: bounds the memory a run holds at once. Each batch is
 * three COPY statements whose round trips wait on the validating client: at 100,000 launches,
 * batches of 2,000 took 0.25 s less than batches of 1,000 (medians of 6), for 15 MB more.
 */
export const READ_BATCH = 2_000;
/** Launches the reader hands over at a time: each text is young garbage by the time it is written. */
export const READ_CHUNK = 100;

/**
 * Streams the records of a read's pages in order, in batches of at most `batchSize`. After the
 * last batch, `count` and `sha256` (of every page's bytes, in order) describe the whole read.
 */
export class RecordReader {
  count = 0;
  sha256: string | null = null;

  constructor(
    readonly read: SourceRead,
    private readonly batchSize = READ_BATCH,
  ) {}

  async *batches(): AsyncGenerator<ReadRecord[]> {
    // One page's bytes are the whole read's: hashed once (sha256 is a tenth of the client's CPU
    // time where the processor has no SHA instructions).
    const whole = this.read.pages.length === 1 ? null : createHash('sha256');
    let pageSha256 = '';
    let batch: ReadRecord[] = [];
    // An archived API read is checked as the live read was, in this same pass over its pages.
    const replayed =
      this.read.kind === 'archive' && this.read.pages.every((p) => p.format === 'api-page')
        ? new ReplayedPaging()
        : null;
    for (const page of this.read.pages) {
      const where = pageLocation(this.read, page);
      const digest = new ByteDigest();
      const onBytes = (chunk: Buffer) => {
        whole?.update(chunk);
        digest.add(chunk);
      };
      // A page the fetch scanned already is cut where that scan found its records; the rest are
      // scanned here, once.
      const file = page.records
        ? null
        : new JsonFile(page.path, page.format === 'api-page' ? 'docs' : 'root', where, onBytes);
      const elements = file?.elements() ?? indexedElements(page, where, onBytes);
      for await (const scanned of elements) {
        for (const element of scanned) {
          batch.push(new ReadRecord(element, page.page, where, this.count++));
          if (batch.length >= this.batchSize) {
            yield batch;
            batch = [];
          }
        }
      }
      // A page altered since it was received says so first: what else is wrong follows from it.
      const received = digest.result();
      pageSha256 = received.sha256;
      if (
        page.expected &&
        (page.expected.bytes !== received.bytes || page.expected.sha256 !== received.sha256)
      ) {
        throw new SourceError(
          `${page.path} does not match ${this.read.kind === 'archive' ? 'its manifest' : 'what was received'} ` +
            '(size or sha256): it was altered or cut short while the run read it.',
        );
      }
      // What is outside the records: checked by the fetch's scan, or now.
      if (file === null) continue;
      if (page.format === 'api-page') {
        const parsed = pageMeta(file.skeleton, file.count, where);
        replayed?.page(parsed, where);
      } else launchArray(file.skeleton, where);
    }
    replayed?.end();
    if (batch.length > 0) yield batch;
    this.sha256 = whole === null ? pageSha256 : whole.digest('hex');
  }
}

/** The records of a page the fetch scanned, cut from its bytes where that scan found them. */
async function* indexedElements(
  page: PageFile,
  where: string,
  onBytes: (bytes: Buffer) => void,
): AsyncGenerator<ScannedElement[]> {
  const { records } = page;
  if (!records) return;
  let bytes: Buffer;
  try {
    bytes = await readFile(page.path);
  } catch (error) {
    throw new SourceError(`Cannot read ${page.path} (${where}): ${errorMessage(error)}`);
  }
  onBytes(bytes);
  const elements: ScannedElement[] = [];
  for (let i = 0; i < records.count; i++) elements.push(records.at(bytes, i));
  yield elements;
}

function pageLocation(read: SourceRead, page: PageFile): string {
  // A saved file is named as the user gave it, even when the run reads its archived copy.
  if (read.kind === 'file') return page.url;
  if (read.kind === 'archive') return `${page.path} (archived ${page.url}, page ${page.page})`;
  return `POST ${page.url} (page ${page.page})`;
}

/**
 * Nesting beyond which a launch is not parsed at all: the contract refuses anything past
 * MAX_DEPTH (64) anyway, and JSON.parse of 40 MB of nested arrays took 2 GB and 6 s. Up to this
 * many levels it is parsed, so the refusal names the path that nests too deep.
 */
export const PARSE_NESTING_LIMIT = 1_000;

/**
 * A record nested too deeply to parse, as far as it can be read without parsing: its top-level
 * `id`, `name` and `serial`, when they are strings. Read in one pass over the text, nothing
 * nested kept: a resource refuses it by these (see resources.ts).
 */
export function shallowRecord(text: string): { [key: string]: Json } {
  const found: { [key: string]: Json } = {};
  let depth = 0;
  let key: string | null = null;
  let afterColon = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      let end = i + 1;
      while (end < text.length && text[end] !== '"') end += text[end] === '\\' ? 2 : 1;
      if (depth === 1) {
        let value: unknown = null;
        try {
          value = JSON.parse(text.slice(i, end + 1));
        } catch {
          // Not a whole string (the text is cut short): neither a key nor a value read.
        }
        if (afterColon && key !== null && typeof value === 'string') {
          if (key === 'id' || key === 'name' || key === 'serial') found[key] = value;
        } else if (!afterColon && typeof value === 'string') {
          key = value;
        }
      }
      i = end;
    } else if (c === '{' || c === '[') {
      depth++;
    } else if (c === '}' || c === ']') {
      depth--;
    } else if (depth === 1 && c === ':') {
      afterColon = true;
    } else if (depth === 1 && c === ',') {
      key = null;
      afterColon = false;
    }
  }
  return found;
}

/** Parses a record's text, or says where it is and how it starts. */
export function parseRecord(read: ReadRecord): Json {
  try {
    const json: Json = JSON.parse(read.text);
    return json;
  } catch (error) {
    const { where, page, text } = read;
    throw new SourceError(
      `${where}: a record on page ${page} is not valid JSON (${errorMessage(error)}; ` +
        `its first characters, escaped: "${printable(text.slice(0, 60))}"). The response was cut short or is not the API's.`,
    );
  }
}

/** Checks a saved `GET /v5/launches` response was a JSON array (its elements emptied, as streamed). */
function launchArray(skeleton: unknown, where: string): void {
  if (!Array.isArray(skeleton)) {
    throw new SourceError(
      `${where}: expected a JSON array of launches (a saved GET /v5/launches response); got ${kindOf(skeleton)}`,
    );
  }
}
