import { setFlagsFromString } from 'node:v8';

/**
 * For a short command on the embedded database, called before it opens: V8 compiles PGlite's
 * 9 MB of WebAssembly with its baseline compiler (Liftoff) only, and never again with the
 * optimising one. A command of a few queries never earns that second compile back: here
 * `pnpm answers` on the real data went from 0.79 to 0.47 s and from 227 to 141 MB, an unchanged
 * ingest rerun from 1.04 to 0.67 s; a 100,000-launch load, though, took 20% longer (28 to 33 s),
 * so long runs keep the optimising compiler. No effect on PostgreSQL; process-wide, so only
 * for a process that runs one command.
 */
export function compileWasmForShortRun(): void {
  setFlagsFromString('--liftoff-only');
}
