/** Runs a package's TypeScript command (`src/bin/<script>`) as its own process, as a user would. */
import { execFile, spawnSync } from 'node:child_process';
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
    scriptArgs(script, args),
    scriptOptions(packageDir, env),
  );
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** runScript without blocking this process: for a child that talks to a server running here. */
export function runScriptAsync(
  packageDir: string,
  script: string,
  args: readonly string[] = [],
  env: Record<string, string> = {},
): Promise<ScriptRun> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      scriptArgs(script, args),
      scriptOptions(packageDir, env),
      (error, stdout, stderr) =>
        resolve({ code: error ? Number(error.code ?? 1) : 0, stdout, stderr }),
    );
  });
}

const scriptArgs = (script: string, args: readonly string[]) => [
  '--import',
  'tsx',
  '--conditions=source',
  join('src', 'bin', script),
  ...args,
];

const scriptOptions = (packageDir: string, env: Record<string, string>) => ({
  cwd: packageDir,
  env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: '', ...env },
  encoding: 'utf8' as const,
  timeout: 120_000,
});
