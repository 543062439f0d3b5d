/**
 * The records of one resource's read, checked batch by batch as they stream in: what the load
 * writes. A record whose bytes hash to one already stored is unchanged and goes no further: it
 * is not parsed, validated or written again. The rest are parsed and validated, and the valid
 * ones' rows written into the batch's COPY data at once. Holds two batches at most and what the
 * whole run needs (drift paths, counts, the first reports): nothing that grows with the read or
 * the database. The ids read are kept by the load, in the database.
 */

import { setImmediate as nextTurn } from 'node:timers/promises';
import { readableId } from '@spacex/contract';
import { InvalidLaunchesError, SourceError } from './errors.js';
import type { ReadPlace } from './read-ids.js';
import type { Resource, RowSink } from './resource.js';
import {
  PARSE_NESTING_LIMIT,
  parseRecord,
  READ_BATCH,
  type ReadRecord,
  type RecordReader,
  shallowRecord,
} from './sources/source.js';
import { NOTHING_STORED, type StoredLookup } from './stored-records.js';

/** Longest stretch of validation between turns of the event loop, in milliseconds. */
const MAX_BUSY_MS = 0.25;

/** One batch of a read, its rows written into the sink the load gave for it. */
export interface CheckedBatch {
  /** The ids of the new and changed records: a changed one's stored version is replaced. */
  changed: string[];
  /**
   * Every id the batch read (unchanged, changed or invalid), in read order: the load keeps them
   * in the database, to find an id read twice and the stored records gone.
   */
  ids: ReadPlace[];
}

/** A batch's records as read (each hashed by the reader), and their stored ids looked up. */
interface ReadGroup {
  reads: ReadRecord[];
  stored: Promise<readonly (string | null)[]>;
}

const newBatch = (): CheckedBatch => ({ changed: [], ids: [] });

/** The answer when nothing is asked. */
const NO_ANSWER: Promise<readonly (string | null)[]> = Promise.resolve([]);

/** Reports kept for the error message; the rest are only counted. */
const REPORTS_KEPT = 20;

export class CheckedRead {
  /** Valid records: unchanged ones included. */
  valid = 0;
  unchanged = 0;
  rejected = 0;
  /** Paths of fields the contract does not know, in the records validated by this run. */
  readonly drift = new Set<string>();
  /** The first invalid records, described. */
  readonly reports: string[] = [];
  /** The ids of the invalid records that have one. */
  readonly rejectedIds: string[] = [];
  /**
   * Records whose id could not be read (missing, not a string, not a 24-digit lower-case hex
   * id): the read cannot say which stored record they stand for, so it proves nothing gone.
   */
  unreadableIds = 0;
  private busySince = performance.now();

  constructor(
    readonly resource: Resource,
    private readonly reader: RecordReader,
    private readonly options: {
      runId: string;
      /** Load the valid records and keep the invalid ones, instead of failing the run. */
      skipInvalid: boolean;
      onRejected?: (report: string) => void;
      /** Records per batch yielded (default READ_BATCH), gathered from the reader's smaller ones. */
      batchSize?: number;
    },
  ) {}

  /** Records read so far: all of them once the batches are done. */
  get recordsRead(): number {
    return this.reader.count;
  }

  /** Where the records were read from, for messages. */
  get source(): { kind: string; location: string } {
    return this.reader.read;
  }

  /** sha256 of everything read, once the batches are done. */
  get sha256(): string | null {
    return this.reader.sha256;
  }

  /** False once an invalid record fails the run: nothing more is encoded. */
  private get encoding(): boolean {
    return this.options.skipInvalid || this.rejected === 0;
  }

  /** True when every record's id was read, so what the read lacks is proven gone. */
  get complete(): boolean {
    return this.unreadableIds === 0;
  }

  /**
   * Checked batches. Each valid new or changed record's rows go to `sink()`, the sink of the
   * batch being built, as soon as it is validated. When a record is invalid and invalid records
   * are not skipped, the rest is still validated (to report every invalid record) and its ids
   * still yielded, but nothing more is written, and the iteration ends with an
   * InvalidLaunchesError.
   *
   * Each batch's stored records are asked for (`stored`) one batch ahead: the question goes to
   * the database before the load starts writing the batch before it, so the answer never waits
   * behind that write.
   */
  async *batches(stored: StoredLookup, sink: () => RowSink): AsyncGenerator<CheckedBatch> {
    const batchSize = this.options.batchSize ?? READ_BATCH;
    let checked = newBatch();
    // An id read twice, in this batch or across batches, is found as the load keeps the ids.
    const seen = (id: string, read: ReadRecord) => {
      checked.ids.push({ id, page: read.page, position: read.position, where: read.where });
    };
    let inChecked = 0;
    for await (const { reads, stored: asked } of this.groups(stored, batchSize)) {
      const storedIds = await asked;
      for (const [i, read] of reads.entries()) {
        if (this.turnDue()) await this.turn();
        if (inChecked === batchSize) {
          yield checked;
          checked = newBatch();
          inChecked = 0;
        }
        inChecked++;
        // A text that was not UTF-8 is never unchanged: its U+FFFD may stand for any bytes.
        const storedId = read.invalidUtf8 ? null : (storedIds[i] ?? null);
        if (storedId !== null) {
          seen(storedId, read);
          this.valid++;
          this.unchanged++;
          continue;
        }
        const { id, changed } = this.check(read, sink);
        if (id === null) this.unreadableIds++;
        else {
          seen(id, read);
          if (changed) checked.changed.push(id);
        }
      }
    }
    if (inChecked > 0) yield checked;
    if (this.rejected > 0 && !this.options.skipInvalid) {
      const { nouns, keptIn } = this.resource;
      throw new InvalidLaunchesError(this.reports, this.rejected, { noun: nouns, keptIn });
    }
  }

  /**
   * Parses and validates a record that is not stored unchanged: its rows, or its refusal, go to
   * the batch's sink. Returns its id (null when it has no readable one) and whether it is a new
   * or changed valid record.
   */
  private check(read: ReadRecord, sink: () => RowSink): { id: string | null; changed: boolean } {
    const { resource, options } = this;
    // Nested past any use: refused unparsed, by its top-level fields.
    const shallow = read.nesting > PARSE_NESTING_LIMIT ? shallowRecord(read.text) : null;
    const source = shallow ?? parseRecord(read);
    const id = readableId(source);
    // Encoded at once, so the parsed record is garbage before the next one is read; not at all
    // once the run is known to fail.
    const out = this.encoding ? sink() : null;
    const refusal =
      shallow === null
        ? resource.check(source, read, options.runId, this.drift, out)
        : resource.refuseUnparsed(read, shallow);
    if (refusal === null) {
      this.valid++;
      return { id, changed: out !== null };
    }
    this.rejected++;
    if (refusal.id !== null) this.rejectedIds.push(refusal.id);
    if (this.reports.length < REPORTS_KEPT) this.reports.push(refusal.report);
    options.onRejected?.(refusal.report);
    if (options.skipInvalid) refusal.keep(sink(), options.runId);
    return { id, changed: false };
  }

  /**
   * The read as it comes (the reader hashes each record). With launches stored, in groups of
   * `batchSize` whose stored launches are asked for as soon as the group is read, and each group
   * handed on only once the next is read and asked for: the question for batch k+1 reaches the
   * database before the load starts writing batch k, so its answer does not wait behind that
   * write. With nothing stored, the reader's own small batches as they are, so each record is
   * checked soon after it is read (holding 2,000 texts at a time made a first run 10% slower:
   * 100,000 launches).
   */
  private async *groups(stored: StoredLookup, batchSize: number): AsyncGenerator<ReadGroup> {
    const asking = stored !== NOTHING_STORED;
    const newGroup = (): ReadGroup => ({ reads: [], stored: NO_ANSWER });
    const ask = (group: ReadGroup) => {
      group.stored = stored(group.reads.map((read) => read.sha256));
      // Awaited by `batches`; this only keeps Node from calling a failed lookup unhandled when
      // the run fails before then.
      group.stored.catch(() => {});
    };
    let group = newGroup();
    /** The group read and asked for before `group`, handed on once `group` is asked for too. */
    let ahead: ReadGroup | undefined;
    for await (const batch of this.reader.batches()) {
      // The reader hashed the batch: the turn, if due, comes after that work, not per record.
      if (this.turnDue()) await this.turn();
      if (!asking) {
        yield { reads: batch, stored: NO_ANSWER };
        continue;
      }
      group.reads.push(...batch);
      if (group.reads.length >= batchSize) {
        ask(group);
        if (ahead !== undefined) yield ahead;
        ahead = group;
        group = newGroup();
      }
    }
    if (group.reads.length > 0) ask(group);
    if (ahead !== undefined) yield ahead;
    if (group.reads.length > 0) yield group;
  }

  /**
   * A turn of the event loop every quarter millisecond: the previous batch's COPY needs one to
   * send more of its data or start its next statement, and the server waited on whole chunks of
   * validation otherwise (100,000 launches: 9.5 s, 9.1 s with this). Asked without an `await`,
   * which for every record cost a promise and a microtask each.
   */
  private turnDue(): boolean {
    return performance.now() - this.busySince > MAX_BUSY_MS;
  }

  private async turn(): Promise<void> {
    await nextTurn();
    this.busySince = performance.now();
  }

  /**
   * The error for an id read twice (`again`, read already at `first`): on one page (or in one
   * file) the source lists it twice; on two pages the data moved while paging.
   */
  readTwiceError(first: { page: number }, again: ReadPlace): SourceError {
    const { kind, location } = this.reader.read;
    if (first.page === again.page) {
      return new SourceError(
        `${again.where} lists ${this.resource.noun} ${again.id} twice; ` +
          (kind === 'api'
            ? 'the API sent a bad page. Run again later, or load a saved response with --from-file.'
            : 'fix the file.'),
      );
    }
    return new SourceError(
      `${this.resource.noun} ${again.id} appears on page ${first.page} and page ${again.page} of ${location}: ` +
        (kind === 'api' ? 'the data changed while paging. Run again.' : 'fix the archive.'),
    );
  }
}
