/**
 * What the ingest loads, each declared once: launches (with their cores and crew, and names
 * that must be unique), then every other entity the API serves. The one load loop
 * (load-resource.ts) takes any of them. A new entity is its contract (ENTITY_CONTRACTS), its raw
 * table and row mapping (ENTITY_TABLES, entityRows) and its encoder (rawCopy): nothing here.
 */
import {
  describeRejected,
  describeRejectedRecord,
  ENTITY_NAMES,
  type EntityName,
  MAX_DEPTH,
  type RecordAsRead,
  textField,
  validateEntity,
  validateLaunch,
} from '@spacex/contract';
import { entityCopy, rawCopy } from '@spacex/db/copy';
import {
  coreRows,
  crewRows,
  ENTITY_TABLES,
  entityRows,
  launches,
  launchRow,
  rejectedRecords,
} from '@spacex/schema';
import { sql } from 'drizzle-orm';
import { checkLaunchNames } from './launch-names.js';
import type { Refusal, Resource } from './resource.js';
import type { ReadRecord } from './sources/source.js';

export type { Resource, ResourceName, RowSink } from './resource.js';

/** Why a record nested past any use is refused without being parsed. */
const tooDeep = (read: ReadRecord, what: string) =>
  `(${what}): nests ${read.nesting} levels, deeper than ${MAX_DEPTH}; not parsed`;

/** What the contract reads of a record as read: its text, nesting and numbers. */
const asRead = (read: ReadRecord): RecordAsRead & { position: number } => read;

/** Launches: raw.launches, with one raw.launch_cores row per core and raw.launch_crew per member. */
export const LAUNCHES: Resource = {
  name: 'launches',
  noun: 'launch',
  nouns: 'launch(es)',
  table: launches,
  id: launches.id,
  sourceSha256: launches.sourceSha256,
  source: launches.source,
  ingestRunId: launches.ingestRunId,
  writes: [rawCopy.launches, rawCopy.launchCores, rawCopy.launchCrew],
  rejects: rawCopy.rejectedLaunches,
  keptIn: 'raw.rejected_launches',
  afterWrite: checkLaunchNames,
  check(source, read, runId, drift, out) {
    const result = validateLaunch(source, asRead(read), drift);
    if ('rejected' in result) return launchRefusal(result.rejected);
    if (out === null) return null;
    const { launch } = result.valid;
    // The source column takes the text as read: jsonb parses it, nothing is serialised again.
    out.write(rawCopy.launches, launchRow(launch, source, runId, read.sha256), {
      key: 'source',
      text: read.text,
    });
    for (const core of coreRows(launch)) out.write(rawCopy.launchCores, core);
    for (const member of crewRows(launch)) out.write(rawCopy.launchCrew, member);
    return null;
  },
  refuseUnparsed: (read, shallow) =>
    launchRefusal({
      position: read.position,
      launchId: textField(shallow, 'id'),
      launchName: textField(shallow, 'name'),
      source: shallow,
      issues: [tooDeep(read, 'launch')],
    }),
};

function launchRefusal(rejected: Parameters<typeof describeRejected>[0]): Refusal {
  return {
    id: rejected.launchId,
    report: describeRejected(rejected),
    keep: (out, runId) => out.write(rawCopy.rejectedLaunches, { ingestRunId: runId, ...rejected }),
  };
}

/** Another entity: its raw table from ENTITY_TABLES, its row from entityRows. */
function entity<E extends EntityName>(name: E): Resource {
  const table = ENTITY_TABLES[name];
  const encoder = entityCopy[name];
  const toRow = entityRows[name];
  const refusal = (rejected: Parameters<typeof describeRejectedRecord>[0]): Refusal => ({
    id: rejected.id,
    report: describeRejectedRecord(rejected),
    keep: (out, runId) => {
      const { entity, position, id: recordId, label, source, issues } = rejected;
      out.write(rawCopy.rejectedRecords, {
        ingestRunId: runId,
        entity,
        position,
        recordId,
        label,
        source,
        issues,
      });
    },
  });
  return {
    name,
    noun: `${name} record`,
    nouns: `${name} record(s)`,
    table,
    id: table.id,
    sourceSha256: table.sourceSha256,
    source: table.source,
    ingestRunId: table.ingestRunId,
    writes: [encoder],
    rejects: rawCopy.rejectedRecords,
    keptIn: 'raw.rejected_records',
    afterRejects: (runId) => {
      const { ingestRunId, entity, source } = rejectedRecords;
      return sql`
        delete from ${rejectedRecords}
        where ${ingestRunId} <> ${runId} and (${entity}, ${source}) in (
          select ${entity}, ${source} from ${rejectedRecords} where ${ingestRunId} = ${runId})`;
    },
    check(source, read, runId, drift, out) {
      const result = validateEntity(name, source, asRead(read), drift);
      if ('rejected' in result) return refusal(result.rejected);
      if (out === null) return null;
      const lineage = { source, sourceSha256: read.sha256, ingestRunId: runId };
      // Not a re-serialisation of the parsed record: numbers beyond a double stay exact.
      out.write(encoder, toRow(result.valid.value, lineage), { key: 'source', text: read.text });
      return null;
    },
    refuseUnparsed: (read, shallow) =>
      refusal({
        entity: name,
        position: read.position,
        id: textField(shallow, 'id'),
        label: textField(shallow, 'serial') ?? textField(shallow, 'name'),
        source: shallow,
        issues: [tooDeep(read, name)],
      }),
  };
}

/** Every entity besides launches, in load order. */
export const ENTITIES: readonly Resource[] = ENTITY_NAMES.map(entity);

/** Everything the ingest loads, in load order: launches first. */
export const RESOURCES: readonly Resource[] = [LAUNCHES, ...ENTITIES];
