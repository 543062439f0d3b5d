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
export async function openOffline(browser: Browser, path: string): Promise<OpenedPage> {
  const context = await browser.newContext({
    javaScriptEnabled: false,
    viewport: { width: 1280, height: 900 },
  });
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

/** How many shapes of `color` a chart (by its figure id) draws. */
export async function marks(page: Page, chart: string, color: string): Promise<number> {
  return page.locator(`#${chart} svg path[fill="${color}"]`).count();
}
