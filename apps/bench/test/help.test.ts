/** `pnpm bench` as a user meets it: `--help` prints help and measures nothing; bad usage exits 2. */
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
      timeout: 60_000,
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

  it('should exit 2 on an unknown option, with the usage', () => {
    const result = bench(['--bogus']);
    expect(result.status).toBe(2);
    expect(result.stderr).toContain("Unknown option '--bogus'");
    expect(result.stderr).toContain('Usage: pnpm bench');
  });
});
