/**
 * The report and every page of the catalog site as a phone (390 px), a tablet (768 px) and a
 * desktop (1280 px) show them, in headless Chromium, on the real saved API responses (SPACEX_ENTITIES) and on
 * 100,000 synthetic launches: the page never scrolls sideways, chart text is at least
 * MIN_TEXT_PX high, no short value breaks across lines, no longer one is squeezed a word a line,
 * and every lineage edge runs from its source's box to its target's.
 */
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { DatabaseTarget } from '@spacex/db';
import {
  type EmptyTestDatabase,
  migrateTestDatabase,
  testEngines,
  withDatabase,
} from '@spacex/db/testing';
import { writeSyntheticFile } from '@spacex/testing';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readReportData } from '../src/data.js';
import { renderReport } from '../src/report.js';
import { MIN_TEXT_PX } from '../src/screens.js';
import { lineageGraph, readSiteState, renderSite } from '../src/site.js';
import {
  launchChromium,
  openOffline,
  pageWidth,
  smallestChartText,
  squeezedCells,
  strayLineage,
  wrappedShortCells,
} from './browser.js';
import { ingestDir } from './load.js';

const WIDTHS = [390, 768, 1280];

const entities = process.env.SPACEX_ENTITIES;
const datasets = [
  {
    name: 'the saved API responses',
    run: entities !== undefined,
    load: (target: DatabaseTarget) => ingestDir(target, entities ?? ''),
  },
  {
    name: '100,000 synthetic launches',
    run: true,
    load: async (target: DatabaseTarget) => {
      const dir = mkdtempSync(join(tmpdir(), 'spacex-layout-'));
      await writeSyntheticFile(join(dir, 'launches.json'), 100_000, 5);
      await ingestDir(target, dir);
    },
  },
];

for (const engine of testEngines()) {
  for (const dataset of datasets) {
    describe.runIf(dataset.run)(`the pages on ${dataset.name} [${engine.name}]`, () => {
      let db: EmptyTestDatabase;
      let browser: Browser;
      let dir: string;
      beforeAll(async () => {
        db = await engine.createEmpty();
        await migrateTestDatabase(db.target);
        await dataset.load(db.target);
        dir = mkdtempSync(join(tmpdir(), 'spacex-pages-'));
        await withDatabase(db.target, async (d) => {
          const data = await readReportData(d, { days: 50, minLaunches: 2 });
          writeFileSync(join(dir, 'report.html'), renderReport(data, new Date()));
          for (const [file, text] of renderSite(await readSiteState(d), new Date()))
            writeFileSync(join(dir, file), text);
        });
        browser = await launchChromium();
      }, 600_000);
      afterAll(async () => {
        await browser?.close();
        await db?.drop();
      });

      for (const width of WIDTHS) {
        it(`should fit ${width} px: no sideways scroll, chart text of ${MIN_TEXT_PX} px or more, short values on one line, no squeezed column, lineage edges on their boxes`, async () => {
          // The report, and every page of the site (its index, a page per layer and relation),
          // opened one after the other in one offline browser context.
          const { page, context, problems } = await openOffline(browser, join(dir, 'index.html'), {
            width,
            height: 900,
          });
          for (const file of readdirSync(dir).sort()) {
            await page.goto(pathToFileURL(join(dir, file)).href);
            expect(problems, file).toEqual([]);
            expect(await pageWidth(page), file).toBeLessThanOrEqual(width);
            const smallest = await smallestChartText(page);
            expect(smallest.px, `${file}: "${smallest.text}"`).toBeGreaterThanOrEqual(MIN_TEXT_PX);
            expect(await wrappedShortCells(page), file).toEqual([]);
            expect(await squeezedCells(page), file).toEqual([]);
            if (file === 'index.html') {
              const lineage = await strayLineage(page);
              // Every edge drawn once, in the wide drawing or across the narrow ones.
              expect(lineage.edges).toBe(lineageGraph().edges.length);
              expect(lineage.stray).toEqual([]);
            }
          }
          await context.close();
        });
      }
    });
  }
}
