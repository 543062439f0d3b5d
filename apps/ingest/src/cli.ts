/**
 * `pnpm --filter ingest start [options]`: the command line of one ingest run.
 * Exit codes: EXIT in @spacex/terminal (0 success, 1 failed, 2 usage, 3 checks failed, 4 locked).
 */
import { readdirSync, rmSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { ENTITY_NAMES, type EntityName } from '@spacex/contract';
import { type DatabaseHandle, openDatabase, readDatabaseTarget, secretsOf } from '@spacex/db';
import { compileWasmForShortRun } from '@spacex/db/cli';
import {
  type CommandIo,
  processIo as commandIo,
  invocationDir,
  notify,
  parseOptions,
  positiveWholeNumber,
  printable,
  reportFailure,
  urlSecrets,
  WholeNumberText,
} from '@spacex/terminal';
import * as v from 'valibot';
import { readIngestSettings } from './env.js';
import { UsageError } from './errors.js';
import { createLogger, LOG_FORMATS, type LogFormat, type Logger } from './log.js';
import { type MetricsTargets, publishMetrics } from './metrics.js';
import { savePendingRun } from './pending-runs.js';
import type { MaxRemovals } from './removals.js';
import {
  IngestRunError,
  type IngestSummary,
  runIngest,
  type SourceSpec,
  type StartedRun,
} from './run.js';
import { SAMPLE_DIR } from './sample.js';

export const HELP = `Usage: pnpm ingest [options]   (from the repository root; or pnpm --filter ingest start)

Reads every SpaceX launch, validates each against the v5 contract, and loads the raw layer and
refreshes the marts in one transaction. With no source option it reads the API
(POST $SPACEX_API_URL/v5/launches/query, then /v4/cores/query and /v4/crew/query, page by page).

Sources (at most one):
  --from-file PATH      a saved GET /v5/launches response (a JSON array)
  --from-archive DIR    replay a run's archive (.data/archive/<run id>)
  --from-dir DIR        a directory of saved responses named after their entity: launches.json
                        (required), cores.json, crew.json, rockets.json, launchpads.json,
                        landpads.json, payloads.json, capsules.json, ships.json; an entity
                        without its file is left as stored
  --sample              the saved copy of the API's data that ships with the ingest (launches
                        and every other entity as of December 2022; see apps/ingest/sample),
                        for a first run without internet

Options:
  --skip-invalid        load the valid launches; keep invalid ones in raw.rejected_launches
                        (default: any invalid launch fails the run and writes nothing)
  --entities LIST       the entities to read, comma-separated: launches (always), cores, crew,
                        rockets, launchpads, landpads, payloads, capsules, ships (default: all);
                        an entity left out stays as stored
  --max-removals N|all  how many stored launches the run may remove when the source no longer
                        has them (default: 5% of those stored, rounded down, at most 10; an empty read
                        removes nothing). A run that would remove more fails and changes nothing.
  --no-archive          do not archive what was read
  --fail-on-check-error roll the run back when an error-level data check fails
                        (default: report the checks in the summary and commit)
  --full-refresh        recompute every mart and run every check over every row (default: only
                        the rows the run's changes touch; a first load recomputes everything)
  --page-size N         launches per API page (default $SPACEX_PAGE_SIZE or 100)
  --json                print the run summary as JSON on stdout
  --log-format FORMAT   text (default, for people) or json (one JSON object a line on stderr:
                        time, level, message, run id, stage; the run's counts at its end);
                        also LOG_FORMAT
  --metrics-file PATH   write the run's metrics for node_exporter's textfile collector (atomically;
                        the last success's time carried over a failed run); also SPACEX_METRICS_FILE
  --pushgateway URL     push the run's metrics to a Prometheus Pushgateway (push-add, job
                        spacex_ingest); also SPACEX_PUSHGATEWAY_URL. Neither fails the run.
  --notify-url URL      post a JSON message (Slack-compatible text, plus the run id, status,
                        error and counts) to this webhook when the run fails; tried twice, never
                        failing the run; also SPACEX_NOTIFY_URL
  -h, --help            show this help

Database: DATABASE_URL (PostgreSQL; run pnpm db:migrate first), else embedded PGlite in
PGLITE_DIR (default .data/pglite at the repository root), migrated automatically. A secret may
come from a file instead: DATABASE_URL_FILE, SPACEX_API_URL_FILE (as Docker and Kubernetes
mount secrets); so may SPACEX_NOTIFY_URL and SPACEX_PUSHGATEWAY_URL (_FILE).

Environment: SPACEX_API_URL (default https://api.spacexdata.com), SPACEX_HTTP_TIMEOUT_MS (30000),
SPACEX_HTTP_MAX_ATTEMPTS (5), SPACEX_HTTP_BACKOFF_MS (500), SPACEX_HTTP_RETRY_AFTER_CAP_MS (60000),
SPACEX_MAX_BODY_BYTES (52428800), SPACEX_READ_DEADLINE_MS (900000: the whole read, every page and
retry), SPACEX_ARCHIVE_DIR, SPACEX_ARCHIVE_KEEP (30 newest run archives kept; 0 keeps all),
SPACEX_PENDING_RUNS_DIR (failed runs the database could not take, recorded by the next run),
LOG_LEVEL (silent|error|warn|info|debug).

Exit codes: 0 success (warnings allowed); 1 the run failed (nothing changed; the failure is in
raw.ingest_runs); 2 bad usage or settings; 3 an error-level data check failed with
--fail-on-check-error (rolled back); 4 another run holds the lock, or another process the
embedded database (nothing done).
`;

export interface CliIo extends CommandIo {
  /** Stop on SIGINT and SIGTERM by rolling back (the process entry point sets this). */
  handleSignals?: boolean;
  /** The process runs this one command, so V8 may be tuned for it (the entry point sets this). */
  ownsProcess?: boolean;
}

export const processIo: CliIo = { ...commandIo, handleSignals: true, ownsProcess: true };

const SHORT_RUN_BYTES = 32 * 2 ** 20;

/**
 * True when the source is local and under 32 MB (about 20,000 launches): a run that ends
 * before V8's optimised code would pay off. The API's size shows only once it is read.
 */
export function isShortRun(source: SourceSpec): boolean {
  return sourceBytes(source) < SHORT_RUN_BYTES;
}

function sourceBytes(source: SourceSpec): number {
  if (source.kind === 'api') return Number.POSITIVE_INFINITY;
  const path = source.kind === 'file' ? source.path : source.dir;
  try {
    const stat = statSync(path);
    if (!stat.isDirectory()) return stat.size;
    return readdirSync(path, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .reduce((sum, entry) => sum + statSync(join(entry.parentPath, entry.name)).size, 0);
  } catch {
    return Number.POSITIVE_INFINITY; // the run itself says what is wrong with the source
  }
}

/** What a signal handler needs to know of the run it stops, filled in as the run gets going. */
interface Interruptible {
  handle?: DatabaseHandle;
  started?: { run: StartedRun; pendingRunsDir: string };
}

/**
 * On SIGINT or SIGTERM: remove what the run left unfinished (a partial archive, the page
 * spool), keep the run as a pending failed run ("interrupted by SIGTERM"), which the next run
 * records, and drop the connection so the server rolls the transaction back (and frees the
 * run's lock); PGlite never committed it. Then exit 130 or 143.
 */
function stopOnSignals(
  io: CliIo,
  current: Interruptible,
  unfinished: ReadonlySet<string>,
): () => void {
  const stop = (signal: NodeJS.Signals) => {
    io.stderr(
      `\ninterrupted by ${signal}: the run is rolled back; the database keeps its previous state.\n`,
    );
    for (const dir of unfinished) rmSync(dir, { recursive: true, force: true });
    const { handle, started } = current;
    const exit = () => process.exit(signal === 'SIGINT' ? 130 : 143);
    const keep = async () => {
      if (!handle || !started) return;
      const { run, pendingRunsDir } = started;
      await savePendingRun(pendingRunsDir, handle.display, {
        ...run,
        finishedAt: new Date(),
        sha256: null,
        launchesRead: 0,
        error: `interrupted by ${signal}; the run was rolled back`,
      }).catch(() => {});
    };
    void keep()
      .then(() => (handle?.engine === 'postgres' ? handle.close({ immediately: true }) : undefined))
      .finally(exit);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  return () => {
    process.off('SIGINT', stop);
    process.off('SIGTERM', stop);
  };
}

const parse = (argv: readonly string[]) =>
  parseOptions(argv, {
    'from-file': { type: 'string' },
    'from-archive': { type: 'string' },
    'from-dir': { type: 'string' },
    sample: { type: 'boolean', default: false },
    'skip-invalid': { type: 'boolean', default: false },
    'max-removals': { type: 'string' },
    entities: { type: 'string' },
    'no-archive': { type: 'boolean', default: false },
    'fail-on-check-error': { type: 'boolean', default: false },
    'full-refresh': { type: 'boolean', default: false },
    'page-size': { type: 'string' },
    json: { type: 'boolean', default: false },
    'log-format': { type: 'string' },
    'metrics-file': { type: 'string' },
    pushgateway: { type: 'string' },
    'notify-url': { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });

/** `--max-removals N|all`: a whole number (0 included) or `all`; undefined when not given. */
export function parseMaxRemovals(text: string | undefined): MaxRemovals {
  if (text === undefined || text === 'all') return text;
  const parsed = v.safeParse(WholeNumberText, text);
  if (!parsed.success) {
    throw new UsageError(`--max-removals expects a whole number or "all", got "${text}".`);
  }
  return parsed.output;
}

/** `--entities launches,cores,...`: the other entities named; launches must be among them. */
export function parseEntities(text: string): EntityName[] {
  const names = text
    .split(',')
    .map((name) => name.trim())
    .filter((name) => name !== '');
  const known: readonly string[] = ENTITY_NAMES;
  const unknown = names.filter((name) => name !== 'launches' && !known.includes(name));
  if (unknown.length > 0) {
    throw new UsageError(
      `--entities: unknown ${unknown.join(', ')}; the ingest reads launches, ${known.join(', ')}.`,
    );
  }
  if (!names.includes('launches')) {
    throw new UsageError(
      '--entities must include launches: every run reads them (the other entities link to them).',
    );
  }
  return ENTITY_NAMES.filter((name) => names.includes(name));
}

/** Tells the webhook a run failed; a message that cannot be delivered is logged, never fatal. */
async function notifyFailedRun(url: string, error: IngestRunError, log: Logger | undefined) {
  const { summary } = error;
  await notify(
    url,
    {
      text: `SpaceX ingest run ${summary.runId} failed (exit ${error.exitCode}): ${summary.error ?? error.message}`,
      runId: summary.runId,
      status: summary.status,
      exitCode: error.exitCode,
      error: summary.error ?? error.message,
      source: summary.source,
      counts: {
        launchesRead: summary.launchesRead,
        launchesRejected: summary.launchesRejected,
      },
    },
    { onFailure: (message) => log?.error(message) },
  );
}

/** `--log-format`, else LOG_FORMAT. */
function logFormat(flag: string | undefined, fallback: LogFormat): LogFormat {
  if (flag === undefined) return fallback;
  const format = LOG_FORMATS.find((f) => f === flag);
  if (format === undefined) {
    throw new UsageError(`--log-format must be ${LOG_FORMATS.join(' or ')}, got "${flag}"`);
  }
  return format;
}

/** The human summary: one line per figure. */
export function formatSummary(s: IngestSummary): string {
  const lines = [
    `run ${s.runId} ${s.status} in ${(s.durationMs / 1000).toFixed(2)} s`,
    `source           ${s.sourceKind} ${s.source}`,
    `launches read    ${s.launchesRead}`,
    `loaded           ${s.launchesLoaded} (${s.launchesChanged} new or changed)`,
    `rejected         ${s.launchesRejected}`,
    `removed          ${s.launchesRemoved}`,
    `core rows        ${s.coreRows}`,
    `crew rows        ${s.crewRows}`,
    `schema drift     ${s.drift.length === 0 ? 'none' : s.drift.join(', ')}`,
  ];
  const unhappy = s.checks.filter((c) => c.status !== 'pass');
  if (s.checks.length > 0) {
    lines.push(
      `data checks      ${s.checks.length - unhappy.length} of ${s.checks.length} passed` +
        unhappy.map((c) => `; ${c.name} ${c.status} (${c.failing})`).join(''),
    );
  }
  for (const e of s.entities) {
    lines.push(
      `${e.entity.padEnd(17)}${e.read} read, ${e.loaded} loaded (${e.changed} new or changed), ${e.rejected} rejected, ${e.removed} removed`,
    );
  }
  for (const note of s.notes) lines.push(`note             ${note}`);
  if (s.archiveDir) lines.push(`archive          ${s.archiveDir}`);
  if (s.error) lines.push(`error            ${s.error}`);
  return `${lines.join('\n')}\n`;
}

/** Runs the CLI; resolves with the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo): Promise<number> {
  let secrets: string[] = [];
  let handle: DatabaseHandle | undefined;
  let log: Logger | undefined;
  let metrics: MetricsTargets = {};
  let notifyUrl: string | undefined;
  const current: Interruptible = {};
  const unfinished = new Set<string>();
  const removeSignalHandlers = io.handleSignals ? stopOnSignals(io, current, unfinished) : () => {};
  try {
    const args = parse(argv);
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    const sources = (['from-file', 'from-archive', 'from-dir', 'sample'] as const).filter(
      (flag) => args[flag] !== undefined && args[flag] !== false,
    );
    if (sources.length > 1) {
      throw new UsageError(
        `${sources.map((flag) => `--${flag}`).join(' and ')} cannot be combined: choose one source.`,
      );
    }
    const settings = readIngestSettings(io.env);
    const pageSize = positiveWholeNumber('--page-size', args['page-size'], settings.pageSize);
    const target = readDatabaseTarget(io.env);
    secrets = [...secretsOf(target), ...settings.apiSecrets];
    const logger = createLogger(settings.logLevel, {
      secrets,
      write: io.stderr,
      format: logFormat(args['log-format'], settings.logFormat),
    });
    log = logger;
    const here = invocationDir(io.env);
    const source: SourceSpec =
      args['from-file'] !== undefined
        ? { kind: 'file', path: resolve(here, args['from-file']) }
        : args['from-archive'] !== undefined
          ? { kind: 'archive', dir: resolve(here, args['from-archive']) }
          : args['from-dir'] !== undefined
            ? { kind: 'dir', dir: resolve(here, args['from-dir']) }
            : args.sample
              ? { kind: 'dir', dir: SAMPLE_DIR }
              : {
                  kind: 'api',
                  baseUrl: settings.apiUrl,
                  pageSize,
                  ...(settings.apiAuthorization
                    ? { authorization: settings.apiAuthorization }
                    : {}),
                };

    metrics = {
      file:
        args['metrics-file'] === undefined
          ? settings.metrics.file
          : resolve(here, args['metrics-file']),
      pushgateway: args.pushgateway ?? settings.metrics.pushgateway,
    };
    notifyUrl = args['notify-url'] ?? settings.notifyUrl;
    if (notifyUrl !== undefined && !URL.canParse(notifyUrl)) {
      throw new UsageError('--notify-url must be a URL (http:// or https://)');
    }
    if (notifyUrl) secrets.push(...urlSecrets(notifyUrl));
    log.info(`database: ${target.display}`);
    if (io.ownsProcess && target.engine === 'pglite' && isShortRun(source)) {
      compileWasmForShortRun();
    }
    handle = await openDatabase({ target, env: io.env, onProgress: (m) => logger.info(m) });
    current.handle = handle;
    const summary = await runIngest(handle, {
      source,
      skipInvalid: args['skip-invalid'],
      failOnCheckError: args['fail-on-check-error'],
      fullRefresh: args['full-refresh'],
      maxRemovals: parseMaxRemovals(args['max-removals']),
      ...(args.entities === undefined ? {} : { entities: parseEntities(args.entities) }),
      ...(settings.pauseAt ? { pauseAt: settings.pauseAt } : {}),
      archiveRoot: args['no-archive'] ? null : settings.archiveRoot,
      archiveKeep: settings.archiveKeep,
      pendingRunsDir: settings.pendingRunsDir,
      onStart: (run) => {
        current.started = { run, pendingRunsDir: settings.pendingRunsDir };
      },
      unfinished,
      http: settings.http,
      log,
      secrets,
    });
    await publishMetrics(summary, metrics, log);
    io.stdout(
      args.json
        ? `${JSON.stringify(summary, null, 2)}\n`
        : printable(formatSummary(summary), { keepLines: true }),
    );
    return 0;
  } catch (error) {
    if (error instanceof IngestRunError) {
      if (log) await publishMetrics(error.summary, metrics, log);
      if (notifyUrl) await notifyFailedRun(notifyUrl, error, log);
      io.stderr(
        `error: ingest run failed; the database is unchanged.\n${printable(error.message, { keepLines: true })}\n`,
      );
      io.stdout(
        argv.includes('--json')
          ? `${JSON.stringify(error.summary, null, 2)}\n`
          : printable(formatSummary(error.summary), { keepLines: true }),
      );
      return error.exitCode;
    }
    return reportFailure(io, error, secrets);
  } finally {
    removeSignalHandlers();
    await handle?.close();
  }
}
