/**
 * The launches of a read, checked batch by batch as they stream in: what the load writes.
 * A launch whose bytes hash to one already stored is unchanged and goes no further: it is not
 * parsed, validated or written again. The rest are parsed and validated. Holds two batches at
 * most and what the whole run needs (drift paths, counts, the first reports): nothing that grows
 * with the read or the database. The ids read are kept by the load, in the database.
 */

import { setImmediate as nextTurn } from 'node:timers/promises';
import {
  describeRejected,
  type RejectedLaunch,
  readableId,
  type ValidLaunch,
  validateLaunch,
} from '@spacex/contract';
import { textSha256 } from '@spacex/db/rows';
import { InvalidLaunchesError, SourceError } from './errors.js';
import {
  type LaunchReader,
  PARSE_NESTING_LIMIT,
  parseLaunch,
  READ_BATCH,
  type ReadLaunch,
  refusedUnparsed,
} from './sources/source.js';

/** Longest stretch of validation between turns of the event loop, in milliseconds. */
const MAX_BUSY_MS = 0.25;

/** A valid launch that is new or changed, with its text as read and that text's sha256. */
export interface ChangedLaunch extends ValidLaunch {
  text: string;
  sha256: string;
}

/** A launch id as read, and where: the first place it was read is what messages name. */
export interface ReadPlace {
  id: string;
  page: number;
  position: number;
  /** The page named for messages. */
  where: string;
}

/**
 * What the database held before the run, asked one batch at a time: of these sha256s of texts
 * read, those a stored launch's text has, each with that launch's id. The read holds no table
 * of what is stored, so its memory does not grow with the database.
 */
export type StoredLookup = (sha256s: readonly string[]) => Promise<ReadonlyMap<string, string>>;

/** The lookup of a database that held no launch. */
export const NOTHING_STORED: StoredLookup = async () => new Map();

/**
 * One batch of a read: each new or changed launch as `encode` turned it (the load's COPY rows),
 * so a batch holds what is written, not the parsed launches.
 */
export interface CheckedBatch<T> {
  changed: T[];
  /** Kept in raw.rejected_launches; empty unless invalid launches are skipped. */
  rejected: RejectedLaunch[];
  /**
   * Every launch id the batch read (unchanged, changed or invalid), in read order: the load keeps
   * them in the database, to find an id read twice and the stored launches gone.
   */
  ids: ReadPlace[];
}

/** A batch's launches as read, each with the sha256 of its text, and their stored ids looked up. */
interface ReadGroup {
  reads: ReadLaunch[];
  sha256s: string[];
  stored: Promise<ReadonlyMap<string, string>>;
}

const newBatch = <T>(): CheckedBatch<T> => ({ changed: [], rejected: [], ids: [] });

/** The answer when nothing is asked. */
const NO_ANSWER: Promise<ReadonlyMap<string, string>> = Promise.resolve(new Map());

/** Reports kept for the error message; the rest are only counted. */
const REPORTS_KEPT = 20;

export class CheckedRead {
  /** Valid launches: unchanged ones included. */
  valid = 0;
  unchanged = 0;
  rejected = 0;
  /** Paths of fields the contract does not know, in the launches validated by this run. */
  readonly drift = new Set<string>();
  /** The first invalid launches, described. */
  readonly reports: string[] = [];
  /** The ids of the invalid launches that have one. */
  readonly rejectedIds: string[] = [];
  /**
   * Records whose id could not be read (missing, not a string, not a 24-digit lower-case hex
   * id): the read cannot say which stored launch they stand for, so it proves nothing gone.
   */
  unreadableIds = 0;
  private busySince = performance.now();

  constructor(
    private readonly reader: LaunchReader,
    private readonly options: {
      /** Load the valid launches and keep the invalid ones, instead of failing the run. */
      skipInvalid: boolean;
      onRejected?: (report: string) => void;
      /** Launches per batch yielded (default READ_BATCH), gathered from the reader's smaller ones. */
      batchSize?: number;
    },
  ) {}

  get launchesRead(): number {
    return this.reader.count;
  }

  /** sha256 of everything read, once the batches are done. */
  get sha256(): string | null {
    return this.reader.sha256;
  }

  /** False once an invalid launch fails the run: nothing more is encoded. */
  private get encoding(): boolean {
    return this.options.skipInvalid || this.rejected === 0;
  }

  /** True when every record's id was read, so what the read lacks is proven gone. */
  get complete(): boolean {
    return this.unreadableIds === 0;
  }

  /**
   * Checked batches. When a launch is invalid and invalid launches are not skipped, the rest is
   * still validated (to report every invalid launch) and its ids still yielded, but nothing more
   * is encoded, and the iteration ends with an InvalidLaunchesError.
   *
   * Each batch's stored launches are asked for (`stored`) one batch ahead: the question goes to
   * the database before the load starts writing the batch before it, so the answer never waits
   * behind that write.
   */
  async *batches<T>(
    stored: StoredLookup,
    encode: (launch: ChangedLaunch) => T,
  ): AsyncGenerator<CheckedBatch<T>> {
    const batchSize = this.options.batchSize ?? READ_BATCH;
    let checked = newBatch<T>();
    // An id read twice, in this batch or across batches, is found as the load keeps the ids.
    const seen = (id: string, read: ReadLaunch) => {
      checked.ids.push({ id, page: read.page, position: read.position, where: read.where });
    };
    let inChecked = 0;
    for await (const { reads, sha256s, stored: asked } of this.groups(stored, batchSize)) {
      const storedIds = await asked;
      for (const [i, read] of reads.entries()) {
        await this.turn();
        if (inChecked === batchSize) {
          yield checked;
          checked = newBatch();
          inChecked = 0;
        }
        inChecked++;
        const sha256 = sha256s[i] as string;
        // A text that was not UTF-8 is never unchanged: its U+FFFD may stand for any bytes.
        const storedId = read.invalidUtf8 ? undefined : storedIds.get(sha256);
        if (storedId !== undefined) {
          seen(storedId, read);
          this.valid++;
          this.unchanged++;
          continue;
        }
        // Nested past any use: refused unparsed, by its id and name.
        const refused = read.nesting > PARSE_NESTING_LIMIT ? refusedUnparsed(read) : null;
        const source = refused ? refused.rejected.source : parseLaunch(read);
        const id = readableId(source);
        if (id !== null) seen(id, read);
        else this.unreadableIds++;
        const result = refused ?? validateLaunch(source, read, this.drift);
        if ('valid' in result) {
          this.valid++;
          // Encoded at once, so the parsed launch is garbage before the next one is read; not
          // at all once the run is known to fail.
          if (this.encoding) {
            checked.changed.push(encode({ ...result.valid, text: read.text, sha256 }));
          }
          continue;
        }
        this.rejected++;
        if (id !== null) this.rejectedIds.push(id);
        const report = describeRejected(result.rejected);
        if (this.reports.length < REPORTS_KEPT) this.reports.push(report);
        this.options.onRejected?.(report);
        if (this.options.skipInvalid) checked.rejected.push(result.rejected);
      }
    }
    if (inChecked > 0) yield checked;
    if (this.rejected > 0 && !this.options.skipInvalid) {
      throw new InvalidLaunchesError(this.reports, this.rejected);
    }
  }

  /**
   * The read as it comes, each launch hashed. With launches stored, in groups of `batchSize`
   * whose stored launches are asked for as soon as the group is read, and each group handed on
   * only once the next is read and asked for: the question for batch k+1 reaches the database
   * before the load starts writing batch k, so its answer does not wait behind that write. With
   * nothing stored, in the reader's own small batches, so each text dies young (holding 2,000
   * texts at a time made a first run 10% slower: 100,000 launches).
   */
  private async *groups(stored: StoredLookup, batchSize: number): AsyncGenerator<ReadGroup> {
    const asking = stored !== NOTHING_STORED;
    const newGroup = (): ReadGroup => ({ reads: [], sha256s: [], stored: NO_ANSWER });
    const ask = (group: ReadGroup) => {
      group.stored = stored(group.sha256s);
      // Awaited by `batches`; this only keeps Node from calling a failed lookup unhandled when
      // the run fails before then.
      group.stored.catch(() => {});
    };
    let group = newGroup();
    /** The group read and asked for before `group`, handed on once `group` is asked for too. */
    let ahead: ReadGroup | undefined;
    for await (const batch of this.reader.batches()) {
      for (const read of batch) {
        await this.turn();
        group.reads.push(read);
        group.sha256s.push(textSha256(read.text));
      }
      if (!asking) {
        yield group;
        group = newGroup();
      } else if (group.reads.length >= batchSize) {
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
   * validation otherwise (100,000 launches: 9.5 s, 9.1 s with this).
   */
  private async turn(): Promise<void> {
    if (performance.now() - this.busySince > MAX_BUSY_MS) {
      await nextTurn();
      this.busySince = performance.now();
    }
  }

  /**
   * The error for a launch id read twice (`again`, read already at `first`): on one page (or in
   * one file) the source lists it twice; on two pages the data moved while paging.
   */
  readTwiceError(first: { page: number }, again: ReadPlace): SourceError {
    const { kind, location } = this.reader.read;
    if (first.page === again.page) {
      return new SourceError(
        `${again.where} lists launch ${again.id} twice; ` +
          (kind === 'api'
            ? 'the API sent a bad page. Run again later, or load a saved response with --from-file.'
            : 'fix the file.'),
      );
    }
    return new SourceError(
      `launch ${again.id} appears on page ${first.page} and page ${again.page} of ${location}: ` +
        (kind === 'api' ? 'the data changed while paging. Run again.' : 'fix the archive.'),
    );
  }

  /**
   * The error for launches `ids` that share `name` once the read is written: launch names are
   * unique. The load asks the database, which holds every name the run keeps and where each id
   * was read (`readAt`; a stored launch this read did not list has no place).
   */
  sharedNameError(
    name: string,
    ids: readonly string[],
    readAt: ReadonlyMap<string, { page: number; position: number }>,
  ): SourceError {
    // In the order they were read; a stored launch this read did not list comes last.
    const placed = ids
      .map((id) => ({ id, at: readAt.get(id) }))
      .sort(
        (a, b) =>
          (a.at?.position ?? Number.MAX_SAFE_INTEGER) - (b.at?.position ?? Number.MAX_SAFE_INTEGER),
      );
    const [first, second] = placed.map(({ id, at }) =>
      at === undefined ? `${id} (stored, not in this read)` : `${id} (page ${at.page})`,
    );
    const { kind, location } = this.reader.read;
    return new SourceError(
      `launches ${first} and ${second} of ${location} are both named "${name}"; launch names are unique. ` +
        (kind === 'api'
          ? 'The API holds two launches of one name: run again later, or load a corrected saved response with --from-file.'
          : 'Fix the file.'),
    );
  }
}
