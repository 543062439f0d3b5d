/**
 * The metrics as Prometheus sees them: Debian's prometheus-pushgateway and prometheus on
 * 127.0.0.1, a real run pushing to the gateway, and Prometheus scraping it. A failed run pushes
 * too, and the last success survives it. Skipped where neither program is installed, except in
 * CI (which installs both). The alert rules shipped beside them are checked with promtool.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { testEngines } from '@spacex/db/testing';
import { freePort, runCaptured } from '@spacex/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { type CliHarness, cliHarness } from './helpers.js';

const PUSHGATEWAY = '/usr/bin/prometheus-pushgateway';
const PROMTOOL = '/usr/bin/promtool';
const ALERTS = join(import.meta.dirname, '..', '..', '..', 'deploy', 'prometheus');
const PROMETHEUS = '/usr/bin/prometheus';
const installed = existsSync(PUSHGATEWAY) && existsSync(PROMETHEUS) && existsSync(PROMTOOL);
if (process.env.CI && !installed) {
  throw new Error('CI needs prometheus and prometheus-pushgateway (apt-get install them)');
}

describe.runIf(installed)('the alert rules shipped in deploy/prometheus', () => {
  it('should be valid rules that fire when they should, and only then (promtool test rules)', () => {
    const run = (args: string[]) =>
      spawnSync(PROMTOOL, args, { cwd: ALERTS, encoding: 'utf8', timeout: 60_000 });
    const checked = run(['check', 'rules', 'alerts.yml']);
    expect(checked.status, checked.stdout + checked.stderr).toBe(0);
    expect(checked.stdout).toContain('SUCCESS: 4 rules found');
    const tested = run(['test', 'rules', 'alerts.test.yml']);
    expect(tested.status, tested.stdout + tested.stderr).toBe(0);
    // Every rule of the file is exercised by the tests.
    const tests = readFileSync(join(ALERTS, 'alerts.test.yml'), 'utf8');
    for (const [, name] of readFileSync(join(ALERTS, 'alerts.yml'), 'utf8').matchAll(
      /alert: (\w+)/g,
    )) {
      expect(tests).toContain(`alertname: ${name}`);
    }
  });
});

/** Polls `url` until `accept` takes its body; the programs start in their own time. */
async function poll<T>(url: string, accept: (body: string) => T | undefined): Promise<T> {
  let last = '';
  for (let attempt = 0; attempt < 240; attempt++) {
    try {
      const response = await fetch(url);
      last = await response.text();
      const found = response.ok ? accept(last) : undefined;
      if (found !== undefined) return found;
    } catch (error) {
      last = String(error);
    }
    await sleep(250);
  }
  throw new Error(`${url} never answered as expected; last: ${last.slice(0, 500)}`);
}

const sample = (text: string, series: string) =>
  new RegExp(`^${series.replace(/[{}"]/g, '\\$&')}(?:\\{[^}]*\\})? (\\S+)$`, 'm').exec(text)?.[1];

const engine = testEngines()[0];
describe.runIf(installed && engine)('metrics [pushgateway and prometheus on loopback]', () => {
  let harness: CliHarness;
  const children: ChildProcess[] = [];
  let gateway = '';
  let prometheus = '';
  beforeAll(async () => {
    if (!engine) return;
    harness = await cliHarness(engine);
    const gatewayPort = await freePort();
    const prometheusPort = await freePort();
    gateway = `http://127.0.0.1:${gatewayPort}`;
    prometheus = `http://127.0.0.1:${prometheusPort}`;
    const dir = mkdtempSync(join(tmpdir(), 'spacex-prometheus-'));
    const config = join(dir, 'prometheus.yml');
    writeFileSync(
      config,
      `global: { scrape_interval: 1s }\nscrape_configs:\n  - job_name: pushgateway\n    honor_labels: true\n    static_configs: [{ targets: ['127.0.0.1:${gatewayPort}'] }]\n`,
    );
    children.push(
      spawn(PUSHGATEWAY, [`--web.listen-address=127.0.0.1:${gatewayPort}`], { stdio: 'ignore' }),
      spawn(
        PROMETHEUS,
        [
          `--config.file=${config}`,
          `--storage.tsdb.path=${join(dir, 'data')}`,
          `--web.listen-address=127.0.0.1:${prometheusPort}`,
        ],
        { stdio: 'ignore' },
      ),
    );
    await poll(`${gateway}/metrics`, (body) => (body.length > 0 ? true : undefined));
    await poll(`${prometheus}/-/ready`, () => true);
  });
  afterAll(async () => {
    for (const child of children) child.kill('SIGTERM');
    await harness?.close();
  });

  it('should push a run to the gateway, keep the last success over a failed run, and be scraped', async () => {
    const cli = (env: Record<string, string>) =>
      runCaptured(main, ['--no-archive', '--pushgateway', gateway], { ...harness.env, ...env });
    const ok = await cli({});
    expect(ok.code, ok.stderr).toBe(0);
    const pushed = await poll(`${gateway}/metrics`, (body) =>
      sample(body, 'spacex_ingest_last_success_timestamp_seconds') ? body : undefined,
    );
    const success = Number(sample(pushed, 'spacex_ingest_last_success_timestamp_seconds'));
    expect(success).toBeGreaterThan(Date.now() / 1000 - 600);
    expect(sample(pushed, 'spacex_ingest_last_run_success')).toBe('1');

    // A failed run (the API gone) pushes its own status; the last success stays as it was.
    const failed = await cli({
      SPACEX_API_URL: 'http://127.0.0.1:9',
      SPACEX_HTTP_MAX_ATTEMPTS: '1',
    });
    expect(failed.code).toBe(1);
    const after = await poll(`${gateway}/metrics`, (body) =>
      sample(body, 'spacex_ingest_last_run_success') === '0' ? body : undefined,
    );
    expect(Number(sample(after, 'spacex_ingest_last_success_timestamp_seconds'))).toBe(success);

    // Prometheus scrapes the gateway: the value an alert would read.
    const query = `${prometheus}/api/v1/query?query=spacex_ingest_last_success_timestamp_seconds`;
    const scraped = await poll(query, (body) => {
      const result = JSON.parse(body).data?.result?.[0]?.value?.[1];
      return result === undefined ? undefined : Number(result);
    });
    expect(scraped).toBe(success);
  });
});
