/**
 * `pnpm quality [--json] [--max-age 26h] [--warn-after-hours N] [--error-after-hours N]`: every
 * declared check and the source freshness test, against the database the environment names.
 * Exit codes (EXIT): 0 all pass or only warnings, 3 an error-level check failed, 5 stale, 2 bad usage.
 */

import { sessionPrivileges } from '@spacex/db';
import { withEnvDatabase } from '@spacex/db/cli';
import {
  type CommandIo,
  EXIT,
  notify,
  parseOptions,
  redactUrl,
  reportFailure,
  secretSetting,
  table,
  UsageError,
} from '@spacex/terminal';
import { checkFreshness, hasErrors, runChecksInSnapshot } from './run-checks.js';

export const HELP = `Usage: pnpm quality [options]

Runs every data check declared in packages/quality/src/checks.ts and the source freshness
test (the last successful ingest run), and prints check, severity, status, failing rows and
sample keys.

Options:
  --json                    print the results as JSON
  --max-age AGE             stale when the last successful run is older: 26h, 90m, 2d (sets
                            --error-after-hours; for a daily run, 26h allows for a late start)
  --notify-url URL          post a JSON message (Slack-compatible text) to this webhook when the
                            source is stale; also SPACEX_NOTIFY_URL
  --warn-after-hours N      freshness warns when the last successful run is older (default 24)
  --error-after-hours N     freshness fails, stale, when it is older (default 72)
  -h, --help                show this help

The age is measured on the database's clock. Exit codes: 0 every check passed or only warned,
1 the checks could not run, 2 bad usage, 3 an error-level check failed, 5 stale (the last
successful run is older than allowed, or there is none; 5 wins over 3). Database:
DATABASE_URL, else the embedded PGlite directory.
`;

export type QualityIo = CommandIo;

/** `--max-age 26h` (also m, d; a bare number is hours) in hours. */
export function maxAgeHours(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([mhd]?)\s*$/.exec(text);
  const value = Number(m?.[1]);
  if (!m || !(value > 0)) {
    throw new UsageError(`--max-age must be a positive age such as 26h, 90m or 2d, got "${text}"`);
  }
  return m[2] === 'm' ? value / 60 : m[2] === 'd' ? value * 24 : value;
}

function hours(flag: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0)
    throw new UsageError(`${flag} must be a positive number of hours, got "${text}"`);
  return value;
}

export async function qualityMain(argv: readonly string[], io: QualityIo): Promise<number> {
  try {
    const args = parseOptions(argv, {
      json: { type: 'boolean', default: false },
      'warn-after-hours': { type: 'string' },
      'error-after-hours': { type: 'string' },
      'max-age': { type: 'string' },
      'notify-url': { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    if (args['max-age'] !== undefined && args['error-after-hours'] !== undefined)
      throw new UsageError('--max-age and --error-after-hours say the same: give one');
    const maxAge = args['max-age'] === undefined ? undefined : maxAgeHours(args['max-age']);
    const errorAfterHours = maxAge ?? hours('--error-after-hours', args['error-after-hours'], 72);
    // A max age below the default warning moves the warning down with it.
    const warnAfterHours = hours(
      '--warn-after-hours',
      args['warn-after-hours'],
      Math.min(24, errorAfterHours),
    );
    if (errorAfterHours < warnAfterHours)
      throw new UsageError('--error-after-hours must not be below --warn-after-hours');
    return await withEnvDatabase(io, async (handle) => {
      const { user, readsRaw } = await sessionPrivileges(handle.db);
      if (!readsRaw) {
        io.stderr(
          `error: pnpm quality reads the raw layer, which the role ${user} may not (a reader reads staging and mart only). ` +
            "Run it with the database owner's DATABASE_URL.\n",
        );
        return 1;
      }
      const checks = await runChecksInSnapshot(handle.db);
      const freshness = await checkFreshness(handle.db, { warnAfterHours, errorAfterHours });
      const exitCode =
        freshness.status === 'fail' ? EXIT.stale : hasErrors(checks) ? EXIT.checksFailed : EXIT.ok;
      const notifyUrl = args['notify-url'] ?? secretSetting(io.env, 'SPACEX_NOTIFY_URL');
      if (exitCode === EXIT.stale && notifyUrl) {
        const age =
          freshness.ageHours === null
            ? 'no successful run is recorded'
            : `the last successful run ended ${freshness.ageHours.toFixed(1)} h ago`;
        await notify(
          notifyUrl,
          {
            text: `SpaceX launches are stale: ${age} (allowed: ${errorAfterHours} h). Check the ingest's schedule and its last runs.`,
            status: 'stale',
            lastSuccessAt: freshness.lastSuccessAt,
            ageHours: freshness.ageHours,
            errorAfterHours,
          },
          { onFailure: (message) => io.stderr(`error: ${redactUrl(message)}\n`) },
        );
      }
      if (args.json) {
        io.stdout(`${JSON.stringify({ checks, freshness }, null, 2)}\n`);
      } else {
        const rows = checks.map((c) => [
          c.name,
          c.relation,
          c.severity,
          c.status,
          String(c.failing),
          c.sample.slice(0, 3).join(', ') + (c.failing > 3 ? ', …' : ''),
        ]);
        const age =
          freshness.ageHours === null
            ? 'no successful run'
            : freshness.ageHours < 0
              ? `last successful run dated ${(-freshness.ageHours).toFixed(1)} h in the future`
              : `last successful run ${freshness.ageHours.toFixed(1)} h ago`;
        rows.push([
          'source_freshness',
          'raw.ingest_runs',
          'error',
          freshness.status,
          freshness.status === 'pass' ? '0' : '1',
          age,
        ]);
        io.stdout(
          `${table(['check', 'on', 'severity', 'status', 'failing rows', 'sample keys'], rows)}\n`,
        );
        for (const c of checks.filter((r) => r.status !== 'pass'))
          io.stdout(`\n${c.name} (${c.status}): ${c.description}\n`);
        if (freshness.status !== 'pass') {
          io.stdout(
            freshness.ageHours !== null && freshness.ageHours < 0
              ? `\nsource_freshness (${freshness.status}): ${age} by the database's clock: a clock set wrong, or an edited run log. Check the clocks, then run the ingest.\n`
              : `\nsource_freshness (${freshness.status}): ${age}; warns after ${warnAfterHours} h, fails after ${errorAfterHours} h. Run the ingest.\n`,
          );
        }
      }
      return exitCode;
    });
  } catch (error) {
    return reportFailure(io, error);
  }
}
