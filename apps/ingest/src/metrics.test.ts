import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createLogger } from './log.js';
import { LAST_SUCCESS, lastSuccessIn, publishMetrics } from './metrics.js';
import type { IngestSummary } from './run.js';
import { NO_COUNTS } from './run-log.js';

const PROMTOOL = '/usr/bin/promtool';

const summary = (status: 'succeeded' | 'failed'): IngestSummary => ({
  runId: 'r1',
  status,
  sourceKind: 'api',
  source: 'https://api.example',
  ...NO_COUNTS,
  launchesRead: 205,
  launchesChanged: 3,
  drift: [],
  sha256: null,
  archiveDir: null,
  durationMs: 2_500,
  checks: [
    { name: 'a', severity: 'error', status: 'fail', failing: 1, sample: [] },
    { name: 'b', severity: 'warn', status: 'warn', failing: 2, sample: [] },
    { name: 'c', severity: 'warn', status: 'pass', failing: 0, sample: [] },
  ],
  stages: {},
  peakRssMb: 100,
  marts: 'updated',
  notes: [],
  entities: [
    {
      entity: 'cores',
      read: 10,
      loaded: 10,
      changed: 1,
      rejected: 0,
      removed: 2,
      drift: [],
      removalsWithheld: false,
    },
  ],
});

const value = (text: string, series: string) =>
  Number(new RegExp(`^${series.replace(/[{}"]/g, '\\$&')} (\\S+)$`, 'm').exec(text)?.[1]);

describe('publishMetrics to a textfile', () => {
  it('should write the run for node_exporter, and keep the last success over a failed run', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'spacex-metrics-')), 'spacex.prom');
    const log = createLogger('silent');
    const before = Date.now() / 1000;
    await publishMetrics(summary('succeeded'), { file }, log);
    const first = readFileSync(file, 'utf8');
    const success = lastSuccessIn(file) ?? 0;
    expect(success).toBeGreaterThanOrEqual(Math.floor(before));
    expect(value(first, 'spacex_ingest_last_run_success')).toBe(1);
    expect(value(first, 'spacex_ingest_last_run_duration_seconds')).toBe(2.5);
    expect(value(first, 'spacex_ingest_last_run_records{entity="launches",outcome="read"}')).toBe(
      205,
    );
    expect(value(first, 'spacex_ingest_last_run_records{entity="cores",outcome="removed"}')).toBe(
      2,
    );
    expect(value(first, 'spacex_ingest_last_run_checks_failed{severity="error"}')).toBe(1);
    expect(value(first, 'spacex_ingest_last_run_checks_failed{severity="warn"}')).toBe(1);

    await publishMetrics(summary('failed'), { file }, log);
    const second = readFileSync(file, 'utf8');
    expect(value(second, 'spacex_ingest_last_run_success')).toBe(0);
    expect(value(second, LAST_SUCCESS)).toBe(success);
    expect(value(second, 'spacex_ingest_last_run_timestamp_seconds')).toBeGreaterThanOrEqual(
      success,
    );

    // What Prometheus's own linter says of the file (CI installs promtool).
    if (process.env.CI || existsSync(PROMTOOL)) {
      const check = spawnSync(PROMTOOL, ['check', 'metrics'], { input: second, encoding: 'utf8' });
      expect(check.status, check.stdout + check.stderr).toBe(0);
    }
  });

  it('should log an error and go on when the file or the gateway cannot take them', async () => {
    const lines: string[] = [];
    const log = createLogger('error', { write: (line) => void lines.push(line) });
    await publishMetrics(
      summary('succeeded'),
      { file: '/proc/no/such/dir/spacex.prom', pushgateway: 'http://u:pw@127.0.0.1:9' },
      log,
    );
    expect(lines.join('')).toContain(
      'could not write the metrics to /proc/no/such/dir/spacex.prom',
    );
    expect(lines.join('')).toContain('could not push the metrics to http://u:***@127.0.0.1:9');
  });
});
