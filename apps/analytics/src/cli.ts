#!/usr/bin/env node
/**
 * `pnpm answers [--json] [--sql] [--days N] [--min-launches N]`: prints the three answers.
 * Exit codes: 0 answered, 1 no launches loaded or a database error, 2 bad usage.
 */
import type { DatabaseHandle } from '@spacex/db';
import { hasLaunches, runShortCommand, withEnvDatabase } from '@spacex/db/cli';
import {
  type CommandIo,
  parseOptions,
  positiveWholeNumber,
  reportFailure,
  table,
} from '@spacex/terminal';
import {
  busyMonths,
  coreName,
  coresReusedWithin,
  DEFAULT_MIN_LAUNCHES,
  DEFAULT_REUSE_DAYS,
  maxCoreUses,
} from './answers.js';
import { answerSql } from './sql.js';

export const HELP = `Usage: pnpm answers [options]   (or pnpm --filter analytics answers)

Answers, from the mart layer:
  1. the maximum number of times a core has been used, and the cores that reached it;
  2. the cores reused less than N days (default ${DEFAULT_REUSE_DAYS}) after their previous launch;
  3. the months (UTC) with at least M launches (default ${DEFAULT_MIN_LAUNCHES}: more than one).
Only launches that have happened count.

Options:
  --days N            the reuse window in days of 24 h (default ${DEFAULT_REUSE_DAYS})
  --min-launches M    the fewest launches a listed month has (default ${DEFAULT_MIN_LAUNCHES})
  --json              print {"maxCoreUses", "coresReusedWithin", "busyMonths"} as JSON
  --sql               print the SQL each answer runs, ready for psql, instead of the answers
  -h, --help          show this help

Database: DATABASE_URL or DATABASE_URL_FILE (PostgreSQL), else embedded PGlite in PGLITE_DIR
(default .data/pglite).
`;

export type CliIo = CommandIo;

const iso = (date: Date) => date.toISOString().replace('.000Z', 'Z');

/** Prints the answers (or their SQL) from an open database; returns the exit code. */
async function answer(
  handle: DatabaseHandle,
  io: CliIo,
  options: { days: number; minLaunches: number; json: boolean; sql: boolean },
): Promise<number> {
  const { days, minLaunches } = options;
  const { db } = handle;

  if (options.sql) {
    const queries = answerSql(db, { days, minLaunches });
    io.stdout(
      `-- 1. The maximum number of times a core has been used\n${queries.maxCoreUses}\n\n` +
        `-- 2. Cores reused less than ${days} days after their previous launch\n${queries.coresReusedWithin}\n\n` +
        `-- 3. Months with at least ${minLaunches} launches\n${queries.busyMonths}\n`,
    );
    return 0;
  }
  if (!(await hasLaunches(handle, io))) return 1;

  const answers = {
    maxCoreUses: await maxCoreUses(db),
    coresReusedWithin: await coresReusedWithin(db, { days }),
    busyMonths: await busyMonths(db, { minLaunches }),
  };
  if (options.json) {
    io.stdout(`${JSON.stringify(answers, null, 2)}\n`);
    return 0;
  }
  const { maxCoreUses: top, coresReusedWithin: reused, busyMonths: busy } = answers;
  io.stdout(
    [
      `1. The most-used core flew ${top.uses} times (${top.reuses} reuses); ${top.cores.length} core(s) reached it:`,
      table(
        ['core', 'uses', 'first launch', 'last launch'],
        top.cores.map((c) => [
          coreName(c),
          String(c.uses),
          iso(c.firstLaunchedAt),
          iso(c.lastLaunchedAt),
        ]),
      ),
      '',
      `2. ${reused.cores.length} core(s) reused less than ${reused.days} days after their previous launch (${reused.flights.length} flights):`,
      table(
        [
          'core',
          'days',
          'launch',
          'launched',
          'rocket',
          'site',
          'previous launch',
          'previously launched',
        ],
        reused.flights.map((f) => [
          coreName(f),
          f.daysSincePrevious.toFixed(2),
          f.launchName,
          iso(f.launchedAt),
          f.rocketName ?? '-',
          f.launchpadName ?? '-',
          f.previousLaunchName,
          iso(f.previousLaunchedAt),
        ]),
      ),
      '',
      `3. ${busy.months.length} month(s) with at least ${busy.minLaunches} launches:`,
      table(
        ['month', 'launches', 'names'],
        busy.months.map((m) => [m.month, String(m.launches), m.launchNames.join(', ')]),
      ),
      '',
    ].join('\n'),
  );
  return 0;
}

export async function main(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    const args = parseOptions(argv, {
      days: { type: 'string' },
      'min-launches': { type: 'string' },
      json: { type: 'boolean', default: false },
      sql: { type: 'boolean', default: false },
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
    return await withEnvDatabase(io, (handle) =>
      answer(handle, io, { days, minLaunches, json: args.json, sql: args.sql }),
    );
  } catch (error) {
    return reportFailure(io, error);
  }
}

await runShortCommand(import.meta.url, main);
