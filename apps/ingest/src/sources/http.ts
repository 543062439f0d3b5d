/**
 * JSON over HTTP with a deadline per request, a body size cap and retries. The launches query
 * is a POST, which retry helpers skip by default; here it is retried on purpose, since the
 * query only reads.
 */
import { createHash } from 'node:crypto';
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { onDisk, SourceError } from '../errors.js';

export interface HttpSettings {
  /** Deadline for one request, headers and body, in milliseconds. */
  timeoutMs: number;
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** First backoff in milliseconds; doubled on each retry, with full jitter. */
  backoffBaseMs: number;
  /** Longest backoff between two attempts, in milliseconds. */
  backoffMaxMs: number;
  /** Longest `Retry-After` the run will wait, in milliseconds; beyond it the run gives up. */
  retryAfterCapMs: number;
  /** Largest body accepted, in bytes (bodies go to disk as they arrive, not to memory). */
  maxBodyBytes: number;
}

export const DEFAULT_HTTP_SETTINGS: HttpSettings = {
  timeoutMs: 30_000,
  maxAttempts: 5,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
  retryAfterCapMs: 60_000,
  maxBodyBytes: 50 * 1024 * 1024,
};

/** Statuses worth another attempt; any other 4xx or 5xx fails at once. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  body?: unknown;
  /** Named in every message about this request, e.g. "page 3". */
  what: string;
}

/** A body written to a file: its size and sha256, and the attempts it took. */
export interface SavedBody {
  bytes: number;
  sha256: string;
  attempts: number;
}

/** A failure of one attempt; `retryAfterMs` when the server said when to come back. */
class AttemptError extends Error {
  constructor(
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
  }
}

/** `Retry-After` as milliseconds from now: delta-seconds or an HTTP date. */
export function parseRetryAfter(
  value: string | null,
  now: number = Date.now(),
): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
  const date = Date.parse(trimmed);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Writes the body to `path` as it arrives (replacing what an earlier attempt left), capped. */
async function saveCapped(
  response: Response,
  cap: number,
  label: string,
  path: string,
): Promise<Omit<SavedBody, 'attempts'>> {
  const declared = Number(response.headers.get('content-length'));
  if (Number.isFinite(declared) && declared > cap) {
    await response.body?.cancel();
    throw new AttemptError(
      `${label}: the body is ${declared} bytes, over the ${cap}-byte cap`,
      false,
    );
  }
  const file = await onDisk(`write ${path}`, () => open(path, 'w'));
  const hash = createHash('sha256');
  let size = 0;
  try {
    if (response.body) {
      for await (const chunk of response.body) {
        size += chunk.byteLength;
        if (size > cap) {
          throw new AttemptError(`${label}: the body is over the ${cap}-byte cap`, false);
        }
        hash.update(chunk);
        await onDisk(`write ${path}`, () => file.write(chunk));
      }
    }
  } finally {
    await file.close();
  }
  return { bytes: size, sha256: hash.digest('hex') };
}

async function attempt(
  request: HttpRequest,
  settings: HttpSettings,
  path: string,
): Promise<Omit<SavedBody, 'attempts'>> {
  const label = `${request.method} ${request.url} (${request.what})`;
  const signal = AbortSignal.timeout(settings.timeoutMs);
  let response: Response;
  try {
    response = await fetch(request.url, {
      method: request.method,
      signal,
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
  } catch (error) {
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    const reason = signal.aborted
      ? `no answer within ${settings.timeoutMs} ms`
      : `the connection failed or the response was cut short (${cause})`;
    throw new AttemptError(`${label}: ${reason}`, true);
  }
  if (!response.ok) {
    await response.body?.cancel().catch(() => {});
    throw new AttemptError(
      `${label}: HTTP ${response.status} ${response.statusText}`.trim(),
      RETRYABLE_STATUSES.has(response.status),
      parseRetryAfter(response.headers.get('retry-after')),
    );
  }
  try {
    return await saveCapped(response, settings.maxBodyBytes, label, path);
  } catch (error) {
    // A cap, or the disk failing, is not worth another attempt.
    if (error instanceof AttemptError || error instanceof SourceError) throw error;
    const reason = signal.aborted
      ? `the body did not arrive within ${settings.timeoutMs} ms`
      : `the body was cut short (${error instanceof Error ? error.message : String(error)})`;
    throw new AttemptError(`${label}: ${reason}`, true);
  }
}

/** Backoff before attempt `n + 1` (n from 1): full jitter over base * 2^(n-1), capped. */
function backoffMs(n: number, settings: HttpSettings, random: () => number): number {
  const ceiling = Math.min(settings.backoffMaxMs, settings.backoffBaseMs * 2 ** (n - 1));
  return Math.round(random() * ceiling);
}

export interface HttpHooks {
  onRetry?: (message: string, waitMs: number, nextAttempt: number) => void;
  random?: () => number;
}

/**
 * Sends the request until it succeeds, fails in a way not worth retrying, or runs out of
 * attempts. The body goes to `path` as received (not parsed: the archive keeps it as it came).
 */
export async function requestToFile(
  request: HttpRequest,
  settings: HttpSettings,
  path: string,
  hooks: HttpHooks = {},
): Promise<SavedBody> {
  const random = hooks.random ?? Math.random;
  for (let n = 1; ; n++) {
    try {
      return { ...(await attempt(request, settings, path)), attempts: n };
    } catch (error) {
      if (!(error instanceof AttemptError)) throw error;
      const advice = 'If the API stays unavailable, load a saved response with --from-file PATH.';
      if (!error.retryable) throw new SourceError(`${error.message}. Not retried. ${advice}`);
      if (error.retryAfterMs !== undefined && error.retryAfterMs > settings.retryAfterCapMs) {
        throw new SourceError(
          `${error.message}: the server asked to retry after ${Math.ceil(error.retryAfterMs / 1000)} s, ` +
            `longer than the ${settings.retryAfterCapMs / 1000} s this run waits. Gave up; try later. ${advice}`,
        );
      }
      if (n >= settings.maxAttempts) {
        throw new SourceError(`${error.message}. Gave up after ${n} attempt(s). ${advice}`);
      }
      const wait = error.retryAfterMs ?? backoffMs(n, settings, random);
      hooks.onRetry?.(error.message, wait, n + 1);
      await sleep(wait);
    }
  }
}
