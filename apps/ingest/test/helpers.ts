/** What the ingest tests share: the snapshot, quiet settings, and the database state to compare. */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ENTITY_NAMES, type Json } from '@spacex/contract';
import { hexId, makeCore, makeLaunch } from '@spacex/contract/fixtures';
import type { Database } from '@spacex/db/client';
import { type EmptyTestDatabase, migrateTestDatabase, type TestEngine } from '@spacex/db/testing';
import {
  coreFlights,
  coreUsage,
  ENTITY_TABLES,
  ingestRuns,
  launchCores,
  launchCrew,
  launches,
  monthlyLaunches,
} from '@spacex/schema';
import { type FakeApi, startFakeApi } from '@spacex/testing';
import { asc, desc, getTableColumns, type SQL, sql } from 'drizzle-orm';
import { createLogger } from '../src/log.js';
import { type IngestOptions, IngestRunError } from '../src/run.js';
import { DEFAULT_HTTP_SETTINGS } from '../src/sources/http.js';

/** The real saved response, when SPACEX_SNAPSHOT names it (as in CI). */
export function readSnapshot(): Json[] | undefined {
  const path = process.env.SPACEX_SNAPSHOT;
  if (!path) {
    console.warn('SPACEX_SNAPSHOT is not set: the tests on the real API response are skipped.');
    return undefined;
  }
  const json: Json = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(json)) throw new Error(`${path} is not a JSON array`);
  return json;
}

/** Deep copy through JSON, so a test can change launches without touching the original. */
export function cloneJson<T extends Json>(value: T): T {
  return structuredClone(value);
}

/** Twelve hand-built launches: reused cores, a Falcon Heavy, crew, an upcoming launch. */
export function fixtureLaunches(): Json[] {
  const list = [];
  for (let n = 1; n <= 12; n++) {
    const date = `2021-${String(Math.ceil(n / 2)).padStart(2, '0')}-1${n % 2}T12:00:00.000Z`;
    list.push(
      makeLaunch(n, date, { cores: [makeCore(hexId('c', 1 + (n % 3)), Math.ceil(n / 3))] }),
    );
  }
  const heavy = list[5];
  if (heavy)
    heavy.cores = [
      makeCore(hexId('c', 10), 1),
      makeCore(hexId('c', 11), 1),
      makeCore(hexId('c', 12), 1),
    ];
  const crewed = list[6];
  if (crewed)
    crewed.crew = [
      { crew: hexId('e', 100), role: 'Commander' },
      { crew: hexId('e', 101), role: 'Pilot' },
    ];
  const upcoming = list[11];
  if (upcoming)
    Object.assign(upcoming, { upcoming: true, success: null, cores: [makeCore(null, null)] });
  return list;
}

/** Awaits a run that must fail; returns its IngestRunError (the test fails on anything else). */
export async function failingRun(run: Promise<unknown>): Promise<IngestRunError> {
  const error = await run.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof IngestRunError)) {
    throw new Error(`expected the run to fail with an IngestRunError, got ${String(error)}`);
  }
  return error;
}

export function testOptions(overrides: Partial<IngestOptions> = {}): IngestOptions {
  return {
    source: { kind: 'file', path: '/nonexistent' },
    skipInvalid: false,
    archiveRoot: mkdtempSync(join(tmpdir(), 'spacex-archive-')),
    http: {
      ...DEFAULT_HTTP_SETTINGS,
      timeoutMs: 1_000,
      maxAttempts: 3,
      backoffBaseMs: 5,
      backoffMaxMs: 20,
      retryAfterCapMs: 3_000,
    },
    log: createLogger('silent'),
    ...overrides,
  };
}

/** Every row the pipeline produces but the run log and lineage: equal states compare equal. */
export async function dataState(db: Database) {
  const rawLaunches = await db.select().from(launches).orderBy(asc(launches.id));
  return {
    launches: rawLaunches.map(({ ingestRunId: _run, loadedAt: _at, ...row }) => row),
    cores: await db
      .select()
      .from(launchCores)
      .orderBy(asc(launchCores.launchId), asc(launchCores.position)),
    crew: await db
      .select()
      .from(launchCrew)
      .orderBy(asc(launchCrew.launchId), asc(launchCrew.crew)),
    coreFlights: await db
      .select()
      .from(coreFlights)
      .orderBy(asc(coreFlights.coreId), asc(coreFlights.flightOrder)),
    coreUsage: await db.select().from(coreUsage).orderBy(asc(coreUsage.coreId)),
    months: await db.select().from(monthlyLaunches).orderBy(asc(monthlyLaunches.month)),
    entities: await entityState(db, false),
  };
}

/**
 * Every entity table's rows by id; with `withLineage`, only each row's id and the run that
 * wrote it (to prove a rerun rewrote nothing), else every column but lineage.
 */
export async function entityState(db: Database, withLineage: boolean) {
  const state: Record<string, unknown[]> = {};
  for (const name of ENTITY_NAMES) {
    const table = ENTITY_TABLES[name];
    const rows = await db.select().from(table).orderBy(asc(table.id));
    state[name] = rows.map(({ id, ingestRunId, loadedAt, ...row }) =>
      withLineage ? { id, ingestRunId, loadedAt } : { id, ...row },
    );
  }
  return state;
}

/** Lineage included: for proving a rerun rewrote nothing. */
export async function lineage(db: Database) {
  return db
    .select({ id: launches.id, run: launches.ingestRunId, at: launches.loadedAt })
    .from(launches)
    .orderBy(asc(launches.id));
}

export async function lastRun(db: Database) {
  const [run] = await db
    .select()
    .from(ingestRuns)
    .orderBy(desc(ingestRuns.startedAt), desc(ingestRuns.id))
    .limit(1);
  return run;
}

/**
 * One md5 per table and mart view, over every row but the lineage columns (which name the run
 * that wrote a row, so differ between two runs that wrote the same data).
 */
export async function tableChecksums(db: Database): Promise<Record<string, string>> {
  const sources: Record<string, SQL> = {
    'raw.launches': sql`select ${sql.join(
      Object.values(getTableColumns(launches)).filter(
        (c) => c !== launches.ingestRunId && c !== launches.loadedAt,
      ),
      sql`, `,
    )} from ${launches}`,
    'raw.launch_cores': sql`select * from ${launchCores}`,
    'raw.launch_crew': sql`select * from ${launchCrew}`,
    'mart.core_flights': sql`select * from ${coreFlights}`,
    'mart.core_usage': sql`select * from ${coreUsage}`,
    'mart.monthly_launches': sql`select * from ${monthlyLaunches}`,
  };
  const sums: Record<string, string> = {};
  for (const [name, query] of Object.entries(sources)) {
    const [row] = await db
      .select({ md5: sql<string>`md5(coalesce(string_agg(r::text, E'\\n' order by r::text), ''))` })
      .from(sql`(${query}) as r`);
    sums[name] = row?.md5 ?? '';
  }
  return sums;
}

export interface CliHarness {
  db: EmptyTestDatabase;
  api: FakeApi;
  /** The environment that points the CLI at `db`, `api` and a temporary archive. */
  env: Record<string, string>;
  close(): Promise<void>;
}

/** A migrated, empty database on `engine` and a fake API serving the fixtures, for CLI tests. */
export async function cliHarness(
  engine: TestEngine,
  env: Record<string, string> = {},
): Promise<CliHarness> {
  const db = await engine.createEmpty();
  await migrateTestDatabase(db.target);
  const api = await startFakeApi(fixtureLaunches());
  return {
    db,
    api,
    env: {
      ...db.env,
      SPACEX_API_URL: api.url,
      SPACEX_ARCHIVE_DIR: mkdtempSync(join(tmpdir(), 'spacex-archive-')),
      SPACEX_PENDING_RUNS_DIR: mkdtempSync(join(tmpdir(), 'spacex-pending-')),
      ...env,
    },
    async close() {
      await api.close();
      await db.drop();
    },
  };
}
