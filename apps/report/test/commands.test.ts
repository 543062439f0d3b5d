/**
 * `pnpm catalog` and `pnpm report` as a user runs them: `--help` prints help and does nothing
 * else, bad usage and a malformed DATABASE_URL exit 2, and the Markdown catalog check fails when
 * stale and is mended by `pnpm catalog`.
 */
import {
  existsSync,
  lstatSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runScript } from '@spacex/testing';
import { describe, expect, it } from 'vitest';

const PACKAGE_DIR = join(import.meta.dirname, '..');
const run = (script: string, args: string[], env: Record<string, string> = {}) =>
  runScript(PACKAGE_DIR, script, args, env);

describe('commands', () => {
  it.each([
    ['catalog.ts', 'Usage: pnpm catalog'],
    ['report.ts', 'Usage: pnpm report'],
  ])('%s --help should print help, exit 0 and touch no database', (script, usage) => {
    const dir = join(mkdtempSync(join(tmpdir(), 'spacex-help-')), 'pglite');
    const result = run(script, ['--help'], { PGLITE_DIR: dir });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(usage);
    expect(existsSync(dir)).toBe(false);
  });

  it.each([
    ['catalog.ts', ['--bogus'], "Unknown option '--bogus'"],
    ['report.ts', ['--bogus'], "Unknown option '--bogus'"],
    ['report.ts', ['--days', '0'], '--days must be a positive whole number'],
    ['catalog.ts', ['--check', '--html', 'x'], '--check and --html do not go together'],
    ['report.ts', ['--out', '/'], "--out / is the filesystem's root"],
    ['catalog.ts', ['--html', ''], '--html needs a directory'],
  ])('%s %j should exit 2', (script, args, message) => {
    const result = run(script, args);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });

  it.each([
    ['report.ts', []],
    ['catalog.ts', ['--html', 'x']],
  ])('%s should exit 2 on a malformed DATABASE_URL, showing none of it', (script, args) => {
    const result = run(script, args, { DATABASE_URL: 'postgres://u:pa/ss@host/db' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('DATABASE_URL is not a valid URL');
    expect(result.stderr).not.toContain('pa/ss');
  });

  it('catalog --check should pass on the committed catalog', () => {
    const result = run('catalog.ts', ['--check']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain('The data catalog is up to date.');
  });

  it('catalog --check should fail on a stale catalog, and pnpm catalog should mend it', () => {
    // A repository of its own: a workspace file and one edited catalog page.
    const root = mkdtempSync(join(tmpdir(), 'spacex-catalog-'));
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
    expect(run('catalog.ts', [], { INIT_CWD: root }).code).toBe(0);
    const page = join(root, 'docs', 'catalog', 'mart.md');
    writeFileSync(page, `${readFileSync(page, 'utf8')}\nedited by hand\n`);
    const stale = run('catalog.ts', ['--check'], { INIT_CWD: root });
    expect(stale.code).toBe(1);
    expect(stale.stderr).toContain(`The data catalog is stale: ${page}. Run pnpm catalog`);
    expect(run('catalog.ts', [], { INIT_CWD: root }).code).toBe(0);
    expect(run('catalog.ts', ['--check'], { INIT_CWD: root }).code).toBe(0);
  });

  it('should replace a link where a page goes, never write through it', () => {
    const root = mkdtempSync(join(tmpdir(), 'spacex-catalog-'));
    writeFileSync(join(root, 'pnpm-workspace.yaml'), 'packages: []\n');
    expect(run('catalog.ts', [], { INIT_CWD: root }).code).toBe(0);
    const outside = join(mkdtempSync(join(tmpdir(), 'spacex-outside-')), 'precious.txt');
    writeFileSync(outside, 'keep me');
    const page = join(root, 'docs', 'catalog', 'mart.md');
    rmSync(page);
    symlinkSync(outside, page);
    expect(run('catalog.ts', [], { INIT_CWD: root }).code).toBe(0);
    expect(readFileSync(outside, 'utf8')).toBe('keep me');
    expect(lstatSync(page).isFile()).toBe(true);
    expect(
      readdirSync(join(root, 'docs', 'catalog')).filter((f) => f.endsWith('.partial')),
    ).toEqual([]);
  });

  it('should resolve a relative --html against the directory the command was typed in', () => {
    const typedIn = mkdtempSync(join(tmpdir(), 'spacex-cwd-'));
    const result = run('catalog.ts', ['--html', 'site'], {
      INIT_CWD: typedIn,
      PGLITE_DIR: join(typedIn, 'pglite'),
    });
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.trim()).toBe(join(typedIn, 'site', 'index.html'));
    expect(existsSync(join(typedIn, 'site', 'index.html'))).toBe(true);
  });
});
