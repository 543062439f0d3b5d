/** Errors of an ingest run. Each message says what failed, where, and what to do. */

/** A source could not be read: HTTP, file or archive. */
export class SourceError extends Error {
  override name = 'SourceError';
}

/** One or more launches broke the contract and the run does not skip invalid launches. */
export class InvalidLaunchesError extends Error {
  override name = 'InvalidLaunchesError';
  /** `reports`: the first few invalid launches, described; `total`: how many there were. */
  constructor(
    readonly reports: readonly string[],
    readonly total: number = reports.length,
  ) {
    const shown = reports.slice(0, 20);
    const more = total > shown.length ? `\n  … and ${total - shown.length} more` : '';
    super(
      `${total} launch(es) failed validation; nothing was written. ` +
        `Fix the source, or rerun with --skip-invalid to load the valid ones and keep the rest in raw.rejected_launches:\n  ${shown.join('\n  ')}${more}`,
    );
  }
}

export { UsageError } from '@spacex/schema';
