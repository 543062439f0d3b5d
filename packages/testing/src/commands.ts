/** Runs a package's TypeScript command (`src/bin/<script>`) as its own process, as a user would. */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

export interface ScriptRun {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * `node --import tsx src/bin/<script> ...args` in `packageDir`, with no database named unless
 * `env` names one. Synchronous: use it only when nothing in this process must answer the child.
 */
export function runScript(
  packageDir: string,
  script: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): ScriptRun {
  const result = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', join('src', 'bin', script), ...args],
    {
      cwd: packageDir,
      env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: '', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
