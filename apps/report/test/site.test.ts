/**
 * `pnpm catalog --html DIR` on both engines, opened in headless Chromium: a page per layer and
 * relation, every link resolving, no error or request; the lineage draws a node per relation in
 * its layer's colour; the latest run, freshness and each check's failing keys come from the
 * database.
 */
import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { hexId } from '@spacex/contract/fixtures';
import {
  type EmptyTestDatabase,
  migrateTestDatabase,
  testEngines,
  withDatabase,
} from '@spacex/db/testing';
import { runChecks } from '@spacex/quality';
import { martDocs, rawDocs, stagingDocs } from '@spacex/schema';
import { runCaptured } from '@spacex/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/bin/catalog.js';
import { ANSWERS, LAYER_COLORS } from '../src/site.js';
import { distinctColours, launchChromium, marks, openOffline } from './browser.js';
import { loadPicturesData } from './load.js';

const catalog = (argv: string[], env: Record<string, string>) => runCaptured(main, argv, env);
const relations = [...rawDocs, ...stagingDocs, ...martDocs].map((d) => `${d.schema}.${d.name}`);

for (const engine of testEngines()) {
  describe(`the catalog site [${engine.name}]`, () => {
    let db: EmptyTestDatabase;
    let browser: Browser;
    let dir: string;
    beforeAll(async () => {
      db = await engine.createEmpty();
      await migrateTestDatabase(db.target);
      await loadPicturesData(db.target);
      browser = await launchChromium();
      dir = mkdtempSync(join(tmpdir(), 'spacex-site-'));
    });
    afterAll(async () => {
      await browser?.close();
      await db?.drop();
    });

    it('should write a page per layer and per relation, and print the index path', async () => {
      const result = await catalog(['--html', dir], db.env);
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe(`${join(dir, 'index.html')}\n`);
      expect(readdirSync(dir).sort()).toEqual(
        [
          'index.html',
          'raw.html',
          'staging.html',
          'mart.html',
          ...relations.map((r) => `${r}.html`),
        ].sort(),
      );
    });

    it('should render every page offline with no error, and every link should resolve', async () => {
      const { page, context, problems } = await openOffline(browser, join(dir, 'index.html'));
      for (const file of readdirSync(dir)) {
        await page.goto(pathToFileURL(join(dir, file)).href);
        expect(problems, file).toEqual([]);
        const links = await page
          .locator('a[href]')
          .evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href') ?? ''));
        expect(links.length, file).toBeGreaterThan(0);
        for (const link of links)
          expect(existsSync(join(dir, link)), `${file} → ${link}`).toBe(true);
      }
      await context.close();
    });

    it('should draw the lineage: a node per relation in its layer colour, and the answers', async () => {
      const { page, context } = await openOffline(browser, join(dir, 'index.html'));
      expect(await marks(page, 'lineage', LAYER_COLORS.raw)).toBe(rawDocs.length);
      expect(await marks(page, 'lineage', LAYER_COLORS.staging)).toBe(stagingDocs.length);
      expect(await marks(page, 'lineage', LAYER_COLORS.mart)).toBe(martDocs.length);
      expect(await marks(page, 'lineage', LAYER_COLORS.answers)).toBe(ANSWERS.length);
      const label = await page.locator('#lineage .chart-wide svg').getAttribute('aria-label');
      expect(label).toMatch(/^Lineage: \d+ raw, \d+ staging, \d+ mart, 3 answers/);
      const png = await page.screenshot({ fullPage: true });
      expect(await distinctColours(browser, png)).toBeGreaterThan(8);
      await context.close();
    });

    it('should show the latest run, freshness, and each check with its result and failing keys', async () => {
      const { page, context } = await openOffline(browser, join(dir, 'index.html'));
      const text = (await page.locator('body').textContent()) ?? '';
      expect(text).toMatch(/Run \d{8}T\d{6}Z-[0-9a-f]{6} succeeded/);
      expect(text).toMatch(/Source freshness\s*pass/);
      const results = await withDatabase(db.target, (d) => runChecks(d));
      const warned = results.find(
        (r) => r.name === 'launch_launchpad_known_to_launchpads_endpoint',
      );
      expect(warned).toMatchObject({ status: 'warn', sample: [hexId('7', 4)] });
      for (const result of results) {
        const row = page.locator('tr', { has: page.locator(`td:text-is("${result.name}")`) });
        const cells = await row.first().locator('td').allTextContents();
        expect(cells.slice(2, 7), result.name).toEqual([
          result.severity,
          result.status,
          String(result.failing),
          result.description,
          result.sample.join(', ') || '–',
        ]);
      }
      await context.close();
      // The relation's own page shows its checks' results too.
      const pad = await openOffline(browser, join(dir, 'raw.launches.html'));
      expect(await pad.page.locator('body').textContent()).toContain(hexId('7', 4));
      await pad.context.close();
    });
  });
}
