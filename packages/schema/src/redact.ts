/** Passwords never reach a message: every place that prints a URL or an error goes through here. */

const URL_WITH_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@\s]*@/gi;

/** `postgres://user:secret@host:5432/db` becomes `postgres://user:***@host:5432/db` (any scheme). */
export function redactUrl(url: string): string {
  return url.replace(URL_WITH_PASSWORD, '$1:***@');
}

/** Redacts every connection URL in a text, and the given secrets wherever they appear. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = redactUrl(text);
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}

/** The password of a connection URL, if it has one; decoded as the server will see it. */
export function passwordOf(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
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

/** What a PostgreSQL error code means for a pipeline run, and what to do. */
const EXPLANATIONS: Record<string, string> = {
  '55P03':
    'gave up waiting for a lock (lock_timeout, DB_LOCK_TIMEOUT_MS): another ingest run, or a session holding a lock on a ' +
    'table or mart view, kept it. Look at pg_locks / pg_stat_activity, then run again.',
  '57014': 'the statement ran past statement_timeout (DB_STATEMENT_TIMEOUT_MS) or was cancelled.',
  '25P03': 'the transaction sat idle past idle_in_transaction_session_timeout.',
  '57P01': 'the server terminated the connection (an administrator or a restart).',
  CONNECTION_CLOSED: 'the connection to PostgreSQL closed in the middle of the run.',
  CONNECTION_ENDED: 'the connection to PostgreSQL was closed.',
  ECONNRESET: 'the connection to PostgreSQL was reset.',
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
