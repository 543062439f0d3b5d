/** What the command lines share: option parsing, failures and their exit codes, text tables, files. */
import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, parse as parsePath, resolve } from 'node:path';
import { type ParseArgsConfig, parseArgs } from 'node:util';
import * as v from 'valibot';
import { errorMessage, SpacexError, UsageError } from './errors.js';
import { printable, redactText } from './redact.js';

/** Where a command line writes, and the environment it reads; tests pass their own. */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

export const processIo: CommandIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
};

/**
 * A table: a header, a rule, and left-aligned columns each as wide as its widest cell; data
 * printed escaped. `text` for a terminal; `markdown` for a Markdown file, which still reads as a
 * table as plain text.
 */
export function table(
  headers: readonly string[],
  dataRows: readonly (readonly string[])[],
  style: 'text' | 'markdown' = 'text',
): string {
  const rows = dataRows.map((row) => row.map((cell) => printable(cell)));
  // A Markdown rule needs three dashes at least.
  const least = style === 'markdown' ? 3 : 0;
  const widths = headers.map((h, i) =>
    Math.max(least, h.length, ...rows.map((r) => (r[i] ?? '').length)),
  );
  const line = (cells: readonly string[]) => {
    const padded = widths.map((w, i) => (cells[i] ?? '').padEnd(w));
    return style === 'markdown' ? `| ${padded.join(' | ')} |` : padded.join('  ').trimEnd();
  };
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

/** Parses the command line strictly; a bad option becomes a UsageError (exit 2). */
type Options = NonNullable<ParseArgsConfig['options']>;
type Parsed<O extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: O; strict: true; allowPositionals: false }>
>['values'];

export function parseOptions<const O extends Options>(
  argv: readonly string[],
  options: O,
): Parsed<O> {
  try {
    return parseArgs({ args: [...argv], options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new UsageError(errorMessage(error));
  }
}

/**
 * Prints a command's failure with secrets redacted, then its hint; returns its exit code (the
 * error's own, 1 for an error this project did not raise).
 */
export function reportFailure(
  io: CommandIo,
  error: unknown,
  secrets: readonly string[] = [],
): number {
  const show = (text: string) => printable(redactText(text, secrets), { keepLines: true });
  const message = show(errorMessage(error));
  const hint = error instanceof SpacexError && error.hint ? `\n\n${show(error.hint)}` : '';
  io.stderr(`${error instanceof UsageError ? '' : 'error: '}${message}${hint}\n`);
  return error instanceof SpacexError ? error.exitCode : 1;
}

/** Text holding a whole number, 0 or more: how flags and environment variables give numbers. */
export const WholeNumberText = v.pipe(
  v.string(),
  v.trim(),
  v.regex(/^\d+$/, 'expected a whole number'),
  v.transform(Number),
  v.safeInteger('expected a whole number'),
);

/** The largest value of PostgreSQL's `integer`: what a count or a number of days is compared with. */
export const MAX_INTEGER = 2_147_483_647;

/** Text holding a whole number of 1 or more, at most MAX_INTEGER. */
export const PositiveWholeNumberText = v.pipe(
  WholeNumberText,
  v.minValue(1, 'expected a positive whole number'),
  v.maxValue(MAX_INTEGER),
);

/** A `--flag N` value: a positive whole number, or `fallback` when the flag is absent. */
export function positiveWholeNumber(
  flag: string,
  text: string | undefined,
  fallback: number,
): number {
  if (text === undefined) return fallback;
  const parsed = v.safeParse(PositiveWholeNumberText, text);
  if (!parsed.success) {
    throw new UsageError(
      `${flag} must be a positive whole number of at most ${MAX_INTEGER}, got "${text}"`,
    );
  }
  return parsed.output;
}

/**
 * The directory an output flag names, resolved against `typedIn` (the directory the command was
 * typed in: invocationDir), as `--from-file` is; empty, or a filesystem root, is a usage error.
 */
export function outputDir(flag: string, value: string, typedIn: string): string {
  if (value.trim() === '') throw new UsageError(`${flag} needs a directory, got an empty value`);
  const dir = resolve(typedIn, value);
  if (parsePath(dir).root === dir) {
    throw new UsageError(`${flag} ${value} is the filesystem's root: name a directory of its own`);
  }
  return dir;
}

/**
 * Writes `text` to `path` through a temporary file beside it and a rename: a reader never sees
 * half a file, and a link standing at `path` is replaced, never written through.
 */
export function writeFileAtomic(path: string, text: string): void {
  const temporary = join(dirname(path), `.${randomBytes(6).toString('hex')}.partial`);
  try {
    writeFileSync(temporary, text, { flag: 'wx' });
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}
