/**
 * Reads every launch from `POST /v5/launches/query`, page by page, sorted by flight number (and
 * id, so the order is total), until `hasNextPage` is false. Each page goes to a file in `dir` as
 * it arrives (the run's archive, or a spool removed after the run), so no page is held in
 * memory; its paging fields are checked by streaming it back.
 *
 * A complete read is proven, not assumed: every page must report page 1's totalDocs, limit and
 * totalPages (a change means the data moved while paging: the read starts again from page 1, up
 * to MAX_READS times), hold at most `limit` launches (exactly `limit` but on the last page),
 * and the pages must add up to totalDocs. The read never goes past page 1's totalPages, and
 * stops at the read deadline.
 */
import { readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { onDisk, SourceError } from '../errors.js';
import { type HttpHooks, type HttpSettings, requestToFile } from './http.js';
import { JsonFile, scanOnce } from './json-stream.js';
import { checkPageOfRead, checkTotals, MovedWhilePaging, pageMeta, type Totals } from './paging.js';
import type { PageFile, SourceRead } from './source.js';

export interface ApiReadOptions {
  baseUrl: string;
  /** The query endpoint; default `/v5/launches/query`. */
  path?: string;
  /** The page order; default flight number, then id. Any total order will do. */
  sort?: Record<string, 'asc' | 'desc'>;
  /** Aborts when the whole run's read is out of time; default: this read's own deadline. */
  deadline?: AbortSignal;
  pageSize: number;
  /** An Authorization header for every request (credentials given in SPACEX_API_URL). */
  authorization?: string;
  /** Where the pages are written, one file each. */
  dir: string;
  http: HttpSettings;
  hooks?: HttpHooks & {
    onPage?: (page: number, totalPages: number, launches: number) => void;
    /** Called when the data moved while paging and the read starts again. */
    onReread?: (reason: string, nextRead: number) => void;
  };
}

/** Reads of the whole collection before giving up on data that keeps moving while paging. */
export const MAX_READS = 3;

export function queryUrl(baseUrl: string, path = '/v5/launches/query'): string {
  return `${baseUrl.replace(/\/+$/, '')}${path}`;
}

export async function readFromApi(options: ApiReadOptions): Promise<SourceRead> {
  const url = queryUrl(options.baseUrl, options.path);
  const deadline = options.deadline ?? AbortSignal.timeout(options.http.readDeadlineMs);
  for (let read = 1; ; read++) {
    try {
      return { kind: 'api', location: url, pages: await readPages(url, options, deadline) };
    } catch (error) {
      if (!(error instanceof MovedWhilePaging)) throw error;
      if (read >= MAX_READS) {
        throw new SourceError(
          `${url}: ${error.message}; the data kept changing over ${MAX_READS} reads. Nothing was loaded: run again later.`,
        );
      }
      options.hooks?.onReread?.(error.message, read + 1);
      // Pages of the abandoned read must not stay beside the next one's.
      await onDisk(`clear the pages of an abandoned read in ${options.dir}`, async () => {
        for (const file of await readdir(options.dir)) {
          if (/^page-\d+\.json$/.test(file)) await rm(join(options.dir, file));
        }
      });
    }
  }
}

/** One read of every page; throws MovedWhilePaging when a page's totals differ from page 1's. */
async function readPages(
  url: string,
  options: ApiReadOptions,
  deadline: AbortSignal,
): Promise<PageFile[]> {
  const pages: PageFile[] = [];
  let launches = 0;
  let first: Totals | null = null;
  for (let page = 1; first === null || page <= first.totalPages; page++) {
    const what = `page ${page}`;
    const body = {
      query: {},
      options: {
        limit: options.pageSize,
        page,
        sort: options.sort ?? { flight_number: 'asc', _id: 'asc' },
      },
    };
    const path = join(options.dir, pageFileName(page));
    const request = {
      url,
      method: 'POST' as const,
      body,
      what,
      ...(options.authorization ? { authorization: options.authorization } : {}),
    };
    const saved = await requestToFile(request, options.http, path, {
      ...options.hooks,
      deadline,
    });
    const where = `POST ${url} (${what})`;
    // Scanned once, here: the load takes each launch from where this scan found it.
    const { file, records } = await scanOnce(new JsonFile(path, 'docs', where));
    const parsed = pageMeta(file.skeleton, file.count, where);
    if (parsed.page !== page) {
      throw new SourceError(
        `${where}: asked for page ${page}, the API answered page ${parsed.page}. Stopped.`,
      );
    }
    first ??= checkTotals(parsed, where);
    checkPageOfRead(parsed, page, first, where);
    pages.push({
      format: 'api-page',
      url,
      page,
      path,
      receivedAt: new Date(),
      expected: { bytes: saved.bytes, sha256: saved.sha256 },
      records,
    });
    launches += parsed.docsCount;
    options.hooks?.onPage?.(page, first.totalPages, launches);
  }
  return pages;
}

/** `page-0001.json`: sorts in page order. */
export const pageFileName = (page: number) => `page-${String(page).padStart(4, '0')}.json`;
