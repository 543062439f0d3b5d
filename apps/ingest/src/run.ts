/**
 * One ingest run: read (API pages to disk, a file, or an archive) -> archive what was read ->
 * stream each resource back, validating and loading batch by batch in one transaction. A failed
 * run leaves the data as it was and is recorded as failed. Each step is a function below;
 * runIngest reads as the list of them.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityName } from '@spacex/contract';
import { type DatabaseHandle, describeDatabaseError } from '@spacex/db';
import type { CheckResult } from '@spacex/quality';
import { EXIT, errorMessage, redactText, SpacexError } from '@spacex/terminal';
import { CheckedRead } from './checked-read.js';
import { onDisk } from './errors.js';
import {
  type EntityCounts,
  type LoadResult,
  loadRun,
  MART_UPKEEP_TEXT,
  type MartUpkeep,
} from './load.js';
import type { LoadStage } from './load-stages.js';
import type { LogFields, Logger } from './log.js';
import { recordPendingRuns, savePendingRun } from './pending-runs.js';
import { describeSource, type Reads, readSource, type SourceSpec } from './read-source.js';
import type { MaxRemovals } from './removals.js';
import { ENTITIES, LAUNCHES, type Resource } from './resources.js';
import {
  type FailedRun,
  NO_COUNTS,
  type RunCounts,
  recordFailedRun,
  runEntityCounts,
  type StartedRun,
} from './run-log.js';
import {
  completeArchive,
  DEFAULT_ARCHIVE_KEEP,
  FAILED_ARCHIVE_KEEP,
  markArchiveOutcome,
  pruneArchives,
} from './sources/archive.js';
import type { HttpSettings } from './sources/http.js';
import {
  READ_BATCH,
  READ_CHUNK,
  RecordReader,
  type SourceKind,
  type SourceRead,
} from './sources/source.js';

export type { SourceSpec } from './read-source.js';
export type { StartedRun } from './run-log.js';

export interface IngestOptions {
  source: SourceSpec;
  /** Load the valid launches and keep the invalid ones in raw.rejected_launches. */
  skipInvalid: boolean;
  /** Roll back when an error-level data check fails on the loaded data. */
  failOnCheckError?: boolean;
  /** How many stored launches the run may remove; default: the bound guardRemovals states. */
  maxRemovals?: MaxRemovals;
  /** Recompute every mart and run every check over every row (else only what the changes touch). */
  fullRefresh?: boolean;
  /** The other entities to read (default: every one the source holds); the rest stay as stored. */
  entities?: readonly EntityName[];
  /**
   * Fault injection for the reliability tests: stop for `ms` at `stage` (after reading, or at a
   * load stage) so a test can kill the process or drop its connection there.
   */
  pauseAt?: PausePoint;
  /** Launches validated and written at a time (default READ_BATCH): bounds the memory a run holds. */
  batchSize?: number;
  /** Where to archive what was read (`<root>/<run id>/`); null turns archiving off. */
  archiveRoot: string | null;
  /** Complete archives kept under archiveRoot, newest first (default DEFAULT_ARCHIVE_KEEP; 0 keeps all). */
  archiveKeep?: number;
  /**
   * Directories the run is writing and would leave incomplete if the process stopped now (an
   * archive being read into, the page spool): the CLI removes them when a signal stops it.
   */
  unfinished?: Set<string>;
  http: HttpSettings;
  log: Logger;
  /** Never printed nor stored: passwords of the database and the API, in every form. */
  secrets?: readonly string[];
  /**
   * Where a failed run is kept when the database cannot take its record (the server stopped),
   * to be recorded by the next run; null or absent: only logged.
   */
  pendingRunsDir?: string | null;
  /** Told the run's id and source as it starts: what a signal handler records if it stops it. */
  onStart?: (run: StartedRun) => void;
}

/** A run's summary: its counts as raw.ingest_runs records them, and the rest of what it did. */
export interface IngestSummary extends RunCounts {
  runId: string;
  status: 'succeeded' | 'failed';
  sourceKind: SourceKind;
  source: string;
  /**
   * Fields the contract does not know, by path, in the launches this run validated: new and
   * changed ones (an unchanged launch was validated by the run that stored it).
   */
  drift: string[];
  sha256: string | null;
  archiveDir: string | null;
  durationMs: number;
  /** The data checks on the loaded data, before commit; empty when the run failed before them. */
  checks: CheckSummary[];
  /** Seconds spent in each stage: fetch, archive, validate, then the load's stages. */
  stages: Record<string, number>;
  /** This process's peak resident memory so far, in MiB. */
  peakRssMb: number;
  /** What the run did to the marts: rebuilt, updated (the keys it touched), or current (nothing changed). */
  marts: MartUpkeep;
  /** What the run chose not to do, and why (e.g. removals withheld after an incomplete read). */
  notes: string[];
  /** What the run did with each other entity it read (cores, ...); empty when it read none. */
  entities: EntityCounts[];
  error?: string;
}

export type RunStage = 'fetched' | LoadStage;

/**
 * Stages whose seconds count elsewhere: pause points inside another stage (the end of the
 * fetch; between a batch's launches and its cores) count nowhere, each view's refresh counts
 * as `marts`.
 */
const TIMED_AS: Partial<Record<RunStage, string | null>> = {
  fetched: null,
  'cores and crew': null,
  refreshing: 'marts',
};
export interface PausePoint {
  stage: RunStage;
  ms: number;
}

export type CheckSummary = Pick<CheckResult, 'name' | 'severity' | 'status' | 'failing' | 'sample'>;

/** A run that failed: its message says what and what to do; its summary what it did before. */
export class IngestRunError extends SpacexError {
  override name = 'IngestRunError';
  /** The cause's: 3 for failed checks, 4 for a run that found the lock taken, else 1. */
  override readonly exitCode: number;
  constructor(
    message: string,
    readonly summary: IngestSummary,
    cause?: unknown,
  ) {
    super(message, {
      cause,
      ...(cause instanceof SpacexError && cause.hint ? { hint: cause.hint } : {}),
    });
    this.exitCode = cause instanceof SpacexError ? cause.exitCode : EXIT.failed;
  }
}

/**
 * This process's peak resident memory in MiB. On Linux, VmHWM from /proc: getrusage's maxRSS
 * also counts the parent's memory at fork (the kernel keeps the larger of the two across exec),
 * so a run started by a big parent would report the parent's size.
 */
export function peakRssMb(): number {
  try {
    const status = readFileSync('/proc/self/status', 'utf8');
    const kib = /^VmHWM:\s+(\d+) kB$/m.exec(status)?.[1];
    if (kib !== undefined) return Math.round(Number(kib) / 1024);
  } catch {
    // Not Linux: fall back to getrusage.
  }
  return Math.round(process.resourceUsage().maxRSS / 1024);
}

/** `20261125T183012Z-a1b2c3`: sortable by start time, unique by its suffix. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  return `${stamp}-${randomBytes(3).toString('hex')}`;
}

/** The run being made: its summary as it fills in, and the seconds of each stage. */
class RunProgress {
  readonly started = new Date();
  private readonly clock = performance.now();
  readonly summary: IngestSummary;
  /** Each resource's read once the load starts: what a failed run reports it read. */
  launches: CheckedRead | null = null;
  private current = 'fetch';
  private since = performance.now();
  /** Stages repeat once per batch and per resource: each is logged and paused at once. */
  private readonly seen = new Set<RunStage>();

  constructor(
    source: SourceSpec,
    private readonly options: Pick<IngestOptions, 'log' | 'pauseAt'>,
  ) {
    const described = describeSource(source);
    this.summary = {
      runId: newRunId(this.started),
      status: 'failed',
      sourceKind: described.kind,
      source: described.location,
      ...NO_COUNTS,
      drift: [],
      sha256: null,
      archiveDir: null,
      durationMs: 0,
      checks: [],
      stages: {},
      peakRssMb: 0,
      marts: 'current',
      notes: [],
      entities: [],
    };
  }

  get startedRun(): StartedRun {
    const { runId, sourceKind, source } = this.summary;
    return { runId, startedAt: this.started, sourceKind, source };
  }

  /** Ends the current stage's clock and starts `next`'s (null: keep the current one). */
  enter(next: string | null): void {
    const now = performance.now();
    const { stages } = this.summary;
    stages[this.current] = Number(
      ((stages[this.current] ?? 0) + (now - this.since) / 1000).toFixed(3),
    );
    this.current = next ?? this.current;
    this.since = now;
    this.options.log.bind({ stage: this.current });
  }

  /** A stage reached: timed, logged the first time, and paused at when the tests ask. */
  readonly reached = async (name: RunStage, detail?: string): Promise<void> => {
    const clock = name in TIMED_AS ? TIMED_AS[name] : name;
    if (clock) this.enter(clock);
    if (this.seen.has(name) && name !== 'refreshing') return;
    this.seen.add(name);
    const { log, pauseAt } = this.options;
    log.debug(`stage: ${name}${detail ? ` (${detail})` : ''}`);
    if (pauseAt?.stage === name) {
      log.error(`paused at ${name} for ${pauseAt.ms} ms (SPACEX_INGEST_PAUSE_AT)`);
      await sleep(pauseAt.ms);
    }
  };

  /** The summary, its duration and memory measured now. */
  finished(): IngestSummary {
    this.summary.durationMs = Math.round(performance.now() - this.clock);
    this.summary.peakRssMb = peakRssMb();
    return this.summary;
  }
}

/** Where a run's pages and archive go, and how it ends them. */
class RunFiles {
  /** Fetched pages go to the run's archive, or to a spool removed after the run. */
  spool: string | null = null;
  readonly archiving: boolean;
  readonly archiveDir: string | null;
  readonly unfinished: Set<string>;

  constructor(
    private readonly options: IngestOptions,
    runId: string,
  ) {
    this.archiving = options.archiveRoot !== null && options.source.kind !== 'archive';
    this.archiveDir = options.archiveRoot === null ? null : join(options.archiveRoot, runId);
    this.unfinished = options.unfinished ?? new Set<string>();
  }

  /** Makes the spool (API reads not archived) or the archive directory. */
  async prepare(): Promise<string | null> {
    if (!this.archiving && this.options.source.kind === 'api') {
      this.spool = await onDisk('make a temporary directory for the pages', () =>
        mkdtemp(join(tmpdir(), 'spacex-pages-')),
      );
      this.unfinished.add(this.spool);
    }
    const { archiveDir } = this;
    if (this.archiving && archiveDir) {
      this.unfinished.add(archiveDir);
      await onDisk(`make the archive directory ${archiveDir}`, () =>
        mkdir(archiveDir, { recursive: true }),
      );
    }
    return this.spool ?? archiveDir;
  }

  /** An archive holds complete reads only: a read or an archive step that fails removes it. */
  readonly dropArchive = async (error: unknown): Promise<never> => {
    if (this.archiving && this.archiveDir)
      await rm(this.archiveDir, { recursive: true, force: true });
    throw error;
  };

  /** Archives the reads (saved files are copied beside the fetched pages); returns the archived reads. */
  async archive(runId: string, reads: Reads, summary: IngestSummary): Promise<Reads> {
    const { archiveDir } = this;
    if (!this.archiving || !archiveDir) return reads;
    const archived = await completeArchive(archiveDir, runId, reads.read, reads.entities).catch(
      this.dropArchive,
    );
    this.unfinished.delete(archiveDir);
    summary.archiveDir = archiveDir;
    this.options.log.info(`archived ${archived.read.pages.length} page(s) in ${archiveDir}`);
    return archived;
  }

  /**
   * Once the run has ended: its archive says how, and old archives are pruned (successful and
   * failed runs apart). A failed run from local files keeps no archive: the files are still
   * where they were, and a copy would keep whatever the path named (a link to a system file).
   */
  async end(status: 'succeeded' | 'failed', summary: IngestSummary): Promise<void> {
    if (summary.archiveDir) {
      if (status === 'failed' && this.options.source.kind !== 'api') {
        await rm(summary.archiveDir, { recursive: true, force: true });
        summary.archiveDir = null;
      } else {
        await markArchiveOutcome(summary.archiveDir, status);
      }
    }
    const root = this.options.archiveRoot;
    if (!this.archiving || !root) return;
    const keep = this.options.archiveKeep ?? DEFAULT_ARCHIVE_KEEP;
    const pruned = await pruneArchives(root, keep);
    if (pruned.length > 0) {
      this.options.log.info(
        `removed ${pruned.length} old archive(s), keeping the newest ${keep} of successful runs (SPACEX_ARCHIVE_KEEP) and ${FAILED_ARCHIVE_KEEP} of failed runs`,
      );
    }
  }

  async removeSpool(): Promise<void> {
    if (!this.spool) return;
    await rm(this.spool, { recursive: true, force: true });
    this.unfinished.delete(this.spool);
  }
}

/**
 * Runs one ingest against `db`. Resolves with the summary of a successful run; rejects with an
 * IngestRunError (carrying the summary) after recording a failed one.
 */
export async function runIngest(
  database: Pick<DatabaseHandle, 'db' | 'transaction' | 'display'>,
  options: IngestOptions,
): Promise<IngestSummary> {
  const progress = new RunProgress(options.source, options);
  const { summary } = progress;
  options.onStart?.(progress.startedRun);
  options.log.bind({ runId: summary.runId, stage: 'fetch' });
  const files = new RunFiles(options, summary.runId);
  try {
    await replayPendingRuns(database, options);
    options.log.info(`run ${summary.runId}: reading ${summary.sourceKind} ${summary.source}`);
    const pagesDir = await files.prepare();
    const read = await readSource(options.source, options, pagesDir).catch(files.dropArchive);
    // A directory run is recorded as one (its launches are one file of it).
    if (summary.sourceKind !== 'dir') summary.source = read.read.location;
    await progress.reached('fetched');
    progress.enter('archive');
    const archived = await files.archive(summary.runId, read, summary);
    const launches = checkedRead(LAUNCHES, archived.read, options, summary.runId);
    progress.launches = launches;
    const result = await loadRun(
      database,
      {
        run: progress.startedRun,
        launches,
        entities: archived.entities.flatMap(({ name, read }) => {
          const resource = ENTITIES.find((r) => r.name === name);
          return resource ? [checkedRead(resource, read, options, summary.runId)] : [];
        }),
        failOnCheckError: options.failOnCheckError ?? false,
        maxRemovals: options.maxRemovals,
        fullRefresh: options.fullRefresh ?? false,
      },
      progress.reached,
    );
    progress.enter(null);
    report(summary, launches, result, options.log);
    await files.end('succeeded', summary);
    const finished = progress.finished();
    options.log.outcome('info', `run ${summary.runId} succeeded`, endFields(finished));
    return finished;
  } catch (error) {
    await files
      .end('failed', summary)
      .catch((archiveError: unknown) =>
        options.log.warn(`could not tidy the archives: ${errorMessage(archiveError)}`),
      );
    throw await failRun(database, options, progress, error);
  } finally {
    await files.removeSpool();
  }
}

/** Records the failed runs kept on disk while the database could not take them. */
async function replayPendingRuns(
  database: Pick<DatabaseHandle, 'db' | 'display'>,
  { pendingRunsDir, log }: IngestOptions,
): Promise<void> {
  if (!pendingRunsDir) return;
  const recorded = await recordPendingRuns(
    database.db,
    pendingRunsDir,
    database.display,
    ({ path, movedTo, reason }) =>
      log.warn(
        `the pending failed run ${path} cannot be recorded: ${reason}. Moved to ${movedTo}; ` +
          'read it for the failure it describes, then delete it.',
      ),
  );
  if (recorded.length > 0) {
    log.warn(
      `recorded ${recorded.length} earlier failed run(s) the database could not take then: ${recorded.join(', ')}`,
    );
  }
}

/** A resource's read, checked as it streams: read in small batches (young garbage is cheap to collect), written in larger ones. */
function checkedRead(
  resource: Resource,
  read: SourceRead,
  options: IngestOptions,
  runId: string,
): CheckedRead {
  const batchSize = options.batchSize ?? READ_BATCH;
  return new CheckedRead(resource, new RecordReader(read, Math.min(batchSize, READ_CHUNK)), {
    runId,
    batchSize,
    skipInvalid: options.skipInvalid,
    onRejected: (report) => {
      if (options.skipInvalid) options.log.warn(`rejected ${report}`);
    },
  });
}

/** Logs what a successful run did, and fills in its summary. */
function report(summary: IngestSummary, read: CheckedRead, result: LoadResult, log: Logger): void {
  const drift = [...read.drift].sort();
  log.info(
    `read ${read.recordsRead} launches: ${read.unchanged} unchanged since stored, ` +
      `${read.valid - read.unchanged} validated, ${read.rejected} invalid`,
  );
  if (drift.length > 0)
    log.warn(`schema drift: fields the contract does not know: ${drift.join(', ')}`);
  if (!read.complete) {
    summary.notes.push(
      `removed nothing: ${read.unreadableIds} record(s) had no readable id (a 24-digit lower-case hex string), ` +
        'so the read cannot prove any stored launch gone',
    );
  }
  const { counts } = result;
  log.info(
    `wrote ${read.valid} launches (${counts.launchesChanged} new or changed, ` +
      `${counts.launchesRemoved} removed), ${counts.coreRows} core rows, ${counts.crewRows} crew rows; ` +
      MART_UPKEEP_TEXT[result.marts],
  );
  for (const e of result.entities) {
    log.info(
      `${e.entity}: read ${e.read}, ${e.changed} new or changed, ${e.rejected} invalid, ${e.removed} removed`,
    );
    if (e.drift.length > 0) log.warn(`schema drift in ${e.entity}: ${e.drift.join(', ')}`);
    if (e.removalsWithheld) {
      summary.notes.push(`removed no ${e.entity}: some records had no readable id`);
    }
  }
  for (const note of summary.notes) log.warn(note);
  Object.assign(summary, {
    status: 'succeeded',
    entities: result.entities,
    ...counts,
    drift,
    sha256: read.sha256,
    marts: result.marts,
    checks: result.checks.map(({ name, severity, status, failing, sample }) => ({
      name,
      severity,
      status,
      failing,
      sample,
    })),
  });
  // A failed error-level check is an error, each on its own line, whatever the run does about
  // it. Warnings are known gaps between the source's endpoints: one line for them all.
  for (const check of result.checks.filter((c) => c.status === 'fail')) {
    log.error(
      `data check ${check.name} (${check.severity}): ${check.failing} row(s), e.g. ${check.sample.slice(0, 3).join(', ')}`,
    );
  }
  const warned = result.checks.filter((c) => c.status === 'warn');
  if (warned.length > 0) {
    log.warn(
      `${warned.length} warn-level data check(s) found rows (known gaps of the source, not errors): ` +
        `${warned.map((c) => `${c.name} ${c.failing}`).join(', ')}; pnpm quality lists their keys`,
    );
  }
}

/** What a run's last log line carries: its status, duration and counts, for machines. */
function endFields(summary: IngestSummary): LogFields {
  return {
    status: summary.status,
    durationMs: summary.durationMs,
    counts: {
      launchesRead: summary.launchesRead,
      launchesLoaded: summary.launchesLoaded,
      launchesChanged: summary.launchesChanged,
      launchesRejected: summary.launchesRejected,
      launchesRemoved: summary.launchesRemoved,
      coreRows: summary.coreRows,
      crewRows: summary.crewRows,
    },
    entities: runEntityCounts(summary.entities),
    checksFailed: summary.checks.filter((c) => c.status === 'fail').length,
    ...(summary.error === undefined ? {} : { error: summary.error }),
  };
}

/**
 * Records a failed run (or keeps it on disk when the database cannot take it) and returns the
 * error to throw. Our own errors say what to do; database errors are explained from their codes
 * (and kept short: Drizzle's own message repeats the whole statement and its parameters).
 */
async function failRun(
  database: Pick<DatabaseHandle, 'db' | 'display'>,
  options: IngestOptions,
  progress: RunProgress,
  error: unknown,
): Promise<IngestRunError> {
  const { summary, launches } = progress;
  const message = redactText(
    error instanceof SpacexError
      ? error.message
      : `database error: ${describeDatabaseError(error)}`,
    options.secrets,
  );
  summary.error = message;
  if (launches) {
    summary.launchesRead = launches.recordsRead;
    summary.launchesRejected = launches.rejected;
    summary.drift = [...launches.drift].sort();
    summary.sha256 = launches.sha256;
  }
  options.log.outcome('error', `run ${summary.runId} failed`, endFields(progress.finished()));
  const failed: FailedRun = {
    ...progress.startedRun,
    source: summary.source,
    finishedAt: new Date(),
    sha256: summary.sha256,
    launchesRead: summary.launchesRead,
    error: message,
  };
  try {
    await recordFailedRun(database.db, failed);
  } catch (recordError) {
    const why = redactText(describeDatabaseError(recordError), options.secrets);
    const { pendingRunsDir, log } = options;
    if (!pendingRunsDir) log.error(`could not record the failed run: ${why}`);
    else {
      const kept = await savePendingRun(pendingRunsDir, database.display, failed).catch(() => null);
      log.error(
        `could not record the failed run (${why}); ` +
          (kept ? `kept in ${kept}: the next run records it.` : 'nor keep it on disk.'),
      );
    }
  }
  return new IngestRunError(message, summary, error);
}
