/**
 * `pnpm bench` as a user meets it: `--help` prints help and measures nothing; bad usage exits 2;
 * a small measurement runs end to end (its ingests, the API, the floor, its own answer check).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

/** Runs the bench with its temporary files in a directory of their own, returned too. */
const bench = (args: string[]) => {
  const temporary = mkdtempSync(join(tmpdir(), 'spacex-bench-help-'));
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', 'src/bench.ts', ...args],
    {
      cwd: join(import.meta.dirname, '..'),
      env: { ...process.env, TMPDIR: temporary },
      encoding: 'utf8',
      timeout: 300_000,
    },
  );
  return { ...result, temporary };
};

describe('pnpm bench', () => {
  it('should print help with exit 0 and measure nothing', () => {
    const result = bench(['--help']);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Usage: pnpm bench');
    // A measurement starts by making its working directory: none was made.
    expect(
      readdirSync(result.temporary).filter((name) => name.startsWith('spacex-bench-')),
    ).toEqual([]);
  });

  it('should measure a small size end to end on PGlite and print its table', () => {
    // One run: its reruns are timed in turns, as a size that runs once is.
    const result = bench(['--sizes', '100', '--runs', '1', '--engines', 'pglite']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/N=100 pglite: file [\d.]+ s, api [\d.]+ s, rerun [\d.]+ s/);
    expect(result.stderr).toMatch(/first \/ floor with marts by run: \d+\.\d\d$/m);
    expect(result.stderr).toContain('no --peer script');
    expect(result.stdout).toMatch(/^\| 100 +\| pglite +\| 1 +\|/m);
    // Columns padded to their widest cell: the table's lines are all as long as its header.
    const lines = result.stdout.split('\n');
    const start = lines.findIndex((line) => line.startsWith('| N '));
    const rows = lines.slice(start, start + 3); // the header, its rule, the one size's row
    expect(rows).toHaveLength(3);
    expect(new Set(rows.map((row) => row.length)).size).toBe(1);
  }, 320_000);

  it("should print each run's own ratio beside their median when a size runs more than once", () => {
    const result = bench(['--sizes', '100', '--runs', '2', '--engines', 'pglite']);
    expect(result.status, result.stderr).toBe(0);
    expect(result.stderr).toMatch(/first \/ floor with marts by run: \d+\.\d\d, \d+\.\d\d$/m);
    expect(result.stdout).toMatch(/^\| 100 +\| pglite +\| 2 +\|/m);
  }, 320_000);

  it('should refuse a --peer script that does not exist', () => {
    const result = bench(['--peer', '/no/such/peer.sh']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain('--peer /no/such/peer.sh: no such file.');
  });

  it('should exit 2 on an unknown option, with the usage', () => {
    const result = bench(['--bogus']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).toContain('Usage: pnpm bench');
  });
});
