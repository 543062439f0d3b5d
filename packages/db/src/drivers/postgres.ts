/** PostgreSQL through postgres.js: a small pool, and COPY on the transaction's own connection. */
import { once } from 'node:events';
import { Writable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { redactText, rootCauseMessage } from '@spacex/terminal';
import { sql } from 'drizzle-orm';
import { PgDatabase } from 'drizzle-orm/pg-core';
import { copyStatement } from '../bulk.js';
import { ConnectionOwner, ownedConnection } from '../connection-owner.js';
import { type DatabaseTarget, readSessionLimits, type SessionLimits, secretsOf } from '../env.js';
import {
  DatabaseConnectionError,
  type DatabaseHandle,
  dialect,
  loadDriver,
  type OpenOptions,
} from '../handle.js';

export async function openPostgres(
  target: Extract<DatabaseTarget, { engine: 'postgres' }>,
  options: OpenOptions,
): Promise<DatabaseHandle> {
  const { default: postgres } = await loadDriver('postgres', () => import('postgres'));
  const { drizzle: drizzlePostgres, PostgresJsSession } = await import('drizzle-orm/postgres-js');
  const limits = options.limits ?? readSessionLimits(options.env);
  // postgres.js 4 opens its sockets with TCP_NODELAY: without it each COPY's 5-byte CopyDone
  // waited for the server's delayed ACK (40 ms), which doubled a 100,000-launch load.
  const client = postgres(target.url, {
    max: 4,
    connect_timeout: options.connectTimeoutSeconds ?? 10,
    onnotice: () => {},
    connection: sessionSettings(limits),
  });
  const db = drizzlePostgres({ client });
  try {
    await db.execute(sql`select 1`);
  } catch (error) {
    await client.end({ timeout: 1 }).catch(() => {});
    const reason = rootCauseMessage(error);
    throw new DatabaseConnectionError(
      redactText(
        `Cannot connect to ${target.display}: ${reason}. Check that the server is running and ` +
          'that DATABASE_URL names the right host, port, database, user and password.',
        secretsOf(target),
      ),
    );
  }
  return {
    db,
    engine: 'postgres',
    display: target.display,
    transaction: (work) =>
      db.transaction(async (tx) => {
        // COPY must run on the transaction's own connection: postgres.js's, under Drizzle's.
        const session = tx._.session;
        if (!(session instanceof PostgresJsSession)) {
          throw new Error('a postgres.js transaction was expected under Drizzle');
        }
        // Every statement and COPY of the work waits its turn (see connection-owner.ts).
        const owner = new ConnectionOwner();
        const connection = ownedConnection(session.client, owner);
        try {
          return await work({
            db: new PgDatabase(
              dialect,
              new PostgresJsSession(connection, dialect, undefined),
              undefined,
            ),
            copy: (into, rows) =>
              owner.run(async () => {
                const query = session.client.unsafe(copyStatement(into, 'stdin'));
                const errors = streamErrors(query);
                await copyInto(await query.writable(), rows.content, errors);
              }),
          });
        } finally {
          // Work that failed may leave a statement or COPY of its own running: the commit or
          // rollback is sent only after it.
          await owner.idle();
        }
      }),
    close: (closeOptions) => client.end({ timeout: closeOptions?.immediately ? 0 : 5 }),
  };
}

/**
 * The first error of the COPY stream `query` hands out. postgres.js gives the stream through the
 * query's promise, and an error the server sends at once (a backend terminated while the COPY
 * starts) destroys it on the next tick, before code awaiting that promise could listen: an
 * 'error' event no one hears crashes the process. So the listener is attached as the stream is
 * handed out, and stays for the stream's life (postgres.js fails its end too).
 */
function streamErrors(query: object): Promise<never> {
  let listen: (stream: Writable) => void = () => {};
  const failed = new Promise<never>((_, reject) => {
    listen = (stream) => stream.on('error', reject);
  });
  failed.catch(() => {}); // awaited by copyInto; this only keeps an early failure from going unhandled
  if ('resolve' in query && typeof query.resolve === 'function') {
    const resolve: (value: unknown) => unknown = query.resolve.bind(query);
    query.resolve = (value: unknown) => {
      if (value instanceof Writable) listen(value);
      return resolve(value);
    };
  }
  return failed;
}

/** Writes `bytes` to a COPY's stream and ends it; rejects with the stream's first error. */
async function copyInto(stream: Writable, bytes: Buffer, failed: Promise<never>): Promise<void> {
  // In case the stream came some other way than streamErrors saw.
  if (stream.listenerCount('error') === 0) stream.on('error', () => {});
  for (const slice of slices(bytes, COPY_CHUNK)) {
    if (!stream.write(slice)) await Promise.race([once(stream, 'drain'), failed]);
  }
  stream.end();
  await Promise.race([finished(stream), failed]);
}

/**
 * Bytes per COPY data message. postgres.js copies each message into a new buffer: in slices,
 * a batch of megabytes does not ask for a second buffer of its size.
 */
const COPY_CHUNK = 256 * 1024;

function* slices(bytes: Buffer, size: number): Generator<Buffer> {
  for (let start = 0; start < bytes.length; start += size)
    yield bytes.subarray(start, start + size);
}

/**
 * What every PostgreSQL session of the project starts with (postgres.js `connection`): its name,
 * its limits, and the settings its queries are measured with.
 */
export function sessionSettings(limits: SessionLimits) {
  return {
    application_name: 'spacex-elt',
    statement_timeout: limits.statementTimeoutMs,
    lock_timeout: limits.lockTimeoutMs,
    idle_in_transaction_session_timeout: limits.idleInTransactionTimeoutMs,
    // Our queries run in milliseconds; JIT compiling one whose estimated cost is high (a data
    // check's correlated subquery) took 60-130 ms: at 100,000 launches the checks took 1.5 s
    // with it, 0.65 s without.
    jit: 'off',
    // An ingest keeps the ids it reads in a temporary table (about 100 bytes a launch) and
    // looks each batch up in it. Past the default 8 MB of a session's temporary buffers those
    // lookups went to disk: at 1,000,000 launches they took 9.0 s of the server's time, 5.2 s
    // with 128 MB. Taken only as such a table grows; nothing else here uses one.
    temp_buffers: '128MB',
  };
}
