/**
 * The COPY encoder of every raw table the ingest writes. Each writes every column of its table
 * but those the database fills in (loaded_at takes its default), the list read from the table
 * itself: a column added to a table is written without a change here.
 */
import {
  capsules,
  cores,
  crew,
  type ENTITY_TABLES,
  landpads,
  launchCores,
  launchCrew,
  launches,
  launchpads,
  payloads,
  rejectedLaunches,
  rejectedRecords,
  rockets,
  ships,
} from '@spacex/schema';
import { getTableColumns } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { type ColumnKey, CopyEncoder } from './bulk.js';

/** The encoder of `table`'s columns, but those with a default in the database. */
export function tableCopy<T extends PgTable>(table: T): CopyEncoder<T> {
  const columns = getTableColumns(table);
  const written = Object.keys(columns).filter(
    (key): key is ColumnKey<T> => columns[key]?.hasDefault === false,
  );
  return new CopyEncoder(table, written);
}

type EntityTables = typeof ENTITY_TABLES;

/** Each entity's encoder, by the entity's name. */
export const entityCopy: { [E in keyof EntityTables]: CopyEncoder<EntityTables[E]> } = {
  cores: tableCopy(cores),
  crew: tableCopy(crew),
  rockets: tableCopy(rockets),
  launchpads: tableCopy(launchpads),
  landpads: tableCopy(landpads),
  payloads: tableCopy(payloads),
  capsules: tableCopy(capsules),
  ships: tableCopy(ships),
};

export const rawCopy = {
  launches: tableCopy(launches),
  launchCores: tableCopy(launchCores),
  launchCrew: tableCopy(launchCrew),
  rejectedLaunches: tableCopy(rejectedLaunches),
  rejectedRecords: tableCopy(rejectedRecords),
  ...entityCopy,
};
