/** Bulk writes: COPY's binary encoding, and the encoder of every raw table the ingest writes. */
export * from './bulk.js';
export * from './raw-copy.js';
