/** Test data for the pages, loaded through the real ingest from a directory of saved responses. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Json } from '@spacex/contract';
import { hexId, makeEntity } from '@spacex/contract/fixtures';
import type { DatabaseTarget } from '@spacex/db';
import { withDatabase } from '@spacex/db/testing';
import { createLogger, DEFAULT_HTTP_SETTINGS, runIngest } from '@spacex/ingest';
import { syntheticLaunches } from '@spacex/testing';

/**
 * 400 synthetic launches (years of history, reused cores, upcoming launches at the end), with a
 * the rockets and three of the four launchpads the launches name: every chart has something to
 * draw, and the check that launchpads are known lists the missing one.
 */
export async function loadPicturesData(
  target: DatabaseTarget,
  /** A later state of the source: the files as `edit` leaves them. */
  edit: (files: Record<string, Json[]>) => Record<string, Json[]> = (files) => files,
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'spacex-report-'));
  const files: Record<string, Json[]> = {
    launches: [...syntheticLaunches(400, 11)],
    rockets: [
      makeEntity('rockets', 1, { name: 'Falcon 9' }),
      makeEntity('rockets', 2, { name: 'Falcon Heavy' }),
    ],
    // The synthetic launches' pads are hexId('7', 1..4); pad 4 is left out, so one check warns.
    launchpads: [1, 2, 3].map((n) => makeEntity('launchpads', n, { id: hexId('7', n) })),
  };
  for (const [name, records] of Object.entries(edit(files)))
    writeFileSync(join(dir, `${name}.json`), JSON.stringify(records));
  await ingestDir(target, dir);
}

/** One run of the real ingest over a directory of saved responses (`launches.json`, ...). */
export async function ingestDir(target: DatabaseTarget, dir: string): Promise<void> {
  await withDatabase(target, (_, handle) =>
    runIngest(handle, {
      source: { kind: 'dir', dir },
      skipInvalid: false,
      archiveRoot: null,
      http: DEFAULT_HTTP_SETTINGS,
      log: createLogger('silent'),
    }),
  );
}
