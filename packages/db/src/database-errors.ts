/** What a PostgreSQL error means for a run, told from its SQLSTATE or the driver's code. */
import { rootCauseMessage } from '@spacex/terminal';

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
