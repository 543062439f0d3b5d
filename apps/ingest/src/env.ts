/** The ingest's settings from the environment: the one place that reads them. */
import { join, resolve } from 'node:path';
import {
  credentialsAsHeader,
  findRepositoryRoot,
  invocationDir,
  PositiveWholeNumberText,
  secretSetting,
  UsageError,
  urlSecrets,
  WholeNumberText,
} from '@spacex/terminal';
import * as v from 'valibot';
import { LOAD_STAGES } from './load-stages.js';
import { LOG_FORMATS, LOG_LEVELS } from './log.js';
import type { MetricsTargets } from './metrics.js';
import type { PausePoint } from './run.js';

const RUN_STAGES = ['fetched', ...LOAD_STAGES] as const;

import { DEFAULT_ARCHIVE_KEEP } from './sources/archive.js';
import { DEFAULT_HTTP_SETTINGS, type HttpSettings } from './sources/http.js';

const positiveInt = (fallback: number) => v.optional(PositiveWholeNumberText, String(fallback));

const IngestEnv = v.object({
  SPACEX_API_URL: v.optional(
    v.pipe(v.string(), v.url('expected a URL such as https://api.spacexdata.com')),
    'https://api.spacexdata.com',
  ),
  SPACEX_PAGE_SIZE: positiveInt(100),
  SPACEX_HTTP_TIMEOUT_MS: positiveInt(DEFAULT_HTTP_SETTINGS.timeoutMs),
  SPACEX_HTTP_MAX_ATTEMPTS: positiveInt(DEFAULT_HTTP_SETTINGS.maxAttempts),
  SPACEX_HTTP_BACKOFF_MS: positiveInt(DEFAULT_HTTP_SETTINGS.backoffBaseMs),
  SPACEX_HTTP_RETRY_AFTER_CAP_MS: positiveInt(DEFAULT_HTTP_SETTINGS.retryAfterCapMs),
  SPACEX_MAX_BODY_BYTES: positiveInt(DEFAULT_HTTP_SETTINGS.maxBodyBytes),
  SPACEX_READ_DEADLINE_MS: positiveInt(DEFAULT_HTTP_SETTINGS.readDeadlineMs),
  SPACEX_ARCHIVE_DIR: v.optional(v.string()),
  SPACEX_PENDING_RUNS_DIR: v.optional(v.string()),
  // 0 keeps every archive.
  SPACEX_ARCHIVE_KEEP: v.optional(WholeNumberText, String(DEFAULT_ARCHIVE_KEEP)),
  // Fault injection for tests: "stage" or "stage:ms" (see PausePoint).
  SPACEX_INGEST_PAUSE_AT: v.optional(
    v.pipe(
      v.string(),
      v.regex(
        new RegExp(`^(${RUN_STAGES.join('|')})(:\\d+)?$`),
        `expected stage or stage:ms, stage one of ${RUN_STAGES.join(', ')}`,
      ),
      v.transform((text): PausePoint => {
        const [stage, ms] = text.split(':');
        const known = RUN_STAGES.find((s) => s === stage) ?? 'fetched';
        return { stage: known, ms: ms === undefined ? 600_000 : Number(ms) };
      }),
    ),
  ),
  LOG_LEVEL: v.optional(v.picklist(LOG_LEVELS, `expected one of ${LOG_LEVELS.join(', ')}`), 'info'),
  SPACEX_METRICS_FILE: v.optional(v.string()),
  SPACEX_PUSHGATEWAY_URL: v.optional(v.pipe(v.string(), v.url('expected a URL'))),
  SPACEX_NOTIFY_URL: v.optional(v.pipe(v.string(), v.url('expected a URL'))),
  LOG_FORMAT: v.optional(
    v.picklist(LOG_FORMATS, `expected one of ${LOG_FORMATS.join(', ')}`),
    'text',
  ),
});

export interface IngestSettings {
  /** SPACEX_API_URL without credentials: what is printed, stored and requested. */
  apiUrl: string;
  /** Basic credentials given in SPACEX_API_URL, sent as an Authorization header. */
  apiAuthorization?: string;
  /** What must never be printed: the API's password in every form its URL holds it. */
  apiSecrets: string[];
  /** Where run archives go: SPACEX_ARCHIVE_DIR, else `.data/archive` at the repository root. */
  archiveRoot: string;
  /** Run archives kept: the newest N (SPACEX_ARCHIVE_KEEP); 0 keeps every one. */
  archiveKeep: number;
  /**
   * Failed runs the database could not take, until the next run records them:
   * SPACEX_PENDING_RUNS_DIR, else `.data/pending-runs` at the repository root.
   */
  pendingRunsDir: string;
  pageSize: number;
  http: HttpSettings;
  logLevel: (typeof LOG_LEVELS)[number];
  logFormat: (typeof LOG_FORMATS)[number];
  /** Where to write and push each run's metrics (see metrics.ts). */
  metrics: MetricsTargets;
  /** A webhook told of every failed run. */
  notifyUrl: string | undefined;
  pauseAt?: PausePoint;
}

/** A bad setting in the environment: usage, exit code 2. */
export class EnvError extends UsageError {
  override name = 'EnvError';
}

export function readIngestSettings(env: NodeJS.ProcessEnv = process.env): IngestSettings {
  // Empty variables count as unset.
  // Every setting that may hold a credential may come from a file (NAME_FILE) instead.
  const secrets = Object.fromEntries(
    ['SPACEX_API_URL', 'SPACEX_NOTIFY_URL', 'SPACEX_PUSHGATEWAY_URL'].map((name) => [
      name,
      secretSetting(env, name),
    ]),
  );
  const present = Object.fromEntries(
    Object.entries({ ...env, ...secrets }).filter(
      ([, value]) => value !== undefined && value !== '',
    ),
  );
  const result = v.safeParse(IngestEnv, present);
  if (!result.success) {
    const problems = result.issues.map(
      (issue) => `${v.getDotPath(issue) ?? '?'}: ${issue.message}`,
    );
    throw new EnvError(`Invalid environment: ${problems.join('; ')}`);
  }
  const e = result.output;
  const api = credentialsAsHeader(e.SPACEX_API_URL);
  return {
    apiUrl: api.url.href.replace(/\/$/, ''),
    ...(api.authorization ? { apiAuthorization: api.authorization } : {}),
    apiSecrets: urlSecrets(e.SPACEX_API_URL),
    archiveRoot: e.SPACEX_ARCHIVE_DIR
      ? resolve(invocationDir(env), e.SPACEX_ARCHIVE_DIR)
      : join(findRepositoryRoot(), '.data', 'archive'),
    archiveKeep: e.SPACEX_ARCHIVE_KEEP,
    pendingRunsDir: e.SPACEX_PENDING_RUNS_DIR
      ? resolve(invocationDir(env), e.SPACEX_PENDING_RUNS_DIR)
      : join(findRepositoryRoot(), '.data', 'pending-runs'),
    pageSize: e.SPACEX_PAGE_SIZE,
    logLevel: e.LOG_LEVEL,
    logFormat: e.LOG_FORMAT,
    metrics: {
      file: e.SPACEX_METRICS_FILE ? resolve(invocationDir(env), e.SPACEX_METRICS_FILE) : undefined,
      pushgateway: e.SPACEX_PUSHGATEWAY_URL,
    },
    notifyUrl: e.SPACEX_NOTIFY_URL,
    ...(e.SPACEX_INGEST_PAUSE_AT ? { pauseAt: e.SPACEX_INGEST_PAUSE_AT } : {}),
    http: {
      ...DEFAULT_HTTP_SETTINGS,
      timeoutMs: e.SPACEX_HTTP_TIMEOUT_MS,
      maxAttempts: e.SPACEX_HTTP_MAX_ATTEMPTS,
      backoffBaseMs: e.SPACEX_HTTP_BACKOFF_MS,
      retryAfterCapMs: e.SPACEX_HTTP_RETRY_AFTER_CAP_MS,
      maxBodyBytes: e.SPACEX_MAX_BODY_BYTES,
      readDeadlineMs: e.SPACEX_READ_DEADLINE_MS,
    },
  };
}
