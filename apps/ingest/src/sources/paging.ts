/**
 * The paging of a query read: each page's paging fields, and the rules every page of one read
 * must keep (page 1's totals, as many records as its place takes, none missing). The live read
 * checks them page by page as it fetches; a replayed archive as its pages are read back for the
 * load, in the same pass.
 */
import * as v from 'valibot';
import { SourceError } from '../errors.js';

/** The paging fields of a query page; `docs` is checked to be an array and kept as JSON. */
const ApiPageMeta = v.looseObject({
  docs: v.array(v.unknown()),
  totalDocs: v.pipe(v.number(), v.integer()),
  limit: v.pipe(v.number(), v.integer()),
  totalPages: v.pipe(v.number(), v.integer()),
  page: v.pipe(v.number(), v.integer()),
  hasNextPage: v.boolean(),
});
export interface ApiPage {
  docsCount: number;
  totalDocs: number;
  limit: number;
  totalPages: number;
  page: number;
  hasNextPage: boolean;
}

/** Checks the paging fields of a query page (its docs emptied, as streamed), or says what was expected. */
export function pageMeta(skeleton: unknown, docsCount: number, where: string): ApiPage {
  const result = v.safeParse(ApiPageMeta, skeleton);
  if (!result.success) {
    throw new SourceError(
      `${where}: expected a query page, an object with docs (an array), totalDocs, limit, totalPages, page and hasNextPage; ` +
        `got ${kindOf(skeleton) === 'an object' ? describeIssues(result.issues) : kindOf(skeleton)}`,
    );
  }
  const { totalDocs, limit, totalPages, page, hasNextPage } = result.output;
  return { docsCount, totalDocs, limit, totalPages, page, hasNextPage };
}

/** The paging totals every page of one read must agree on. */
export type Totals = Pick<ApiPage, 'totalDocs' | 'limit' | 'totalPages'>;

/** The data moved while paging: the read is worth starting again. */
export class MovedWhilePaging extends Error {}

/**
 * Page `page` of a read that page 1 began with `first`'s totals: the same totals (else
 * MovedWhilePaging), as many launches as its place takes, and hasNextPage false only on the last.
 */
export function checkPageOfRead(parsed: ApiPage, page: number, first: Totals, where: string): void {
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

/** Page 1's totals, if they agree with one another (so they bound the read). */
export function checkTotals(page: ApiPage, where: string): Totals {
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

/**
 * The pages of an archived API read, checked as they are read back, as the live read checked
 * them: in order from page 1, each with page 1's totals and the records its place takes, and
 * none missing at the end. An archive edited, or written by an older version that checked less,
 * fails here; the run's transaction then writes nothing.
 */
export class ReplayedPaging {
  private first: Totals | null = null;
  private pages = 0;

  /** Page number `this.pages + 1` of the read, as scanned. */
  page(parsed: ApiPage, where: string): void {
    const expected = ++this.pages;
    if (parsed.page !== expected) {
      throw new SourceError(
        `${where}: holds page ${parsed.page} where page ${expected} belongs. The archive is not one read.`,
      );
    }
    this.first ??= checkTotals(parsed, where);
    try {
      checkPageOfRead(parsed, expected, this.first, where);
    } catch (error) {
      if (!(error instanceof MovedWhilePaging)) throw error;
      throw new SourceError(`${where}: ${error.message}. The archive is not one consistent read.`);
    }
  }

  /** Once every page is read: none is missing. */
  end(): void {
    if (this.first !== null && this.pages !== this.first.totalPages) {
      throw new SourceError(
        `archived read of ${this.pages} page(s) where page 1 reports totalPages ${this.first.totalPages}: pages are missing.`,
      );
    }
  }
}

export function kindOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function describeIssues(issues: readonly v.BaseIssue<unknown>[]): string {
  return issues
    .slice(0, 5)
    .map((issue) => `${v.getDotPath(issue) ?? '(top level)'}: ${issue.message}`)
    .join('; ');
}
