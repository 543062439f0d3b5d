/**
 * The entities besides launches, each declared once: its name (the endpoint's and the saved
 * file's), its table, and how a validated record becomes a COPY row. Loading one streams its
 * records, recognises unchanged ones by the hash of their text, validates the rest, writes the
 * new and changed by COPY, and removes stored records the read proves gone (under the same
 * removal guard as launches). Launches load first; an entity is loaded only when it was read.
 */
import {
  describeRejectedRecord,
  ENTITY_NAMES,
  type EntityName,
  type Json,
  type RejectedRecord,
  readableId,
  validateEntity,
} from '@spacex/contract';
import type { Database } from '@spacex/db/client';
import {
  CopyRows,
  type CopyTarget,
  ENTITY_TABLES,
  entityCopy,
  entityRows,
  rawCopy,
  textSha256,
} from '@spacex/db/rows';
import { rejectedRecords } from '@spacex/db/schema';
import { sql } from 'drizzle-orm';
import type { PgColumn, PgTable } from 'drizzle-orm/pg-core';
import { InvalidLaunchesError, SourceError } from './errors.js';
import { guardRemovals, type MaxRemovals } from './removals.js';
import { LaunchReader, parseLaunch, type ReadLaunch, type SourceRead } from './sources/source.js';
import { isOneOf } from './sql.js';

/** How one entity is stored. */
export interface EntityDescriptor {
  name: EntityName;
  table: PgTable;
  id: PgColumn;
  sourceSha256: PgColumn;
  /** `copy ... from stdin` target of the table. */
  copyTarget: CopyTarget;
  /** Validates a record as read: how to write its COPY row, or why it is refused. */
  check(
    source: Json,
    /** The record as read (its text, nesting and numbers let a test of the text skip a walk). */
    read: Pick<ReadLaunch, 'text' | 'position' | 'invalidUtf8' | 'nesting' | 'longNumbers'> & {
      sha256: string;
    },
    runId: string,
    drift: Set<string>,
  ): { write(out: CopyRows): void } | { rejected: RejectedRecord };
}

/**
 * Declares an entity from its contract (`ENTITY_CONTRACTS`), its raw table (`ENTITY_TABLES`),
 * the mapping of a validated record to a row (`entityRows`) and the table's COPY encoder.
 */
function entity<E extends EntityName>(name: E): EntityDescriptor {
  const table = ENTITY_TABLES[name];
  const encoder = entityCopy[name];
  const toRow = entityRows[name];
  return {
    name,
    table,
    id: table.id,
    sourceSha256: table.sourceSha256,
    copyTarget: encoder.target,
    check(source, read, runId, drift) {
      const result = validateEntity(name, source, read, drift);
      if ('rejected' in result) return result;
      const row = toRow(result.valid.value, {
        source,
        sourceSha256: read.sha256,
        ingestRunId: runId,
      });
      return { write: (out) => encoder.write(out, row, read.text) };
    },
  };
}

/** Every entity the ingest loads besides launches, in load order. */
export const ENTITY_DESCRIPTORS: readonly EntityDescriptor[] = ENTITY_NAMES.map(entity);

/** What a run did with one entity. */
export interface EntityCounts {
  entity: EntityName;
  read: number;
  loaded: number;
  changed: number;
  rejected: number;
  removed: number;
  /** Paths of fields the contract does not know, in the records this run validated. */
  drift: string[];
  /** Set when records without a readable id kept the run from removing any. */
  removalsWithheld: boolean;
}

/** Records per COPY: bounds the memory one entity's load holds. */
const BATCH = 1_000;

/** Loads one entity's read inside the run's transaction; returns its counts. */
export async function loadEntity(
  tx: Database,
  copy: (into: CopyTarget, rows: CopyRows) => Promise<void>,
  descriptor: EntityDescriptor,
  read: SourceRead,
  options: { runId: string; skipInvalid: boolean; maxRemovals: MaxRemovals },
): Promise<EntityCounts> {
  const stored = await tx
    .select({ id: descriptor.id, sha256: descriptor.sourceSha256 })
    .from(descriptor.table);
  const storedIds = new Set(stored.map((r) => String(r.id)));
  const idByHash = new Map(stored.map((r) => [String(r.sha256), String(r.id)]));
  const counts: EntityCounts = {
    entity: descriptor.name,
    read: 0,
    loaded: 0,
    changed: 0,
    rejected: 0,
    removed: 0,
    drift: [],
    removalsWithheld: false,
  };
  const drift = new Set<string>();
  const seen = new Set<string>();
  const reports: string[] = [];
  let unreadable = 0;
  const reader = new LaunchReader(read, BATCH);
  // Each batch is written before the next is read: one buffer per table serves every batch.
  const rows = new CopyRows();
  const rejectedRows = new CopyRows();
  for await (const batch of reader.batches()) {
    rows.clear();
    rejectedRows.clear();
    const replaced: string[] = [];
    for (const record of batch) {
      counts.read++;
      const sha256 = textSha256(record.text);
      const unchangedId = record.invalidUtf8 ? undefined : idByHash.get(sha256);
      const source = unchangedId === undefined ? parseLaunch(record) : null;
      const id = source === null ? (unchangedId ?? null) : readableId(source);
      if (id === null) unreadable++;
      else if (seen.has(id)) {
        throw new SourceError(
          `${record.where} lists ${descriptor.name} record ${id} twice; fix the source.`,
        );
      } else seen.add(id);
      if (source === null) {
        counts.loaded++;
        continue;
      }
      const checked = descriptor.check(source, { ...record, sha256 }, options.runId, drift);
      if ('write' in checked) {
        counts.loaded++;
        counts.changed++;
        checked.write(rows);
        if (id !== null && storedIds.has(id)) replaced.push(id);
        continue;
      }
      counts.rejected++;
      if (reports.length < 20) reports.push(describeRejectedRecord(checked.rejected));
      const { entity, position, id: recordId, label, source: kept, issues } = checked.rejected;
      rawCopy.rejectedRecords.write(rejectedRows, {
        ingestRunId: options.runId,
        entity,
        position,
        recordId,
        label,
        source: kept,
        issues,
      });
    }
    if (counts.rejected > 0 && !options.skipInvalid) continue; // report them all, write nothing
    if (replaced.length > 0) {
      await tx.execute(
        sql`delete from ${descriptor.table} where ${isOneOf(descriptor.id, replaced)}`,
      );
    }
    if (!rows.empty) await copy(descriptor.copyTarget, rows);
    if (!rejectedRows.empty) {
      await copy(rawCopy.rejectedRecords.target, rejectedRows);
      // One row per distinct rejected record: an earlier run's row of the same record goes.
      const { ingestRunId, entity, source } = rejectedRecords;
      await tx.execute(sql`
        delete from ${rejectedRecords}
        where ${ingestRunId} <> ${options.runId} and (${entity}, ${source}) in (
          select ${entity}, ${source} from ${rejectedRecords} where ${ingestRunId} = ${options.runId})`);
    }
  }
  if (counts.rejected > 0 && !options.skipInvalid) {
    throw new InvalidLaunchesError(reports, counts.rejected, {
      noun: `${descriptor.name} record(s)`,
      table: 'raw.rejected_records',
    });
  }
  // Only a complete read proves a record gone (see the launches' removals).
  counts.removalsWithheld = unreadable > 0;
  const gone = counts.removalsWithheld ? [] : [...storedIds].filter((id) => !seen.has(id));
  guardRemovals(gone.length, storedIds.size, counts.read, options.maxRemovals, descriptor.name);
  if (gone.length > 0) {
    await tx.execute(sql`delete from ${descriptor.table} where ${isOneOf(descriptor.id, gone)}`);
  }
  counts.removed = gone.length;
  counts.drift = [...drift].sort();
  return counts;
}
