/**
 * The launches of a read, validated batch by batch as they stream in: what the load writes.
 * Holds only what the whole run needs (each id once, drift paths, counts, the first reports),
 * never the launches themselves.
 */
import { InvalidLaunchesError, SourceError } from './errors.js';
import type { LaunchReader } from './sources/source.js';
import {
  describeRejected,
  type RejectedLaunch,
  textField,
  type ValidLaunch,
  validateLaunch,
} from './validate.js';

export interface CheckedBatch {
  valid: ValidLaunch[];
  /** Kept in raw.rejected_launches; empty unless invalid launches are skipped. */
  rejected: RejectedLaunch[];
}

/** Reports kept for the error message; the rest are only counted. */
const REPORTS_KEPT = 20;

export class CheckedRead {
  valid = 0;
  rejected = 0;
  coreRows = 0;
  crewRows = 0;
  readonly drift = new Set<string>();
  /** The first invalid launches, described. */
  readonly reports: string[] = [];
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
   * Validated batches. When a launch is invalid and invalid launches are not skipped, the rest
   * is still validated (to report every invalid launch) but no longer yielded, and the
   * iteration ends with an InvalidLaunchesError.
   */
  async *batches(): AsyncGenerator<CheckedBatch> {
    for await (const batch of this.reader.batches()) {
      const checked: CheckedBatch = { valid: [], rejected: [] };
      for (const read of batch) {
        this.checkUnique(read.source, read.page);
        const result = validateLaunch(read.source, read.position, this.drift);
        if ('valid' in result) {
          this.valid++;
          this.coreRows += result.valid.launch.cores.length;
          this.crewRows += result.valid.launch.crew.length;
          checked.valid.push(result.valid);
          continue;
        }
        this.rejected++;
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
  private checkUnique(source: ValidLaunch['source'], page: number): void {
    const id = textField(source, 'id');
    if (id === null) return;
    const seen = this.pageOfId.get(id);
    if (seen !== undefined) {
      const { kind, location } = this.reader.read;
      throw new SourceError(
        `launch ${id} appears twice in ${location} (page ${seen} and page ${page}); ` +
          (kind === 'api' ? 'the data changed while paging. Run again.' : 'fix the file.'),
      );
    }
    this.pageOfId.set(id, page);
  }
}
