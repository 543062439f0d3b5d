/**
 * `scripts/launch.mjs`, what `pnpm answers` and `pnpm ingest` run: the built JavaScript only
 * when every package's dist/ is newer than its src/, else the sources; either way the command
 * runs with its arguments and exit code.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildIsCurrent } from '../../../scripts/launch.mjs';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const LAUNCH = join(ROOT, 'scripts', 'launch.mjs');

/** A package with one source file and one built file, written at the given times (s). */
function fakePackage(root: string, name: string, sourceAt: number, builtAt: number | null) {
  mkdirSync(join(root, name, 'src', 'deep'), { recursive: true });
  const source = join(root, name, 'src', 'deep', 'a.ts');
  writeFileSync(source, '');
  utimesSync(source, sourceAt, sourceAt);
  if (builtAt === null) return;
  mkdirSync(join(root, name, 'dist'), { recursive: true });
  const built = join(root, name, 'dist', 'a.js');
  writeFileSync(built, '');
  utimesSync(built, builtAt, builtAt);
}

describe('buildIsCurrent', () => {
  it('should say current only when every package was built after its last source change', () => {
    const root = mkdtempSync(join(tmpdir(), 'spacex-launch-'));
    fakePackage(root, 'a', 1_000, 2_000);
    fakePackage(root, 'b', 1_000, 2_000);
    expect(buildIsCurrent(root, ['a', 'b'])).toBe(true);
    fakePackage(root, 'b', 3_000, 2_000); // a source edited after the build
    expect(buildIsCurrent(root, ['a', 'b'])).toBe(false);
    expect(buildIsCurrent(root, ['a'])).toBe(true);
    fakePackage(root, 'c', 1_000, null); // never built
    expect(buildIsCurrent(root, ['a', 'c'])).toBe(false);
  });
});

describe('scripts/launch.mjs', () => {
  it.each([
    ['from source', { SPACEX_FROM_SOURCE: '1' }],
    ['as built when current', {}],
  ])('should run the command %s, with its arguments and exit code', async (_, env) => {
    const run = (args: string[]) =>
      promisify(execFile)(process.execPath, [LAUNCH, ...args], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        encoding: 'utf8',
      });
    expect((await run(['answers', '--help'])).stdout).toContain('Usage: pnpm answers');
    await expect(run(['answers', '--days', '0'])).rejects.toMatchObject({
      code: 2,
      stderr: expect.stringContaining('--days must be a positive whole number'),
    });
  });

  it('should refuse an unknown command with exit 2', async () => {
    await expect(
      promisify(execFile)(process.execPath, [LAUNCH, 'nope'], { encoding: 'utf8' }),
    ).rejects.toMatchObject({ code: 2, stderr: expect.stringContaining('known: answers, ingest') });
  });
});
