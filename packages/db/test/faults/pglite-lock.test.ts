/**
 * The PGlite directory lock: a stale lock is taken over by exactly one of many racing
 * processes, and `pnpm db:migrate` killed mid-run leaves its drizzle-kit child holding the lock.
 */
import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseInUseError, lockPgliteDir } from '../../src/pglite-lock.js';

const PACKAGE_DIR = join(import.meta.dirname, '..', '..');

/** A pid that was alive a moment ago and is not now. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], {
    encoding: 'utf8',
  });
  return Number(child.stdout);
}

/**
 * A process that says it is ready, tries the lock once it sees `go`, and says "won" or "lost".
 * The winner holds the lock until every contender has tried: a late loser must meet it held.
 */
const CONTENDER = `
import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lockPgliteDir } from './src/pglite-lock.ts';
const [dir, go, count] = process.argv.slice(-3);
const root = dirname(dir);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mark = (what) => writeFileSync(join(root, what + '-' + process.pid), '');
const marked = (what) => readdirSync(root).filter((f) => f.startsWith(what + '-')).length;
mark('ready');
while (!existsSync(go)) await sleep(2);
try {
  const lock = lockPgliteDir(dir);
  mark('tried');
  while (marked('tried') < Number(count)) await sleep(5);
  lock.release();
  console.log('won');
} catch (error) {
  mark('tried');
  console.log(error.name === 'DatabaseInUseError' ? 'lost' : String(error));
}
`;

function exitOf(child: ChildProcess): Promise<string> {
  let out = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
  });
  return new Promise((resolve) => child.on('exit', () => resolve(out.trim())));
}

describe('lockPgliteDir', () => {
  it('should let exactly one of many racing processes take over a stale lock', async () => {
    const script = join(PACKAGE_DIR, `.lock-contender-${process.pid}.mts`);
    writeFileSync(script, CONTENDER);
    try {
      for (let trial = 0; trial < 4; trial++) {
        const root = mkdtempSync(join(tmpdir(), 'spacex-lock-race-'));
        const dir = join(root, 'pglite');
        const go = join(root, 'go');
        writeFileSync(`${dir}.lock`, `${deadPid()}\n`);
        const contenders = Array.from({ length: 8 }, () =>
          exitOf(
            spawn(
              process.execPath,
              ['--import', 'tsx', '--conditions=source', script, dir, go, '8'],
              {
                cwd: PACKAGE_DIR,
                stdio: ['ignore', 'pipe', 'inherit'],
              },
            ),
          ),
        );
        // Every contender is started (tsx takes a while) before the race begins.
        while (readdirSync(root).filter((f) => f.startsWith('ready-')).length < 8)
          await new Promise((resolve) => setTimeout(resolve, 20));
        writeFileSync(go, '');
        const results = await Promise.all(contenders);
        expect(
          results.filter((r) => r === 'won'),
          results.join(),
        ).toHaveLength(1);
        expect(results.filter((r) => r === 'lost')).toHaveLength(7);
        expect(readdirSync(root).filter((f) => f.includes('takeover'))).toEqual([]);
      }
    } finally {
      spawnSync('rm', ['-f', script]);
    }
  }, 120_000);

  it('should hold the lock while any process it names lives', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spacex-lock-')), 'pglite');
    const lock = lockPgliteDir(dir);
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      lock.addHolder(child.pid ?? 0);
      // Our pid is in the file: this process is told it holds it already.
      expect(() => lockPgliteDir(dir)).toThrow(/already open in this process/);
      // Without us, the child still holds it.
      writeFileSync(`${dir}.lock`, `${deadPid()}\n${child.pid}\n`);
      expect(() => lockPgliteDir(dir)).toThrow(DatabaseInUseError);
      expect(() => lockPgliteDir(dir)).toThrow(new RegExp(`in use by process ${child.pid}`));
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('should keep the directory locked while drizzle-kit runs after db:migrate is killed', async () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spacex-lock-migrate-')), 'pglite');
    const migrate = spawn(
      process.execPath,
      ['--import', 'tsx', '--conditions=source', 'src/bin/migrate.ts'],
      {
        cwd: PACKAGE_DIR,
        env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: dir },
        stdio: 'ignore',
      },
    );
    const holders = () =>
      existsSync(`${dir}.lock`) ? readFileSync(`${dir}.lock`, 'utf8').trim().split('\n') : [];
    const started = Date.now();
    while (holders().length < 2 && Date.now() - started < 30_000) {
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const [parent, child] = holders().map(Number);
    expect(parent).toBe(migrate.pid);
    migrate.kill('SIGKILL');
    await new Promise((resolve) => migrate.on('exit', resolve));
    // The parent is gone, drizzle-kit is not: the directory stays locked.
    expect(() => lockPgliteDir(dir)).toThrow(new RegExp(`in use by process ${child}`));
    // Once drizzle-kit is done, the lock is stale and taken over.
    while (isRunning(child ?? 0)) await new Promise((resolve) => setTimeout(resolve, 50));
    const lock = lockPgliteDir(dir);
    lock.release();
  }, 120_000);
});

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
