import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DatabaseConfigError, readDatabaseTarget } from './env.js';

const SECRET = 's3cr3t-Pa55';

describe('readDatabaseTarget', () => {
  it('should choose PostgreSQL when DATABASE_URL is set, with a redacted display', () => {
    const target = readDatabaseTarget({ DATABASE_URL: `postgres://u:${SECRET}@h:5432/d` });
    expect(target).toMatchObject({ engine: 'postgres', display: 'postgres://u:***@h:5432/d' });
  });

  it('should choose PGlite in .data/pglite at the repository root when nothing is set', () => {
    const target = readDatabaseTarget({});
    expect(target.engine).toBe('pglite');
    expect(target.engine === 'pglite' && target.dir).toBe(
      join(import.meta.dirname, '..', '..', '..', '.data', 'pglite'),
    );
  });

  it('should honour PGLITE_DIR and memory://', () => {
    expect(readDatabaseTarget({ PGLITE_DIR: '/tmp/x' })).toMatchObject({
      engine: 'pglite',
      dir: '/tmp/x',
    });
    expect(readDatabaseTarget({ PGLITE_DIR: 'memory://' })).toMatchObject({
      engine: 'pglite',
      dir: 'memory://',
    });
  });

  it('should refuse a URL that is not PostgreSQL, without printing its password', () => {
    expect(() => readDatabaseTarget({ DATABASE_URL: `mysql://u:${SECRET}@h/d` })).toThrow(
      DatabaseConfigError,
    );
    expect(() => readDatabaseTarget({ DATABASE_URL: `mysql://u:${SECRET}@h/d` })).not.toThrow(
      SECRET,
    );
  });
});

describe('readDatabaseTarget with DATABASE_URL_FILE', () => {
  it('should read the URL from the mounted secret, its password kept out of the display', () => {
    const dir = mkdtempSync(join(tmpdir(), 'spacex-secret-'));
    writeFileSync(join(dir, 'database-url'), `postgres://u:${SECRET}@h:5432/d\n`);
    const target = readDatabaseTarget({ DATABASE_URL_FILE: join(dir, 'database-url') });
    expect(target).toMatchObject({ engine: 'postgres', display: 'postgres://u:***@h:5432/d' });
    expect(() => readDatabaseTarget({ DATABASE_URL_FILE: join(dir, 'nope') })).toThrow(
      DatabaseConfigError,
    );
  });
});
