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
import { drain, JsonFile } from './json-stream.js';
import { type ApiPage, type PageFile, pageMeta, type SourceRead } from './source.js';

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

/** The paging totals every page of one read must agree on. */
type Totals = Pick<ApiPage, 'totalDocs' | 'limit' | 'totalPages'>;

/** The data moved while paging: the read is worth starting again. */
class MovedWhilePaging extends Error {}

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

/**
 * Page `page` of a read that page 1 began with `first`'s totals: the same totals (else
 * MovedWhilePaging), as many launches as its place takes, and hasNextPage false only on the last.
 */
function checkPageOfRead(parsed: ApiPage, page: number, first: Totals, where: string): void {
  const moved = (['totalDocs', 'limit', 'totalPages'] as const).filter(
    (key) => parsed[key] !== first[key],
  );
  if (moved.length > 0) {
    throw new MovedWhilePaging(
      `page ${page} reports ${moved.map((k) => `${k} ${parsed[k]}`).join(', ')} where page 1 reported ` +
        `${moved.map((k) => `${k} ${first[k]}`).join(', ')}: the data changed while paging`,
    );
  }
  const isLast = page === first.totalPages;
  const expected = isLast ? first.totalDocs - (first.totalPages - 1) * first.limit : first.limit;
  if (parsed.docsCount !== expected || parsed.hasNextPage === isLast) {
    throw new SourceError(
      `${where}: holds ${parsed.docsCount} launches and says hasNextPage ${parsed.hasNextPage}, where page ${page} of ` +
        `${first.totalPages} (totalDocs ${first.totalDocs}, limit ${first.limit}) should hold ${expected} and say ` +
        `hasNextPage ${!isLast}. The API sent an inconsistent page; nothing was loaded. Run again later.`,
    );
  }
}

/**
 * The pages of an archived API read, checked as the live read checked them: in order from page
 * 1, each with page 1's totals and the launches its place takes, and none missing at the end.
 * An archive edited, or written by an older version that checked less, fails here.
 */
export async function checkArchivedApiPages(pages: readonly PageFile[]): Promise<void> {
  let first: Totals | null = null;
  for (const [i, file] of pages.entries()) {
    const where = `archived ${file.path}`;
    const drained = await drain(new JsonFile(file.path, 'docs', where));
    const parsed = pageMeta(drained.skeleton, drained.count, where);
    if (parsed.page !== i + 1) {
      throw new SourceError(
        `${where}: holds page ${parsed.page} where page ${i + 1} belongs. The archive is not one read.`,
      );
    }
    first ??= checkTotals(parsed, where);
    try {
      checkPageOfRead(parsed, i + 1, first, where);
    } catch (error) {
      if (!(error instanceof MovedWhilePaging)) throw error;
      throw new SourceError(`${where}: ${error.message}. The archive is not one consistent read.`);
    }
  }
  if (first !== null && pages.length !== first.totalPages) {
    throw new SourceError(
      `archived read of ${pages.length} page(s) where page 1 reports totalPages ${first.totalPages}: pages are missing.`,
    );
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
    // Only counted here: the load streams the docs from the file later.
    const file = await drain(new JsonFile(path, 'docs', where));
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
    });
    launches += parsed.docsCount;
    options.hooks?.onPage?.(page, first.totalPages, launches);
  }
  return pages;
}

/** Page 1's totals, if they agree with one another (so they bound the read). */
function checkTotals(page: ApiPage, where: string): Totals {
  const { totalDocs, limit, totalPages } = page;
  const pagesNeeded = Math.max(1, Math.ceil(totalDocs / limit));
  if (totalDocs < 0 || limit < 1 || totalPages !== pagesNeeded) {
    throw new SourceError(
      `${where}: reports totalDocs ${totalDocs}, limit ${limit} and totalPages ${totalPages}, which do not agree ` +
        `(${totalDocs} launches at ${limit} a page take ${pagesNeeded} page(s)). Stopped.`,
    );
  }
  return { totalDocs, limit, totalPages };
}

/** `page-0001.json`: sorts in page order. */
export const pageFileName = (page: number) => `page-${String(page).padStart(4, '0')}.json`;
