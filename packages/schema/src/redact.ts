/** Passwords never reach a message: every place that prints a URL or an error goes through here. */

const URL_WITH_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^@\s]*@/gi;

/** `postgres://user:secret@host:5432/db` becomes `postgres://user:***@host:5432/db` (any scheme). */
export function redactUrl(url: string): string {
  return url.replace(URL_WITH_PASSWORD, '$1:***@');
}

/** Redacts every connection URL in a text, and the given secrets wherever they appear. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = redactUrl(text);
  for (const secret of secrets) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return out;
}

/** The password of a connection URL, if it has one; decoded as the server will see it. */
export function passwordOf(url: string): string | undefined {
  try {
    const password = new URL(url).password;
    return password ? decodeURIComponent(password) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The message of the deepest cause of an error, with its code: drivers' own words ("password
 * authentication failed", "ECONNREFUSED") sit under wrappers like Drizzle's "Failed query".
 */
export function rootCauseMessage(error: unknown): string {
  let current: unknown = error;
  while (current instanceof Error && current.cause !== undefined) current = current.cause;
  if (!(current instanceof Error)) return String(current);
  const code = (current as { code?: unknown }).code;
  const message =
    current.message ||
    (current as { errors?: Error[] }).errors?.map((e) => e.message).join('; ') ||
    current.name;
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
