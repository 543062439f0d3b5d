import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { closedPort, passwordRejectingServer } from '@spacex/testing';
import { describe, expect, it } from 'vitest';
import { DatabaseConnectionError, openDatabase } from '../src/client.js';
import { readDatabaseTarget } from '../src/env.js';
import { DatabaseInUseError } from '../src/pglite-lock.js';

const SECRET = 's3cr3t-Pa55';

describe('openDatabase [postgres, bad DATABASE_URL]', () => {
  it('should fail fast on a wrong port with a redacted message', async () => {
    const url = `postgres://spacex:${SECRET}@127.0.0.1:${await closedPort()}/spacex`;
    const started = Date.now();
    const opening = openDatabase({
      target: readDatabaseTarget({ DATABASE_URL: url }),
      connectTimeoutSeconds: 3,
    });
    const error = await opening.catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(DatabaseConnectionError);
    expect(String(error)).toContain('postgres://spacex:***@127.0.0.1');
    expect(String(error)).toContain('ECONNREFUSED');
    expect(String(error)).not.toContain(SECRET);
  });

  it('should fail fast on a wrong password with a redacted message', async () => {
    const server = await passwordRejectingServer();
    try {
      const url = `postgres://spacex:${SECRET}@127.0.0.1:${server.port}/spacex`;
      const error = await openDatabase({
        target: readDatabaseTarget({ DATABASE_URL: url }),
        connectTimeoutSeconds: 3,
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DatabaseConnectionError);
      expect(String(error)).toContain('password authentication failed');
      expect(String(error)).not.toContain(SECRET);
    } finally {
      server.close();
    }
  });
});

describe('openDatabase [pglite, directory in use]', () => {
  it('should give a second process a clear message instead of a hang', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spacex-lock-'));
    const handle = await openDatabase({ target: { engine: 'pglite', dir, display: dir } });
    try {
      const child = spawnSync(
        process.execPath,
        [
          '--import',
          'tsx',
          '--conditions=source',
          '--input-type=module',
          '-e',
          `import { openDatabase } from './src/client.ts';
           await openDatabase({ target: { engine: 'pglite', dir: ${JSON.stringify(dir)}, display: 'x' } })
             .then(() => process.exit(0), (e) => { console.error(e.name + ': ' + e.message); process.exit(3); });`,
        ],
        { cwd: join(import.meta.dirname, '..'), encoding: 'utf8', timeout: 60_000 },
      );
      expect(child.status, child.stderr).toBe(3);
      expect(child.stderr).toContain('DatabaseInUseError');
      expect(child.stderr).toContain(`is in use by process ${process.pid}`);
      await expect(
        openDatabase({ target: { engine: 'pglite', dir, display: dir } }),
      ).rejects.toBeInstanceOf(DatabaseInUseError);
    } finally {
      await handle.close();
    }
    // Closed: the lock is gone and the directory opens again.
    const again = await openDatabase({ target: { engine: 'pglite', dir, display: dir } });
    await again.close();
    rmSync(dir, { recursive: true, force: true });
  });
});
