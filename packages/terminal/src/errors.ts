/**
 * The project's errors. Each says what failed and where; the base class carries what a command
 * does with it: the exit code it ends with and the hint it prints after the message (as
 * drizzle-orm's errors.ts gives its own errors one base). An error that is not a SpacexError is
 * a fault nobody foresaw: exit code 1.
 */
/**
 * The exit codes every command keeps: what a scheduler (cron, a Kubernetes CronJob) reads.
 * Warnings never change the code.
 */
export const EXIT = {
  /** It did what it was asked. */
  ok: 0,
  /** It failed; a run leaves the database as it was. */
  failed: 1,
  /** Bad usage or settings: nothing was tried. */
  usage: 2,
  /** An error-level data check failed (an ingest with --fail-on-check-error rolled back). */
  checksFailed: 3,
  /** Another run holds the lock (or the embedded directory): nothing was done. */
  locked: 4,
  /** The last successful run is older than allowed (pnpm quality --max-age). */
  stale: 5,
} as const;

export class SpacexError extends Error {
  override name = 'SpacexError';
  /** The exit code of a command this error stops (see EXIT). */
  readonly exitCode: number = EXIT.failed;
  /** What to do next, when the message does not say it: printed after the message. */
  readonly hint: string | undefined;

  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.hint = options.hint;
  }
}

/** Bad command-line usage or settings: printed with a pointer to --help, exit code 2. */
export class UsageError extends SpacexError {
  override name = 'UsageError';
  override readonly exitCode: number = EXIT.usage;
  constructor(message: string, options: { cause?: unknown; hint?: string } = {}) {
    super(message, { hint: 'Run with --help for usage.', ...options });
  }
}

/** An error's message, or the thrown value as text when it is not an Error. */
export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * The message of the deepest cause of an error, with its code: drivers' own words ("password
 * authentication failed", "ECONNREFUSED") sit under wrappers like Drizzle's "Failed query".
 */
export function rootCauseMessage(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  if (!(current instanceof Error)) return String(current);
  const code = (current as { code?: unknown }).code;
  const message =
    current.message ||
    (current as { errors?: Error[] }).errors?.map((e) => e.message).join('; ') ||
    current.name;
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
