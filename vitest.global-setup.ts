/**
 * Every test file's temporary files (archives, saved responses, spools, embedded databases) go
 * under one directory per test run, removed when the run ends: the suites make over a thousand,
 * and a test that fails midway would leave its own behind.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const previous = process.env.TMPDIR;
  const root = mkdtempSync(join(tmpdir(), 'spacex-tests-'));
  // os.tmpdir() reads TMPDIR: the test workers and the commands they start inherit it.
  process.env.TMPDIR = root;
  return () => {
    rmSync(root, { recursive: true, force: true });
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  };
}
