/** What the command lines share (`@spacex/db/cli`); no library entry re-exports it. */
export * from './terminal.js';
export * from './wasm.js';
export * from './with-database.js';
