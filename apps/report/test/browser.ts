/**
 * Headless Chromium (Debian's `chromium`, driven by playwright-core) for the pages' tests: a page
 * opened from disk with JavaScript off and every network request refused and recorded, and a
 * screenshot's colours counted to tell a rendered page from a blank one.
 */
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM_PATH)) {
    throw new Error(
      `Chromium is not at ${CHROMIUM_PATH}: install it (apt-get install chromium) or set CHROMIUM_PATH.`,
    );
  }
  // --no-sandbox: CI runs as root, where Chromium's sandbox cannot start.
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox'] });
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Console errors, page errors, failed requests, and any request beyond the file itself. */
  problems: string[];
}

/**
 * Opens `path` as a reader would, offline: JavaScript disabled, no request may leave the file's
 * directory (the catalog site's pages link to each other).
 */
export async function openOffline(
  browser: Browser,
  path: string,
  viewport = { width: 1280, height: 900 },
): Promise<OpenedPage> {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport });
  const problems: string[] = [];
  const url = pathToFileURL(path).href;
  const folder = pathToFileURL(dirname(path)).href;
  await context.route('**/*', (route) => {
    const requested = route.request().url();
    if (requested.startsWith(`${folder}/`) && requested.endsWith('.html')) return route.continue();
    problems.push(`request: ${requested}`);
    return route.abort();
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() === 'error') problems.push(`console error: ${message.text()}`);
  });
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('requestfailed', (request) => problems.push(`failed request: ${request.url()}`));
  await page.goto(url, { waitUntil: 'load' });
  return { page, context, problems };
}

/**
 * Distinct colours in a PNG, sampled on a grid: a blank page has one or two. Decoded by the
 * browser itself, in a page of its own with JavaScript on.
 */
export async function distinctColours(browser: Browser, png: Buffer): Promise<number> {
  const context = await browser.newContext();
  try {
    const page = await context.newPage();
    const source = `data:image/png;base64,${png.toString('base64')}`;
    return await page.evaluate(`(async () => {
      const image = new Image();
      image.src = ${JSON.stringify(source)};
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d');
      context.drawImage(image, 0, 0);
      const { data } = context.getImageData(0, 0, canvas.width, canvas.height);
      const seen = new Set();
      for (let i = 0; i < data.length; i += 4 * 7) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return seen.size;
    })()`);
  } finally {
    await context.close();
  }
}

/** How many shapes of `color` a chart (by its figure id) draws in its wide drawing. */
export async function marks(page: Page, chart: string, color: string): Promise<number> {
  return page.locator(`#${chart} .chart-wide svg :is(path, rect)[fill="${color}"]`).count();
}

/** How wide the page is drawn: more than the viewport means the page scrolls sideways. */
export async function pageWidth(page: Page): Promise<number> {
  return page.locator('html').evaluate((root) => root.scrollWidth);
}

/**
 * The smallest text any shown chart draws, in CSS pixels: each text's font size times its
 * drawing's scale on the page. Drawings the page hides (the other width's) are left out.
 * (The checks below run in the page, written as scripts: this package's types know no DOM.)
 */
export async function smallestChartText(page: Page): Promise<{ px: number; text: string }> {
  return page.evaluate(`(() => {
    let smallest = { px: Infinity, text: '' };
    for (const text of document.querySelectorAll('figure svg text')) {
      const svg = text.ownerSVGElement;
      if (!svg || text.getClientRects().length === 0 || !text.textContent.trim()) continue;
      const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
      const px = parseFloat(getComputedStyle(text).fontSize) * scale;
      if (px < smallest.px) smallest = { px, text: text.textContent };
    }
    return smallest;
  })()`);
}

/** The shown cells of short columns whose text runs over more than one line. */
export async function wrappedShortCells(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const wrapped = [];
    for (const cell of document.querySelectorAll('td.short, th.short')) {
      const range = document.createRange();
      range.selectNodeContents(cell);
      // A second line starts below the first one's bottom (an inline element's box and its
      // text's overlap on one line).
      const rects = [...range.getClientRects()].filter((r) => r.height > 0);
      const firstBottom = Math.min(...rects.map((r) => r.bottom));
      if (rects.some((r) => r.top >= firstBottom - 1)) wrapped.push(cell.textContent);
    }
    return wrapped;
  })()`);
}

/**
 * Shown cells of longer text (20 characters or more) squeezed into a column narrower than
 * 100 px: a word or two a line, the row tall and mostly blank.
 */
export async function squeezedCells(page: Page): Promise<string[]> {
  return page.evaluate(`(() => {
    const squeezed = [];
    for (const cell of document.querySelectorAll('td:not(.short)')) {
      const text = cell.textContent.trim();
      const width = cell.getBoundingClientRect().width;
      if (cell.getClientRects().length > 0 && text.length >= 20 && width < 100)
        squeezed.push(text.slice(0, 40) + ' (' + Math.round(width) + ' px)');
    }
    return squeezed;
  })()`);
}

/**
 * Lineage edges (in shown drawings) that do not start on their source's box and end, arrowhead
 * tip, on their target's, and labels that overflow their box; empty when all is drawn right.
 * Also how many edges were looked at.
 */
export async function strayLineage(page: Page): Promise<{ edges: number; stray: string[] }> {
  return page.evaluate(`(() => {
    const stray = [];
    let edges = 0;
    const near = (p, r) =>
      p.x >= r.left - 1 && p.x <= r.right + 1 && p.y >= r.top - 1 && p.y <= r.bottom + 1;
    for (const svg of document.querySelectorAll('#lineage svg')) {
      if (svg.getClientRects().length === 0) continue;
      const nodes = [...svg.querySelectorAll('g[data-node]')];
      const box = (id) =>
        nodes.find((g) => g.getAttribute('data-node') === id)?.querySelector('rect')?.getBoundingClientRect();
      for (const node of nodes) {
        const r = node.querySelector('rect').getBoundingClientRect();
        const t = node.querySelector('text').getBoundingClientRect();
        if (t.left < r.left || t.right > r.right)
          stray.push('label ' + node.getAttribute('data-node') + ' overflows its box');
      }
      for (const edge of svg.querySelectorAll('g[data-edge]')) {
        edges++;
        const [from, to] = edge.getAttribute('data-edge').split(' ');
        const line = edge.querySelector('path');
        const matrix = line.getScreenCTM();
        const at = (length) => {
          const p = line.getPointAtLength(length);
          return new DOMPoint(p.x, p.y).matrixTransform(matrix);
        };
        const [source, target] = [box(from), box(to)];
        if (!source || !near(at(0), source)) stray.push(from + ' → ' + to + ' starts off ' + from);
        if (!target || !near(at(line.getTotalLength()), target))
          stray.push(from + ' → ' + to + ' ends off ' + to);
      }
    }
    return { edges, stray };
  })()`);
}
