/**
 * Validates each launch on its own against the contract. Invalid launches are reported with
 * their id, name and every issue's path; unknown fields are not errors but schema drift.
 */
import { type Json, Launch, UNSTORABLE_TEXT } from '@spacex/schema/contract';
import * as v from 'valibot';

export interface ValidLaunch {
  launch: Launch;
  /** The launch exactly as read, unknown fields included. */
  source: Json;
}

export interface RejectedLaunch {
  /** Index in what was read, from 0. */
  position: number;
  launchId: string | null;
  launchName: string | null;
  source: Json;
  /** Each as `path: message`. */
  issues: string[];
}

export interface Validation {
  valid: ValidLaunch[];
  rejected: RejectedLaunch[];
  /** Paths of fields the contract does not know, e.g. `links.podcast`, each once. */
  drift: string[];
}

/** `cores[0].flight` from valibot's path items. */
export function issuePath(issue: v.BaseIssue<unknown>): string {
  let path = '';
  for (const item of issue.path ?? []) {
    const key = item.key;
    path += typeof key === 'number' ? `[${key}]` : path ? `.${String(key)}` : String(key);
  }
  return path || '(launch)';
}

/** `expected number, received "one"` for type issues; valibot's message for the rest. */
export function issueMessage(issue: v.BaseIssue<unknown>): string {
  if (issue.kind === 'schema') return `expected ${issue.expected}, received ${issue.received}`;
  return issue.message;
}

/** A text field of a launch as read, or null when it is missing or not text. */
export function textField(launch: Json, key: 'id' | 'name'): string | null {
  if (typeof launch !== 'object' || launch === null || Array.isArray(launch)) return null;
  const field = launch[key];
  return typeof field === 'string' ? field : null;
}

/** One line per invalid launch: `launch <id> "<name>": <path>: <message>; …`. */
export function describeRejected(rejected: RejectedLaunch): string {
  const who = `launch ${rejected.launchId ?? `#${rejected.position}`}${rejected.launchName === null ? '' : ` "${rejected.launchName}"`}`;
  return `${who}: ${rejected.issues.join('; ')}`;
}

/** Collects `prefix.key` for every key of `input` that `output` dropped, arrays as `[]`. */
function collectDrift(input: unknown, output: unknown, prefix: string, into: Set<string>): void {
  if (Array.isArray(input) && Array.isArray(output)) {
    for (const [i, item] of input.entries()) collectDrift(item, output[i], `${prefix}[]`, into);
    return;
  }
  if (typeof input !== 'object' || input === null || typeof output !== 'object' || output === null)
    return;
  const kept = output as Record<string, unknown>;
  for (const [key, value] of Object.entries(input)) {
    const path = prefix ? `${prefix}.${key}` : key;
    if (!(key in kept)) into.add(path);
    else collectDrift(value, kept[key], path, into);
  }
}

/** The path of the first string or key PostgreSQL cannot store, e.g. `details`; else null. */
export function findUnstorableText(value: Json, path = ''): string | null {
  if (typeof value === 'string') return UNSTORABLE_TEXT.test(value) ? path || '(launch)' : null;
  if (Array.isArray(value)) {
    for (const [i, item] of value.entries()) {
      const found = findUnstorableText(item, `${path}[${i}]`);
      if (found !== null) return found;
    }
    return null;
  }
  if (typeof value === 'object' && value !== null) {
    for (const [key, item] of Object.entries(value)) {
      const itemPath = path ? `${path}.${key}` : key;
      if (UNSTORABLE_TEXT.test(key)) return itemPath;
      const found = findUnstorableText(item, itemPath);
      if (found !== null) return found;
    }
  }
  return null;
}

/** A copy with every unstorable character written as its escape text (`\\u0000`), to keep a rejected launch. */
function escapeUnstorable(value: Json): Json {
  const escapeText = (text: string) =>
    text.replace(
      new RegExp(UNSTORABLE_TEXT.source, 'g'),
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  if (typeof value === 'string') return escapeText(value);
  if (Array.isArray(value)) return value.map(escapeUnstorable);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(
      Object.entries(value).map(([key, item]) => [escapeText(key), escapeUnstorable(item)]),
    );
  }
  return value;
}

/**
 * Validates one launch as read (at `position` in the read): valid, with the contract's typed
 * output, or rejected with every issue. Unknown fields of a valid launch are added to `drift`.
 */
export function validateLaunch(
  source: Json,
  position: number,
  drift: Set<string>,
): { valid: ValidLaunch } | { rejected: RejectedLaunch } {
  const result = v.safeParse(Launch, source);
  const unstorable = findUnstorableText(source);
  if (result.success && unstorable === null) {
    collectDrift(source, result.output, '', drift);
    return { valid: { launch: result.output, source } };
  }
  // Kept as sent, but for characters PostgreSQL cannot store, which are written escaped.
  const stored = unstorable === null ? source : escapeUnstorable(source);
  return {
    rejected: {
      position,
      launchId: textField(stored, 'id'),
      launchName: textField(stored, 'name'),
      source: stored,
      issues: [
        ...(unstorable === null
          ? []
          : [
              `${unstorable}: contains a NUL character or an unpaired surrogate, which PostgreSQL cannot store`,
            ]),
        ...(result.success
          ? []
          : result.issues.map((issue) => `${issuePath(issue)}: ${issueMessage(issue)}`)),
      ],
    },
  };
}

/** Validates a whole list (for callers that hold one; the ingest validates batch by batch). */
export function validateLaunches(launches: readonly Json[]): Validation {
  const valid: ValidLaunch[] = [];
  const rejected: RejectedLaunch[] = [];
  const drift = new Set<string>();
  launches.forEach((source, position) => {
    const checked = validateLaunch(source, position, drift);
    if ('valid' in checked) valid.push(checked.valid);
    else rejected.push(checked.rejected);
  });
  return { valid, rejected, drift: [...drift].sort() };
}
