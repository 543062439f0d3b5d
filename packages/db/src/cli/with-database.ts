/** A command's database: opened from the environment, closed after, failures reported redacted. */
import { pathToFileURL } from 'node:url';
import { monthlyLaunches } from '@spacex/schema';
import { type CommandIo, processIo, reportFailure } from '@spacex/terminal';
import { type DatabaseHandle, openDatabase } from '../client.js';
import { readDatabaseTarget, secretsOf } from '../env.js';
import { compileWasmForShortRun } from './wasm.js';

/**
 * Opens the database the environment names (DATABASE_URL, else PGLITE_DIR), runs `body` with
 * it and closes it; a failure is reported with the URL's secrets redacted. Returns the exit code.
 */
export async function withEnvDatabase(
  io: CommandIo,
  body: (handle: DatabaseHandle) => Promise<number>,
): Promise<number> {
  let handle: DatabaseHandle | undefined;
  let secrets: string[] = [];
  try {
    const target = readDatabaseTarget(io.env);
    secrets = secretsOf(target);
    handle = await openDatabase({
      target,
      env: io.env,
      onProgress: (message) => io.stderr(`${message}\n`),
    });
    return await body(handle);
  } catch (error) {
    return reportFailure(io, error, secrets);
  } finally {
    await handle?.close();
  }
}

/**
 * True when the marts hold launches; else says on stderr that none are loaded in `handle`'s
 * database and how to load them (a command that answers from the marts then exits 1).
 */
export async function hasLaunches(handle: DatabaseHandle, io: CommandIo): Promise<boolean> {
  if ((await handle.db.$count(monthlyLaunches)) > 0) return true;
  io.stderr(
    `No launches are loaded in ${handle.display}. Load them first: pnpm ingest ` +
      '(pnpm ingest --sample loads the saved copy of the API data that ships with it).\n',
  );
  return false;
}

/**
 * Runs a short command's `main` with the process's arguments when `moduleUrl` is the program
 * node was started with (not when tests import it); PGlite's WebAssembly is compiled for a short
 * run (see compileWasmForShortRun).
 */
export async function runShortCommand(
  moduleUrl: string,
  main: (argv: readonly string[], io: CommandIo) => Promise<number>,
): Promise<void> {
  if (moduleUrl !== pathToFileURL(process.argv[1] ?? '').href) return;
  compileWasmForShortRun();
  process.exitCode = await main(process.argv.slice(2), processIo);
}
