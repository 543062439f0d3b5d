/**
 * Runs drizzle-kit as a child process in the schema package, whose drizzle.config.ts names the
 * tables and the migrations folder; its output cleaned and redacted.
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MIGRATIONS_FOLDER } from '@spacex/schema';
import { redactText } from '@spacex/terminal';

/** The schema package's directory, where drizzle-kit finds its settings. */
export const SCHEMA_DIR = dirname(MIGRATIONS_FOLDER);
/** drizzle-kit is this package's dependency: deploys migrate from a production install. */
const DRIZZLE_KIT = join(
  dirname(fileURLToPath(import.meta.url)),
  '..',
  '..',
  'node_modules',
  'drizzle-kit',
  'bin.cjs',
);

export interface DrizzleKitRun {
  /** Called with the child's pid once it runs (e.g. to name it in a lock). */
  onSpawn?: (pid: number) => void;
  secrets?: readonly string[];
  env?: NodeJS.ProcessEnv;
}

/**
 * What drizzle-kit printed, fit to show: without the NOTICE objects postgres.js dumps for every
 * `create … if not exists`, the spinner's frames and terminal control codes.
 */
export function cleanDrizzleKitOutput(text: string): string {
  return (
    text
      .replace(/\{\s*severity_local: 'NOTICE'[\s\S]*?\n\}\n?/g, '')
      // biome-ignore lint/suspicious/noControlCharactersInRegex: removing terminal control codes is the point.
      .replace(/\u001b\[[0-9;]*[A-Za-z]/g, '')
      .replace(/\[[⣷⣯⣟⡿⢿⣻⣽⣾]\] applying migrations\.\.\./g, '')
      .split('\n')
      .map((line) => line.trimEnd())
      .filter((line) => line !== '')
      .join('\n')
  );
}

/**
 * Resolves with drizzle-kit's exit code and what it printed (stdout and stderr together,
 * cleaned and redacted). The child is killed if this process is stopped by a signal.
 */
export function runDrizzleKit(
  args: readonly string[],
  { onSpawn, secrets = [], env = process.env }: DrizzleKitRun = {},
): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DRIZZLE_KIT, ...args], {
      cwd: SCHEMA_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    const stop = () => child.kill('SIGTERM');
    process.once('SIGINT', stop).once('SIGTERM', stop);
    if (child.pid !== undefined) onSpawn?.(child.pid);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => {
      process.off('SIGINT', stop).off('SIGTERM', stop);
      resolve({ code: code ?? 1, output: redactText(cleanDrizzleKitOutput(output), secrets) });
    });
  });
}
