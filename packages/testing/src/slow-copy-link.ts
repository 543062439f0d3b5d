/**
 * A loopback TCP proxy to a PostgreSQL server that holds back each CopyInResponse (the server's
 * "send the COPY data now") for `delayMs`. A COPY then stays open that long on its connection,
 * as under a busy server or a slow network, which is when a query sent on the same connection
 * breaks the protocol. Everything else passes at once.
 */
import { type AddressInfo, createConnection, createServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';

export interface SlowCopyLink {
  /** The proxy's port on 127.0.0.1. */
  port: number;
  /** CopyInResponses held back so far. */
  readonly copies: number;
  close(): Promise<void>;
}

/** The server's CopyInResponse message type ('G'). */
const COPY_IN_RESPONSE = 0x47;

export async function slowCopyLink(
  target: { host: string; port: number },
  delayMs: number,
): Promise<SlowCopyLink> {
  const sockets = new Set<Socket>();
  let copies = 0;
  const server = createServer((client) => {
    const upstream = createConnection(target);
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.pipe(upstream);
    // Server to client, message by message (a type byte, then a length that counts itself).
    let pending = Buffer.alloc(0);
    let sending = Promise.resolve();
    upstream.on('data', (chunk: Buffer) => {
      pending = Buffer.concat([pending, chunk]);
      const messages: Buffer[] = [];
      while (pending.length >= 5) {
        const end = 1 + pending.readInt32BE(1);
        if (pending.length < end) break;
        messages.push(pending.subarray(0, end));
        pending = pending.subarray(end);
      }
      upstream.pause();
      sending = sending.then(async () => {
        for (const message of messages) {
          if (message[0] === COPY_IN_RESPONSE) {
            copies++;
            await sleep(delayMs);
          }
          if (!client.destroyed) client.write(message);
        }
        upstream.resume();
      });
    });
    upstream.on('end', () => void sending.then(() => client.end()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    get copies() {
      return copies;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
