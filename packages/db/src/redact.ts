/**
 * Secrets never reach a message: every place that prints or stores a URL or an error goes
 * through here. URLs are read as the drivers read them (WHATWG URL parsing, which postgres.js
 * and fetch use): the user info ends at the LAST `@` of the authority, so a password may hold
 * unencoded `@`, `:` or spaces; `password` and `sslpassword` may also come as query parameters.
 */

/** `scheme://user:` then anything up to the last `@` before the path: the password. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^/?#\s]*@/gi;
/** `?password=…`, `&sslpassword=…` (libpq's names, which postgres.js also reads). */
const QUERY_PASSWORD = /([?&](?:ssl)?password=)[^&#\s]*/gi;

/** `postgres://user:secret@host:5432/db?sslpassword=x` becomes `postgres://user:***@host:5432/db?sslpassword=***`. */
export function redactUrl(url: string): string {
  return url.replace(URL_PASSWORD, '$1:***@').replace(QUERY_PASSWORD, '$1***');
}

/** Redacts every URL's credentials in a text, and the given secrets wherever they appear. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first: a secret that contains another is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return redactUrl(out);
}

/**
 * Every form in which a URL's secrets could be printed: each password (in the user info, or as
 * a `password`/`sslpassword` parameter) as written in the URL and as decoded. A space in a
 * password splits a URL in a log line, which the patterns above cannot see: these can.
 */
export function urlSecrets(url: string): string[] {
  const found = new Set<string>();
  const add = (raw: string) => {
    if (raw === '') return;
    found.add(raw);
    try {
      found.add(decodeURIComponent(raw));
    } catch {
      // Not percent-encoded text: kept as written.
    }
  };
  const scheme = url.indexOf('://');
  if (scheme >= 0) {
    // The authority runs to the first `/`, `?` or `#`; its user info to its last `@`.
    const rest = url.slice(scheme + 3);
    const end = rest.search(/[/?#]/);
    const authority = end < 0 ? rest : rest.slice(0, end);
    const at = authority.lastIndexOf('@');
    const colon = authority.indexOf(':');
    if (at > 0 && colon >= 0 && colon < at) add(authority.slice(colon + 1, at));
  }
  for (const match of url.matchAll(/[?&](?:ssl)?password=([^&#]*)/gi)) add(match[1] ?? '');
  try {
    add(new URL(url).password);
  } catch {
    // Not a URL: what was found by hand is all there is.
  }
  return [...found];
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

/**
 * The SQLSTATE of the server's error among an error and its causes, if any: both drivers give
 * the server's errors a `severity` beside the `code` (a system error such as EPIPE has none).
 */
export function sqlState(error: unknown): string | undefined {
  for (let current: unknown = error; current instanceof Error; current = current.cause) {
    const { code, severity } = current as { code?: unknown; severity?: unknown };
    if (typeof code === 'string' && typeof severity === 'string') return code;
  }
  return undefined;
}

/** What a PostgreSQL error code means for a pipeline run, and what to do. */
const EXPLANATIONS: Record<string, string> = {
  '55P03':
    'gave up waiting for a lock (lock_timeout, DB_LOCK_TIMEOUT_MS): another ingest run, or a session holding a lock on a ' +
    'table or mart view, kept it. Look at pg_locks / pg_stat_activity, then run again.',
  '57014': 'the statement ran past statement_timeout (DB_STATEMENT_TIMEOUT_MS) or was cancelled.',
  '25P03': 'the transaction sat idle past idle_in_transaction_session_timeout.',
  '57P01':
    'the server terminated the connection (an administrator or a restart): the connection to PostgreSQL was lost, ' +
    'and nothing of the run was committed. Run again.',
  CONNECTION_CLOSED:
    'the connection to PostgreSQL was lost in the middle of the run (the server closed it, or stopped); nothing of ' +
    'the run was committed. Run again once the server is back.',
  CONNECTION_ENDED: 'the connection to PostgreSQL was closed.',
  // A message the server did not expect, such as a query sent during a COPY: the fault is the
  // client's, and the server then drops the connection.
  '08P01':
    'a protocol violation: this program sent PostgreSQL a message it did not expect (a fault of the program, ' +
    'not of the server); nothing of the run was committed. Run again, and report this message.',
  COPY_IN_PROGRESS:
    'this program sent a query while a COPY was open on the same connection (a fault of the program, not of the ' +
    'server); nothing of the run was committed. Run again, and report this message.',
  ECONNRESET:
    'the connection to PostgreSQL was lost (reset); nothing of the run was committed. Run again once the server is back.',
  ECONNREFUSED: 'PostgreSQL refused the connection: is the server running?',
};

/** The driver's message plus, for known codes, what happened and what to do. Nothing partial was committed. */
export function describeDatabaseError(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string' && EXPLANATIONS[code])
      return `${rootCauseMessage(error)}: ${EXPLANATIONS[code]}`;
    current = current.cause;
  }
  return rootCauseMessage(error);
}

/**
 * `text` safe to print and to store: control characters (C0, DEL, C1: a terminal's escape
 * sequences among them) as `\xNN`, NUL included, and unpaired surrogates as U+FFFD; with
 * `keepLines`, line feeds and tabs stay. For data quoted in output: a serial, a launch's name or
 * an input's first bytes must not drive the reader's terminal.
 */
export function printable(text: string, options: { keepLines?: boolean } = {}): string {
  // \p{Cc}: C0, DEL and C1; with keepLines, all of them but line feed and tab.
  const control = options.keepLines ? /[^\P{Cc}\n\t]/gu : /\p{Cc}/gu;
  return text
    .toWellFormed()
    .replace(control, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
