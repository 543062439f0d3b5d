/** What the user sees: errors and their exit codes, secrets kept out of text, command lines. */
export * from './errors.js';
export * from './notify.js';
export * from './paths.js';
export * from './redact.js';
export * from './settings.js';
export * from './terminal.js';
