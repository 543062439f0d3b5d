#!/usr/bin/env node
/**
 * `pnpm report [--out DIR] [--days N] [--min-launches M]`: writes the report, one self-contained
 * HTML file, and prints its path. Exit codes: 0 written, 1 no launches loaded or a database
 * error, 2 bad usage.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_MIN_LAUNCHES, DEFAULT_REUSE_DAYS } from '@spacex/analytics';
import { hasLaunches, runShortCommand, withEnvDatabase } from '@spacex/db/cli';
import {
  type CommandIo,
  findRepositoryRoot,
  invocationDir,
  outputDir,
  parseOptions,
  positiveWholeNumber,
  reportFailure,
  writeFileAtomic,
} from '@spacex/terminal';

export const HELP = `Usage: pnpm report [options]

Writes the report: one HTML file, readable offline and without JavaScript, with the three
answers on its first screen, launches per month, each core's flights on a timeline, the
turnaround distribution, the last run and the data checks. Prints the file's path.

Options:
  --out DIR           where to write index.html (default .data/report at the repository root)
  --days N            the reuse window in days of 24 h (default ${DEFAULT_REUSE_DAYS})
  --min-launches M    the fewest launches a highlighted month has (default ${DEFAULT_MIN_LAUNCHES})
  -h, --help          show this help

Database: DATABASE_URL or DATABASE_URL_FILE (PostgreSQL), else embedded PGlite in PGLITE_DIR
(default .data/pglite).
`;

export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    const args = parseOptions(argv, {
      out: { type: 'string' },
      days: { type: 'string' },
      'min-launches': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    const days = positiveWholeNumber('--days', args.days, DEFAULT_REUSE_DAYS);
    const minLaunches = positiveWholeNumber(
      '--min-launches',
      args['min-launches'],
      DEFAULT_MIN_LAUNCHES,
    );
    const dir =
      args.out === undefined
        ? join(findRepositoryRoot(), '.data', 'report')
        : outputDir('--out', args.out, invocationDir(io.env));
    return await withEnvDatabase(io, async (handle) => {
      if (!(await hasLaunches(handle, io))) return 1;
      // Imported here: `--help` and bad usage need neither the queries nor the chart library.
      const { readReportData } = await import('../data.js');
      const { renderReport } = await import('../report.js');
      const data = await readReportData(handle.db, { days, minLaunches });
      mkdirSync(dir, { recursive: true });
      const path = join(dir, 'index.html');
      writeFileAtomic(path, renderReport(data, new Date()));
      io.stdout(`${path}\n`);
      return 0;
    });
  } catch (error) {
    return reportFailure(io, error);
  }
}

await runShortCommand(import.meta.url, main);
