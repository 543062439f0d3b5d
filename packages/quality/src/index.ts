/** Data quality as a library: the declared checks, running them, freshness, and the catalog. */
export * from './catalog.js';
export * from './checks.js';
export * from './kept-checks.js';
export * from './run-checks.js';
