/**
 * One owner of a transaction's PostgreSQL connection. A run pipelines its work (a batch's COPYs
 * go on while the next batch is read, and the reader asks the database which texts are stored),
 * so two parts of it can reach for the one connection at once. A query sent while a COPY is
 * open on the connection breaks the protocol: postgres.js 3 sent it anyway (the server answered
 * "unexpected message type 0x50 during COPY from stdin" and dropped the connection), postgres.js
 * 4 refuses it (COPY_IN_PROGRESS). Here every statement and every COPY of the transaction waits
 * its turn in one queue, so no call site has to take care.
 */
import type { Sql } from 'postgres';

/** Runs tasks one at a time, in the order they were given. */
export class ConnectionOwner {
  private last: Promise<unknown> = Promise.resolve();
  private pending = 0;

  /** Runs `task` once every task given before it has settled; settles as `task` does. */
  run<T>(task: () => PromiseLike<T>): Promise<T> {
    this.pending++;
    const result = this.last.then(task).finally(() => {
      this.pending--;
    });
    this.last = result.catch(() => {});
    return result;
  }

  /** Tasks given and not yet settled. */
  get busy(): number {
    return this.pending;
  }

  /** Settles once every task given so far has settled. */
  async idle(): Promise<void> {
    while (this.pending > 0) await this.last;
  }
}

/**
 * The transaction's connection, with each query sent through `owner`. Drizzle's postgres-js
 * session sends every statement with `unsafe(query, params, options)` and awaits the result or
 * its `.values()`; both wait their turn. Nested transactions (savepoints) are not offered: a run
 * issues its savepoints as statements.
 */
export function ownedConnection<T extends Sql>(connection: T, owner: ConnectionOwner): T {
  const unsafe = (...args: Parameters<Sql['unsafe']>) => {
    const send = (values: boolean) =>
      owner.run(() => {
        const query = connection.unsafe(...args);
        return values ? query.values() : query;
      });
    return {
      values: () => send(true),
      // biome-ignore lint/suspicious/noThenProperty: awaited as postgres.js's own queries are
      then: <A, B>(
        onFulfilled?: ((rows: unknown) => A | PromiseLike<A>) | null,
        onRejected?: ((error: unknown) => B | PromiseLike<B>) | null,
      ) => send(false).then(onFulfilled, onRejected),
    };
  };
  return new Proxy(connection, {
    get(target, property, receiver) {
      if (property === 'unsafe') return unsafe;
      if (property === 'savepoint' || property === 'begin') {
        return () => {
          throw new Error('the run owns its connection: issue savepoints as statements');
        };
      }
      return Reflect.get(target, property, receiver);
    },
  });
}
