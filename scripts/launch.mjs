// `node scripts/launch.mjs <command> [args]`: runs a command from its built JavaScript when the
// build is current (`pnpm build` after the last source change), else from the TypeScript sources
// through tsx. Built, a command starts without a compiler hooked into every import: about a
// second sooner here. A build is current when every file under each package's src/ is older
// than every file its build wrote to dist/; an edit, a checkout or a missing build falls back
// to the sources, never to stale JavaScript.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

/** Each command: its built and source entry, and the packages it is built from. */
export const COMMANDS = {
  answers: {
    built: 'apps/analytics/dist/cli.js',
    source: 'apps/analytics/src/cli.ts',
    packages: ['packages/contract', 'packages/db', 'apps/analytics'],
  },
  ingest: {
    built: 'apps/ingest/dist/main.js',
    source: 'apps/ingest/src/main.ts',
    packages: ['packages/contract', 'packages/db', 'packages/quality', 'apps/ingest'],
  },
};

/** Modification times (ms) of the files under `dir`, or null when it does not exist. */
function mtimes(dir, keep = () => true) {
  let entries;
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch (error) {
    if (error.code === 'ENOENT') return null;
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile() && keep(entry.name))
    .map((entry) => statSync(join(entry.parentPath ?? entry.path, entry.name)).mtimeMs);
}

/** True when every package's dist/ was written after the last change to its src/. */
export function buildIsCurrent(root, packages) {
  for (const pkg of packages) {
    const sources = mtimes(join(root, pkg, 'src'));
    const outputs = mtimes(join(root, pkg, 'dist'), (name) => name.endsWith('.js'));
    if (sources === null || outputs === null || outputs.length === 0) return false;
    if (Math.max(...sources) >= Math.min(...outputs)) return false;
  }
  return true;
}

async function launch(name, args) {
  const command = COMMANDS[name];
  if (!command) {
    console.error(`launch: unknown command ${name}; known: ${Object.keys(COMMANDS).join(', ')}`);
    return 2;
  }
  if (process.env.SPACEX_FROM_SOURCE !== '1' && buildIsCurrent(ROOT, command.packages)) {
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
