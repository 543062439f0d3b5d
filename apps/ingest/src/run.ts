/**
 * One ingest run: read (API pages to disk, a file, or an archive) -> archive what was read ->
 * stream it back, validating and loading batch by batch in one transaction. A failed run leaves
 * the data as it was and is recorded as failed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { EntityName } from '@spacex/contract';
import { describeDatabaseError, errorMessage, redactText } from '@spacex/db';
import type { DatabaseHandle } from '@spacex/db/client';
import type { CheckResult } from '@spacex/quality';
import { CheckedRead } from './checked-read.js';
import { ENTITY_DESCRIPTORS, type EntityCounts } from './entities.js';
import {
  InvalidLaunchesError,
  onDisk,
  PrivilegeError,
  RemovalGuardError,
  SourceError,
} from './errors.js';
import {
  ChecksFailedError,
  type FailedRun,
  type LoadResult,
  type LoadStage,
  loadRun,
  NO_COUNTS,
  type RunCounts,
  recordFailedRun,
} from './load.js';
import type { Logger } from './log.js';
import { recordPendingRuns, savePendingRun } from './pending-runs.js';
import type { MaxRemovals } from './removals.js';
import { readFromApi } from './sources/api.js';
import {
  completeArchive,
  DEFAULT_ARCHIVE_KEEP,
  type EntityRead,
  FAILED_ARCHIVE_KEEP,
  markArchiveOutcome,
  pruneArchives,
  readFromArchive,
} from './sources/archive.js';
import { readFromFile } from './sources/file.js';
import type { HttpSettings } from './sources/http.js';
import {
  LaunchReader,
  READ_BATCH,
  READ_CHUNK,
  type SourceKind,
  type SourceRead,
} from './sources/source.js';

export type SourceSpec =
  | { kind: 'api'; baseUrl: string; pageSize: number; authorization?: string }
  | { kind: 'file'; path: string }
  /** A directory of saved responses named after their entity: launches.json, cores.json, ... */
  | { kind: 'dir'; dir: string }
  | { kind: 'archive'; dir: string };

export interface IngestOptions {
  source: SourceSpec;
  /** Load the valid launches and keep the invalid ones in raw.rejected_launches. */
  skipInvalid: boolean;
  /** Roll back when an error-level data check fails on the loaded data. */
  failOnCheckError?: boolean;
  /** How many stored launches the run may remove; default: the bound guardRemovals states. */
  maxRemovals?: MaxRemovals;
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

/** A run as it starts: what its record in raw.ingest_runs begins with. */
export type StartedRun = Pick<FailedRun, 'runId' | 'startedAt' | 'sourceKind' | 'source'>;

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
  /** False when nothing changed, so the marts were already current and not refreshed. */
  martsRefreshed: boolean;
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

export class IngestRunError extends Error {
  override name = 'IngestRunError';
  constructor(
    message: string,
    readonly summary: IngestSummary,
  ) {
    super(message);
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

function describeSource(spec: SourceSpec): { kind: SourceKind; location: string } {
  if (spec.kind === 'api') return { kind: 'api', location: spec.baseUrl };
  return { kind: spec.kind, location: spec.kind === 'file' ? spec.path : spec.dir };
}

/** What a source holds: the launches, and the other entities read with them. */
interface Reads {
  read: SourceRead;
  entities: EntityRead[];
}

/**
 * Reads the source: the launches, then each other entity it holds that the run reads (all, or
 * those `options.entities` names). API pages are written to `pagesDir` as they arrive, each
 * entity's in its own folder; one read deadline covers them all.
 */
async function readSource(
  spec: SourceSpec,
  options: IngestOptions,
  pagesDir: string | null,
): Promise<Reads> {
  const { log } = options;
  const wanted = ENTITY_DESCRIPTORS.map((d) => d.name).filter(
    (name) => !options.entities || options.entities.includes(name),
  );
  if (spec.kind === 'file') return { read: await readFromFile(spec.path), entities: [] };
  if (spec.kind === 'dir') {
    const entities: EntityRead[] = [];
    for (const name of wanted) {
      const path = join(spec.dir, `${name}.json`);
      if (existsSync(path)) entities.push({ name, read: await readFromFile(path) });
    }
    return { read: await readFromFile(join(spec.dir, 'launches.json')), entities };
  }
  if (spec.kind === 'archive') {
    const archived = await readFromArchive(spec.dir);
    return { ...archived, entities: archived.entities.filter((e) => wanted.includes(e.name)) };
  }
  if (pagesDir === null) throw new Error('API pages need a directory to be written to');
  const deadline = AbortSignal.timeout(options.http.readDeadlineMs);
  const fromApi = (what: string, path: string | undefined, dir: string) =>
    readFromApi({
      baseUrl: spec.baseUrl,
      pageSize: spec.pageSize,
      ...(spec.authorization ? { authorization: spec.authorization } : {}),
      ...(path ? { path, sort: { _id: 'asc' } } : {}),
      dir,
      deadline,
      http: options.http,
      hooks: {
        onRetry: (message, waitMs, next) =>
          log.warn(`${message}; attempt ${next} in ${(waitMs / 1000).toFixed(1)} s`),
        onPage: (page, totalPages, count) =>
          log.info(`fetched ${what} page ${page}/${totalPages} (${count} so far)`),
        onReread: (reason, next) => log.warn(`${reason}; reading again from page 1 (read ${next})`),
      },
    });
  const read = await fromApi('launches', undefined, pagesDir);
  const entities: EntityRead[] = [];
  for (const name of wanted) {
    const dir = join(pagesDir, name);
    await onDisk(`make the directory ${dir} for the ${name} pages`, () =>
      mkdir(dir, { recursive: true }),
    );
    entities.push({ name, read: await fromApi(name, `/v4/${name}/query`, dir) });
  }
  return { read, entities };
}

/** Each entity read paired with its descriptor, for the load. */
function withDescriptors(entities: readonly EntityRead[]) {
  return entities.flatMap((entity) => {
    const descriptor = ENTITY_DESCRIPTORS.find((d) => d.name === entity.name);
    return descriptor ? [{ descriptor, read: entity.read }] : [];
  });
}

/**
 * Runs one ingest against `db`. Resolves with the summary of a successful run; rejects with an
 * IngestRunError (carrying the summary) after recording a failed one.
 */
export async function runIngest(
  database: Pick<DatabaseHandle, 'db' | 'transaction' | 'display'>,
  options: IngestOptions,
): Promise<IngestSummary> {
  const started = new Date();
  const clock = performance.now();
  const { log } = options;
  const described = describeSource(options.source);
  const summary: IngestSummary = {
    runId: newRunId(started),
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
    martsRefreshed: false,
    notes: [],
    entities: [],
  };
  options.onStart?.({
    runId: summary.runId,
    startedAt: started,
    sourceKind: summary.sourceKind,
    source: summary.source,
  });
  // Seconds per stage: each stage runs until the next one is entered.
  let current = 'fetch';
  let since = performance.now();
  const enter = (next: string | null) => {
    const now = performance.now();
    summary.stages[current] = Number(
      ((summary.stages[current] ?? 0) + (now - since) / 1000).toFixed(3),
    );
    current = next ?? current;
    since = now;
  };
  // Stages repeat once per batch while launches stream in: each is logged and paused at once.
  const seen = new Set<RunStage>();
  const reached = async (name: RunStage, detail?: string) => {
    const clock = name in TIMED_AS ? TIMED_AS[name] : name;
    if (clock) enter(clock);
    if (seen.has(name) && name !== 'refreshing') return;
    seen.add(name);
    log.debug(`stage: ${name}${detail ? ` (${detail})` : ''}`);
    if (options.pauseAt?.stage === name) {
      log.error(`paused at ${name} for ${options.pauseAt.ms} ms (SPACEX_INGEST_PAUSE_AT)`);
      await sleep(options.pauseAt.ms);
    }
  };

  const archiving = options.archiveRoot !== null && options.source.kind !== 'archive';
  const archiveDir = options.archiveRoot === null ? null : join(options.archiveRoot, summary.runId);
  // Fetched pages go to the run's archive, or to a spool removed after the run.
  let spool: string | null = null;
  let checked: CheckedRead | null = null;
  const unfinished = options.unfinished ?? new Set<string>();
  /**
   * Once the run has ended: its archive says how, and old archives are pruned (successful and
   * failed runs apart). A failed run from local files keeps no archive: the files are still
   * where they were, and a copy would keep whatever the path named (a link to a system file).
   */
  const endArchive = async (status: 'succeeded' | 'failed') => {
    if (summary.archiveDir) {
      if (status === 'failed' && options.source.kind !== 'api') {
        await rm(summary.archiveDir, { recursive: true, force: true });
        summary.archiveDir = null;
      } else {
        await markArchiveOutcome(summary.archiveDir, status);
      }
    }
    if (!archiving || !options.archiveRoot) return;
    const keep = options.archiveKeep ?? DEFAULT_ARCHIVE_KEEP;
    const pruned = await pruneArchives(options.archiveRoot, keep);
    if (pruned.length > 0) {
      log.info(
        `removed ${pruned.length} old archive(s), keeping the newest ${keep} of successful runs (SPACEX_ARCHIVE_KEEP) and ${FAILED_ARCHIVE_KEEP} of failed runs`,
      );
    }
  };
  try {
    if (options.pendingRunsDir) {
      const recorded = await recordPendingRuns(
        database.db,
        options.pendingRunsDir,
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
    log.info(`run ${summary.runId}: reading ${described.kind} ${described.location}`);
    if (!archiving && options.source.kind === 'api') {
      spool = await onDisk('make a temporary directory for the pages', () =>
        mkdtemp(join(tmpdir(), 'spacex-pages-')),
      );
      unfinished.add(spool);
    }
    if (archiving && archiveDir) {
      unfinished.add(archiveDir);
      await onDisk(`make the archive directory ${archiveDir}`, () =>
        mkdir(archiveDir, { recursive: true }),
      );
    }
    // An archive holds complete reads only: a read or an archive step that fails removes it.
    const dropArchive = async (error: unknown): Promise<never> => {
      if (archiving && archiveDir) await rm(archiveDir, { recursive: true, force: true });
      throw error;
    };
    let { read: sourceRead, entities: entityReads } = await readSource(
      options.source,
      options,
      spool ?? archiveDir,
    ).catch(dropArchive);
    // A directory run is recorded as one (its launches are one file of it).
    summary.source = described.kind === 'dir' ? described.location : sourceRead.location;
    await reached('fetched');
    enter('archive');
    if (archiving && archiveDir) {
      ({ read: sourceRead, entities: entityReads } = await completeArchive(
        archiveDir,
        summary.runId,
        sourceRead,
        entityReads,
      ).catch(dropArchive));
      unfinished.delete(archiveDir);
      summary.archiveDir = archiveDir;
      log.info(`archived ${sourceRead.pages.length} page(s) in ${archiveDir}`);
    }

    // Read in small batches (young garbage is cheap to collect), written in the larger ones.
    const batchSize = options.batchSize ?? READ_BATCH;
    const read = new CheckedRead(new LaunchReader(sourceRead, Math.min(batchSize, READ_CHUNK)), {
      batchSize,
      skipInvalid: options.skipInvalid,
      onRejected: (report) => {
        if (options.skipInvalid) log.warn(`rejected ${report}`);
      },
    });
    checked = read;
    const result: LoadResult = await loadRun(
      database,
      {
        runId: summary.runId,
        startedAt: started,
        sourceKind: summary.sourceKind,
        source: summary.source,
        read,
        failOnCheckError: options.failOnCheckError ?? false,
        maxRemovals: options.maxRemovals,
        skipInvalid: options.skipInvalid,
        entities: withDescriptors(entityReads),
      },
      reached,
    );
    enter(null);
    const drift = [...read.drift].sort();
    log.info(
      `read ${read.launchesRead} launches: ${read.unchanged} unchanged since stored, ` +
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
    for (const note of summary.notes) log.warn(note);
    log.info(
      `wrote ${read.valid} launches (${result.counts.launchesChanged} new or changed, ` +
        `${result.counts.launchesRemoved} removed), ${result.counts.coreRows} core rows, ` +
        `${result.counts.crewRows} crew rows; ` +
        (result.martsRefreshed
          ? 'marts refreshed'
          : 'nothing changed, so the marts were already current'),
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
    Object.assign(summary, {
      status: 'succeeded',
      entities: result.entities,
      ...result.counts,
      drift,
      sha256: read.sha256,
      martsRefreshed: result.martsRefreshed,
      checks: result.checks.map(({ name, severity, status, failing, sample }) => ({
        name,
        severity,
        status,
        failing,
        sample,
      })),
    });
    for (const check of result.checks.filter((c) => c.status !== 'pass')) {
      log.warn(
        `data check ${check.name} (${check.severity}): ${check.failing} row(s), e.g. ${check.sample.slice(0, 3).join(', ')}`,
      );
    }
    await endArchive('succeeded');
    summary.durationMs = Math.round(performance.now() - clock);
    summary.peakRssMb = peakRssMb();
    return summary;
  } catch (error) {
    await endArchive('failed').catch((archiveError: unknown) =>
      log.warn(`could not tidy the archives: ${errorMessage(archiveError)}`),
    );
    // Our own errors say what to do; database errors are explained from their codes (and are
    // kept short: Drizzle's own message repeats the whole statement and its parameters).
    const ours =
      error instanceof SourceError ||
      error instanceof InvalidLaunchesError ||
      error instanceof RemovalGuardError ||
      error instanceof PrivilegeError ||
      error instanceof ChecksFailedError;
    const message = redactText(
      ours ? error.message : `database error: ${describeDatabaseError(error)}`,
      options.secrets,
    );
    summary.error = message;
    if (checked) {
      summary.launchesRead = checked.launchesRead;
      summary.launchesRejected = checked.rejected;
      summary.drift = [...checked.drift].sort();
      summary.sha256 = checked.sha256;
    }
    summary.durationMs = Math.round(performance.now() - clock);
    summary.peakRssMb = peakRssMb();
    const failed = {
      runId: summary.runId,
      startedAt: started,
      finishedAt: new Date(),
      sourceKind: summary.sourceKind,
      source: summary.source,
      sha256: summary.sha256,
      launchesRead: summary.launchesRead,
      error: message,
    };
    try {
      await recordFailedRun(database.db, failed);
    } catch (recordError) {
      const why = redactText(describeDatabaseError(recordError), options.secrets);
      if (options.pendingRunsDir) {
        const kept = await savePendingRun(options.pendingRunsDir, database.display, failed).catch(
          () => null,
        );
        log.error(
          `could not record the failed run (${why}); ` +
            (kept ? `kept in ${kept}: the next run records it.` : 'nor keep it on disk.'),
        );
      } else {
        log.error(`could not record the failed run: ${why}`);
      }
    }
    throw new IngestRunError(message, summary);
  } finally {
    if (spool) {
      await rm(spool, { recursive: true, force: true });
      unfinished.delete(spool);
    }
  }
}
