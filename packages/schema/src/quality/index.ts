export * from './checks.js';
export * from './cli.js';
export * from './run-checks.js';
