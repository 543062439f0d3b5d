import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isShortRun } from './cli.js';

describe('isShortRun', () => {
  it('should call a local source under 32 MB short, and a larger one or the API not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spacex-short-run-'));
    const file = join(dir, 'launches.json');
    writeFileSync(file, Buffer.alloc(20 * 2 ** 20));
    expect(isShortRun({ kind: 'file', path: file })).toBe(true);
    expect(isShortRun({ kind: 'dir', dir })).toBe(true);

    // A directory counts every file under it, in subfolders too (an archive's pages).
    mkdirSync(join(dir, 'pages'));
    writeFileSync(join(dir, 'pages', 'page-0001.json'), Buffer.alloc(13 * 2 ** 20));
    expect(isShortRun({ kind: 'archive', dir })).toBe(false);
    expect(isShortRun({ kind: 'file', path: file })).toBe(true);

    writeFileSync(file, Buffer.alloc(33 * 2 ** 20));
    expect(isShortRun({ kind: 'file', path: file })).toBe(false);
    expect(isShortRun({ kind: 'file', path: join(dir, 'missing.json') })).toBe(false);
    expect(isShortRun({ kind: 'api', baseUrl: 'http://127.0.0.1:1', pageSize: 100 })).toBe(false);
  });
});
