/** `pnpm db:reset --yes`: empties the raw layer and the marts, to start over. */

import { launches, rawDocs, rebuildMarts } from '@spacex/schema';
import { type CommandIo, parseOptions, reportFailure, UsageError } from '@spacex/terminal';
import { sql } from 'drizzle-orm';
import { runShortCommand, withEnvDatabase } from '../cli/with-database.js';
import type { DatabaseHandle } from '../client.js';

const HELP = `Usage: pnpm db:reset --yes

Empties the database DATABASE_URL names (else the embedded one in PGLITE_DIR, default
.data/pglite): every raw table (launches, their cores and crew, every other entity, rejected
records and the run log) and the marts. The schema and its applied migrations stay, so the next
pnpm ingest loads from scratch: for example the real data after synthetic launches, which the
removal guard would otherwise refuse to replace. Run archives (.data/archive) are kept.

Options:
  --yes        required: the data cannot be recovered afterwards
  -h, --help   show this help

Exit codes: 0 emptied, 1 failed (nothing was changed), 2 bad usage or settings.
`;

/**
 * Truncates every raw table and empties the marts in one transaction, under the lock an
 * ingest run takes: it waits for a running ingest (up to lock_timeout), and one never sees
 * half-emptied tables.
 */
export async function resetDatabase(handle: Pick<DatabaseHandle, 'transaction'>): Promise<void> {
  await handle.transaction(async ({ db }) => {
    await db.execute(sql`lock table ${launches} in share row exclusive mode`);
    const tables = rawDocs.map((doc) => sql`${doc.relation}`);
    await db.execute(sql`truncate ${sql.join(tables, sql`, `)}`);
    await rebuildMarts(db);
  });
}

export async function resetMain(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    const args = parseOptions(argv, {
      yes: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    if (!args.yes) {
      throw new UsageError('db:reset deletes every loaded record: run it as pnpm db:reset --yes.');
    }
  } catch (error) {
    return reportFailure(io, error);
  }
  return withEnvDatabase(io, async (handle) => {
    await resetDatabase(handle);
    io.stderr(
      `Emptied ${handle.display}: no launches, entities or runs are stored. Load again with pnpm ingest.\n`,
    );
    return 0;
  });
}

await runShortCommand(import.meta.url, resetMain);
