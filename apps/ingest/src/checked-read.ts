/**
 * The launches of a read, checked batch by batch as they stream in: what the load writes.
 * A launch whose bytes hash to one already stored is unchanged and goes no further: it is not
 * parsed, validated or written again. The rest are parsed and validated. Holds only what the
 * whole run needs (each id once, drift paths, counts, the first reports), never the launches.
 */
import { textSha256 } from '@spacex/schema/rows';
import { InvalidLaunchesError, SourceError } from './errors.js';
import { type LaunchReader, parseLaunch, type ReadLaunch } from './sources/source.js';
import {
  describeRejected,
  type RejectedLaunch,
  textField,
  type ValidLaunch,
  validateLaunch,
} from './validate.js';

/** A valid launch that is new or changed, with its text as read and that text's sha256. */
export interface ChangedLaunch extends ValidLaunch {
  text: string;
  sha256: string;
}

export interface CheckedBatch {
  changed: ChangedLaunch[];
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
  /** Each launch id read (valid or not), with the page it was first seen on. */
  private readonly pageOfId = new Map<string, number>();

  constructor(
    private readonly reader: LaunchReader,
    private readonly options: {
      /** Load the valid launches and keep the invalid ones, instead of failing the run. */
      skipInvalid: boolean;
      onRejected?: (report: string) => void;
    },
  ) {}

  get launchesRead(): number {
    return this.reader.count;
  }

  /** sha256 of everything read, once the batches are done. */
  get sha256(): string | null {
    return this.reader.sha256;
  }

  /** Every launch id read: launches stored under other ids are to be removed. */
  get ids(): string[] {
    return [...this.pageOfId.keys()];
  }

  /**
   * Checked batches. `stored` maps the sha256 of each stored launch's text to its id. When a
   * launch is invalid and invalid launches are not skipped, the rest is still validated (to
   * report every invalid launch) but no longer yielded, and the iteration ends with an
   * InvalidLaunchesError.
   */
  async *batches(stored: ReadonlyMap<string, string>): AsyncGenerator<CheckedBatch> {
    for await (const batch of this.reader.batches()) {
      const checked: CheckedBatch = { changed: [], rejected: [] };
      for (const read of batch) {
        const sha256 = textSha256(read.text);
        const storedId = stored.get(sha256);
        if (storedId !== undefined) {
          this.seen(storedId, read);
          this.valid++;
          this.unchanged++;
          continue;
        }
        const source = parseLaunch(read);
        const id = textField(source, 'id');
        if (id !== null) this.seen(id, read);
        const result = validateLaunch(source, read.position, this.drift);
        if ('valid' in result) {
          this.valid++;
          checked.changed.push({ ...result.valid, text: read.text, sha256 });
          continue;
        }
        this.rejected++;
        if (id !== null) this.rejectedIds.push(id);
        const report = describeRejected(result.rejected);
        if (this.reports.length < REPORTS_KEPT) this.reports.push(report);
        this.options.onRejected?.(report);
        checked.rejected.push(result.rejected);
      }
      if (this.options.skipInvalid || this.rejected === 0) yield checked;
    }
    if (this.rejected > 0 && !this.options.skipInvalid) {
      throw new InvalidLaunchesError(this.reports, this.rejected);
    }
  }

  /** Fails when a launch id appears twice: a double row, or data that moved while paging. */
  private seen(id: string, read: ReadLaunch): void {
    const first = this.pageOfId.get(id);
    if (first !== undefined) {
      const { kind, location } = this.reader.read;
      throw new SourceError(
        `launch ${id} appears twice in ${location} (page ${first} and page ${read.page}); ` +
          (kind === 'api' ? 'the data changed while paging. Run again.' : 'fix the file.'),
      );
    }
    this.pageOfId.set(id, read.page);
  }
}
