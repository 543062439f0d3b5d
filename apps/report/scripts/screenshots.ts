/**
 * `pnpm --filter @spacex/report screenshots [DIR]`: the pictures in docs/ (or DIR): the report
 * and the catalog site rendered in headless Chromium, a desktop's first screen (1280 px wide) and
 * a phone's (390 px), from a new embedded database that loads the shipped sample (`pnpm ingest
 * --sample`): the same pictures on any machine, no path of it in them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, pgliteTarget } from '@spacex/db';
import { findRepositoryRoot } from '@spacex/terminal';
import { readReportData } from '../src/data.js';
import { renderReport } from '../src/report.js';
import { readSiteState, renderSite } from '../src/site.js';
import { launchChromium, openOffline } from '../test/browser.js';

const root = findRepositoryRoot();
const dir = mkdtempSync(join(tmpdir(), 'spacex-screenshots-'));
const database = join(dir, 'pglite');
execFileSync(
  process.execPath,
  [join(root, 'scripts', 'launch.mjs'), 'ingest', '--sample', '--no-archive'],
  {
    env: { ...process.env, DATABASE_URL: '', PGLITE_DIR: database, LOG_LEVEL: 'error' },
    stdio: ['ignore', 'ignore', 'inherit'],
  },
);
const handle = await openDatabase({ target: pgliteTarget(database) });
try {
  writeFileSync(
    join(dir, 'report.html'),
    renderReport(await readReportData(handle.db, { days: 50, minLaunches: 2 }), new Date()),
  );
  for (const [file, text] of renderSite(await readSiteState(handle.db), new Date()))
    writeFileSync(join(dir, file), text);
} finally {
  await handle.close();
}

const docs = process.argv[2] ?? join(root, 'docs');
const screens = [
  { suffix: '', width: 1280, height: 900 },
  { suffix: '-phone', width: 390, height: 844 },
];
const browser = await launchChromium();
try {
  for (const [page, picture] of [
    ['report.html', 'report'],
    ['index.html', 'catalog-site'],
  ] as const) {
    for (const screen of screens) {
      const opened = await openOffline(browser, join(dir, page), screen);
      if (opened.problems.length > 0) throw new Error(`${page}: ${opened.problems.join('; ')}`);
      const path = join(docs, `${picture}${screen.suffix}.png`);
      await opened.page.screenshot({ path });
      await opened.context.close();
      console.log(path);
    }
  }
} finally {
  await browser.close();
}
