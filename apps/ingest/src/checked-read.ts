/**
 * The launches of a read, checked batch by batch as they stream in: what the load writes.
 * A launch whose bytes hash to one already stored is unchanged and goes no further: it is not
 * parsed, validated or written again. The rest are parsed and validated. Holds only what the
 * whole run needs (each id once, drift paths, counts, the first reports), never the launches.
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
import { ReadIds } from './read-ids.js';
import { type LaunchReader, parseLaunch, READ_BATCH, type ReadLaunch } from './sources/source.js';

/** Longest stretch of validation between turns of the event loop, in milliseconds. */
const MAX_BUSY_MS = 0.25;

/** A valid launch that is new or changed, with its text as read and that text's sha256. */
export interface ChangedLaunch extends ValidLaunch {
  text: string;
  sha256: string;
}

/** What the database holds before the run: the stored launch whose text has a given sha256. */
export interface StoredLaunches {
  idOfHash(sha256: string): string | undefined;
}

/**
 * One batch of a read: each new or changed launch as `encode` turned it (the load's COPY rows),
 * so a batch holds what is written, not the parsed launches.
 */
export interface CheckedBatch<T> {
  changed: T[];
  /** Kept in raw.rejected_launches; empty unless invalid launches are skipped. */
  rejected: RejectedLaunch[];
}

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
  /** Each launch id read (valid or not), with where it was first seen. */
  private readonly readIds = new ReadIds();

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

  /** True when `id` was read (valid or not): a stored launch whose id was not read is gone upstream. */
  wasRead(id: string): boolean {
    return this.readIds.has(id);
  }

  /** False once an invalid launch fails the run: nothing more is encoded or yielded. */
  private get yielding(): boolean {
    return this.options.skipInvalid || this.rejected === 0;
  }

  /** True when every record's id was read, so what the read lacks is proven gone. */
  get complete(): boolean {
    return this.unreadableIds === 0;
  }

  /**
   * Checked batches. When a launch is invalid and invalid launches are not skipped, the rest is
   * still validated (to report every invalid launch) but no longer yielded, and the iteration
   * ends with an InvalidLaunchesError.
   */
  async *batches<T>(
    stored: StoredLaunches,
    encode: (launch: ChangedLaunch) => T,
  ): AsyncGenerator<CheckedBatch<T>> {
    const batchSize = this.options.batchSize ?? READ_BATCH;
    let checked: CheckedBatch<T> = { changed: [], rejected: [] };
    let inBatch = 0;
    let busySince = performance.now();
    for await (const batch of this.reader.batches()) {
      for (const read of batch) {
        // A turn of the event loop every quarter millisecond: the previous batch's COPY needs
        // one to send more of its data or start its next statement, and the server waited on
        // whole chunks of validation otherwise (100,000 launches: 9.5 s, 9.1 s with this).
        if (performance.now() - busySince > MAX_BUSY_MS) {
          await nextTurn();
          busySince = performance.now();
        }
        if (inBatch === batchSize) {
          if (this.yielding) yield checked;
          checked = { changed: [], rejected: [] };
          inBatch = 0;
        }
        inBatch++;
        const sha256 = textSha256(read.text);
        const storedId = read.invalidUtf8 ? undefined : stored.idOfHash(sha256);
        if (storedId !== undefined) {
          this.seen(storedId, read);
          this.valid++;
          this.unchanged++;
          continue;
        }
        const source = parseLaunch(read);
        const id = readableId(source);
        if (id !== null) this.seen(id, read);
        else this.unreadableIds++;
        const result = validateLaunch(source, read, this.drift);
        if ('valid' in result) {
          this.valid++;
          // Encoded at once, so the parsed launch is garbage before the next one is read; not
          // at all once the run is known to fail.
          if (this.yielding) {
            checked.changed.push(encode({ ...result.valid, text: read.text, sha256 }));
          }
          continue;
        }
        this.rejected++;
        if (id !== null) this.rejectedIds.push(id);
        const report = describeRejected(result.rejected);
        if (this.reports.length < REPORTS_KEPT) this.reports.push(report);
        this.options.onRejected?.(report);
        checked.rejected.push(result.rejected);
      }
    }
    if (inBatch > 0 && this.yielding) yield checked;
    if (this.rejected > 0 && !this.options.skipInvalid) {
      throw new InvalidLaunchesError(this.reports, this.rejected);
    }
  }

  /**
   * Fails when a launch id appears twice: on one page (or in one file) the source lists it
   * twice; on two pages the data moved while paging.
   */
  private seen(id: string, read: ReadLaunch): void {
    const first = this.readIds.add(id, { page: read.page, position: read.position })?.page;
    if (first !== undefined) {
      const { kind, location } = this.reader.read;
      if (first === read.page) {
        throw new SourceError(
          `${read.where} lists launch ${id} twice; ` +
            (kind === 'api'
              ? 'the API sent a bad page. Run again later, or load a saved response with --from-file.'
              : 'fix the file.'),
        );
      }
      throw new SourceError(
        `launch ${id} appears on page ${first} and page ${read.page} of ${location}: ` +
          (kind === 'api' ? 'the data changed while paging. Run again.' : 'fix the archive.'),
      );
    }
  }

  /**
   * The error for launches `ids` that share `name` once the read is written: launch
   * names are unique. The load asks the database, which holds every name the run keeps, rather
   * than this read holding each name it has seen.
   */
  sharedNameError(name: string, ids: readonly string[]): SourceError {
    // In the order they were read; a stored launch this read did not list comes last.
    const placed = ids
      .map((id) => ({ id, at: this.readIds.get(id) }))
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
