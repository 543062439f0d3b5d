/** Every table and view of the three layers; drizzle-kit generates migrations from this file. */

export * from './describe.js';
export * from './mart.js';
export * from './raw.js';
export * from './staging.js';
