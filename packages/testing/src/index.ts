/** Test aids shared by every package's suites. */

export * from './commands.js';
export * from './fake-api.js';
export * from './fake-server.js';
export * from './slow-copy-link.js';

export * from './synthetic.js';
