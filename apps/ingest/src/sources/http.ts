/**
 * JSON over HTTP with a deadline per request, a body size cap and retries. The launches query
 * is a POST, which retry helpers skip by default; here it is retried on purpose, since the
 * query only reads.
 */
import { open } from 'node:fs/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage, redactUrl } from '@spacex/terminal';
import { onDisk, SourceError } from '../errors.js';
import { OFFLINE_ADVICE } from '../sample.js';
import { ByteDigest } from './digest.js';

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
  /** Deadline for a whole read, every page and retry included, in milliseconds. */
  readDeadlineMs: number;
}

export const DEFAULT_HTTP_SETTINGS: HttpSettings = {
  timeoutMs: 30_000,
  maxAttempts: 5,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
  retryAfterCapMs: 60_000,
  maxBodyBytes: 50 * 1024 * 1024,
  readDeadlineMs: 15 * 60_000,
};

/** Redirects followed for one request (307 and 308 to the same origin only). */
const MAX_REDIRECTS = 5;

/** Statuses worth another attempt; any other 4xx or 5xx fails at once. */
const RETRYABLE_STATUSES = new Set([408, 429, 500, 502, 503, 504]);

export interface HttpRequest {
  url: string;
  method: 'GET' | 'POST';
  body?: unknown;
  /** Named in every message about this request, e.g. "page 3". */
  what: string;
  /** An Authorization header, e.g. from credentials given in the API's URL. */
  authorization?: string;
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
  const digest = new ByteDigest();
  try {
    if (response.body) {
      for await (const chunk of response.body) {
        digest.add(chunk);
        if (digest.bytes > cap) {
          throw new AttemptError(`${label}: the body is over the ${cap}-byte cap`, false);
        }
        await onDisk(`write ${path}`, () => file.write(chunk));
      }
    }
  } finally {
    await file.close();
  }
  return digest.result();
}

/** The read deadline passed: not worth another attempt. */
function deadlineError(label: string, settings: HttpSettings): SourceError {
  return new SourceError(
    `${label}: the read did not finish within its deadline of ${settings.readDeadlineMs / 1000} s ` +
      '(SPACEX_READ_DEADLINE_MS); nothing was loaded. Raise it for a slow API, or run again later.',
  );
}

/**
 * Sends the request, following 307 and 308 redirects to the same origin (they keep the method
 * and body). A 301, 302 or 303 would turn the POST query into a GET, and another origin would
 * receive the request: both are errors naming the status and the Location.
 */
async function send(request: HttpRequest, signal: AbortSignal): Promise<Response> {
  let url = request.url;
  for (let hop = 0; ; hop++) {
    const response = await fetch(url, {
      method: request.method,
      signal,
      redirect: 'manual',
      headers: {
        accept: 'application/json',
        'content-type': 'application/json',
        ...(request.authorization ? { authorization: request.authorization } : {}),
      },
      ...(request.body === undefined ? {} : { body: JSON.stringify(request.body) }),
    });
    if (response.status < 300 || response.status > 399 || response.status === 304) return response;
    await response.body?.cancel().catch(() => {});
    const location = response.headers.get('location');
    const label = `${request.method} ${redactUrl(url)} (${request.what})`;
    const next =
      location === null ? null : URL.canParse(location, url) ? new URL(location, url) : null;
    const said = `HTTP ${response.status} to ${location === null ? '(no Location)' : redactUrl(location)}`;
    if (response.status !== 307 && response.status !== 308) {
      throw new SourceError(
        `${label}: ${said}. A ${response.status} redirect turns the POST query into a GET, so it is not followed: ` +
          'set SPACEX_API_URL to where the API now is.',
      );
    }
    if (next === null || next.origin !== new URL(url).origin) {
      throw new SourceError(
        `${label}: ${said}, another origin; redirects are followed within ${new URL(url).origin} only. ` +
          'Set SPACEX_API_URL to where the API now is.',
      );
    }
    if (hop >= MAX_REDIRECTS) {
      throw new SourceError(`${label}: more than ${MAX_REDIRECTS} redirects. Stopped.`);
    }
    url = next.href;
  }
}

async function attempt(
  request: HttpRequest,
  settings: HttpSettings,
  path: string,
  deadline: AbortSignal | undefined,
): Promise<Omit<SavedBody, 'attempts'>> {
  const label = `${request.method} ${redactUrl(request.url)} (${request.what})`;
  const timeout = AbortSignal.timeout(settings.timeoutMs);
  const signal = deadline ? AbortSignal.any([timeout, deadline]) : timeout;
  let response: Response;
  try {
    response = await send(request, signal);
  } catch (error) {
    if (error instanceof SourceError) throw error;
    if (deadline?.aborted) throw deadlineError(label, settings);
    const cause =
      error instanceof Error && error.cause instanceof Error ? error.cause.message : String(error);
    const reason = timeout.aborted
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
    if (deadline?.aborted) throw deadlineError(label, settings);
    const reason = timeout.aborted
      ? `the body did not arrive within ${settings.timeoutMs} ms`
      : `the body was cut short (${errorMessage(error)})`;
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
  /** Aborts when the whole read is out of time (see readDeadlineMs). */
  deadline?: AbortSignal;
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
      return { ...(await attempt(request, settings, path, hooks.deadline)), attempts: n };
    } catch (error) {
      if (!(error instanceof AttemptError)) throw error;
      const advice = `If the API stays unavailable: ${OFFLINE_ADVICE}`;
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
      try {
        await sleep(wait, undefined, hooks.deadline ? { signal: hooks.deadline } : {});
      } catch {
        throw deadlineError(
          `${request.method} ${redactUrl(request.url)} (${request.what})`,
          settings,
        );
      }
    }
  }
}
