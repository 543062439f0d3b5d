/** What every source produces: the bytes as received, page by page, and the launches in them. */
import type { Json } from '@spacex/schema/contract';
import * as v from 'valibot';
import { SourceError } from '../errors.js';

export type SourceKind = 'api' | 'file' | 'archive';

/** `api-page`: a `POST /v5/launches/query` page; `launch-array`: a `GET /v5/launches` array. */
export type PageFormat = 'api-page' | 'launch-array';

export interface RawPage {
  format: PageFormat;
  url: string;
  /** 1-based. */
  page: number;
  bytes: Buffer;
  receivedAt: Date;
}

export interface SourceRead {
  kind: SourceKind;
  /** URL or path, fit to print. */
  location: string;
  pages: RawPage[];
  /** Every launch of every page, in order, not yet validated. */
  launches: Json[];
  /** The page each launch came from, by index in `launches`. */
  pageOf: number[];
}

/** The paging fields of a query page; `docs` is checked to be an array and kept as JSON. */
const ApiPageMeta = v.looseObject({
  docs: v.array(v.unknown()),
  totalDocs: v.pipe(v.number(), v.integer()),
  totalPages: v.pipe(v.number(), v.integer()),
  page: v.pipe(v.number(), v.integer()),
  hasNextPage: v.boolean(),
});
export interface ApiPage {
  docs: Json[];
  totalDocs: number;
  totalPages: number;
  page: number;
  hasNextPage: boolean;
}

function parseJson(bytes: Buffer, where: string): Json {
  try {
    const json: Json = JSON.parse(bytes.toString('utf8'));
    return json;
  } catch (error) {
    const start = bytes.subarray(0, 60).toString('utf8').replace(/\s+/g, ' ');
    throw new SourceError(
      `${where}: the body is not valid JSON (${error instanceof Error ? error.message : String(error)}; ` +
        `${bytes.length} bytes, starting "${start}"). The response was cut short or is not the API's.`,
    );
  }
}

/** Parses one page of the launches query, or says what was expected instead. */
export function parseApiPage(bytes: Buffer, where: string): ApiPage {
  const json = parseJson(bytes, where);
  const result = v.safeParse(ApiPageMeta, json);
  const docs = isObject(json) ? json.docs : undefined;
  if (!result.success || !Array.isArray(docs)) {
    throw new SourceError(
      `${where}: expected a query page, an object with docs (an array), totalDocs, totalPages, page and hasNextPage; ` +
        `got ${result.success ? 'no docs array' : describeIssues(result.issues)}`,
    );
  }
  const { totalDocs, totalPages, page, hasNextPage } = result.output;
  return { docs, totalDocs, totalPages, page, hasNextPage };
}

/** Parses a saved `GET /v5/launches` response: a JSON array of launches. */
export function parseLaunchArray(bytes: Buffer, where: string): Json[] {
  const json = parseJson(bytes, where);
  if (!Array.isArray(json)) {
    throw new SourceError(
      `${where}: expected a JSON array of launches (a saved GET /v5/launches response); got ${kindOf(json)}`,
    );
  }
  return json;
}

function isObject(value: Json): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${v.getDotPath(issue) ?? '(top level)'}: ${issue.message}`)
    .join('; ');
}
