import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeEntity } from '@spacex/contract/fixtures';
import {
  type EmptyTestDatabase,
  migrateTestDatabase,
  testEngines,
  withDatabase,
} from '@spacex/db/testing';
import { runCaptured } from '@spacex/testing';
import { sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { busyMonths, coresReusedWithin, maxCoreUses } from '../src/answers.js';
import { main } from '../src/cli.js';
import { answerFixtures, CORE_B } from './fixtures.js';
import { ingest } from './ingest.js';

const cli = (argv: string[], env: Record<string, string>) => runCaptured(main, argv, env);

for (const engine of testEngines()) {
  describe(`answers CLI [${engine.name}]`, () => {
    let db: EmptyTestDatabase;
    beforeAll(async () => {
      db = await engine.createEmpty();
      await migrateTestDatabase(db.target);
    });
    afterAll(() => db?.drop());

    it('should say there are no launches and how to load them, with exit 1', async () => {
      const result = await cli([], db.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('No launches are loaded');
      expect(result.stderr).toContain('pnpm ingest');
      expect(result.stdout).toBe('');
    });

    it('should print JSON that matches the library, with ISO 8601 times', async () => {
      await withDatabase(db.target, (_, handle) => ingest(handle, answerFixtures()));
      const result = await cli(['--json', '--days', '51', '--min-launches', '1'], db.env);
      expect(result.code, result.stderr).toBe(0);
      const library = await withDatabase(db.target, async (d) => ({
        maxCoreUses: await maxCoreUses(d),
        coresReusedWithin: await coresReusedWithin(d, { days: 51 }),
        busyMonths: await busyMonths(d, { minLaunches: 1 }),
      }));
      const printed = JSON.parse(result.stdout);
      expect(printed).toEqual(JSON.parse(JSON.stringify(library)));
      expect(Object.keys(printed)).toEqual(['maxCoreUses', 'coresReusedWithin', 'busyMonths']);
      expect(printed.maxCoreUses.cores[0].firstLaunchedAt).toBe('2021-01-01T00:00:00.000Z');
      expect(printed.coresReusedWithin.flights).toHaveLength(3);
    });

    it('should print readable tables by default', async () => {
      const result = await cli([], db.env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toContain(
        '1. The most-used core flew 3 times (2 reuses); 2 core(s) reached it:',
      );
      expect(result.stdout).toContain(
        '2. 2 core(s) reused less than 50 days after their previous launch (2 flights):',
      );
      expect(result.stdout).toContain('3. 2 month(s) with at least 2 launches:');
      expect(result.stdout).toMatch(/2021-04 +2 +A3, B3/);
    });

    it('should print SQL that runs as printed and gives the same rows', async () => {
      const result = await cli(['--sql', '--days', '51'], db.env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).not.toMatch(/\$\d/);
      const statements = result.stdout
        .split(/;\n/)
        .map((s) => s.replace(/^--.*$/gm, '').trim())
        .filter(Boolean);
      expect(statements).toHaveLength(3);
      expect(statements[0]).toContain('from "mart"."core_usage"');
      const counts = await withDatabase(db.target, (d) =>
        Promise.all(
          statements.map(
            async (s) =>
              (
                await d
                  .select({ n: sql<number>`count(*)::int` })
                  .from(sql`(${sql.raw(s)}) as answer`)
              )[0]?.n,
          ),
        ),
      );
      expect(counts).toEqual([2, 3, 2]);
    });

    it('should run as `pnpm --filter analytics answers --json`', async () => {
      const { stdout } = await promisify(execFile)(
        'pnpm',
        ['--filter', 'analytics', 'answers', '--json'],
        {
          cwd: join(import.meta.dirname, '..'),
          env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: '', ...db.env },
          encoding: 'utf8',
          timeout: 120_000,
        },
      );
      expect(JSON.parse(stdout.slice(stdout.indexOf('{'))).maxCoreUses.uses).toBe(3);
    });

    it('should name cores by serial, mark the ids the cores endpoint lacks, and name rockets and sites', async () => {
      await withDatabase(db.target, (_, handle) =>
        ingest(handle, answerFixtures(), {
          cores: [makeEntity('cores', 0xa, { serial: 'B1058' })],
          rockets: [makeEntity('rockets', 1, { name: 'Falcon 9' })],
          launchpads: [makeEntity('launchpads', 1, { name: 'KSC LC 39A' })],
        }),
      );
      const result = await cli([], db.env);
      expect(result.code, result.stderr).toBe(0);
      const lines = result.stdout.split('\n');
      expect(lines.filter((line) => /^B1058 +3 /.test(line))).toHaveLength(1);
      expect(lines.filter((line) => line.startsWith(`${CORE_B} (serial unknown) `))).toHaveLength(
        2,
      );
      expect(lines.some((line) => /^B1058 .* A3 .* Falcon 9 +KSC LC 39A +A2 /.test(line))).toBe(
        true,
      );
    });

    it('should print names from the data escaped: no terminal escape sequence reaches the terminal', async () => {
      // A serial that would set the window title, copy to the clipboard (OSC 52) and clear the screen.
      const hostile = 'B\u001b]0;owned\u0007\u001b]52;c;ZWNobyBoaQ==\u0007\u001b[2J\u009b1m';
      await withDatabase(db.target, (_, handle) =>
        ingest(handle, answerFixtures(), {
          cores: [makeEntity('cores', 0xa, { serial: hostile })],
        }),
      );
      const result = await cli([], db.env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).not.toMatch(/\p{Cc}(?<!\n)/u);
      expect(result.stdout).toContain(
        'B\\x1b]0;owned\\x07\\x1b]52;c;ZWNobyBoaQ==\\x07\\x1b[2J\\x9b1m',
      );
    });
  });
}

describe('answers CLI usage', () => {
  it.each([
    [['--days', '0'], '--days must be a positive whole number of at most 2147483647, got "0"'],
    [['--min-launches', 'two'], '--min-launches must be a positive whole number'],
    [
      ['--min-launches', '2147483648'],
      '--min-launches must be a positive whole number of at most 2147483647, got "2147483648"',
    ],
    [['--bogus'], "Unknown option '--bogus'"],
  ])('should exit 2 for %j', async (argv, message) => {
    const result = await cli(argv, { PGLITE_DIR: 'memory://' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it('should print help', async () => {
    const result = await cli(['--help'], {});
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: pnpm answers');
  });
});
