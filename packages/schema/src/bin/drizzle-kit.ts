/** Runs the drizzle-kit CLI of this package as a child process, with its output redacted. */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { redactText } from '../redact.js';

export const PACKAGE_DIR = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DRIZZLE_KIT = join(PACKAGE_DIR, 'node_modules', 'drizzle-kit', 'bin.cjs');

/** Resolves with drizzle-kit's exit code; its stdout and stderr pass through `redact`. */
export function runDrizzleKit(
  args: readonly string[],
  secrets: readonly string[] = [],
  env: NodeJS.ProcessEnv = process.env,
): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [DRIZZLE_KIT, ...args], {
      cwd: PACKAGE_DIR,
      stdio: ['ignore', 'pipe', 'pipe'],
      env,
    });
    child.stdout.on('data', (chunk: Buffer) =>
      process.stdout.write(redactText(chunk.toString(), secrets)),
    );
    child.stderr.on('data', (chunk: Buffer) =>
      process.stderr.write(redactText(chunk.toString(), secrets)),
    );
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
}
