/**
 * PGlite is single-process: two processes writing one directory corrupt it. A lock file beside
 * the directory (`<dir>.lock`) names the processes holding it, one pid a line: the opener, and
 * any child it hands the directory to (`pnpm db:migrate` runs drizzle-kit). The lock is held
 * while any of them lives, so a killed parent does not free a directory its child still writes.
 *
 * A lock whose holders are all gone is taken over atomically: the one process that creates the
 * takeover marker for that very lock file (named after its inode and mtime, with O_EXCL) checks
 * the lock is still that file, then renames its own new lock over it. Every other process
 * racing for the same stale lock fails to create the marker and finds the new lock held.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname } from 'node:path';
import { EXIT, SpacexError } from '@spacex/terminal';

/** Another process holds the embedded database directory: nothing was done (exit code 4). */
export class DatabaseInUseError extends SpacexError {
  override name = 'DatabaseInUseError';
  override readonly exitCode: number = EXIT.locked;
}

/** A taken lock: `addHolder` names another process that writes the directory; `release` frees it. */
export interface PgliteLock {
  (): void;
  release(): void;
  addHolder(pid: number): void;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: the process exists but belongs to someone else.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holdersOf(text: string): number[] {
  return text
    .split(/\s+/)
    .filter((word) => /^\d+$/.test(word))
    .map(Number);
}

/** The lock file's identity and holders, or null when there is none. */
function readLock(lockPath: string): { id: string; holders: number[] } | null {
  try {
    const info = statSync(lockPath);
    return {
      id: `${info.ino}-${Math.round(info.mtimeMs * 1000)}`,
      holders: holdersOf(readFileSync(lockPath, 'utf8')),
    };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}

/** Takes the lock for `dir` or throws DatabaseInUseError; the result frees it when called. */
export function lockPgliteDir(dir: string): PgliteLock {
  const lockPath = `${dir}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  const taken = () => makeLock(lockPath);
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return taken();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    const current = readLock(lockPath);
    if (current === null) continue; // freed meanwhile: try again
    if (current.holders.includes(process.pid)) {
      throw new DatabaseInUseError(
        `The embedded database at ${dir} is already open in this process; close it first.`,
      );
    }
    const alive = current.holders.filter(isAlive);
    if (alive.length > 0) throw inUse(dir, lockPath, alive);
    if (takeOver(lockPath, current.id)) return taken();
  }
  throw new DatabaseInUseError(
    `Could not take the lock ${lockPath}: other processes keep taking it. Try again; ` +
      `remove ${lockPath} and any ${lockPath}.takeover-* file only if no run is active.`,
  );
}

/** Replaces the stale lock `staleId` by one naming this process; false if another won it. */
function takeOver(lockPath: string, staleId: string): boolean {
  const marker = `${lockPath}.takeover-${staleId}`;
  try {
    closeSync(openSync(marker, 'wx'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  try {
    // Still the stale file? Then no one else has replaced it: ours goes in its place.
    if (readLock(lockPath)?.id !== staleId) return false;
    const fresh = `${lockPath}.${process.pid}`;
    writeFileSync(fresh, `${process.pid}\n`);
    renameSync(fresh, lockPath);
    return true;
  } finally {
    rmSync(marker, { force: true });
  }
}

function makeLock(lockPath: string): PgliteLock {
  const release = () => {
    process.off('exit', release);
    // Only our own lock: a lock taken over from us (we were thought dead) is not ours to free.
    if (readLock(lockPath)?.holders.includes(process.pid)) rmSync(lockPath, { force: true });
  };
  process.on('exit', release);
  const lock = Object.assign(() => release(), {
    release,
    addHolder(pid: number) {
      writeFileSync(lockPath, `${pid}\n`, { flag: 'a' });
    },
  });
  return lock;
}

function inUse(dir: string, lockPath: string, pids: number[]): DatabaseInUseError {
  return new DatabaseInUseError(
    `The embedded database at ${dir} is in use by process ${pids.join(', ')}. PGlite allows one ` +
      'process at a time: wait for that process to finish, or set DATABASE_URL to use a ' +
      `PostgreSQL server. (Lock file: ${lockPath})`,
  );
}
