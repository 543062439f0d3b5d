/**
 * `pnpm runs [--limit N] [--json]`: the run ledger, newest first, from raw.ingest_runs: each
 * run's id, status, source, duration, what it did with the launches and each other entity, and
 * why it failed. Exit codes: 0 listed (a failed run listed is no failure of this command), 1 the
 * database could not be read, 2 bad usage.
 */
import { withEnvDatabase } from '@spacex/db/cli';
import { ingestRuns } from '@spacex/schema';
import {
  type CommandIo,
  parseOptions,
  positiveWholeNumber,
  reportFailure,
  table,
} from '@spacex/terminal';
import { desc } from 'drizzle-orm';

export const RUNS_HELP = `Usage: pnpm runs [options]

Lists the latest ingest runs, newest first: id, status, source, duration, launches read, new or
changed, removed and rejected, each other entity's figures, and why a run failed.

Options:
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
      json: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (args.help) {
      io.stdout(RUNS_HELP);
      return 0;
    }
    const limit = positiveWholeNumber('--limit', args.limit, 10);
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
