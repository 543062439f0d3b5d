/**
 * The files in deploy/ and the Dockerfile, checked as far as this machine allows against what
 * the code expects: every command they run is a script of the repository, every flag one its
 * command knows, the secret a file the run reads (DATABASE_URL_FILE), runs that never overlap,
 * and an exit code 4 that means "another run had the lock". (docker-compose.yml is checked by
 * .ci/check-compose.sh with docker-compose itself.)
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HELP as QUALITY_HELP } from '@spacex/quality/cli';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { HELP as INGEST_HELP } from '../src/cli.js';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const scripts: Record<string, string> = JSON.parse(read('package.json')).scripts;
const flagsOf = (help: string) => new Set(help.match(/--[a-z][a-z-]*/g));
const KNOWN: Record<string, Set<string>> = {
  ingest: flagsOf(INGEST_HELP),
  quality: flagsOf(QUALITY_HELP),
  'db:migrate': new Set(),
};

/** Checks a `pnpm -s SCRIPT FLAGS…` command line: the script exists, each flag is known. */
function checkCommand(words: readonly string[]): string {
  const at = words.findIndex((w) => w === 'pnpm' || w.endsWith('/pnpm'));
  expect(at, words.join(' ')).toBeGreaterThanOrEqual(0);
  const rest = words.slice(at + 1).filter((w) => w !== '-s');
  const script = rest[0] ?? '';
  expect(Object.keys(scripts), `pnpm ${script}`).toContain(script);
  const known = KNOWN[script];
  if (known === undefined) throw new Error(`no flags known for ${script}`);
  for (const flag of rest.filter((w) => w.startsWith('--'))) {
    expect([...known], `${script} ${flag}`).toContain(flag);
  }
  return script;
}

/** The single container of a pod spec. */
function container(spec: {
  containers: {
    command: string[];
    env: { name: string; value?: string }[];
    volumeMounts: { mountPath: string }[];
  }[];
}) {
  const [only] = spec.containers;
  if (!only) throw new Error('no container');
  return only;
}

describe('deploy/kubernetes', () => {
  it('should run the ingest daily, never two at once, within deadlines, the secret as a file', () => {
    const job = parse(read('deploy/kubernetes/ingest-cronjob.yaml'));
    expect(job.kind).toBe('CronJob');
    expect(job.spec.concurrencyPolicy).toBe('Forbid');
    expect(job.spec.startingDeadlineSeconds).toBeGreaterThan(0);
    const jobSpec = job.spec.jobTemplate.spec;
    expect(jobSpec.activeDeadlineSeconds).toBeGreaterThan(0);
    const pod = jobSpec.template.spec;
    // SIGTERM rolls a run back and records it: a grace period long enough for that.
    expect(pod.terminationGracePeriodSeconds).toBeGreaterThanOrEqual(30);
    const ingest = container(pod);
    expect(checkCommand(ingest.command)).toBe('ingest');
    const file = ingest.env.find((e) => e.name === 'DATABASE_URL_FILE')?.value ?? '';
    expect(ingest.volumeMounts.some((m) => file.startsWith(`${m.mountPath}/`))).toBe(true);
    expect(ingest.env.some((e) => e.name === 'DATABASE_URL')).toBe(false);
  });

  it('should migrate with the same secret file before the runs', () => {
    const job = parse(read('deploy/kubernetes/migrate-job.yaml'));
    expect(job.kind).toBe('Job');
    const migrate = container(job.spec.template.spec);
    expect(checkCommand(migrate.command)).toBe('db:migrate');
    expect(scripts['db:migrate']).toContain('migrate');
    const file = migrate.env.find((e) => e.name === 'DATABASE_URL_FILE')?.value ?? '';
    expect(migrate.volumeMounts.some((m) => file.startsWith(`${m.mountPath}/`))).toBe(true);
  });
});

describe('deploy/cron', () => {
  it('should run the ingest and the freshness alarm with known flags, a lock that exits 4, logs kept', () => {
    const lines = read('deploy/cron/crontab')
      .split('\n')
      .filter((line) => /^[\d*]/.test(line));
    expect(lines).toHaveLength(2);
    const [ingest = '', quality = ''] = lines;
    expect(checkCommand(ingest.split(/\s+/))).toBe('ingest');
    expect(ingest).toMatch(/flock --nonblock --conflict-exit-code 4 /);
    expect(ingest).toMatch(/>>\S+\.log 2>&1$/);
    expect(checkCommand(quality.split(/\s+/))).toBe('quality');
    expect(quality).toContain('--max-age 26h');
    const crontab = read('deploy/cron/crontab');
    expect(crontab).toMatch(/^PATH=/m);
    expect(crontab).toMatch(/^DATABASE_URL_FILE=/m);
    expect(crontab).not.toMatch(/^DATABASE_URL=/m);
  });

  it('should run the ingest from a systemd timer, exit 4 counted as no failure', () => {
    const service = read('deploy/cron/spacex-ingest.service');
    const exec = /^ExecStart=(.*)$/m.exec(service)?.[1] ?? '';
    expect(checkCommand(exec.split(/\s+/))).toBe('ingest');
    expect(service).toMatch(/^SuccessExitStatus=4$/m);
    expect(service).toMatch(/^LoadCredential=database-url:/m);
    expect(service).toMatch(/^Environment=DATABASE_URL_FILE=%d\/database-url$/m);
    expect(service).toMatch(/^KillSignal=SIGTERM$/m);
    const timer = read('deploy/cron/spacex-ingest.timer');
    expect(timer).toMatch(/^OnCalendar=/m);
    expect(timer).toMatch(/^Persistent=true$/m);
  });
});

describe('Dockerfile', () => {
  it('should install for production from the lockfile and run the ingest as its command', () => {
    const dockerfile = read('Dockerfile');
    expect(dockerfile).toMatch(/^RUN pnpm install --prod --frozen-lockfile/m);
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)?.[1] ?? '[]');
    expect(checkCommand(cmd)).toBe('ingest');
    const pinned = JSON.parse(read('package.json')).packageManager.split('@')[1];
    expect(dockerfile).toContain(`pnpm@${pinned}`);
  });
});
