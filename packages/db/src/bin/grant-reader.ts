/** `pnpm db:grant-reader [--sql]`: creates the read-only analytics_reader role and its grants. */

import {
  type CommandIo,
  parseOptions,
  processIo,
  reportFailure,
  UsageError,
} from '@spacex/terminal';
import { openDatabase } from '../client.js';
import { readDatabaseTarget, secretsOf } from '../env.js';
import {
  ANALYTICS_READER,
  ANALYTICS_READER_SQL,
  grantAnalyticsReader,
  READER_LIMITS,
} from '../roles.js';

const HELP = `Usage: pnpm db:grant-reader [--sql]

Creates the role ${ANALYTICS_READER} (NOLOGIN) if it is missing, and grants it what the analytics
library needs and nothing more: read staging and mart, and the applied-migrations record. It
cannot write, run DDL, refresh the marts, read raw, create temporary tables or large objects, or
take the ingest's lock. Its sessions are limited (${READER_LIMITS.map(([n, v]) => `${n} ${v}`).join(', ')}).
Grant it to a login role afterwards, and give that role the same limits (PostgreSQL applies a
role's settings to sessions that log in as it):
  grant ${ANALYTICS_READER} to <user>;
${READER_LIMITS.map(([n, v]) => `  alter role <user> set ${n} = '${v}';`).join('\n')}

Run it as the database owner (a superuser for the large-object revokes). PostgreSQL only.

Options:
  --sql        print the statements instead of running them (for a DBA)
  -h, --help   show this help

Exit codes: 0 done, 1 failed (nothing was changed), 2 bad usage or settings.
`;

async function grantReaderMain(argv: readonly string[], io: CommandIo): Promise<number> {
  let secrets: string[] = [];
  try {
    const args = parseOptions(argv, {
      sql: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    if (args.sql) {
      io.stdout(`create role ${ANALYTICS_READER} nologin; -- if it does not exist\n`);
      for (const statement of ANALYTICS_READER_SQL) io.stdout(`${statement};\n`);
      return 0;
    }
    const target = readDatabaseTarget(io.env);
    secrets = secretsOf(target);
    if (target.engine !== 'postgres') {
      throw new UsageError('Roles exist on PostgreSQL only: set DATABASE_URL.');
    }
    const handle = await openDatabase({ target, env: io.env });
    try {
      await grantAnalyticsReader(handle.db);
      io.stderr(
        `${ANALYTICS_READER} can now read staging and mart in ${handle.display}. Grant it to a login role: grant ${ANALYTICS_READER} to <user>;\n`,
      );
    } finally {
      await handle.close();
    }
    return 0;
  } catch (error) {
    return reportFailure(io, error, secrets);
  }
}

// Exit at once: a failed connection may leave a timer that would hold the process open.
process.exit(await grantReaderMain(process.argv.slice(2), processIo));
