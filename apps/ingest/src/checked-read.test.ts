import { createHash } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Json } from '@spacex/contract';
import { makeLaunch } from '@spacex/contract/fixtures';
import { describe, expect, it } from 'vitest';
import { CheckedRead } from './checked-read.js';
import { LAUNCHES, type RowSink } from './resources.js';
import { readFromFile } from './sources/file.js';
import { RecordReader } from './sources/source.js';
import { NOTHING_STORED } from './stored-records.js';

describe('CheckedRead', () => {
  /** A saved file of `launches`, read in the reader's batches of 3. */
  const checkedRead = async (launches: Json[], batchSize: number) => {
    const dir = mkdtempSync(join(tmpdir(), 'spacex-checked-'));
    const path = join(dir, 'launches.json');
    writeFileSync(path, JSON.stringify(launches));
    return new CheckedRead(LAUNCHES, new RecordReader(await readFromFile(path), 3), {
      runId: 'run',
      skipInvalid: false,
      batchSize,
    });
  };
  /** A sink that keeps the table of each row written. */
  const sink = () => {
    const tables: string[] = [];
    const out: RowSink = { write: (table) => tables.push(table.target.table) };
    return { tables, sink: () => out };
  };
  const launchList = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      makeLaunch(i + 1, new Date(Date.UTC(2020, 0, i + 1)).toISOString()),
    );
  const sha256 = (launch: Json) =>
    createHash('sha256').update(JSON.stringify(launch)).digest('hex');

  it('should gather the reader’s small batches into batches of the size asked, with every id read', async () => {
    const launches = launchList(25);
    const read = await checkedRead(launches, 10);
    const sizes: number[] = [];
    const changed: string[] = [];
    const ids: string[] = [];
    const written = sink();
    for await (const batch of read.batches(NOTHING_STORED, written.sink)) {
      sizes.push(batch.changed.length);
      changed.push(...batch.changed);
      ids.push(...batch.ids.map((p) => p.id));
      for (const place of batch.ids) expect(place.page).toBe(1);
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(changed).toEqual(launches.map((l) => l.id));
    // Each launch's row, then its one core's (makeLaunch gives each launch one core).
    expect(written.tables.filter((t) => t === '"raw"."launches"')).toHaveLength(25);
    expect(ids).toEqual(launches.map((l) => l.id));
  });

  it('should ask for each batch’s stored launches before the batch before it is yielded, and pass over what is stored', async () => {
    const launches = launchList(25);
    const read = await checkedRead(launches, 10);
    // Launches 3 and 14 are stored as read; launch 20 is stored with other text.
    const stored = new Map(
      [launches[2], launches[13]].map((l) => [sha256(l as Json), (l as { id: string }).id]),
    );
    const events: string[] = [];
    const asked: number[] = [];
    const lookup = async (sha256s: readonly string[]) => {
      events.push(`ask ${asked.length + 1}`);
      asked.push(sha256s.length);
      return sha256s.map((hash) => stored.get(hash) ?? null);
    };
    const changed: string[] = [];
    const ids: string[] = [];
    let yielded = 0;
    for await (const batch of read.batches(lookup, sink().sink)) {
      events.push(`yield ${++yielded}`);
      changed.push(...batch.changed);
      ids.push(...batch.ids.map((p) => p.id));
    }
    // Asked in whole reader's batches (of 3) of at least 10: the launches of batch k+1 are
    // asked for before batch k is yielded (so before the load writes batch k).
    expect(events).toEqual(['ask 1', 'ask 2', 'yield 1', 'ask 3', 'yield 2', 'yield 3']);
    expect(asked).toEqual([12, 12, 1]);
    const storedIds = new Set(stored.values());
    expect(changed).toEqual(launches.map((l) => l.id).filter((id) => !storedIds.has(id)));
    // Unchanged launches are read all the same: their ids are in the batches.
    expect(ids).toEqual(launches.map((l) => l.id));
    expect({ valid: read.valid, unchanged: read.unchanged }).toEqual({ valid: 25, unchanged: 2 });
  });

  it('should yield an id read twice in one batch twice, for the load to refuse', async () => {
    const launches = launchList(6);
    const read = await checkedRead([...launches, launches[4] as Json], 10);
    const ids: { id: string; position: number }[] = [];
    for await (const batch of read.batches(NOTHING_STORED, sink().sink)) {
      ids.push(...batch.ids.map(({ id, position }) => ({ id, position })));
    }
    const fifth = (launches[4] as { id: string }).id;
    expect(ids.filter((p) => p.id === fifth)).toEqual([
      { id: fifth, position: 4 },
      { id: fifth, position: 6 },
    ]);
  });
});
