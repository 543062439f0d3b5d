/**
 * `pnpm runs [--limit N] [--json]`: the run ledger, newest first, from raw.ingest_runs: each
 * run's id, status, source, duration, what it did with the launches and each other entity, and
 * why it failed. `pnpm runs --changes RUN`: what one run added, changed (which fields) and
 * removed. Exit codes: 0 listed (a failed run listed is no failure of this command), 1 the
 * database could not be read, 2 bad usage (or a run not recorded).
 */
import { withEnvDatabase } from '@spacex/db/cli';
import { type Database, ingestRuns } from '@spacex/schema';
import {
  type CommandIo,
  parseOptions,
  positiveWholeNumber,
  reportFailure,
  table,
  UsageError,
} from '@spacex/terminal';
import { desc, eq } from 'drizzle-orm';
import { changesOfRun } from './run-changes.js';

export const RUNS_HELP = `Usage: pnpm runs [options]

Lists the latest ingest runs, newest first: id, status, source, duration, launches read, new or
changed, removed and rejected, each other entity's figures, and why a run failed.

Options:
  --changes RUN  what run RUN added, changed (the top-level fields that differ) and removed,
               per entity, from the earlier versions kept in raw.record_history
  --limit N    how many runs (default 10)
  --json       print them as JSON
  -h, --help   show this help

Exit codes: 0 listed, 1 the database could not be read, 2 bad usage. Database: DATABASE_URL or
DATABASE_URL_FILE, else the embedded PGlite directory.
`;

export async function runsMain(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    const args = parseOptions(argv, {
      limit: { type: 'string' },
      changes: { type: 'string' },
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (args.help) {
      io.stdout(RUNS_HELP);
      return 0;
    }
    const limit = positiveWholeNumber('--limit', args.limit, 10);
    const { changes } = args;
    if (changes !== undefined) {
      return await withEnvDatabase(io, (handle) => printChanges(handle.db, changes, args.json, io));
    }
    return await withEnvDatabase(io, async (handle) => {
      const runs = await handle.db
        .select()
        .from(ingestRuns)
        .orderBy(desc(ingestRuns.startedAt), desc(ingestRuns.id))
        .limit(limit);
      const listed = runs.map((run) => ({
        runId: run.id,
        status: run.status,
        startedAt: run.startedAt.toISOString(),
        durationSeconds: (run.finishedAt.getTime() - run.startedAt.getTime()) / 1000,
        source: `${run.sourceKind} ${run.source}`,
        launches: {
          read: run.launchesRead,
          changed: run.launchesChanged,
          removed: run.launchesRemoved,
          rejected: run.launchesRejected,
        },
        entities: run.entities,
        error: run.error,
      }));
      if (args.json) {
        io.stdout(`${JSON.stringify(listed, null, 2)}\n`);
        return 0;
      }
      if (listed.length === 0) {
        io.stdout('No ingest run is recorded yet: pnpm ingest loads the data.\n');
        return 0;
      }
      const figures = (f: { read: number; changed: number; removed: number; rejected: number }) =>
        `${f.read} read, ${f.changed} new/changed, ${f.removed} removed, ${f.rejected} rejected`;
      const rows = listed.map((run) => [
        run.runId,
        run.status,
        run.startedAt,
        `${run.durationSeconds.toFixed(1)} s`,
        run.source,
        figures(run.launches),
        Object.entries(run.entities)
          .map(([entity, f]) => `${entity} ${f.changed}/${f.removed}/${f.rejected}`)
          .join(', '),
        (run.error ?? '').split('\n')[0]?.slice(0, 120) ?? '',
      ]);
      io.stdout(
        `${table(['run', 'status', 'started', 'took', 'source', 'launches', 'entities (new/removed/rejected)', 'error'], rows)}\n`,
      );
      return 0;
    });
  } catch (error) {
    return reportFailure(io, error);
  }
}

/** Prints what run `runId` changed; a run not recorded is a usage error. */
async function printChanges(
  db: Database,
  runId: string,
  json: boolean,
  io: CommandIo,
): Promise<number> {
  const [run] = await db
    .select({ status: ingestRuns.status })
    .from(ingestRuns)
    .where(eq(ingestRuns.id, runId));
  if (run === undefined) {
    throw new UsageError(`no run ${runId} is recorded: pnpm runs lists the latest runs' ids`);
  }
  const changes = await changesOfRun(db, runId);
  if (json) {
    io.stdout(`${JSON.stringify({ runId, status: run.status, changes }, null, 2)}\n`);
    return 0;
  }
  if (changes.length === 0) {
    io.stdout(`Run ${runId} (${run.status}) changed no record.\n`);
    return 0;
  }
  const rows = changes.map((c) => [c.resource, c.change, c.id, c.fields.join(', ')]);
  io.stdout(
    `Run ${runId} (${run.status}):\n${table(['entity', 'change', 'id', 'fields'], rows)}\n`,
  );
  return 0;
}
