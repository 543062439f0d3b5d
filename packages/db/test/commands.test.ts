/**
 * The db package's commands as a user runs them: `--help` prints help and does nothing else;
 * bad usage and a malformed DATABASE_URL exit 2.
 */
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript, runScriptAsync } from '@spacex/testing';
import { describe, expect, it } from 'vitest';
import { testEngines, withReaderLogin } from '../src/testing.js';

const PACKAGE_DIR = join(import.meta.dirname, '..');
const run = (script: string, args: string[], env: Record<string, string> = {}) =>
  runScript(PACKAGE_DIR, script, args, env);

describe('commands', () => {
  it.each([
    ['migrate.ts', 'Usage: pnpm db:migrate'],
    ['grant-reader.ts', 'Usage: pnpm db:grant-reader'],
    ['reset.ts', 'Usage: pnpm db:reset --yes'],
    ['pglite-template.ts', 'Usage: pnpm db:template'],
  ])('%s --help should print help, exit 0 and touch no database', (script, usage) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spacex-help-')), 'pglite');
    const result = run(script, ['--help'], { PGLITE_DIR: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(usage);
    expect(existsSync(dir)).toBe(false);
    expect(existsSync(`${dir}.lock`)).toBe(false);
  });

  it.each(['migrate.ts', 'grant-reader.ts', 'reset.ts', 'pglite-template.ts'])(
    '%s should exit 2 on an unknown option',
    (script) => {
      const result = run(script, ['--bogus']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("Unknown option '--bogus'");
    },
  );

  it.each(['migrate.ts', 'grant-reader.ts'])(
    '%s should exit 2 on a malformed DATABASE_URL, showing none of it',
    (script) => {
      const result = run(script, [], { DATABASE_URL: 'postgres://u:pa/ss@host/db' });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('DATABASE_URL is not a valid URL');
      expect(result.stderr).not.toContain('pa/ss');
    },
  );

  it.each(['migrate.ts', 'grant-reader.ts'])(
    '%s should exit 2 on a DATABASE_URL without its scheme, showing none of it',
    (script) => {
      const result = run(script, [], { DATABASE_URL: 'root:s3cret-pw@db.example/spacex' });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('DATABASE_URL must start with postgres://');
      expect(result.stderr).not.toContain('s3cret-pw');
    },
  );
});

const server = testEngines().find((e) => e.name === 'postgres');
describe.runIf(server)('commands [postgres, as the reader]', () => {
  it('db:migrate as a reader should say permission denied, not a passing fault', async () => {
    if (!server) throw new Error('no server');
    await withReaderLogin(server, async (_, readerUrl) => {
      const result = await runScriptAsync(PACKAGE_DIR, 'migrate.ts', [], {
        DATABASE_URL: readerUrl,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('permission denied: the role spacex_reader_');
      expect(result.stderr).toContain("with the database owner's DATABASE_URL");
      expect(result.stderr).not.toContain('passing fault');
    });
  });
});
