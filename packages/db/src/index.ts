/** The database as a library: open it, its layers, and what keeps secrets out of messages. */
export * from './client.js';
export * from './env.js';
export * from './pglite-lock.js';
export * from './pglite-template.js';
export * from './redact.js';
export * from './roles.js';
export * from './schema/index.js';
