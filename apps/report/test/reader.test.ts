/**
 * The report and the catalog site made by a login role holding only analytics_reader: they draw
 * everything from staging and mart, and say the data checks need the owner instead of failing.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { postgresTarget } from '@spacex/db';
import { testEngines, withReaderLogin } from '@spacex/db/testing';
import { runScriptAsync } from '@spacex/testing';
import { describe, expect, it } from 'vitest';
import { loadPicturesData } from './load.js';

const PACKAGE_DIR = join(import.meta.dirname, '..');
const server = testEngines().find((e) => e.name === 'postgres');

describe.runIf(server)('the pages made by the reader role [postgres]', () => {
  it('should write the report and the catalog site, the checks marked as the owner’s', async () => {
    if (!server) throw new Error('no server');
    await withReaderLogin(server, async (t, readerUrl) => {
      await loadPicturesData(postgresTarget(t.env.DATABASE_URL ?? ''));
      const out = mkdtempSync(join(tmpdir(), 'spacex-reader-pages-'));
      const env = { DATABASE_URL: readerUrl };
      const report = await runScriptAsync(PACKAGE_DIR, 'report.ts', ['--out', join(out, 'r')], env);
      expect(report.code, report.stderr).toBe(0);
      const page = readFileSync(join(out, 'r', 'index.html'), 'utf8');
      expect(page).toContain('Data checks: not run by this role');
      expect(page).toMatch(/Source freshness: <span class="status-pass">pass/);
      const site = await runScriptAsync(PACKAGE_DIR, 'catalog.ts', ['--html', join(out, 's')], env);
      expect(site.code, site.stderr).toBe(0);
      expect(readFileSync(join(out, 's', 'index.html'), 'utf8')).toContain('not run by this role');
      expect(existsSync(join(out, 's', 'mart.core_usage.html'))).toBe(true);
    });
  });
});
