/**
 * Secrets never reach a message: every place that prints or stores a URL or an error goes
 * through here. URLs are read as the drivers read them (WHATWG URL parsing, which postgres.js
 * and fetch use): the user info ends at the LAST `@` of the authority, so a password may hold
 * unencoded `@`, `:` or spaces; `password` and `sslpassword` may also come as query parameters.
 */

/** `scheme://user:` then anything up to the last `@` before the path: the password. */
const URL_PASSWORD = /\b([a-z][a-z0-9+.-]*:\/\/[^:/?#@\s]*):[^/?#\s]*@/gi;
/** `?password=…`, `&sslpassword=…` (libpq's names, which postgres.js also reads). */
const QUERY_PASSWORD = /([?&](?:ssl)?password=)[^&#\s]*/gi;

/** `postgres://user:secret@host:5432/db?sslpassword=x` becomes `postgres://user:***@host:5432/db?sslpassword=***`. */
export function redactUrl(url: string): string {
  return url.replace(URL_PASSWORD, '$1:***@').replace(QUERY_PASSWORD, '$1***');
}

/** Redacts every URL's credentials in a text, and the given secrets wherever they appear. */
export function redactText(text: string, secrets: readonly string[] = []): string {
  let out = text;
  // Longest first: a secret that contains another is removed whole.
  for (const secret of [...secrets].sort((a, b) => b.length - a.length)) {
    if (secret.length > 0) out = out.split(secret).join('***');
  }
  return redactUrl(out);
}

/**
 * Every form in which a URL's secrets could be printed: each password (in the user info, or as
 * a `password`/`sslpassword` parameter) as written in the URL and as decoded. A space in a
 * password splits a URL in a log line, which the patterns above cannot see: these can.
 */
export function urlSecrets(url: string): string[] {
  const found = new Set<string>();
  const add = (raw: string) => {
    if (raw === '') return;
    found.add(raw);
    try {
      found.add(decodeURIComponent(raw));
    } catch {
      // Not percent-encoded text: kept as written.
    }
  };
  const scheme = url.indexOf('://');
  if (scheme >= 0) {
    // The authority runs to the first `/`, `?` or `#`; its user info to its last `@`.
    const rest = url.slice(scheme + 3);
    const end = rest.search(/[/?#]/);
    const authority = end < 0 ? rest : rest.slice(0, end);
    const at = authority.lastIndexOf('@');
    const colon = authority.indexOf(':');
    if (at > 0 && colon >= 0 && colon < at) add(authority.slice(colon + 1, at));
  }
  for (const match of url.matchAll(/[?&](?:ssl)?password=([^&#]*)/gi)) add(match[1] ?? '');
  try {
    add(new URL(url).password);
  } catch {
    // Not a URL: what was found by hand is all there is.
  }
  return [...found];
}

/**
 * `text` safe to print and to store: control characters (C0, DEL, C1: a terminal's escape
 * sequences among them) as `\xNN`, NUL included, and unpaired surrogates as U+FFFD; with
 * `keepLines`, line feeds and tabs stay. For data quoted in output: a serial, a launch's name or
 * an input's first bytes must not drive the reader's terminal.
 */
export function printable(text: string, options: { keepLines?: boolean } = {}): string {
  // \p{Cc}: C0, DEL and C1; with keepLines, all of them but line feed and tab.
  const control = options.keepLines ? /[^\P{Cc}\n\t]/gu : /\p{Cc}/gu;
  return text
    .toWellFormed()
    .replace(control, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}

/**
 * `url` without its user info, and that user info as a Basic Authorization header value (fetch
 * refuses a URL with credentials: they travel as a header instead, and never print).
 */
export function credentialsAsHeader(url: string | URL): { url: URL; authorization?: string } {
  const bare = new URL(url);
  if (!bare.username && !bare.password) return { url: bare };
  const user = `${decodeURIComponent(bare.username)}:${decodeURIComponent(bare.password)}`;
  bare.username = '';
  bare.password = '';
  return { url: bare, authorization: `Basic ${Buffer.from(user).toString('base64')}` };
}
