/**
 * Reads every launch from `POST /v5/launches/query`, page by page, sorted by flight number, until
 * `hasNextPage` is false. The loop is guarded: an empty page that claims more, a page beyond
 * `totalPages`, a page other than the one asked for, or a total that does not add up stops the
 * run with an error instead of looping or loading a partial read.
 */
import type { Json } from '@spacex/schema/contract';
import { SourceError } from '../errors.js';
import { type HttpHooks, type HttpSettings, requestBytes } from './http.js';
import { parseApiPage, type RawPage, type SourceRead } from './source.js';

export interface ApiReadOptions {
  baseUrl: string;
  pageSize: number;
  http: HttpSettings;
  hooks?: HttpHooks & { onPage?: (page: number, totalPages: number, launches: number) => void };
}

export function queryUrl(baseUrl: string): string {
  return `${baseUrl.replace(/\/+$/, '')}/v5/launches/query`;
}

export async function readFromApi(options: ApiReadOptions): Promise<SourceRead> {
  const url = queryUrl(options.baseUrl);
  const pages: RawPage[] = [];
  const launches: Json[] = [];
  const pageOf: number[] = [];
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
    const { bytes } = await requestBytes(
      { url, method: 'POST', body, what },
      options.http,
      options.hooks,
    );
    const where = `POST ${url} (${what})`;
    const parsed = parseApiPage(bytes, where);
    if (parsed.page !== page) {
      throw new SourceError(
        `${where}: asked for page ${page}, the API answered page ${parsed.page}. Stopped.`,
      );
    }
    if (page === 1) {
      totalPages = parsed.totalPages;
      totalDocs = parsed.totalDocs;
    }
    if (parsed.docs.length === 0 && parsed.hasNextPage) {
      throw new SourceError(
        `${where}: the page is empty but says hasNextPage; stopped rather than loop.`,
      );
    }
    pages.push({ format: 'api-page', url, page, bytes, receivedAt: new Date() });
    for (const doc of parsed.docs) {
      launches.push(doc);
      pageOf.push(page);
    }
    options.hooks?.onPage?.(page, totalPages, launches.length);
    if (!parsed.hasNextPage) break;
  }
  if (launches.length !== totalDocs) {
    throw new SourceError(
      `${url}: read ${launches.length} launches over ${pages.length} page(s) but the API reported totalDocs ${totalDocs}; ` +
        'the data may have changed while paging. Run again.',
    );
  }
  return { kind: 'api', location: url, pages, launches, pageOf };
}
