// `node scripts/launch.mjs <command> [args]`: runs a command from its bundle when the bundle is
// current (`pnpm build` after the last change to anything in it), else from the TypeScript
// sources through tsx. The bundle (scripts/bundle.mjs) starts without a compiler hooked into
// every import and in one file instead of about 130: about a second sooner here. It is current
// when it was written after every file it is made of: the sources of each package it bundles,
// the migrations, and the lockfile (the libraries); an edit, a checkout or a missing build falls
// back to the sources, never to stale JavaScript.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** Each command: its bundle, its source entry, and what the bundle is made of. */
export const COMMANDS = {
  answers: {
    built: 'apps/analytics/bundle/bin/answers.mjs',
    source: 'apps/analytics/src/cli.ts',
    inputs: [
      'packages/contract/src',
      'packages/schema/src',
      'packages/schema/drizzle',
      'packages/terminal/src',
      'packages/db/src',
      'apps/analytics/src',
      'pnpm-lock.yaml',
    ],
  },
  ingest: {
    built: 'apps/ingest/bundle/bin/ingest.mjs',
    source: 'apps/ingest/src/main.ts',
    inputs: [
      'packages/contract/src',
      'packages/schema/src',
      'packages/schema/drizzle',
      'packages/terminal/src',
      'packages/db/src',
      'packages/quality/src',
      'apps/ingest/src',
      'apps/ingest/sample',
      'pnpm-lock.yaml',
    ],
  },
};

/** Modification times (ms) of `path` or the files under it, or null when it does not exist. */
function mtimes(path) {
  try {
    const stat = statSync(path);
    if (!stat.isDirectory()) return [stat.mtimeMs];
    return readdirSync(path, { recursive: true, withFileTypes: true })
      .filter((entry) => entry.isFile())
      .map((entry) => statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
}

/** True when `built` (under `root`) was written after every file of `inputs` (files or folders). */
export function buildIsCurrent(root, inputs, built) {
  const builtAt = mtimes(join(root, built));
  if (builtAt === null) return false;
  for (const input of inputs) {
    const times = mtimes(join(root, input));
    if (times === null || times.some((time) => time >= builtAt[0])) return false;
  }
  return true;
}

async function launch(name, args) {
  const command = COMMANDS[name];
  if (!command) {
    console.error(`launch: unknown command ${name}; known: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  if (
    process.env.SPACEX_FROM_SOURCE !== '1' &&
    buildIsCurrent(ROOT, command.inputs, command.built)
  ) {
    // The entry runs itself when it is the process's main module: make it so.
    const entry = join(ROOT, command.built);
    process.argv = [process.argv[0], entry, ...args];
    await import(pathToFileURL(entry).href);
    return undefined;
  }
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', join(ROOT, command.source), ...args],
    { stdio: 'inherit' },
  );
  // The command handles SIGINT and SIGTERM itself (an ingest cleans up): pass them on.
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  const [code, signal] = await once(child, 'exit');
  return code ?? (signal === 'SIGINT' ? 130 : 143);
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [name = '', ...args] = process.argv.slice(2);
  const code = await launch(name, args);
  if (code !== undefined) process.exitCode = code;
}
