import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, PendingMigrationsError, pendingMigrationCount } from '../src/client.js';
import { martViews } from '../src/schema/index.js';
import { type EmptyTestDatabase, testEngines } from '../src/testing.js';

const PACKAGE_DIR = join(import.meta.dirname, '..');

/** Runs `pnpm db:migrate`'s script in a child process with the given database settings. */
function dbMigrate(env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', '--conditions=source', 'src/bin/migrate.ts'],
    {
      cwd: PACKAGE_DIR,
      env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: '', ...env },
      encoding: 'utf8',
      timeout: 120_000,
    },
  );
}

for (const engine of testEngines()) {
  describe(`migrations [${engine.name}]`, () => {
    let empty: EmptyTestDatabase | undefined;
    afterEach(() => empty?.drop());

    it('should apply every migration with drizzle-kit (pnpm db:migrate), then again as a no-op', async () => {
      empty = await engine.createEmpty();
      const before = await openDatabase({ target: empty.target, migrations: 'none' });
      expect(await pendingMigrationCount(before.db)).toBeGreaterThanOrEqual(2);
      await before.close(); // the embedded directory is single-process: let the child take it

      const first = dbMigrate(empty.env);
      expect(first.status, first.stderr).toBe(0);
      expect(first.stdout).toContain('migrations applied successfully');
      const second = dbMigrate(empty.env);
      expect(second.status, second.stderr).toBe(0);

      const after = await openDatabase({ target: empty.target, migrations: 'check' });
      try {
        expect(await pendingMigrationCount(after.db)).toBe(0);
        for (const view of martViews) await after.db.refreshMaterializedView(view);
      } finally {
        await after.close();
      }
    });

    it(`should ${engine.name === 'pglite' ? 'migrate an empty directory by itself' : 'refuse pending migrations and name the command'} when an app opens it`, async () => {
      empty = await engine.createEmpty();
      if (engine.name === 'pglite') {
        const handle = await openDatabase({ target: empty.target });
        expect(await pendingMigrationCount(handle.db)).toBe(0);
        await handle.close();
      } else {
        const opening = openDatabase({ target: empty.target });
        await expect(opening).rejects.toBeInstanceOf(PendingMigrationsError);
        await expect(opening).rejects.toThrow(
          /pending migration\(s\)\. Apply them first: pnpm db:migrate/,
        );
      }
    });
  });
}
