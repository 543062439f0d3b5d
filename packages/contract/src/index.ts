/** The API contracts: the v5 launch, and validating one launch as read. */
export * from './entities.js';
export * from './launch.js';
export * from './validate.js';
