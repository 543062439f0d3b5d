/**
 * A run's metrics for Prometheus (prom-client), the batch job's way: written for node_exporter's
 * textfile collector (`--metrics-file`, atomically) or pushed to a Pushgateway (`--pushgateway`,
 * push-add). The last success's time survives a failed run in both: push-add replaces only the
 * metrics a push holds, and the textfile carries the previous value forward. Alerts on them:
 * deploy/prometheus/alerts.yml.
 */
import { readFileSync } from 'node:fs';
import { errorMessage, redactUrl, writeFileAtomic } from '@spacex/terminal';
import { Gauge, Pushgateway, Registry } from 'prom-client';
import type { Logger } from './log.js';
import type { IngestSummary } from './run.js';

/** The Pushgateway's job label: one group for every run. */
export const JOB = 'spacex_ingest';
export const LAST_SUCCESS = 'spacex_ingest_last_success_timestamp_seconds';
/** Seconds a push may take before it is given up (the run's outcome never waits on it). */
const PUSH_TIMEOUT_MS = 10_000;

export interface MetricsTargets {
  /** node_exporter's textfile collector: a `.prom` file, written atomically. */
  file?: string | undefined;
  /** A Pushgateway's base URL. */
  pushgateway?: string | undefined;
}

/** The registry of one ended run; `lastSuccess` is the last successful run's time, if known. */
export function runRegistry(summary: IngestSummary, endedAt: Date, lastSuccess?: number): Registry {
  const registry = new Registry();
  const gauge = (name: string, help: string, labelNames: string[] = []) =>
    new Gauge({ name, help, labelNames, registers: [registry] });
  const seconds = endedAt.getTime() / 1000;
  const succeeded = summary.status === 'succeeded';
  const success = succeeded ? seconds : lastSuccess;
  if (success !== undefined) {
    gauge(LAST_SUCCESS, 'When the last successful ingest run ended (Unix seconds).').set(success);
  }
  gauge('spacex_ingest_last_run_timestamp_seconds', 'When the last ingest run ended.').set(seconds);
  gauge('spacex_ingest_last_run_success', '1 when the last ingest run succeeded, else 0.').set(
    succeeded ? 1 : 0,
  );
  gauge('spacex_ingest_last_run_duration_seconds', 'How long the last ingest run took.').set(
    summary.durationMs / 1000,
  );
  const records = gauge(
    'spacex_ingest_last_run_records',
    'Records of the last run, by entity and what became of them.',
    ['entity', 'outcome'],
  );
  const launches = {
    read: summary.launchesRead,
    changed: summary.launchesChanged,
    removed: summary.launchesRemoved,
    rejected: summary.launchesRejected,
  };
  for (const [outcome, value] of Object.entries(launches)) {
    records.set({ entity: 'launches', outcome }, value);
  }
  for (const e of summary.entities) {
    for (const outcome of ['read', 'changed', 'removed', 'rejected'] as const) {
      records.set({ entity: e.entity, outcome }, e[outcome]);
    }
  }
  const checks = gauge(
    'spacex_ingest_last_run_checks_failed',
    'Data checks the last run found failing, by severity.',
    ['severity'],
  );
  for (const severity of ['error', 'warn'] as const) {
    checks.set(
      { severity },
      summary.checks.filter((c) => c.severity === severity && c.status !== 'pass').length,
    );
  }
  return registry;
}

/** The last success's time in a textfile written before, if it holds one. */
export function lastSuccessIn(file: string): number | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const value = new RegExp(`^${LAST_SUCCESS} (\\S+)$`, 'm').exec(text)?.[1];
  return value === undefined || Number.isNaN(Number(value)) ? undefined : Number(value);
}

/**
 * Writes and pushes a run's metrics. Never fails the run: a target that cannot take them is
 * logged as an error (an alert on the last success's age still fires).
 */
export async function publishMetrics(
  summary: IngestSummary,
  targets: MetricsTargets,
  log: Logger,
): Promise<void> {
  const endedAt = new Date();
  if (targets.file) {
    const registry = runRegistry(summary, endedAt, lastSuccessIn(targets.file));
    try {
      writeFileAtomic(targets.file, await registry.metrics());
    } catch (error) {
      log.error(`could not write the metrics to ${targets.file}: ${errorMessage(error)}`);
    }
  }
  if (targets.pushgateway) {
    const registry = runRegistry(summary, endedAt);
    const gateway = new Pushgateway(targets.pushgateway, { timeout: PUSH_TIMEOUT_MS }, registry);
    try {
      await gateway.pushAdd({ jobName: JOB });
    } catch (error) {
      log.error(
        `could not push the metrics to ${redactUrl(targets.pushgateway)}: ${errorMessage(error)}`,
      );
    }
  }
}
