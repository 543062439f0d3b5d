import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { Json } from '@spacex/contract';
import { makeLaunch } from '@spacex/contract/fixtures';
import { describe, expect, it } from 'vitest';
import { CheckedRead, NOTHING_STORED } from '../src/checked-read.js';
import { isShortRun } from '../src/cli.js';
import { LAUNCHES, type RowSink } from '../src/resources.js';
import { readFromFile } from '../src/sources/file.js';
import { parseRetryAfter } from '../src/sources/http.js';
import { RecordReader, type SourceRead } from '../src/sources/source.js';

describe('parseRetryAfter', () => {
  it('should read delta-seconds and HTTP dates as milliseconds from now', () => {
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('7', now)).toBe(7000);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Wed, 31 Dec 2025 00:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe('RecordReader', () => {
  it('should stream every launch of every page in order, in batches of at most the batch size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spacex-reader-'));
    const first = Array.from({ length: 7 }, (_, i) => ({ id: `a${i}` }));
    const third = Array.from({ length: 5 }, (_, i) => ({ id: `b${i}` }));
    const pages = [first, [], third];
    const read: SourceRead = {
      kind: 'archive',
      location: dir,
      pages: pages.map((docs, i) => {
        const path = join(dir, `page-${i + 1}.json`);
        const text = JSON.stringify({
          docs,
          totalDocs: 12,
          limit: 7,
          totalPages: 3,
          page: i + 1,
          hasNextPage: i < 2,
        });
        writeFileSync(path, text);
        const sha256 = createHash('sha256').update(text).digest('hex');
        return {
          format: 'api-page',
          url: 'http://127.0.0.1/v5/launches/query',
          page: i + 1,
          path,
          receivedAt: new Date(),
          expected: { bytes: Buffer.byteLength(text), sha256 },
        };
      }),
    };
    const reader = new RecordReader(read, 3);
    const batches = [];
    for await (const batch of reader.batches()) batches.push(batch);
    expect(batches.map((b) => b.length)).toEqual([3, 3, 3, 3]);
    expect(batches.flat().map((l) => [JSON.parse(l.text), l.page, l.position])).toEqual([
      ...first.map((doc, i) => [doc, 1, i]),
      ...third.map((doc, i) => [doc, 3, 7 + i]),
    ]);
    expect(reader.count).toBe(12);
    // The read's sha256 is that of every page's bytes in order.
    const allBytes = createHash('sha256');
    for (const page of read.pages) allBytes.update(readFileSync(page.path));
    expect(reader.sha256).toBe(allBytes.digest('hex'));

    // One page is hashed once: the read's sha256 is the page's.
    const [only] = read.pages;
    const single = new RecordReader({ ...read, pages: only ? [only] : [] }, 3);
    for await (const batch of single.batches()) void batch;
    expect(single.sha256).toBe(only?.expected?.sha256);
    expect(single.count).toBe(7);

    // A page altered after it was received fails the read, naming the page.
    writeFileSync(
      join(dir, 'page-3.json'),
      JSON.stringify({
        docs: [],
        totalDocs: 12,
        limit: 7,
        totalPages: 3,
        page: 3,
        hasNextPage: false,
      }),
    );
    const altered = async () => {
      for await (const batch of new RecordReader(read, 3).batches()) void batch;
    };
    await expect(altered()).rejects.toThrow(/page-3\.json does not match its manifest/);
  });
});

describe('peakRssMb', () => {
  it("should report the run's own peak, not its parent's memory at fork", async () => {
    // The parent (this test) holds 400 MB while the child starts; getrusage would count them.
    const held = Buffer.alloc(400 * 1024 * 1024, 1);
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      '--conditions=source',
      '--input-type=module',
      '--eval',
      `import { peakRssMb } from ${JSON.stringify(new URL('../src/run.ts', import.meta.url).href)}; console.log(peakRssMb());`,
    ]);
    expect(held.length).toBeGreaterThan(0);
    const peak = Number(stdout.trim());
    expect(peak).toBeGreaterThan(10);
    expect(peak).toBeLessThan(300);
  });
});

describe('isShortRun', () => {
  it('should call a local source under 32 MB short, and a larger one or the API not', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spacex-short-run-'));
    const file = join(dir, 'launches.json');
    writeFileSync(file, Buffer.alloc(20 * 2 ** 20));
    expect(isShortRun({ kind: 'file', path: file })).toBe(true);
    expect(isShortRun({ kind: 'dir', dir })).toBe(true);

    // A directory counts every file under it, in subfolders too (an archive's pages).
    mkdirSync(join(dir, 'pages'));
    writeFileSync(join(dir, 'pages', 'page-0001.json'), Buffer.alloc(13 * 2 ** 20));
    expect(isShortRun({ kind: 'archive', dir })).toBe(false);
    expect(isShortRun({ kind: 'file', path: file })).toBe(true);

    writeFileSync(file, Buffer.alloc(33 * 2 ** 20));
    expect(isShortRun({ kind: 'file', path: file })).toBe(false);
    expect(isShortRun({ kind: 'file', path: join(dir, 'missing.json') })).toBe(false);
    expect(isShortRun({ kind: 'api', baseUrl: 'http://127.0.0.1:1', pageSize: 100 })).toBe(false);
  });
});

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
      return new Map([...stored].filter(([hash]) => sha256s.includes(hash)));
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
