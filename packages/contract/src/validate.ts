/**
 * Validates each launch on its own against the contract. Invalid launches are reported with
 * their id, name and every issue's path; unknown fields are not errors but schema drift.
 */

import type * as v from 'valibot';
import { parseContract } from './compile.js';
import { ENTITY_CONTRACTS, type EntityName } from './entities.js';
import { isObjectId, type Json, Launch, UNSTORABLE_TEXT } from './launch.js';

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
export function textField(launch: Json, key: 'id' | 'name' | 'serial'): string | null {
  if (typeof launch !== 'object' || launch === null || Array.isArray(launch)) return null;
  const field = launch[key];
  return typeof field === 'string' ? field : null;
}

/**
 * A record's id if it can be read: a 24-digit lower-case hex string. A record without one cannot
 * say which stored record it stands for, so a read holding one proves nothing gone.
 */
export function readableId(record: Json): string | null {
  const id = textField(record, 'id');
  return id !== null && isObjectId(id) ? id : null;
}

/** One line per invalid launch: `launch <id> "<name>": <path>: <message>; …`. */
export function describeRejected(rejected: RejectedLaunch): string {
  const who = `launch ${rejected.launchId ?? `#${rejected.position}`}${rejected.launchName === null ? '' : ` "${rejected.launchName}"`}`;
  return `${who}: ${rejected.issues.join('; ')}`;
}

/**
 * Collects `prefix.key` for every key of `input` that `output` dropped, arrays as `[]`. Paths are
 * built only where they are needed (a dropped key, or a level to descend into): this walks every
 * field of every launch validated.
 */
function collectDrift(input: unknown, output: unknown, prefix: string, into: Set<string>): void {
  if (Array.isArray(input) && Array.isArray(output)) {
    if (input.length === 0 || !input.some(isContainer)) return;
    const path = `${prefix}[]`;
    for (let i = 0; i < input.length; i++) collectDrift(input[i], output[i], path, into);
    return;
  }
  if (!isRecord(input) || !isRecord(output)) return;
  for (const key in input) {
    if (!Object.hasOwn(output, key)) into.add(prefix ? `${prefix}.${key}` : key);
    else if (isContainer(input[key]))
      collectDrift(input[key], output[key], prefix ? `${prefix}.${key}` : key, into);
  }
}

const isContainer = (value: unknown): boolean => typeof value === 'object' && value !== null;
const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Deepest nesting kept: a real launch nests four levels; PostgreSQL and JSON.stringify recurse. */
export const MAX_DEPTH = 64;

/** Why a value cannot be stored exactly, and where. */
export interface Unstorable {
  path: string;
  reason: string;
}

const childPath = (path: string, key: string | number) =>
  typeof key === 'number' ? `${path}[${key}]` : path ? `${path}.${key}` : key;

/**
 * The first place in a launch that PostgreSQL cannot hold exactly as sent, else null: a string
 * or key with NUL or an unpaired surrogate, a number beyond double precision's range (JSON.parse
 * made it Infinity, which jsonb would store as null), or nesting deeper than MAX_DEPTH. It
 * recurses at most MAX_DEPTH levels, so no input can overflow the call stack, and builds the
 * path only for what it finds.
 */
export function findUnstorable(value: Json): Unstorable | null {
  const found = unstorableIn(value, 0);
  if (found === null) return null;
  const path = found.keys.reduceRight<string>((at, key) => childPath(at, key), '');
  return { path: path || '(launch)', reason: found.reason };
}

/**
 * True when a record's JSON text, as read, cannot hold anything findUnstorable finds, so the walk
 * can be skipped. `nesting` (levels of objects and arrays, the record itself being 1) must be
 * within MAX_DEPTH, `longNumbers` (it may hold a number beyond a double's range) false, and the
 * text must hold neither U+0000 nor an unpaired surrogate, as a character or as an escape.
 * `ascii`: the text is known to hold only ASCII characters (as many UTF-8 bytes as characters).
 * Such a text holds no surrogate, and JSON that parsed holds no raw U+0000, so only its escapes
 * are searched. False says only that the walk must decide.
 */
export function textIsStorable(
  text: string,
  nesting: number,
  longNumbers: boolean,
  ascii = false,
): boolean {
  if (longNumbers || nesting > MAX_DEPTH) return false;
  if (!ascii && UNSTORABLE_CHARACTER.test(text)) return false;
  // Escapes are rare: a search for one backslash-u costs a tenth of the regular expression.
  return !text.includes('\\u') || !UNSTORABLE_ESCAPE.test(text);
}

// biome-ignore lint/suspicious/noControlCharactersInRegex: finding U+0000 is the point.
const UNSTORABLE_CHARACTER = /[\u0000\ud800-\udfff]/;
const UNSTORABLE_ESCAPE = /\\u(?:0000|[dD][89a-fA-F])/;

/** What findUnstorable finds, with the keys leading to it innermost first. */
function unstorableIn(
  value: Json,
  depth: number,
): { keys: (string | number)[]; reason: string } | null {
  if (typeof value === 'string') {
    return UNSTORABLE_TEXT.test(value) ? { keys: [], reason: UNSTORABLE_REASON } : null;
  }
  if (typeof value === 'number') {
    return Number.isFinite(value) ? null : { keys: [], reason: OUT_OF_RANGE_REASON };
  }
  if (typeof value !== 'object' || value === null) return null;
  if (depth >= MAX_DEPTH) return { keys: [], reason: `nests deeper than ${MAX_DEPTH} levels` };
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = unstorableIn(value[i] as Json, depth + 1);
      if (found !== null) {
        found.keys.push(i);
        return found;
      }
    }
    return null;
  }
  for (const key in value) {
    if (UNSTORABLE_TEXT.test(key)) return { keys: [key], reason: UNSTORABLE_REASON };
    const found = unstorableIn(value[key] as Json, depth + 1);
    if (found !== null) {
      found.keys.push(key);
      return found;
    }
  }
  return null;
}

const UNSTORABLE_REASON =
  'contains a NUL character or an unpaired surrogate, which PostgreSQL cannot store';
const OUT_OF_RANGE_REASON =
  'is a number beyond the range of a double (about ±1.8e308), which would not be kept exactly';

/**
 * A copy fit for raw.rejected_launches: unstorable characters written as their escape text
 * (`\\u0000`), numbers beyond range and nesting beyond MAX_DEPTH replaced by a note.
 */
function storableCopy(value: Json, depth = 0): Json {
  const escapeText = (text: string) =>
    text.replace(
      new RegExp(UNSTORABLE_TEXT.source, 'g'),
      (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`,
    );
  if (typeof value === 'string') return escapeText(value);
  if (typeof value === 'number') return Number.isFinite(value) ? value : `(not kept: ${value})`;
  if (typeof value !== 'object' || value === null) return value;
  if (depth >= MAX_DEPTH) return `(not kept: nested deeper than ${MAX_DEPTH} levels)`;
  if (Array.isArray(value)) return value.map((item) => storableCopy(item, depth + 1));
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [escapeText(key), storableCopy(item, depth + 1)]),
  );
}

/**
 * How a record was read. With its text and nesting, a test of the text stands in for the walk
 * of findUnstorable (about a tenth of the cost) wherever the text cannot hold anything it finds.
 */
export interface RecordAsRead {
  /** Its bytes were not UTF-8 (the text holds U+FFFD where they were). */
  invalidUtf8?: boolean;
  /** Its JSON text as read, which `source` was parsed from. */
  text?: string;
  /** Levels of objects and arrays in the text, the record itself being 1. */
  nesting?: number;
  /** The text may hold a number beyond a double's range (one with an exponent, or a long one). */
  longNumbers?: boolean;
  /** The text holds only ASCII characters: only its escapes can be unstorable. */
  ascii?: boolean;
}

/** What `checkRecord` found: the record's typed output, or the issues that refuse it. */
type Checked<T> = { output: T } | { issues: string[]; stored: Json };

/**
 * Checks one record as read against `schema`: first what the database cannot hold exactly (the
 * contract and the drift walk recurse, so they only see what is storable), then the contract.
 * Unknown fields of a valid record are added to `drift`; a refused one comes with every issue
 * and a copy fit to store.
 */
function checkRecord<T>(
  schema: v.GenericSchema<unknown, T>,
  source: Json,
  read: RecordAsRead,
  drift: Set<string>,
): Checked<T> {
  const unstorable =
    read.text !== undefined &&
    read.nesting !== undefined &&
    read.longNumbers !== undefined &&
    textIsStorable(read.text, read.nesting, read.longNumbers, read.ascii)
      ? null
      : findUnstorable(source);
  const extra = { found: false };
  const result = unstorable === null ? parseContract(schema, source, extra) : null;
  if (result?.success && !read.invalidUtf8) {
    if (extra.found) collectDrift(source, result.output, '', drift);
    return { output: result.output };
  }
  return {
    stored: unstorable === null ? source : storableCopy(source),
    issues: [
      ...(read.invalidUtf8
        ? [
            '(launch): holds bytes that are not valid UTF-8 (kept here as U+FFFD); the source must send UTF-8',
          ]
        : []),
      ...(unstorable === null ? [] : [`${unstorable.path}: ${unstorable.reason}`]),
      ...(result === null || result.success
        ? []
        : result.issues.map((issue) => `${issuePath(issue)}: ${issueMessage(issue)}`)),
    ],
  };
}

/**
 * Validates one launch as read (at `position` in the read): valid, with the contract's typed
 * output, or rejected with every issue. Unknown fields of a valid launch are added to `drift`.
 */
export function validateLaunch(
  source: Json,
  read: RecordAsRead & { position: number },
  drift: Set<string>,
): { valid: ValidLaunch } | { rejected: RejectedLaunch } {
  const checked = checkRecord(Launch, source, read, drift);
  if ('output' in checked) return { valid: { launch: checked.output, source } };
  return {
    rejected: {
      position: read.position,
      launchId: textField(checked.stored, 'id'),
      launchName: textField(checked.stored, 'name'),
      source: checked.stored,
      issues: checked.issues,
    },
  };
}

/** A record of another entity that broke its contract: which entity, where, and why. */
export interface RejectedRecord {
  entity: EntityName;
  position: number;
  id: string | null;
  /** Its serial (cores, capsules) or name, as read. */
  label: string | null;
  source: Json;
  issues: string[];
}

/** Validates one record of `entity` as read, as validateLaunch does a launch. */
export function validateEntity<E extends EntityName>(
  entity: E,
  source: Json,
  read: RecordAsRead & { position: number },
  drift: Set<string>,
):
  | { valid: { value: v.InferOutput<(typeof ENTITY_CONTRACTS)[E]>; source: Json } }
  | { rejected: RejectedRecord } {
  const schema: v.GenericSchema<
    unknown,
    v.InferOutput<(typeof ENTITY_CONTRACTS)[E]>
  > = ENTITY_CONTRACTS[entity];
  const checked = checkRecord(schema, source, read, drift);
  if ('output' in checked) return { valid: { value: checked.output, source } };
  return {
    rejected: {
      entity,
      position: read.position,
      id: textField(checked.stored, 'id'),
      label: textField(checked.stored, 'serial') ?? textField(checked.stored, 'name'),
      source: checked.stored,
      issues: checked.issues,
    },
  };
}

/** One line per refused record: `cores B1058 (5e9e…): <path>: <message>; …`. */
export function describeRejectedRecord(rejected: RejectedRecord): string {
  const who = [
    rejected.label === null ? null : `"${rejected.label}"`,
    rejected.id ?? `#${rejected.position}`,
  ]
    .filter((part) => part !== null)
    .join(' ');
  return `${rejected.entity} ${who}: ${rejected.issues.join('; ')}`;
}

/** Validates a whole list (for callers that hold one; the ingest validates batch by batch). */
export function validateLaunches(launches: readonly Json[]): Validation {
  const valid: ValidLaunch[] = [];
  const rejected: RejectedLaunch[] = [];
  const drift = new Set<string>();
  launches.forEach((source, position) => {
    const checked = validateLaunch(source, { position }, drift);
    if ('valid' in checked) valid.push(checked.valid);
    else rejected.push(checked.rejected);
  });
  return { valid, rejected, drift: [...drift].sort() };
}
