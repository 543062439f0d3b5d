import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { notify } from './notify.js';

/** A webhook on loopback answering each request with the next status (none: never answers). */
async function webhook(statuses: (number | null)[]) {
  const received: unknown[] = [];
  const authorizations: (string | undefined)[] = [];
  const server = createServer((request: IncomingMessage, response: ServerResponse) => {
    authorizations.push(request.headers.authorization);
    let body = '';
    request.on('data', (chunk) => (body += chunk));
    request.on('end', () => {
      received.push(JSON.parse(body));
      const status = statuses.shift();
      if (status === null || status === undefined) return; // hangs
      response.writeHead(status).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://hook:t0ken@127.0.0.1:${port}/hook`, received, authorizations, server };
}

describe('notify', () => {
  const servers: { close(): void; closeAllConnections(): void }[] = [];
  afterEach(() => {
    for (const server of servers.splice(0)) {
      server.closeAllConnections();
      server.close();
    }
  });

  it('should post the notice as JSON, and try once more after a server error', async () => {
    const hook = await webhook([503, 200]);
    servers.push(hook.server);
    const failures: string[] = [];
    const sent = await notify(
      hook.url,
      { text: 'run r1 failed', runId: 'r1' },
      { retryAfterMs: 10, onFailure: (m) => failures.push(m) },
    );
    expect(sent).toBe(true);
    expect(hook.received).toEqual([
      { text: 'run r1 failed', runId: 'r1' },
      { text: 'run r1 failed', runId: 'r1' },
    ]);
    expect(failures).toEqual([]);
    // The URL's credentials travel as a header.
    expect(hook.authorizations[0]).toBe(`Basic ${Buffer.from('hook:t0ken').toString('base64')}`);
  });

  it('should give up on a refusal at once, and after two tries that time out, saying so with the URL redacted', async () => {
    const refusing = await webhook([400]);
    const silent = await webhook([null, null]);
    servers.push(refusing.server, silent.server);
    const failures: string[] = [];
    const onFailure = (m: string) => void failures.push(m);
    expect(await notify(refusing.url, { text: 'x' }, { retryAfterMs: 10, onFailure })).toBe(false);
    expect(refusing.received).toHaveLength(1);
    expect(
      await notify(silent.url, { text: 'y' }, { timeoutMs: 200, retryAfterMs: 10, onFailure }),
    ).toBe(false);
    expect(silent.received).toHaveLength(2);
    expect(failures[0]).toMatch(
      /^could not notify http:\/\/hook:\*\*\*@127\.0\.0\.1:\d+\/hook \(HTTP 400\); the message was: x$/,
    );
    expect(failures[1]).toMatch(/could not notify .* the message was: y$/);
    expect(failures.join('')).not.toContain('t0ken');
  });
});
