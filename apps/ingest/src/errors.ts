import { EXIT, errorMessage, SpacexError } from '@spacex/terminal';
/** Errors of an ingest run. Each message says what failed, where, and what to do. */

/** A source could not be read: HTTP, file or archive. */
export class SourceError extends SpacexError {
  override name = 'SourceError';
}

/** One or more launches broke the contract and the run does not skip invalid launches. */
export class InvalidLaunchesError extends SpacexError {
  override name = 'InvalidLaunchesError';
  /** `reports`: the first few invalid launches, described; `total`: how many there were. */
  constructor(
    readonly reports: readonly string[],
    readonly total: number = reports.length,
    /** What failed (`launch(es)`, `cores record(s)`), and where --skip-invalid keeps them. */
    what: { noun: string; keptIn: string } = {
      noun: 'launch(es)',
      keptIn: 'raw.rejected_launches',
    },
  ) {
    const shown = reports.slice(0, 20);
    const more = total > shown.length ? `\n  … and ${total - shown.length} more` : '';
    super(
      `${total} ${what.noun} failed validation; nothing was written. ` +
        `Fix the source, or rerun with --skip-invalid to load the valid ones and keep the rest in ${what.keptIn}:\n  ${shown.join('\n  ')}${more}`,
    );
  }
}

/** The database role the run connects as lacks a privilege the run needs. */
export class PrivilegeError extends SpacexError {
  override name = 'PrivilegeError';
}

/** Another run holds the run lock past lock_timeout: this one did nothing (exit code 4). */
export class RunLockedError extends SpacexError {
  override name = 'RunLockedError';
  override readonly exitCode: number = EXIT.locked;
}

/** The run would remove more stored launches than it is allowed to (see guardRemovals). */
export class RemovalGuardError extends SpacexError {
  override name = 'RemovalGuardError';
}

/**
 * Runs a step on disk (pages, archive, spool); its failure becomes a SourceError that says what
 * could not be done, where, and what to check.
 */
export async function onDisk<T>(what: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof SourceError) throw error;
    throw new SourceError(
      `Cannot ${what}: ${errorMessage(error)}. ` +
        'Check free space and permissions there; SPACEX_ARCHIVE_DIR moves the archive, --no-archive turns it off.',
    );
  }
}

export { UsageError } from '@spacex/terminal';
