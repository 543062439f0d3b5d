/**
 * Validates each launch on its own against the contract. Invalid launches are reported with
 * their id, name and every issue's path; unknown fields are not errors but schema drift.
 */
import { type Json, Launch } from '@spacex/schema/contract';
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

const textField = (value: unknown, key: string): string | null => {
  if (typeof value !== 'object' || value === null) return null;
  const field: unknown = (value as Record<string, unknown>)[key];
  return typeof field === 'string' ? field : null;
};

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

export function validateLaunches(launches: readonly Json[]): Validation {
  const valid: ValidLaunch[] = [];
  const rejected: RejectedLaunch[] = [];
  const drift = new Set<string>();
  launches.forEach((source, position) => {
    const result = v.safeParse(Launch, source);
    if (result.success) {
      valid.push({ launch: result.output, source });
      collectDrift(source, result.output, '', drift);
    } else {
      rejected.push({
        position,
        launchId: textField(source, 'id'),
        launchName: textField(source, 'name'),
        source,
        issues: result.issues.map((issue) => `${issuePath(issue)}: ${issueMessage(issue)}`),
      });
    }
  });
  return { valid, rejected, drift: [...drift].sort() };
}
