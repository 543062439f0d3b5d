/**
 * `scripts/launch.mjs`, what `pnpm answers` and `pnpm ingest` run: the bundle only when it is
 * newer than every file it is made of, else the sources; either way the command
 * runs with its arguments and exit code.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { bundleOptions } from '../../../scripts/bundle.mjs';
import { buildIsCurrent, COMMANDS } from '../../../scripts/launch.mjs';

const ROOT = join(import.meta.dirname, '..', '..', '..');
const LAUNCH = join(ROOT, 'scripts', 'launch.mjs');

/** Writes `path` under `root` with the given modification time (s). */
function fileAt(root: string, path: string, time: number) {
  mkdirSync(dirname(join(root, path)), { recursive: true });
  writeFileSync(join(root, path), '');
  utimesSync(join(root, path), time, time);
}

describe('buildIsCurrent', () => {
  it('should say current only when the bundle was written after every file it is made of', () => {
    const root = mkdtempSync(join(tmpdir(), 'spacex-launch-'));
    const inputs = ['a/src', 'b/src', 'lock.yaml'];
    fileAt(root, 'a/src/deep/one.ts', 1_000);
    fileAt(root, 'b/src/two.ts', 1_000);
    fileAt(root, 'lock.yaml', 1_000);
    expect(buildIsCurrent(root, inputs, 'out/cmd.mjs')).toBe(false); // never built
    fileAt(root, 'out/cmd.mjs', 2_000);
    expect(buildIsCurrent(root, inputs, 'out/cmd.mjs')).toBe(true);
    fileAt(root, 'b/src/two.ts', 3_000); // a source edited after the build
    expect(buildIsCurrent(root, inputs, 'out/cmd.mjs')).toBe(false);
    expect(buildIsCurrent(root, ['a/src', 'lock.yaml'], 'out/cmd.mjs')).toBe(true);
    fileAt(root, 'lock.yaml', 3_000); // the libraries changed
    expect(buildIsCurrent(root, ['a/src', 'lock.yaml'], 'out/cmd.mjs')).toBe(false);
    expect(buildIsCurrent(root, ['a/src', 'c/src'], 'out/cmd.mjs')).toBe(false); // a missing input
  });
});

describe('the bundles', () => {
  it.each(Object.entries(COMMANDS))(
    'should declare every workspace file the %s bundle is made of as its input',
    async (name, command) => {
      const result = await build({
        ...bundleOptions(join(ROOT, command.source), name, join(tmpdir(), 'spacex-bundle')),
        absWorkingDir: ROOT,
        write: false,
        metafile: true,
      });
      const ours = Object.keys(result.metafile?.inputs ?? {}).filter(
        (path) => !path.includes('node_modules/'),
      );
      expect(ours).toContain(command.source);
      for (const path of ours) {
        expect(command.inputs.some((input) => path.startsWith(`${input}/`))).toBe(true);
      }
    },
  );
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
