/**
 * A resource: what the one load loop (load-resource.ts) needs to know of anything it loads.
 * The declared resources are in resources.ts.
 */
import type { EntityName, Json } from '@spacex/contract';
import type { CopyEncoder, CopyInto } from '@spacex/db/copy';
import type { Database } from '@spacex/schema';
import type { SQL } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import type { ReadRecord } from './sources/source.js';

export type ResourceName = 'launches' | EntityName;

/**
 * Where a batch's rows go: `write` adds a row to the COPY data of `table` (an encoder the
 * resource declared in `writes` or `rejects`).
 */
export interface RowSink {
  write<T extends PgTable>(
    table: CopyEncoder<T>,
    row: T['$inferInsert'],
    /** One column's value as text already (a jsonb column's JSON as read). */
    given?: { key: keyof T['$inferInsert'] & string; text: string },
  ): void;
}

/** A record that broke the contract. */
export interface Refusal {
  /** Its id, when it has a readable one: the stored version of that record stays. */
  id: string | null;
  /** One line saying which record it is and what is wrong. */
  report: string;
  /** Adds its row to the resource's table of refused records (runs with --skip-invalid). */
  keep(out: RowSink, runId: string): void;
}

export interface Resource {
  name: ResourceName;
  /** How messages name one record, and some: `launch`, `launch(es)`; `cores record`, `cores record(s)`. */
  noun: string;
  nouns: string;
  /** Its raw table: one row per record, by id, with the sha256 of the record's text as read. */
  table: PgTable;
  id: PgColumn;
  sourceSha256: PgColumn;
  /** The record as read, and the run that wrote it: what a version moved to the history keeps. */
  source: PgColumn;
  ingestRunId: PgColumn;
  /**
   * The tables a record's rows go to, its own first (written first, so its children's foreign
   * keys hold); a changed record's children go with it by cascade.
   */
  writes: readonly CopyInto[];
  /** Where refused records are kept (with --skip-invalid), and its name for messages. */
  rejects: CopyInto;
  keptIn: string;
  /**
   * SQL run after this run's refused records are written, if any: raw.rejected_records keeps
   * one row per distinct refused record, so an earlier run's row of the same record goes.
   */
  afterRejects?: (runId: string) => SQL;
  /** Runs once the resource's records are written, when any changed: launches check their names. */
  afterWrite?: (written: Written) => Promise<void>;
  /**
   * Validates a parsed record: null when it is valid, its rows then added to `out` (unless `out`
   * is null: the run already fails); else why it is refused.
   */
  check(
    source: Json,
    read: ReadRecord,
    runId: string,
    drift: Set<string>,
    out: RowSink | null,
  ): Refusal | null;
  /** The refusal of a record nested too deeply to parse, named by its top-level fields. */
  refuseUnparsed(read: ReadRecord, shallow: Json): Refusal;
}

/** What a resource's `afterWrite` is given: the run's transaction, and where each id was read. */
export interface Written {
  db: Database;
  /** Where each of `ids` was first read; an id this run did not read has none. */
  placesOf(
    ids: readonly string[],
  ): Promise<ReadonlyMap<string, { page: number; position: number }>>;
  /** The read, for messages. */
  source: { kind: string; location: string };
}
