/**
 * `pnpm --filter @spacex/report screenshots`: the pictures in docs/ (docs/report.png,
 * docs/catalog-site.png), the first screen of the report and of the catalog site rendered in
 * headless Chromium from the database the environment names (load the saved dumps first:
 * pnpm ingest --from-dir DIR).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, readDatabaseTarget } from '@spacex/db';
import { findRepositoryRoot } from '@spacex/terminal';
import { readReportData } from '../src/data.js';
import { renderReport } from '../src/report.js';
import { readSiteState, renderSite } from '../src/site.js';
import { launchChromium, openOffline } from '../test/browser.js';

const handle = await openDatabase({ target: readDatabaseTarget(process.env), env: process.env });
const dir = mkdtempSync(join(tmpdir(), 'spacex-screenshots-'));
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

const docs = join(findRepositoryRoot(), 'docs');
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
