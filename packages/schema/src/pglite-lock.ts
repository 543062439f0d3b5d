/**
 * PGlite is single-process: two processes writing one directory corrupt it. A lock file beside
 * the directory (`<dir>.lock`, holding the owner's pid) turns a second opener into a clear error.
 * A lock left by a killed process is noticed (its pid is gone) and taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';

export class DatabaseInUseError extends Error {
  override name = 'DatabaseInUseError';
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

/** Takes the lock for `dir` or throws DatabaseInUseError; returns the function that frees it. */
export function lockPgliteDir(dir: string): () => void {
  const lockPath = `${dir}.lock`;
  mkdirSync(dirname(lockPath), { recursive: true });
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(lockPath, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      const release = () => {
        process.off('exit', release);
        rmSync(lockPath, { force: true });
      };
      process.on('exit', release);
      return release;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number.parseInt(readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(owner) && owner !== process.pid && isAlive(owner)) {
        throw new DatabaseInUseError(
          `The embedded database at ${dir} is in use by process ${owner}. PGlite allows one ` +
            'process at a time: wait for that process to finish, or set DATABASE_URL to use a ' +
            `PostgreSQL server. (Lock file: ${lockPath})`,
        );
      }
      if (owner === process.pid) {
        throw new DatabaseInUseError(
          `The embedded database at ${dir} is already open in this process; close it first.`,
        );
      }
      // The owner is gone: a stale lock from a killed run.
      rmSync(lockPath, { force: true });
    }
  }
  throw new DatabaseInUseError(
    `Could not take the lock ${lockPath}; remove it if no run is active.`,
  );
}
