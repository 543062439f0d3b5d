/** The embedded database: PGlite in a directory (locked to one process) or in memory. */
import { existsSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite as PGliteClient } from '@electric-sql/pglite';
import { MIGRATIONS_FOLDER } from '@spacex/schema';
import { rootCauseMessage } from '@spacex/terminal';
import { PgDatabase } from 'drizzle-orm/pg-core';
import { copyStatement } from '../bulk.js';
import { type DatabaseTarget, MEMORY } from '../env.js';
import { type DatabaseHandle, dialect, loadDriver, type OpenOptions } from '../handle.js';
import { pendingMigrationCount } from '../migrations.js';
import { lockPgliteDir } from '../pglite-lock.js';
import { discardPgliteTemplate, pgliteStartParams, pgliteTemplate } from '../pglite-template.js';

export async function openPglite(
  target: Extract<DatabaseTarget, { engine: 'pglite' }>,
  options: OpenOptions,
): Promise<DatabaseHandle> {
  const { PGlite } = await loadDriver('@electric-sql/pglite', () => import('@electric-sql/pglite'));
  const { drizzle: drizzlePglite, PgliteSession } = await import('drizzle-orm/pglite');
  const { migrate: migratePglite } = await import('drizzle-orm/pglite/migrator');
  const inMemory = target.dir === MEMORY;
  const release = inMemory ? () => {} : lockPgliteDir(target.dir);
  try {
    const started = performance.now();
    const { client, created } = inMemory
      ? {
          client: await PGlite.create({
            startParams: await pgliteStartParams(),
            ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
          }),
          created: false,
        }
      : await openPgliteDir(PGlite, target.dir, options);
    const db = drizzlePglite({ client });
    // One cheap query when nothing is pending (every run but the first after an upgrade).
    if ((options.migrations ?? 'auto') === 'auto') {
      try {
        if ((await pendingMigrationCount(db)) > 0) {
          await migratePglite(db, { migrationsFolder: MIGRATIONS_FOLDER });
        }
      } catch (error) {
        await client.close();
        throw error;
      }
    }
    if (created) {
      const seconds = ((performance.now() - started) / 1000).toFixed(1);
      options.onProgress?.(`created the embedded database in ${seconds} s`);
    }
    return {
      db,
      engine: 'pglite',
      display: target.display,
      transaction: (work) =>
        client.transaction((tx) =>
          work({
            db: new PgDatabase(dialect, new PgliteSession(tx, dialect, undefined), undefined),
            // PGlite reads COPY data from a Blob mounted at /dev/blob.
            copy: async (into, rows) => {
              await tx.query(copyStatement(into, `'/dev/blob'`), [], {
                blob: new Blob([rows.content]),
              });
            },
          }),
        ),
      async close() {
        try {
          await client.close();
        } finally {
          release();
        }
      },
    };
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * Opens the PGlite database in `dir`. A directory without PG_VERSION holds none yet: it is made
 * from `options.loadDataDir`, else (when it is to be migrated) from the migrated template (see
 * pglite-template.ts), else by initdb. A cached template PGlite cannot load is thrown away with
 * what it left in `dir`, and made anew once.
 */
async function openPgliteDir(
  PGlite: typeof PGliteClient,
  dir: string,
  options: OpenOptions,
): Promise<{ client: PGliteClient; created: boolean }> {
  const startParams = await pgliteStartParams();
  if (existsSync(join(dir, 'PG_VERSION'))) {
    return { client: await PGlite.create(dir, { startParams }), created: false };
  }
  options.onProgress?.(`creating the embedded database at ${dir} (first run)`);
  mkdirSync(dir, { recursive: true });
  const before = new Set(readdirSync(dir));
  const templateOptions = {
    ...(options.env ? { env: options.env } : {}),
    ...(options.onProgress ? { onProgress: options.onProgress } : {}),
  };
  // The template is a migrated database: only for openers that would migrate it anyway.
  const fromTemplate = !options.loadDataDir && (options.migrations ?? 'auto') === 'auto';
  const create = async () => {
    const loadDataDir = fromTemplate ? await pgliteTemplate(templateOptions) : options.loadDataDir;
    return PGlite.create(dir, { startParams, ...(loadDataDir ? { loadDataDir } : {}) });
  };
  try {
    return { client: await create(), created: true };
  } catch (error) {
    if (!fromTemplate) throw error;
    options.onProgress?.(
      `the cached template did not load (${rootCauseMessage(error)}); making it again`,
    );
    discardPgliteTemplate(options.env);
    for (const entry of readdirSync(dir)) {
      if (!before.has(entry)) rmSync(join(dir, entry), { recursive: true, force: true });
    }
    return { client: await create(), created: true };
  }
}
