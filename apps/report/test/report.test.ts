/**
 * `pnpm report` on both engines, opened in headless Chromium as a reader would: one file, no
 * script, no request, no console error; each chart draws the marks the data implies (counted by
 * colour); the three answers are on the first screen; the screenshot is not blank; it prints on
 * A4.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { busyMonths, coresReusedWithin, maxCoreUses } from '@spacex/analytics';
import {
  type EmptyTestDatabase,
  migrateTestDatabase,
  testEngines,
  withDatabase,
} from '@spacex/db/testing';
import { runChecks } from '@spacex/quality';
import { coreFlights, ingestRuns, stgLaunches } from '@spacex/schema';
import { runCaptured } from '@spacex/testing';
import { sql } from 'drizzle-orm';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/bin/report.js';
import { COLORS } from '../src/charts.js';
import { CORE_FLIGHT_FIELDS, monthRange, readReportData } from '../src/data.js';
import {
  flownMonths,
  renderReport,
  TIMELINE_MAX_ROWS,
  timelineCores,
  turnaroundBins,
  UPCOMING_MONTHS_LISTED,
  upcomingMonths,
} from '../src/report.js';
import { distinctColours, launchChromium, marks, type OpenedPage, openOffline } from './browser.js';
import { loadPicturesData } from './load.js';

const report = (argv: string[], env: Record<string, string>) => runCaptured(main, argv, env);

describe('monthRange', () => {
  it('should list every month between two, across years', () => {
    expect(monthRange('2021-11', '2022-02')).toEqual(['2021-11', '2021-12', '2022-01', '2022-02']);
    expect(monthRange('2022-02', '2022-02')).toEqual(['2022-02']);
  });
});

for (const engine of testEngines()) {
  describe(`the report [${engine.name}]`, () => {
    let db: EmptyTestDatabase;
    let browser: Browser;
    let path: string;
    let opened: OpenedPage;
    beforeAll(async () => {
      db = await engine.createEmpty();
      await migrateTestDatabase(db.target);
      browser = await launchChromium();
    });
    afterAll(async () => {
      await opened?.context.close();
      await browser?.close();
      await db?.drop();
    });

    it('should say no launches are loaded, with exit 1 and no file', async () => {
      const out = mkdtempSync(join(tmpdir(), 'spacex-report-'));
      const result = await report(['--out', out], db.env);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('No launches are loaded');
      expect(result.stdout).toBe('');
    });

    it('should write one self-contained HTML file and print its path', async () => {
      await loadPicturesData(db.target);
      const out = mkdtempSync(join(tmpdir(), 'spacex-report-'));
      const result = await report(['--out', out], db.env);
      expect(result.code, result.stderr).toBe(0);
      path = join(out, 'index.html');
      expect(result.stdout).toBe(`${path}\n`);
      const text = readFileSync(path, 'utf8');
      expect(text).not.toMatch(/<script|<link|<img|<iframe|@import|url\(/i);
      // Each chart drawn twice: for wide screens and for narrow ones.
      expect(text.match(/<svg /g)).toHaveLength(6);
    });

    it('should render in Chromium offline with no error and no request', async () => {
      opened = await openOffline(browser, path);
      expect(opened.problems).toEqual([]);
      const labels = await opened.page
        .locator('svg[role="img"]')
        .evaluateAll((svgs) => svgs.map((svg) => svg.getAttribute('aria-label') ?? ''));
      expect(labels).toHaveLength(6);
      for (const label of labels) expect(label.length).toBeGreaterThan(20);
      expect(await opened.page.locator('figure h3').allTextContents()).toEqual([
        'Launches per month',
        'When each core flew',
        'Days between a core’s flights',
      ]);
    });

    it('should draw a bar per month with launches, as many highlighted as busyMonths returns', async () => {
      const { page } = opened;
      const expected = await withDatabase(db.target, async (d) => {
        const busy = await busyMonths(d);
        const perMonth = await d
          .select({
            month: sql<string>`to_char(${stgLaunches.launchedAt} at time zone 'UTC', 'YYYY-MM')`,
            upcoming: stgLaunches.isUpcoming,
          })
          .from(stgLaunches)
          .groupBy(sql`1`, stgLaunches.isUpcoming);
        const pastMonths = new Set(perMonth.filter((m) => !m.upcoming).map((m) => m.month));
        const upcomingMonths = perMonth.filter((m) => m.upcoming).length;
        return {
          busy: busy.months.length,
          quiet: pastMonths.size - busy.months.length,
          upcomingMonths,
        };
      });
      expect(expected.busy).toBeGreaterThan(0);
      expect(expected.upcomingMonths).toBeGreaterThan(0);
      expect(await marks(page, 'monthly', COLORS.highlight)).toBe(expected.busy);
      expect(await marks(page, 'monthly', COLORS.base)).toBe(expected.quiet);
      // Launches not yet flown are listed under the bars, not drawn in them.
      expect(await marks(page, 'monthly', COLORS.upcoming)).toBe(0);
      expect(await page.locator('#monthly table tbody tr').count()).toBe(
        Math.min(expected.upcomingMonths, UPCOMING_MONTHS_LISTED),
      );
    });

    it('should draw a mark per flight of each reused core, the quick reuses and the most-used core set apart', async () => {
      const { page } = opened;
      const expected = await withDatabase(db.target, async (d) => {
        const top = await maxCoreUses(d);
        const quick = await coresReusedWithin(d);
        const topIds = new Set(top.cores.map((c) => c.coreId));
        const data = await readReportData(d, { days: 50, minLaunches: 2 });
        const shown = timelineCores(data).shown.flat();
        const shownIds = new Set(shown.map((f) => f.coreId));
        // The rows drawn: only cores flown twice or more, every most-used core among them.
        const perCore = await d
          .select({ core: coreFlights.coreId, flights: sql<number>`count(*)::int` })
          .from(coreFlights)
          .groupBy(coreFlights.coreId);
        const reused = perCore.filter((c) => c.flights > 1);
        expect(shownIds.size).toBe(Math.min(reused.length, TIMELINE_MAX_ROWS));
        for (const id of topIds) expect(shownIds.has(id)).toBe(true);
        const quickShown = quick.flights.filter((f) => shownIds.has(f.coreId)).length;
        const topQuick = quick.flights.filter((f) => topIds.has(f.coreId)).length;
        const topMarks = top.uses * top.cores.length - topQuick;
        return { quick: quickShown, top: topMarks, others: shown.length - quickShown - topMarks };
      });
      expect(expected.quick).toBeGreaterThan(0);
      expect(await marks(page, 'timeline', COLORS.highlight)).toBe(expected.quick);
      expect(await marks(page, 'timeline', COLORS.emphasis)).toBe(expected.top);
      expect(await marks(page, 'timeline', COLORS.base)).toBe(expected.others);
      const starred = await page
        .locator('#timeline .chart-wide svg text')
        .filter({ hasText: '★' })
        .count();
      expect(starred).toBe((await withDatabase(db.target, maxCoreUses)).cores.length);
    });

    it('should draw a bar per non-empty turnaround bin, those before 50 days highlighted, and the line', async () => {
      const { page } = opened;
      const bins = await withDatabase(db.target, async (d) =>
        turnaroundBins(await d.select(CORE_FLIGHT_FIELDS).from(coreFlights)),
      );
      const filled = bins.filter(([, n]) => n > 0);
      expect(await marks(page, 'turnaround', COLORS.highlight)).toBe(
        filled.filter(([start]) => start < 50).length,
      );
      expect(await marks(page, 'turnaround', COLORS.base)).toBe(
        filled.filter(([start]) => start >= 50).length,
      );
      expect(
        await page
          .locator('#turnaround .chart-wide svg text')
          .filter({ hasText: '50 days' })
          .count(),
      ).toBe(1);
    });

    it('should answer the three questions on the first screen', async () => {
      const { page } = opened;
      const answers = await withDatabase(db.target, async (d) => ({
        top: await maxCoreUses(d),
        quick: await coresReusedWithin(d),
        busy: await busyMonths(d),
      }));
      const cards = [
        ['#answer-1', `${answers.top.uses} flights`],
        ['#answer-2', `${answers.quick.cores.length} cores`],
        ['#answer-3', `${answers.busy.months.length} months`],
      ] as const;
      for (const [card, text] of cards) {
        const box = await page.locator(card).boundingBox();
        expect(box, card).not.toBeNull();
        expect((box?.y ?? 900) + (box?.height ?? 0), card).toBeLessThanOrEqual(900);
        expect(await page.locator(`${card} .answer`).textContent()).toBe(text);
      }
      // The most-used core is named in the card.
      const first = answers.top.cores[0];
      expect(await page.locator('#answer-1 .detail').textContent()).toContain(
        first?.serial ?? first?.coreId ?? '',
      );
    });

    it('should take a screenshot that is not blank, and print on A4', async () => {
      const { page } = opened;
      const png = await page.screenshot({ fullPage: true });
      writeFileSync(join(mkdtempSync(join(tmpdir(), 'spacex-shot-')), 'report.png'), png);
      expect(await distinctColours(browser, png)).toBeGreaterThan(8);
      const pdf = await page.pdf({ format: 'A4', printBackground: true });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      // A4 less its 14 mm margins is 688 CSS pixels wide: printed, nothing is wider.
      const a4 = Math.floor(((210 - 28) / 25.4) * 96);
      await page.setViewportSize({ width: a4, height: 1000 });
      await page.emulateMedia({ media: 'print' });
      const widest = await page.locator('html').evaluate((root) => root.scrollWidth);
      expect(widest).toBeLessThanOrEqual(a4);
      await page.emulateMedia({ media: 'screen' });
      await page.setViewportSize({ width: 1280, height: 900 });
    });

    it('should show the last run and every data check with its status', async () => {
      const results = await withDatabase(db.target, (d) => runChecks(d));
      const rows = await opened.page.locator('table').last().locator('tbody tr').allTextContents();
      expect(rows).toHaveLength(results.length);
      for (const [i, result] of results.entries()) {
        expect(rows[i]).toContain(result.name);
        expect(rows[i]).toContain(result.status);
        expect(rows[i]).toContain(result.description);
      }
      expect(await opened.page.locator('header .meta').first().textContent()).toMatch(
        /Data loaded .* by run \d{8}T\d{6}Z-[0-9a-f]{6} \(dir, 400 launches read\)/,
      );
      expect(await opened.page.locator('header .alert').count()).toBe(0);
    });

    it('should say what the last run changed: launches added, changed and removed, other records ended', async () => {
      const first = await withDatabase(db.target, (d) =>
        readReportData(d, { days: 50, minLaunches: 2 }),
      );
      expect(renderReport(first, new Date())).toContain(
        'The last run added 400 launches, changed 0 and removed 0.',
      );
      // The next state of the source: two launches renamed, one gone; a rocket renamed.
      await loadPicturesData(db.target, (files) => ({
        ...files,
        launches: (files.launches ?? [])
          .filter((_, i) => i !== 7)
          .map((l, i) => (i < 2 ? { ...(l as object), name: `renamed ${i}` } : l)),
        rockets: (files.rockets ?? []).map((r, i) =>
          i === 0 ? { ...(r as object), name: 'Falcon 9 v1.2' } : r,
        ),
      }));
      const data = await withDatabase(db.target, (d) =>
        readReportData(d, { days: 50, minLaunches: 2 }),
      );
      const run = data.lastRun?.runId ?? '';
      expect(run).not.toBe(first.lastRun?.runId);
      const text = renderReport(data, new Date());
      expect(text).toContain(
        `The last run added 0 launches, changed 2 and removed 1; of the other records: rockets 1 changed, 0 removed. Earlier versions are kept: <code>pnpm runs --changes ${run}</code>`,
      );
    });

    it('should list the first 12 months not yet flown and sum the later ones in the caption', async () => {
      const data = await withDatabase(db.target, (d) =>
        readReportData(d, { days: 50, minLaunches: 2 }),
      );
      // 20 months ahead, n + 1 launches in the n-th: 210 in all, 12 listed (78), 8 summed (132).
      const ahead = Array.from({ length: 20 }, (_, n) => ({
        month: `${2100 + Math.floor(n / 12)}-${String((n % 12) + 1).padStart(2, '0')}`,
        past: 0,
        upcoming: n + 1,
      }));
      const text = renderReport({ ...data, months: [...data.months, ...ahead] }, new Date());
      const before = upcomingMonths(data).reduce((sum, m) => sum + m.upcoming, 0);
      const listedBefore = upcomingMonths(data).length;
      expect(listedBefore).toBeLessThan(UPCOMING_MONTHS_LISTED);
      const listedAhead = UPCOMING_MONTHS_LISTED - listedBefore;
      const summed = ahead.slice(listedAhead).reduce((sum, m) => sum + m.upcoming, 0);
      expect(text).toContain(
        `Not yet flown, so not in the bars: ${before + 210} launches (the first ${UPCOMING_MONTHS_LISTED} months listed; ${20 - listedAhead} later months hold ${summed})`,
      );
      // The bars stop at the last month flown: the months ahead add no bar.
      expect(flownMonths({ ...data, months: [...data.months, ...ahead] })).toEqual(
        flownMonths(data),
      );
    });

    it('should say plainly at the top when the latest run failed, and whose data it shows', async () => {
      await withDatabase(db.target, (d) =>
        d.insert(ingestRuns).values({
          id: 'z-failed-run',
          startedAt: new Date(),
          finishedAt: new Date(Date.now() + 60_000),
          sourceKind: 'api',
          source: 'https://api.example',
          status: 'failed',
          error: 'the API answered 503 five times',
        }),
      );
      const data = await withDatabase(db.target, (d) =>
        readReportData(d, { days: 50, minLaunches: 2 }),
      );
      const page = renderReport(data, new Date());
      expect(page).toContain('The latest ingest run, z-failed-run at');
      expect(page).toContain(
        'failed: the API answered 503 five times. What follows is the data of the last successful run.',
      );
      expect(page).toMatch(/Data loaded .* by run \d{8}T\d{6}Z-[0-9a-f]{6}/);
    });
  });
}
