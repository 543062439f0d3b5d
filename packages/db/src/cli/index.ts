/** What the database commands share (`@spacex/db/cli`); no library entry re-exports it. */
export * from './wasm.js';
export * from './with-database.js';
