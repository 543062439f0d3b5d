/**
 * Marts kept by key equal marts recomputed in full: random sequences of runs over a small world
 * (launches added, changed, removed, re-dated, moved between past and upcoming, their names moved
 * to other ids; cores, crew, rockets and launch sites added, changed and removed), and after each
 * run every mart is compared with a full rebuild of the same data (in a transaction rolled back).
 * The run's scoped checks are compared with a full sweep the same way.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Launch } from '@spacex/contract';
import {
  ENTITY_ID_PREFIX,
  hexId,
  makeCore,
  makeEntity,
  makeLaunch,
} from '@spacex/contract/fixtures';
import type { Database } from '@spacex/db/client';
import { inRolledBackTransaction, type TestDatabase, testEngines } from '@spacex/db/testing';
import { runChecks } from '@spacex/quality';
import { coreUsage, martColumns, marts, rebuildMarts, recordHistory } from '@spacex/schema';
import { getTableName, sql } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type IngestSummary, runIngest } from '../src/run.js';
import { testOptions } from './helpers.js';

const SLOTS = 8;

/** One launch of the small world, by slot: its id is the slot's, its name may move. */
const launchArb = fc.record({
  slot: fc.integer({ min: 1, max: SLOTS }),
  month: fc.integer({ min: 0, max: 3 }),
  // Few days: launches at the same instant are ordered by id.
  day: fc.integer({ min: 1, max: 2 }),
  upcoming: fc.boolean(),
  cores: fc.uniqueArray(fc.integer({ min: 1, max: 4 }), { maxLength: 2 }),
  crew: fc.uniqueArray(fc.integer({ min: 1, max: 3 }), { maxLength: 2 }),
  rocket: fc.integer({ min: 1, max: 2 }),
  launchpad: fc.integer({ min: 1, max: 2 }),
  // A change no mart reads.
  details: fc.constantFrom(null, 'scrubbed once'),
});

const entityArb = <V extends string>(max: number, variants: readonly V[]) =>
  fc.uniqueArray(
    fc.record({ n: fc.integer({ min: 1, max }), variant: fc.constantFrom(...variants) }),
    { selector: (e) => e.n, minLength: 1 },
  );

/** A state of the source: what one run reads. */
const stateArb = fc.record({
  launches: fc.uniqueArray(launchArb, { selector: (l) => l.slot, minLength: 1, maxLength: 6 }),
  // Names move between ids when the shift changes: a re-key (one removed, another takes its name).
  nameShift: fc.integer({ min: 0, max: 2 }),
  cores: entityArb(4, ['active', 'lost'] as const),
  crew: entityArb(3, ['Ann', 'Bo']),
  rockets: entityArb(2, ['Falcon 9', 'Falcon Heavy']),
  launchpads: entityArb(2, ['SLC 40', 'LC 39A']),
});
type State = typeof stateArb extends fc.Arbitrary<infer S> ? S : never;

/**
 * A change from one run's source to the next: a few launches or a few entities at a time, so
 * that most runs leave most records as they were (what a rerun's scoped work must get right).
 */
const stepArb = fc.oneof(
  stateArb.map(
    (whole) =>
      (_: State): State =>
        whole,
  ),
  launchArb.map(
    (launch) =>
      (state: State): State => ({
        ...state,
        launches: [...state.launches.filter((l) => l.slot !== launch.slot), launch],
      }),
  ),
  fc.integer({ min: 1, max: SLOTS }).map((slot) => (state: State): State => {
    const kept = state.launches.filter((l) => l.slot !== slot);
    return kept.length > 0 ? { ...state, launches: kept } : state;
  }),
  fc.integer({ min: 0, max: 2 }).map(
    (nameShift) =>
      (state: State): State => ({
        ...state,
        nameShift,
      }),
  ),
  stateArb.map(
    (other) =>
      (state: State): State => ({
        ...other,
        launches: state.launches,
        nameShift: state.nameShift,
      }),
  ),
);

/** A first state and the changes after it: the states each run reads. */
const runsArb = fc
  .tuple(stateArb, fc.array(stepArb, { minLength: 1, maxLength: 5 }))
  .map(([first, steps]) => {
    const states = [first];
    for (const step of steps) states.push(step(states[states.length - 1] as State));
    return states;
  });

function launchOf(l: State['launches'][number], nameShift: number): Launch {
  const date = `2021-0${l.month + 1}-0${l.day}T12:00:00.000Z`;
  const base = makeLaunch(l.slot, date);
  return {
    ...base,
    name: `Mission ${((l.slot + nameShift) % SLOTS) + 1}`,
    upcoming: l.upcoming,
    success: l.upcoming ? null : true,
    details: l.details,
    rocket: hexId(ENTITY_ID_PREFIX.rockets, l.rocket),
    launchpad: hexId(ENTITY_ID_PREFIX.launchpads, l.launchpad),
    cores: l.cores.map((n) => makeCore(hexId(ENTITY_ID_PREFIX.cores, n))),
    crew: l.crew.map((n) => ({ crew: hexId(ENTITY_ID_PREFIX.crew, n), role: 'Pilot' })),
  };
}

function writeState(dir: string, state: State): void {
  const write = (name: string, records: unknown[]) =>
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(records));
  write(
    'launches',
    state.launches.map((l) => launchOf(l, state.nameShift)),
  );
  write(
    'cores',
    state.cores.map((c) => makeEntity('cores', c.n, { status: c.variant })),
  );
  write(
    'crew',
    state.crew.map((c) => makeEntity('crew', c.n, { name: c.variant })),
  );
  write(
    'rockets',
    state.rockets.map((r) => makeEntity('rockets', r.n, { name: r.variant })),
  );
  write(
    'launchpads',
    state.launchpads.map((p) => makeEntity('launchpads', p.n, { name: p.variant })),
  );
}

/** Every mart's rows, in a stable order, as JSON text. */
async function martRows(db: Database): Promise<Record<string, string[]>> {
  const all: Record<string, string[]> = {};
  for (const m of marts) {
    const rows = await db
      .select({ row: sql<string>`row_to_json(t)::text` })
      .from(sql`(select ${martColumns(m)} from ${m.table}) as t`)
      .orderBy(sql`1`);
    all[getTableName(m.table)] = rows.map((r) => r.row);
  }
  return all;
}

/** The marts and the checks as a full rebuild and a full sweep of the same data give them. */
const recomputed = (t: TestDatabase) =>
  inRolledBackTransaction(t, async ({ db }) => {
    await rebuildMarts(db);
    const checks = (await runChecks(db)).map(({ name, status, failing, sample }) => ({
      name,
      status,
      failing,
      sample,
    }));
    return { marts: await martRows(db), checks };
  });

for (const engine of testEngines()) {
  describe(`marts kept by key [${engine.name}]`, () => {
    let t: TestDatabase;
    let dir: string;
    beforeAll(async () => {
      t = await engine.create();
      dir = mkdtempSync(join(tmpdir(), 'spacex-incremental-'));
    });
    afterAll(async () => {
      await t?.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const ingest = (
      fullRefresh = false,
      batchSize?: number,
      database: Pick<TestDatabase, 'db' | 'transaction' | 'display'> = t,
    ): Promise<IngestSummary> =>
      runIngest(
        database,
        testOptions({
          source: { kind: 'dir', dir },
          archiveRoot: null,
          maxRemovals: 'all',
          fullRefresh,
          ...(batchSize === undefined ? {} : { batchSize }),
        }),
      );

    it('should equal a full rebuild after every run of any sequence, and its checks a full sweep', async () => {
      await fc.assert(
        // Small batches too: changed records carried over batches, written mid-read and after.
        fc.asyncProperty(
          runsArb,
          fc.constantFrom(1, 2, 3, undefined),
          async (states, batchSize) => {
            await t.reset();
            for (const [i, state] of states.entries()) {
              writeState(dir, state);
              const run = await ingest(false, batchSize);
              expect(run.status).toBe('succeeded');
              if (i === 0) expect(run.marts).toBe('rebuilt');
              const full = await recomputed(t);
              expect(await martRows(t.db)).toEqual(full.marts);
              expect(
                run.checks.map(({ name, status, failing, sample }) => ({
                  name,
                  status,
                  failing,
                  sample,
                })),
              ).toEqual(full.checks);
            }
          },
        ),
        { numRuns: 20 },
      );
    });

    it('should write a rerun’s few changed launches together, after the last batch, and whole batches as they come', async () => {
      await t.reset();
      const launches = (edited: readonly number[]): State['launches'] =>
        Array.from({ length: SLOTS }, (_, i) => ({
          slot: i + 1,
          month: i % 4,
          day: 1,
          upcoming: false,
          cores: [(i % 4) + 1],
          crew: [],
          rocket: 1,
          launchpad: 1,
          details: edited.includes(i + 1) ? 'scrubbed once' : null,
        }));
      const state = fc.sample(stateArb, { numRuns: 1, seed: 7 })[0] as State;
      // Counts the COPYs into raw.launches of each run.
      let copies = 0;
      const counting: Pick<TestDatabase, 'db' | 'transaction' | 'display'> = {
        db: t.db,
        display: t.display,
        transaction: (work) =>
          t.transaction((bulk) =>
            work({
              ...bulk,
              copy: (target, rows) => {
                if (target.table === '"raw"."launches"') copies++;
                return bulk.copy(target, rows);
              },
            }),
          ),
      };
      const run = async (edited: readonly number[]) => {
        writeState(dir, { ...state, launches: launches(edited), nameShift: 0 });
        copies = 0;
        const summary = await ingest(false, 2, counting);
        return { changed: summary.launchesChanged, copies };
      };
      // Batches of 2: a first load writes each as it comes.
      expect(await run([])).toEqual({ changed: SLOTS, copies: SLOTS / 2 });
      // Two launches in different batches: one write of both, after the last batch.
      expect(await run([1, 6])).toEqual({ changed: 2, copies: 1 });
      // A whole batch changed (launches 3 and 4) and one more (8): the batch is written as it
      // comes, launch 8 after the last batch.
      expect(await run([1, 6, 3, 4, 8])).toEqual({ changed: 3, copies: 2 });
      // Every version a change ended is kept.
      expect(await t.db.$count(recordHistory)).toBe(5);
      expect(await martRows(t.db)).toEqual((await recomputed(t)).marts);
    });

    it('should rebuild every mart on --full-refresh, whatever changed', async () => {
      await t.reset();
      const state = fc.sample(stateArb, { numRuns: 1, seed: 7 })[0] as State;
      writeState(dir, state);
      await ingest();
      // A mart emptied behind the run's back comes back only with a full refresh.
      await t.db.delete(coreUsage);
      expect((await ingest()).marts).toBe('current');
      expect(await t.db.$count(coreUsage)).toBe(0);
      const refreshed = await ingest(true);
      expect(refreshed.marts).toBe('rebuilt');
      expect(await martRows(t.db)).toEqual((await recomputed(t)).marts);
    });
  });
}
