export * from './client.js';
export * from './contract/launch.js';
export * from './env.js';
export * from './pglite-lock.js';
export * from './redact.js';
export * from './schema/index.js';
