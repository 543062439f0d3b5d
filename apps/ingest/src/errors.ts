/** Errors of an ingest run. Each message says what failed, where, and what to do. */

/** A source could not be read: HTTP, file or archive. */
export class SourceError extends Error {
  override name = 'SourceError';
}

/** One or more launches broke the contract and the run does not skip invalid launches. */
export class InvalidLaunchesError extends Error {
  override name = 'InvalidLaunchesError';
  constructor(readonly reports: readonly string[]) {
    const shown = reports.slice(0, 20);
    const more =
      reports.length > shown.length ? `\n  … and ${reports.length - shown.length} more` : '';
    super(
      `${reports.length} launch(es) failed validation; nothing was written. ` +
        `Fix the source, or rerun with --skip-invalid to load the valid ones and keep the rest in raw.rejected_launches:\n  ${shown.join('\n  ')}${more}`,
    );
  }
}

export { UsageError } from '@spacex/schema';
