/** Which generated migrations a database has applied, read from drizzle's own table. */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { drizzleMigrations, MIGRATIONS_FOLDER } from '@spacex/schema';
import { desc } from 'drizzle-orm';
import { readMigrationFiles } from 'drizzle-orm/migrator';
import * as v from 'valibot';
import { type Database, type DatabaseHandle, PendingMigrationsError } from './handle.js';

/** How many generated migrations the database has not applied yet. */
export async function pendingMigrationCount(db: Database): Promise<number> {
  const last = await lastAppliedMigration(db);
  return journalTimes().filter((when) => when > last).length;
}

/** The generated migrations the database has not applied yet, oldest first, with their SQL. */
export async function pendingMigrations(db: Database) {
  const last = await lastAppliedMigration(db);
  return readMigrationFiles({ migrationsFolder: MIGRATIONS_FOLDER }).filter(
    (m) => m.folderMillis > last,
  );
}

const Journal = v.object({ entries: v.array(v.object({ when: v.number() })) });

/**
 * When each generated migration was made (ms), from drizzle-kit's journal: all a check needs,
 * without reading and hashing every SQL file as drizzle's migrator does.
 */
function journalTimes(): number[] {
  const journal = readFileSync(join(MIGRATIONS_FOLDER, 'meta', '_journal.json'), 'utf8');
  return v.parse(Journal, JSON.parse(journal)).entries.map((entry) => entry.when);
}

/** The `when` of the last migration the database applied, or -1 for none. */
async function lastAppliedMigration(db: Database): Promise<number> {
  const [applied] = await db
    .select({ createdAt: drizzleMigrations.createdAt })
    .from(drizzleMigrations)
    .orderBy(desc(drizzleMigrations.createdAt))
    .limit(1)
    .catch((error: unknown) => {
      // 42P01: the migrations table does not exist yet, so nothing is applied.
      if (isUndefinedTable(error)) return [];
      throw error;
    });
  return applied?.createdAt ?? -1;
}

function isUndefinedTable(error: unknown): boolean {
  for (let e: unknown = error; e instanceof Error; e = e.cause) {
    if ((e as { code?: unknown }).code === '42P01') return true;
  }
  return false;
}

export async function assertNoPendingMigrations(handle: DatabaseHandle): Promise<void> {
  const pending = await pendingMigrationCount(handle.db);
  if (pending > 0) {
    throw new PendingMigrationsError(
      `${handle.display} has ${pending} pending migration(s). Apply them first: pnpm db:migrate ` +
        '(with the same DATABASE_URL), then run this command again.',
    );
  }
}
