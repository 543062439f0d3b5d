/**
 * `pnpm --filter @spacex/report screenshots`: the pictures in docs/ (docs/report.png,
 * docs/catalog-site.png), the first screen of the report and of the catalog site rendered in
 * headless Chromium, from a new embedded database that loads the shipped sample
 * (`pnpm ingest --sample`): the same pictures on any machine, no path of it in them.
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

const docs = join(root, 'docs');
const browser = await launchChromium();
try {
  for (const [page, picture] of [
    ['report.html', 'report.png'],
    ['index.html', 'catalog-site.png'],
  ] as const) {
    const opened = await openOffline(browser, join(dir, page));
    if (opened.problems.length > 0) throw new Error(`${page}: ${opened.problems.join('; ')}`);
    await opened.page.screenshot({ path: join(docs, picture) });
    await opened.context.close();
    console.log(join(docs, picture));
  }
} finally {
  await browser.close();
}
