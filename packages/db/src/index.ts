/** The database as a library: open it (PostgreSQL or PGlite), its settings, roles and errors. */
export * from './client.js';
export * from './database-errors.js';
export * from './env.js';
export * from './pglite-lock.js';
export * from './pglite-template.js';
export * from './roles.js';
