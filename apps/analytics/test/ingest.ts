import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Json } from '@spacex/contract';
import type { DatabaseHandle } from '@spacex/db/client';
import { createLogger, DEFAULT_HTTP_SETTINGS, runIngest } from '@spacex/ingest';

/**
 * Loads launches through the real ingest, from a saved-response file; with `entities`, from a
 * directory holding them too (`cores.json`, `rockets.json`, ...).
 */
export async function ingest(
  database: Pick<DatabaseHandle, 'db' | 'transaction' | 'display'>,
  launches: readonly Json[],
  entities: Record<string, readonly Json[]> = {},
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'spacex-analytics-'));
  for (const [name, records] of Object.entries({ launches, ...entities }))
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(records));
  await runIngest(database, {
    source: { kind: 'dir', dir },
    skipInvalid: false,
    archiveRoot: null,
    http: DEFAULT_HTTP_SETTINGS,
    log: createLogger('silent'),
  });
}
