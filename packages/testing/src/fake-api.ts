/**
 * A stand-in for the SpaceX API on 127.0.0.1 (a free port): serves `POST /v5/launches/query`
 * pages and `GET /v5/launches` from the launches it is given, and fails on purpose when told.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Json } from '@spacex/contract';

/** What the next request gets instead of a normal answer. */
export type Fault =
  | { kind: 'status'; status: number; headers?: Record<string, string> }
  | { kind: 'hang' }
  | { kind: 'truncate' }
  | { kind: 'html' }
  | { kind: 'empty-page' }
  /** A normal page that claims a next page even when it is the last. */
  | { kind: 'claims-next-page' }
  | { kind: 'wrong-shape'; body: Json }
  /** The data changes just before this request is answered (as upstream data moves while paging). */
  | { kind: 'change-data'; change: (launches: Json[]) => Json[] }
  /** A normal page with some of its paging fields replaced. */
  | { kind: 'page-fields'; fields: Record<string, Json> }
  /** A redirect to `location` (relative to the server). */
  | { kind: 'redirect'; status: number; location: string }
  /** A normal answer: lets a later request carry the fault. */
  | { kind: 'none' };

export interface FakeApi {
  url: string;
  /** Launches served; replace to change the data. */
  launches: Json[];
  /** Records of the other entities served at `POST /v4/<name>/query`; a name not here serves none. */
  entities: Record<string, Json[]>;
  /** Consumed one per request, in order. */
  faults: Fault[];
  /** Every request's method, path, page (0 for GET) and Authorization header. */
  requests: { method: string; path: string; page: number; authorization?: string }[];
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

function pageOf(launches: Json[], limit: number, page: number) {
  const totalDocs = launches.length;
  const totalPages = Math.max(1, Math.ceil(totalDocs / limit));
  const docs = launches.slice((page - 1) * limit, page * limit);
  return {
    docs,
    totalDocs,
    offset: (page - 1) * limit,
    limit,
    totalPages,
    page,
    pagingCounter: (page - 1) * limit + 1,
    hasPrevPage: page > 1,
    hasNextPage: page < totalPages,
    prevPage: page > 1 ? page - 1 : null,
    nextPage: page < totalPages ? page + 1 : null,
  };
}

export async function startFakeApi(launches: Json[]): Promise<FakeApi> {
  const hanging = new Set<ServerResponse>();
  const api: FakeApi = {
    url: '',
    launches,
    entities: {},
    faults: [],
    requests: [],
    close: async () => {
      for (const res of hanging) res.destroy();
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    let limit = 10;
    let page = 0;
    if (req.method === 'POST') {
      const options = JSON.parse(body || '{}').options ?? {};
      limit = options.limit ?? 10;
      page = options.page ?? 1;
    }
    api.requests.push({
      method: req.method ?? '',
      path: req.url ?? '',
      page,
      ...(req.headers.authorization ? { authorization: req.headers.authorization } : {}),
    });
    const fault = api.faults.shift();
    const json = (status: number, value: unknown, headers: Record<string, string> = {}) => {
      res.writeHead(status, { 'content-type': 'application/json', ...headers });
      res.end(JSON.stringify(value));
    };
    if (fault?.kind === 'status') return json(fault.status, { error: 'fault' }, fault.headers);
    if (fault?.kind === 'hang') {
      hanging.add(res);
      return;
    }
    if (fault?.kind === 'html') {
      res.writeHead(200, { 'content-type': 'text/html' });
      return res.end('<html><body>Service temporarily unavailable</body></html>');
    }
    if (fault?.kind === 'wrong-shape') return json(200, fault.body);
    if (fault?.kind === 'redirect') {
      res.writeHead(fault.status, { location: fault.location });
      return res.end();
    }
    if (fault?.kind === 'change-data') api.launches = fault.change(api.launches);
    const entity =
      req.method === 'POST' ? /\/v4\/([a-z]+)\/query$/.exec(req.url ?? '')?.[1] : undefined;
    if (entity !== undefined) return json(200, pageOf(api.entities[entity] ?? [], limit, page));
    const isQuery = req.method === 'POST' && req.url?.endsWith('/v5/launches/query');
    const isAll = req.method === 'GET' && req.url === '/v5/launches';
    if (!isQuery && !isAll) return json(404, { error: 'not found' });
    const answer = isAll ? api.launches : pageOf(api.launches, limit, page);
    if (fault?.kind === 'page-fields')
      return json(200, { ...pageOf(api.launches, limit, page), ...fault.fields });
    if (fault?.kind === 'claims-next-page')
      return json(200, { ...pageOf(api.launches, limit, page), hasNextPage: true });
    if (fault?.kind === 'empty-page')
      return json(200, { ...pageOf(api.launches, limit, page), docs: [], hasNextPage: true });
    if (fault?.kind === 'truncate') {
      const text = JSON.stringify(answer);
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': String(text.length),
      });
      res.write(text.slice(0, Math.floor(text.length / 2)));
      return res.destroy();
    }
    return json(200, answer);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  api.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return api;
}
