/**
 * Reads every launch from `POST /v5/launches/query`, page by page, sorted by flight number, until
 * `hasNextPage` is false. Each page goes to a file in `dir` as it arrives (the run's archive, or
 * a spool removed after the run), so no page is held in memory; its paging fields are checked
 * by streaming it back. The loop is guarded: an empty page that claims more, a page beyond
 * `totalPages`, a page other than the one asked for, or a total that does not add up stops the
 * run with an error instead of looping or loading a partial read.
 */
import { join } from 'node:path';
import { SourceError } from '../errors.js';
import { type HttpHooks, type HttpSettings, requestToFile } from './http.js';
import { drain, JsonFile } from './json-stream.js';
import { type PageFile, pageMeta, type SourceRead } from './source.js';

export interface ApiReadOptions {
  baseUrl: string;
  pageSize: number;
  /** Where the pages are written, one file each. */
  dir: string;
  http: HttpSettings;
  hooks?: HttpHooks & { onPage?: (page: number, totalPages: number, launches: number) => void };
}

export function queryUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/v5/launches/query`;
}

export async function readFromApi(options: ApiReadOptions): Promise<SourceRead> {
  const url = queryUrl(options.baseUrl);
  const pages: PageFile[] = [];
  let launches = 0;
  let totalPages = Number.POSITIVE_INFINITY;
  let totalDocs = 0;
  for (let page = 1; ; page++) {
    if (page > totalPages) {
      throw new SourceError(
        `${url}: page ${page} would be beyond totalPages ${totalPages}, yet the last page said hasNextPage. Stopped.`,
      );
    }
    const what = `page ${page}`;
    const body = {
      query: {},
      options: { limit: options.pageSize, page, sort: { flight_number: 'asc' } },
    };
    const path = join(options.dir, pageFileName(page));
    const saved = await requestToFile(
      { url, method: 'POST', body, what },
      options.http,
      path,
      options.hooks,
    );
    const where = `POST ${url} (${what})`;
    // Only counted here: the load streams the docs from the file later.
    const file = await drain(new JsonFile(path, 'docs', where));
    const parsed = pageMeta(file.skeleton, file.count, where);
    if (parsed.page !== page) {
      throw new SourceError(
        `${where}: asked for page ${page}, the API answered page ${parsed.page}. Stopped.`,
      );
    }
    if (page === 1) {
      totalPages = parsed.totalPages;
      totalDocs = parsed.totalDocs;
    }
    if (parsed.docsCount === 0 && parsed.hasNextPage) {
      throw new SourceError(
        `${where}: the page is empty but says hasNextPage; stopped rather than loop.`,
      );
    }
    pages.push({
      format: 'api-page',
      url,
      page,
      path,
      receivedAt: new Date(),
      expected: { bytes: saved.bytes, sha256: saved.sha256 },
    });
    launches += parsed.docsCount;
    options.hooks?.onPage?.(page, totalPages, launches);
    if (!parsed.hasNextPage) break;
  }
  if (launches !== totalDocs) {
    throw new SourceError(
      `${url}: read ${launches} launches over ${pages.length} page(s) but the API reported totalDocs ${totalDocs}; ` +
        'the data may have changed while paging. Run again.',
    );
  }
  return { kind: 'api', location: url, pages };
}

/** `page-0001.json`: sorts in page order. */
export const pageFileName = (page: number) => `page-${String(page).padStart(4, '0')}.json`;
