import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ENTITY_NAMES } from '@spacex/contract';
import { hexId, makeCore } from '@spacex/contract/fixtures';
import { type EmptyTestDatabase, testEngines, withDatabase } from '@spacex/db/testing';
import { ingestRuns, launches, monthlyLaunches } from '@spacex/schema';
import type { FakeApi } from '@spacex/testing';
import { fakeWebhook, runCaptured, runScriptAsync } from '@spacex/testing';
import { desc, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { SAMPLE_DIR } from '../src/sample.js';
import { type CliHarness, cliHarness, fixtureLaunches } from './helpers.js';

const INGEST_DIR = join(import.meta.dirname, '..');
const DB_DIR = join(INGEST_DIR, '..', '..', 'packages', 'db');
/** `pnpm db:reset ARGS`, as its own process. */
const dbReset = (args: string[], env: Record<string, string>) =>
  runScriptAsync(DB_DIR, 'reset.ts', args, env);

/** Runs the CLI in this process with the given environment; collects what it prints. */
const cli = (argv: string[], env: Record<string, string>) =>
  runCaptured(main, argv, { LOG_LEVEL: 'info', ...env });

for (const engine of testEngines()) {
  describe(`ingest CLI [${engine.name}]`, () => {
    let harness: CliHarness;
    let db: EmptyTestDatabase;
    let api: FakeApi;
    let env: Record<string, string>;
    beforeAll(async () => {
      harness = await cliHarness(engine, { SPACEX_PAGE_SIZE: '5' });
      ({ db, api, env } = harness);
    });
    afterAll(() => harness?.close());

    it('should run `pnpm --filter ingest start --json`, load the fake API, and rerun as a no-op', async () => {
      // Asynchronous: the fake API answers from this process's event loop.
      const run = () =>
        promisify(execFile)('pnpm', ['--filter', 'ingest', 'start', '--json'], {
          cwd: INGEST_DIR,
          env: { ...process.env, ...env },
          encoding: 'utf8',
          timeout: 120_000,
        });
      const first = await run();
      const summary = JSON.parse(first.stdout.slice(first.stdout.indexOf('{')));
      expect(summary).toMatchObject({
        status: 'succeeded',
        sourceKind: 'api',
        launchesRead: 12,
        launchesLoaded: 12,
        coreRows: 14,
        crewRows: 2,
      });
      expect(first.stderr).toContain('fetched launches page 3/3 (12 so far)');
      const second = await run();
      expect(JSON.parse(second.stdout.slice(second.stdout.indexOf('{')))).toMatchObject({
        launchesChanged: 0,
      });
    });

    it('should archive each page with a manifest and replay it with --from-archive', async () => {
      const first = await cli(['--json'], env);
      expect(first.code, first.stderr).toBe(0);
      const { runId, archiveDir } = JSON.parse(first.stdout);
      expect(archiveDir).toBe(join(env.SPACEX_ARCHIVE_DIR ?? '', runId));
      expect(readdirSync(archiveDir).sort()).toEqual(
        [
          ...ENTITY_NAMES,
          'manifest.json',
          'outcome.json',
          'page-0001.json',
          'page-0002.json',
          'page-0003.json',
        ].sort(),
      );
      const manifest = JSON.parse(readFileSync(join(archiveDir, 'manifest.json'), 'utf8'));
      expect(manifest.pages[0]).toMatchObject({
        url: `${api.url}/v5/launches/query`,
        page: 1,
        format: 'api-page',
      });

      const replay = await cli(['--from-archive', archiveDir, '--json'], env);
      expect(replay.code, replay.stderr).toBe(0);
      expect(JSON.parse(replay.stdout)).toMatchObject({
        sourceKind: 'archive',
        launchesRead: 12,
        launchesChanged: 0,
        archiveDir: null,
      });

      // Page 2 reporting other totals, its manifest entry rewritten to match (an archive from an
      // older version, or edited): the replay checks the read as the live read did.
      const page2 = join(archiveDir, 'page-0002.json');
      const moved = JSON.parse(readFileSync(page2, 'utf8'));
      const text = JSON.stringify({ ...moved, totalDocs: moved.totalDocs + 1 });
      writeFileSync(page2, text);
      const manifestPath = join(archiveDir, 'manifest.json');
      const edited = JSON.parse(readFileSync(manifestPath, 'utf8'));
      Object.assign(edited.pages[1], {
        bytes: Buffer.byteLength(text),
        sha256: createHash('sha256').update(text).digest('hex'),
      });
      writeFileSync(manifestPath, JSON.stringify(edited));
      const inconsistent = await cli(['--from-archive', archiveDir], env);
      expect(inconsistent.code).toBe(1);
      expect(inconsistent.stderr).toMatch(
        /page-0002\.json \(archived .*, page 2\): page 2 reports totalDocs 13 where page 1 reported totalDocs 12: .*not one consistent read/,
      );

      writeFileSync(page2, '{"docs": []}');
      const tampered = await cli(['--from-archive', archiveDir], env);
      expect(tampered.code).toBe(1);
      expect(tampered.stderr).toContain('page-0002.json does not match its manifest');
    });

    it('should load a saved GET /v5/launches array with --from-file and --no-archive', async () => {
      const file = join(mkdtempSync(join(tmpdir(), 'spacex-file-')), 'launches.json');
      writeFileSync(file, JSON.stringify(fixtureLaunches().slice(0, 4)));
      const result = await cli(
        ['--from-file', file, '--no-archive', '--json', '--max-removals', '8'],
        env,
      );
      expect(result.code, result.stderr).toBe(0);
      expect(JSON.parse(result.stdout)).toMatchObject({
        sourceKind: 'file',
        launchesRead: 4,
        launchesRemoved: 8,
        archiveDir: null,
      });
      expect(await withDatabase(db.target, (d) => d.$count(launches))).toBe(4);
    });

    it('should load launches and cores from a directory with --from-dir, and print the cores line', async () => {
      const dir = mkdtempSync(join(tmpdir(), 'spacex-dir-'));
      writeFileSync(join(dir, 'launches.json'), JSON.stringify(fixtureLaunches()));
      const core = {
        id: 'c00000000000000000000001',
        serial: 'B1001',
        block: 5,
        status: 'active',
        reuse_count: 3,
        rtls_attempts: 0,
        rtls_landings: 0,
        asds_attempts: 4,
        asds_landings: 4,
        last_update: null,
        launches: [],
      };
      writeFileSync(join(dir, 'cores.json'), JSON.stringify([core]));
      const result = await cli(['--from-dir', dir, '--no-archive'], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(
        /^cores +1 read, 1 loaded \(1 new or changed\), 0 rejected, 0 removed$/m,
      );
      // Upstream dropped every core: only --max-removals lets an empty read remove them.
      writeFileSync(join(dir, 'cores.json'), '[]');
      expect((await cli(['--from-dir', dir, '--no-archive'], env)).code).toBe(1);
      const emptied = await cli(['--from-dir', dir, '--no-archive', '--max-removals', 'all'], env);
      expect(emptied.code, emptied.stderr).toBe(0);
      expect(emptied.stdout).toMatch(
        /^cores +0 read, 0 loaded \(0 new or changed\), 0 rejected, 1 removed$/m,
      );
    });

    it('should send credentials in SPACEX_API_URL as a header, and never print or store them', async () => {
      const secret = 'api-S3cret@x:y';
      const url = new URL(api.url);
      url.username = 'reader';
      url.password = secret;
      api.requests = [];
      const run = await cli(['--json'], { ...env, SPACEX_API_URL: url.href, LOG_LEVEL: 'debug' });
      expect(run.code, run.stderr).toBe(0);
      expect(api.requests[0]?.authorization).toBe(
        `Basic ${Buffer.from(`reader:${secret}`).toString('base64')}`,
      );
      const stored = await withDatabase(db.target, (d) =>
        d.select().from(ingestRuns).orderBy(desc(ingestRuns.startedAt)).limit(1),
      );
      expect(stored[0]?.source).toBe(`${api.url}/v5/launches/query`);
      const archived = readdirSync(env.SPACEX_ARCHIVE_DIR ?? '', {
        recursive: true,
        encoding: 'utf8',
      })
        .filter((f) => f.endsWith('.json'))
        .map((f) => readFileSync(join(env.SPACEX_ARCHIVE_DIR ?? '', f), 'utf8'));
      for (const text of [run.stdout, run.stderr, JSON.stringify(stored), ...archived]) {
        expect(text).not.toContain(encodeURIComponent(secret));
        expect(text).not.toContain(secret);
      }
    });

    it('should print a human summary by default', async () => {
      const result = await cli([], env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^run \S+ succeeded in [\d.]+ s\n/);
      expect(result.stdout).toMatch(/launches read +12\n/);
      expect(result.stdout).toMatch(/core rows +14\n/);
    });

    it.runIf(engine.name === 'postgres')(
      'should fail clearly, changing nothing, when its role may not create temporary tables',
      async () => {
        const role = `ingest_no_temp_${process.pid}`;
        const url = new URL(env.DATABASE_URL ?? '');
        const database = url.pathname.slice(1);
        const statements = [
          `create role ${role} login`,
          // Everything a run writes, but not TEMPORARY, which PUBLIC no longer grants.
          `grant usage on schema raw, staging, mart, drizzle to ${role}`,
          `grant select, insert, update, delete on all tables in schema raw to ${role}`,
          `grant select, insert, delete on all tables in schema mart to ${role}`,
          `grant select on all tables in schema staging, drizzle to ${role}`,
          `revoke temporary on database ${database} from public`,
        ];
        await withDatabase(db.target, async (d) => {
          for (const statement of statements) await d.execute(sql.raw(statement));
        });
        try {
          const before = await withDatabase(db.target, (d) => d.$count(launches));
          url.username = role;
          const result = await cli(['--json'], { ...env, DATABASE_URL: url.href });
          expect(result.code).toBe(1);
          expect(result.stderr).toContain('ingest run failed; the database is unchanged');
          expect(result.stderr).toContain(
            "The ingest's database role may not create temporary tables",
          );
          expect(result.stderr).toContain('grant temporary on database <database> to <role>;');
          expect(await withDatabase(db.target, (d) => d.$count(launches))).toBe(before);
        } finally {
          await withDatabase(db.target, async (d) => {
            await d.execute(sql.raw(`grant temporary on database ${database} to public`));
            await d.execute(sql.raw(`drop owned by ${role}`));
            await d.execute(sql.raw(`drop role ${role}`));
          });
        }
      },
    );

    it('should log one JSON object a line with --log-format json, the run ending with its counts, and exit 3 when a check fails', async () => {
      const fixtures = join(mkdtempSync(join(tmpdir(), 'spacex-file-')), 'launches.json');
      writeFileSync(fixtures, JSON.stringify(fixtureLaunches()));
      const run = await cli(['--from-file', fixtures, '--no-archive', '--log-format', 'json'], env);
      expect(run.code, run.stderr).toBe(0);
      const lines = run.stderr
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const runId = lines.at(-1)?.runId;
      expect(runId).toMatch(/^\d{8}T\d{6}Z-[0-9a-f]{6}$/);
      for (const line of lines) {
        expect(line).toMatchObject({ level: expect.any(String), message: expect.any(String) });
        expect(Number.isNaN(Date.parse(line.time))).toBe(false);
      }
      // Once the run started, every line names it and its stage.
      const ofRun = lines.filter((line) => line.runId !== undefined);
      expect(ofRun.length).toBeGreaterThan(2);
      for (const line of ofRun) expect(line).toMatchObject({ runId, stage: expect.any(String) });
      expect(lines.at(-1)).toMatchObject({
        level: 'info',
        message: `run ${runId} succeeded`,
        status: 'succeeded',
        counts: { launchesRead: fixtureLaunches().length },
      });
      expect((await cli(['--log-format', 'yaml'], env)).code).toBe(2);

      // A landing type the contract allows and the data check refuses: exit 3, rolled back.
      const parachute = fixtureLaunches();
      const first = parachute[0];
      if (typeof first !== 'object' || first === null || Array.isArray(first))
        throw new Error('fixture');
      first.cores = [makeCore(hexId('c', 1), 1, { landing_type: 'Parachute' })];
      writeFileSync(fixtures, JSON.stringify(parachute));
      const checked = await cli(
        ['--from-file', fixtures, '--no-archive', '--fail-on-check-error', '--log-format', 'json'],
        env,
      );
      expect(checked.code, checked.stderr).toBe(3);
      expect(checked.stderr).toContain('"level":"error"');
      expect(checked.stderr).toContain('--fail-on-check-error rolls the run back');
    });

    it('should post a failed run to the --notify-url webhook, and nothing for a good run', async () => {
      const hook = await fakeWebhook();
      try {
        const good = await cli(['--no-archive', '--notify-url', hook.url], env);
        expect(good.code, good.stderr).toBe(0);
        expect(hook.received).toEqual([]);
        const bad = await cli(['--no-archive'], {
          ...env,
          SPACEX_NOTIFY_URL: hook.url,
          SPACEX_API_URL: 'http://127.0.0.1:9',
          SPACEX_HTTP_MAX_ATTEMPTS: '1',
        });
        expect(bad.code).toBe(1);
        expect(hook.received).toEqual([
          expect.objectContaining({
            text: expect.stringMatching(/^SpaceX ingest run \S+ failed \(exit 1\): /),
            status: 'failed',
            exitCode: 1,
            error: expect.stringContaining('127.0.0.1:9'),
          }),
        ]);
      } finally {
        await hook.close();
      }
    });

    it('should load the shipped sample with --sample and no network, and start over after db:reset --yes', async () => {
      const offline = { ...env, SPACEX_API_URL: 'http://127.0.0.1:9' };
      const fixtures = join(mkdtempSync(join(tmpdir(), 'spacex-file-')), 'launches.json');
      writeFileSync(fixtures, JSON.stringify(fixtureLaunches()));
      expect((await cli(['--from-file', fixtures, '--no-archive'], offline)).code).toBe(0);
      // Other data replacing all of it trips the removal guard, which says how to start over.
      const refused = await cli(['--sample', '--no-archive'], offline);
      expect(refused.code).toBe(1);
      expect(refused.stderr).toContain('empty the database first: pnpm db:reset --yes');
      expect((await dbReset([], offline)).code).toBe(2);
      expect(await withDatabase(db.target, (d) => d.$count(launches))).toBe(
        fixtureLaunches().length,
      );

      const reset = await dbReset(['--yes'], offline);
      expect(reset.code, reset.stderr).toBe(0);
      expect(reset.stderr).toContain('Emptied');
      const empty = await withDatabase(db.target, async (d) => ({
        launches: await d.$count(launches),
        runs: await d.$count(ingestRuns),
        months: await d.$count(monthlyLaunches),
      }));
      expect(empty).toEqual({ launches: 0, runs: 0, months: 0 });

      const loaded = await cli(['--sample', '--no-archive', '--json'], offline);
      expect(loaded.code, loaded.stderr).toBe(0);
      // The sample's known gaps between endpoints: one warning line for every warn-level check.
      const warnings = loaded.stderr.split('\n').filter((line) => line.startsWith('warning:'));
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(
        /^warning: \d+ warn-level data check\(s\) found rows \(known gaps of the source, not errors\): .*launch_core_known_to_cores_endpoint 12.*; pnpm quality lists their keys$/,
      );
      const summary = JSON.parse(loaded.stdout);
      const saved = (name: string): unknown[] =>
        JSON.parse(readFileSync(join(SAMPLE_DIR, `${name}.json`), 'utf8'));
      expect(summary).toMatchObject({
        status: 'succeeded',
        sourceKind: 'dir',
        source: SAMPLE_DIR,
        launchesRead: saved('launches').length,
        launchesRejected: 0,
      });
      // Every entity of the API has its file in the sample, and every record of it loads.
      expect(
        Object.fromEntries(
          summary.entities.map((e: { entity: string; loaded: number }) => [e.entity, e.loaded]),
        ),
      ).toEqual(Object.fromEntries(ENTITY_NAMES.map((name) => [name, saved(name).length])));
    });

    it('should exit 1 with a clear message when the run fails, and record it', async () => {
      api.faults = [{ kind: 'status', status: 404 }];
      const result = await cli(['--json'], env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('ingest run failed; the database is unchanged');
      expect(JSON.parse(result.stdout)).toMatchObject({ status: 'failed' });
    });
  });
}

describe('ingest CLI usage', () => {
  it('should say it is creating the embedded database on a first run, and only then', async () => {
    const root = mkdtempSync(join(tmpdir(), 'spacex-first-run-'));
    const file = join(root, 'launches.json');
    writeFileSync(file, JSON.stringify(fixtureLaunches()));
    const env = {
      PGLITE_DIR: join(root, 'pglite'),
      DATABASE_URL: '',
      SPACEX_ARCHIVE_DIR: join(root, 'archive'),
    };
    const first = await cli(['--from-file', file], env);
    expect(first.code, first.stderr).toBe(0);
    expect(first.stderr).toContain(
      `creating the embedded database at ${env.PGLITE_DIR} (first run`,
    );
    expect(first.stderr).toMatch(/created the embedded database in \d+\.\d s/);
    const second = await cli(['--from-file', file], env);
    expect(second.code, second.stderr).toBe(0);
    expect(second.stderr).not.toContain('creating the embedded database');
  });

  it.each([
    [['--bogus'], "Unknown option '--bogus'"],
    [['--from-file', 'a', '--from-archive', 'b'], 'cannot be combined'],
    [['--page-size', '0'], '--page-size must be a positive whole number'],
  ])('should exit 2 for %j', async (argv, message) => {
    const result = await cli(argv, { PGLITE_DIR: 'memory://' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('--help');
  });

  it.each([
    [
      'launches,rocket',
      '--entities: unknown rocket; the ingest reads launches, cores, crew, rockets, launchpads, landpads, payloads, capsules, ships.',
    ],
    ['cores', '--entities must include launches'],
  ])('should exit 2 on --entities %s', async (list, message) => {
    const result = await cli(['--entities', list], { PGLITE_DIR: 'memory://' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('should exit 2 when --sample is named with another source', async () => {
    const result = await cli(['--sample', '--from-file', 'a.json'], { PGLITE_DIR: 'memory://' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--from-file and --sample cannot be combined');
  });

  it('should exit 2 when two sources are named', async () => {
    const result = await cli(['--from-file', 'a.json', '--from-dir', 'b'], {
      PGLITE_DIR: 'memory://',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      '--from-file and --from-dir cannot be combined: choose one source.',
    );
  });

  it('should exit 2 on a bad setting in the environment', async () => {
    const result = await cli([], { PGLITE_DIR: 'memory://', LOG_LEVEL: 'loud' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('LOG_LEVEL: expected one of silent, error, warn, info, debug');
  });

  it('should print help with exit 0', async () => {
    const result = await cli(['--help'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: pnpm ingest [options]');
  });
});

const server = testEngines().find((e) => e.name === 'postgres');
describe.runIf(server)('ingest CLI [postgres, not migrated]', () => {
  it('should stop and say to run pnpm db:migrate', async () => {
    const empty = await server?.createEmpty();
    if (!empty) throw new Error('no server');
    try {
      const result = await cli(['--from-file', '/nonexistent'], empty.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/pending migration\(s\)\. Apply them first: pnpm db:migrate/);
    } finally {
      await empty.drop();
    }
  });
});
