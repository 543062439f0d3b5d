import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Json } from '@spacex/contract';
import type { DatabaseHandle } from '@spacex/db/client';
import { createLogger, DEFAULT_HTTP_SETTINGS, runIngest } from '@spacex/ingest';

/** Loads launches through the real ingest, from a saved-response file. */
export async function ingest(
  database: Pick<DatabaseHandle, 'db' | 'transaction'>,
  launches: readonly Json[],
): Promise<void> {
  const path = join(mkdtempSync(join(tmpdir(), 'spacex-analytics-')), 'launches.json');
  writeFileSync(path, JSON.stringify(launches));
  await runIngest(database, {
    source: { kind: 'file', path },
    skipInvalid: false,
    archiveRoot: null,
    http: DEFAULT_HTTP_SETTINGS,
    log: createLogger('silent'),
  });
}
