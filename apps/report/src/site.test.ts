import { describe, expect, it } from 'vitest';
import { shownSource } from './site.js';

describe('shownSource', () => {
  it('should show a path inside the checkout relative to it, and anything else as recorded', () => {
    expect(shownSource('/srv/elt/apps/ingest/sample', '/srv/elt')).toBe('apps/ingest/sample');
    expect(shownSource('/srv/elt-other/launches.json', '/srv/elt')).toBe(
      '/srv/elt-other/launches.json',
    );
    expect(shownSource('https://api.spacexdata.com/v5/launches/query', '/srv/elt')).toBe(
      'https://api.spacexdata.com/v5/launches/query',
    );
  });
});
