/**
 * A message to a webhook when something needs a person: a failed run, a stale source. The body
 * is JSON with a Slack-compatible `text` and the details beside it. It is tried twice, each try
 * within a timeout; it never fails the command that sends it, and the URL (which may hold a
 * token) is redacted wherever it is printed.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { errorMessage } from './errors.js';
import { credentialsAsHeader, redactUrl } from './redact.js';

export interface Notice {
  /** One line a person reads first (Slack shows it). */
  text: string;
  [detail: string]: unknown;
}

export interface NotifyOptions {
  /** Per try, in milliseconds. */
  timeoutMs?: number;
  /** Before the second try. */
  retryAfterMs?: number;
  /** Told when the message could not be delivered, with why. */
  onFailure?: (message: string) => void;
}

/** Posts `notice` to `url`; resolves true once a try is answered 2xx, false otherwise. */
export async function notify(
  url: string,
  notice: Notice,
  { timeoutMs = 10_000, retryAfterMs = 1_000, onFailure = () => {} }: NotifyOptions = {},
): Promise<boolean> {
  const target = credentialsAsHeader(url);
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    ...(target.authorization ? { authorization: target.authorization } : {}),
  };
  let why = '';
  for (let attempt = 1; attempt <= 2; attempt++) {
    if (attempt > 1) await sleep(retryAfterMs);
    try {
      const response = await fetch(target.url, {
        method: 'POST',
        headers,
        body: JSON.stringify(notice),
        signal: AbortSignal.timeout(timeoutMs),
        redirect: 'error',
      });
      await response.body?.cancel();
      if (response.ok) return true;
      why = `HTTP ${response.status}`;
      // A refusal other than the server's own trouble will not change on a second try.
      if (response.status < 500 && response.status !== 429) break;
    } catch (error) {
      why = errorMessage(error);
    }
  }
  onFailure(`could not notify ${redactUrl(url)} (${why}); the message was: ${notice.text}`);
  return false;
}
