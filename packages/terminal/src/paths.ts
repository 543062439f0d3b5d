/** Where the user typed the command, and where the repository is. */
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The directory the user ran the command from. pnpm runs a package's scripts inside the package
 * and passes the original directory as INIT_CWD; relative paths the user typed resolve from it.
 */
export function invocationDir(env: NodeJS.ProcessEnv = process.env): string {
  return env.INIT_CWD || process.cwd();
}

/**
 * The repository root: the nearest folder holding pnpm-workspace.yaml above the working
 * directory, else above this module; the working directory when neither has one.
 */
export function findRepositoryRoot(from: string = invocationDir()): string {
  const here = dirname(fileURLToPath(import.meta.url));
  for (const start of [from, here]) {
    let dir = resolve(start);
    for (;;) {
      if (existsSync(join(dir, 'pnpm-workspace.yaml'))) return dir;
      const parent = dirname(dir);
      if (parent === dir) break;
      dir = parent;
    }
  }
  return resolve(from);
}
