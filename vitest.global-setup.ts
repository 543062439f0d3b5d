/**
 * Every test file's temporary files (archives, saved responses, spools, embedded databases) go
 * under one directory per test run, removed when the run ends: the suites make over a thousand,
 * and a test that fails midway would leave its own behind. Each test tier (a vitest project)
 * loads this setup on its own: the first makes the directory, the others find it in the
 * environment, and the last to finish removes it. So the tiers share it rather than nest
 * (Chromium refuses a socket path over 107 bytes).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = 'SPACEX_TESTS_TMPDIR';
const USERS = 'SPACEX_TESTS_TMPDIR_USERS';
const PREVIOUS = 'SPACEX_TESTS_TMPDIR_PREVIOUS';

export default function setup(): () => void {
  if (!process.env[ROOT]) {
    process.env[PREVIOUS] = process.env.TMPDIR ?? '';
    process.env[ROOT] = mkdtempSync(join(tmpdir(), 'spacex-tests-'));
    process.env[USERS] = '0';
  }
  const root = process.env[ROOT];
  // os.tmpdir() reads TMPDIR: the test workers and the commands they start inherit it.
  process.env.TMPDIR = root;
  process.env[USERS] = String(Number(process.env[USERS]) + 1);
  return () => {
    const users = Number(process.env[USERS]) - 1;
    process.env[USERS] = String(users);
    if (users > 0) return;
    rmSync(root, { recursive: true, force: true });
    const previous = process.env[PREVIOUS];
    if (previous) process.env.TMPDIR = previous;
    else delete process.env.TMPDIR;
    for (const name of [ROOT, USERS, PREVIOUS]) delete process.env[name];
  };
}
