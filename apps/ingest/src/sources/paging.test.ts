import { describe, expect, it } from 'vitest';
import { type ApiPage, ReplayedPaging } from './paging.js';

/** Page `page` of a read of 12 records at 5 a page. */
const page = (n: number, overrides: Partial<ApiPage> = {}): ApiPage => ({
  docsCount: n < 3 ? 5 : 2,
  totalDocs: 12,
  limit: 5,
  totalPages: 3,
  page: n,
  hasNextPage: n < 3,
  ...overrides,
});

describe('ReplayedPaging', () => {
  it('should pass a whole read in order', () => {
    const paging = new ReplayedPaging();
    for (const n of [1, 2, 3]) paging.page(page(n), `page ${n}`);
    expect(() => paging.end()).not.toThrow();
  });

  it('should refuse a page out of place, one whose totals moved, one short, and a read missing its last', () => {
    const outOfPlace = new ReplayedPaging();
    outOfPlace.page(page(1), 'p1');
    expect(() => outOfPlace.page(page(3), 'p3')).toThrow(
      'p3: holds page 3 where page 2 belongs. The archive is not one read.',
    );
    const moved = new ReplayedPaging();
    moved.page(page(1), 'p1');
    expect(() => moved.page(page(2, { totalDocs: 13 }), 'p2')).toThrow(
      /p2: page 2 reports totalDocs 13 where page 1 reported totalDocs 12: .*not one consistent read/,
    );
    const short = new ReplayedPaging();
    short.page(page(1), 'p1');
    expect(() => short.page(page(2, { docsCount: 4 }), 'p2')).toThrow(/holds 4 launches/);
    const cut = new ReplayedPaging();
    cut.page(page(1), 'p1');
    cut.page(page(2), 'p2');
    expect(() => cut.end()).toThrow(
      'archived read of 2 page(s) where page 1 reports totalPages 3: pages are missing.',
    );
  });
});
