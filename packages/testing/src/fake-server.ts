/**
 * Stand-ins for the outside world a command meets: a PostgreSQL server that refuses the
 * password, a port nothing listens on, and a way to run a command line in this process.
 */
import { createServer as createHttpServer } from 'node:http';
import { type AddressInfo, createServer } from 'node:net';

/** Where a command line writes, and the environment it reads (as the commands take it). */
export interface CommandIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  env: NodeJS.ProcessEnv;
}

/**
 * A loopback stand-in for a PostgreSQL server that asks for a password and rejects it, as a
 * server does for a wrong password (the real one here trusts every local connection).
 */
export async function passwordRejectingServer() {
  const server = createServer((socket) => {
    let state: 'startup' | 'password' | 'done' = 'startup';
    socket.on('data', () => {
      if (state === 'done') return;
      if (state === 'startup') {
        state = 'password';
        // AuthenticationCleartextPassword
        socket.write(Buffer.from([0x52, 0, 0, 0, 8, 0, 0, 0, 3]));
        return;
      }
      const fields = 'SFATAL\0C28P01\0Mpassword authentication failed for user "spacex"\0\0';
      const body = Buffer.from(fields, 'utf8');
      const header = Buffer.alloc(5);
      header.write('E', 0);
      header.writeInt32BE(body.length + 4, 1);
      state = 'done';
      socket.end(Buffer.concat([header, body]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as AddressInfo).port, close: () => server.close() };
}

/** Runs a command line's main function in this process; collects what it prints. */
export async function runCaptured(
  main: (argv: readonly string[], io: CommandIo) => Promise<number>,
  argv: readonly string[],
  env: NodeJS.ProcessEnv,
): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = {
    stdout: (text) => {
      stdout += text;
    },
    stderr: (text) => {
      stderr += text;
    },
    env,
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

/** A port on loopback that nothing listens on: bound, noted, closed. */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A port on loopback free for a program the test starts to listen on. */
export const freePort = closedPort;

/** A webhook on loopback that answers 200 and keeps each JSON body it was sent. */
export async function fakeWebhook() {
  const received: Record<string, unknown>[] = [];
  const server = createHttpServer((request, response) => {
    let body = '';
    request.on('data', (chunk) => {
      body += chunk;
    });
    request.on('end', () => {
      received.push(JSON.parse(body));
      response.writeHead(200).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    received,
    close: () => new Promise((resolve) => server.close(resolve)),
  };
}
