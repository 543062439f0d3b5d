/**
 * The three layers as Drizzle defines them: every table and view with its description, the
 * typed mapping of a validated record to its raw row, and where the generated migrations are.
 * Needs drizzle-orm only: no driver, no migration tooling.
 */
export * from './columns.js';
export * from './database.js';
export * from './keep-marts.js';
export * from './migrations.js';
export * from './rows.js';
export * from './tables.js';
