import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { makeLaunch } from '@spacex/contract/fixtures';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CheckedRead } from '../src/checked-read.js';
import { isShortRun } from '../src/cli.js';
import { ReadIds } from '../src/read-ids.js';
import { readFromFile } from '../src/sources/file.js';
import { parseRetryAfter } from '../src/sources/http.js';
import { LaunchReader, type SourceRead } from '../src/sources/source.js';
import { StoredLaunches } from '../src/stored-launches.js';
import { hexWords } from '../src/word-table.js';

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

describe('LaunchReader', () => {
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
    const reader = new LaunchReader(read, 3);
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
    const single = new LaunchReader({ ...read, pages: only ? [only] : [] }, 3);
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
      for await (const batch of new LaunchReader(read, 3).batches()) void batch;
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

describe('hexWords', () => {
  /** What hexWords reads, the slow way. */
  const reference = (text: string, count: number, length: number) => {
    const digits = text.slice(0, count * 8);
    if (text.length !== length || !/^[0-9a-f]*$/.test(digits)) return null;
    return Array.from({ length: count }, (_, w) =>
      Number.parseInt(digits.slice(w * 8, w * 8 + 8), 16),
    );
  };

  it('should read the words of lower-case hex, and refuse anything else', () => {
    const character = fc.constantFrom(...'0123456789abcdefABCDEFgxz -é\u0660'.split(''));
    fc.assert(
      fc.property(
        fc.constantFrom<[number, number]>([3, 24], [4, 64]),
        fc.boolean(),
        fc.array(fc.constantFrom(...'0123456789abcdef'.split('')), {
          minLength: 64,
          maxLength: 64,
        }),
        fc.integer({ min: 0, max: 63 }),
        character,
        fc.integer({ min: -2, max: 2 }),
        ([count, length], spoil, digits, at, other, extra) => {
          const chars = digits.slice(0, length);
          if (spoil) chars[at % length] = other;
          const text = chars.join('');
          // A character too many or too few is refused as well.
          const sized = extra >= 0 ? text + 'f'.repeat(extra) : text.slice(0, length + extra);
          const words = hexWords(sized, count, length);
          expect(words === null ? null : [...words]).toEqual(reference(sized, count, length));
        },
      ),
      { numRuns: 2000 },
    );
    expect([...(hexWords('ffffffff00000000deadbeef', 3) ?? [])]).toEqual([
      0xffffffff, 0, 0xdeadbeef,
    ]);
  });
});

describe('ReadIds', () => {
  const hexId = (i: number) => i.toString(16).padStart(24, '0');

  it('should keep where each of many ids was first read, through growth', () => {
    const ids = new ReadIds();
    const count = 50_000;
    for (let i = 0; i < count; i++) ids.add(hexId(i * 7919), { page: 1 + (i % 3), position: i });
    // A second sighting keeps the first place.
    ids.add(hexId(0), { page: 9, position: 99 });
    expect(ids.size).toBe(count);
    for (const i of [0, 1, 4_095, 4_096, count - 1]) {
      expect(ids.get(hexId(i * 7919))).toEqual({ page: 1 + (i % 3), position: i });
    }
    expect(ids.has(hexId(1))).toBe(false);
    expect(ids.get(`f${hexId(3).slice(1)}`)).toBeUndefined();
  });

  it('should keep pages and positions across chunks and index growth, as a paged read gives them', () => {
    const ids = new ReadIds();
    // 150,000 ids over three chunks of entries, 100 records a page, every fifth record without
    // a readable id (its position is skipped).
    const count = 150_000;
    const positionOf = (i: number) => i + Math.floor(i / 4);
    const pageOf = (position: number) => 1 + Math.floor(position / 100);
    for (let i = 0; i < count; i++) {
      const position = positionOf(i);
      ids.add(hexId(i * 104_729 + 1), { page: pageOf(position), position });
    }
    expect(ids.size).toBe(count);
    for (const i of [0, 1, 99, 100, 65_535, 65_536, 131_072, count - 1]) {
      const position = positionOf(i);
      expect(ids.get(hexId(i * 104_729 + 1))).toEqual({ page: pageOf(position), position });
    }
    expect(ids.has(hexId(2))).toBe(false);
    expect(ids.get(hexId(count * 104_729 + 1))).toBeUndefined();
  });

  it('should refuse a new id at a position not after the last one', () => {
    const ids = new ReadIds();
    ids.add(hexId(1), { page: 1, position: 5 });
    ids.add(hexId(1), { page: 1, position: 3 }); // seen again: keeps its place, no error
    expect(() => ids.add(hexId(2), { page: 1, position: 5 })).toThrow(/position 5 added after 5/);
    expect(ids.get(hexId(1))).toEqual({ page: 1, position: 5 });
  });

  it('should hold ids that are not 24 hex digits apart, and tell them from hex ones', () => {
    const ids = new ReadIds();
    ids.add('not-an-object-id', { page: 2, position: 5 });
    ids.add('A00000000000000000000001', { page: 3, position: 6 });
    expect(ids.get('not-an-object-id')).toEqual({ page: 2, position: 5 });
    expect(ids.get('A00000000000000000000001')).toEqual({ page: 3, position: 6 });
    expect(ids.has('a00000000000000000000001')).toBe(false);
    expect(ids.size).toBe(2);
  });
});

describe('StoredLaunches', () => {
  const hexId = (i: number) => i.toString(16).padStart(24, '0');
  const sha = (i: number) => createHash('sha256').update(String(i)).digest('hex');

  it('should find each stored launch by id and by the sha256 of its text, through growth', () => {
    // 140,000 launches: three chunks of entries, and each index doubled many times.
    const count = 140_000;
    const stored = new StoredLaunches();
    for (let i = 0; i < count; i++) stored.add(hexId(i), i % 10 === 0 ? null : sha(i));
    expect(stored.size).toBe(count);
    expect(stored.has(hexId(count - 1))).toBe(true);
    expect(stored.has(hexId(count))).toBe(false);
    for (const i of [1, 12_345, 65_535, 65_537, 131_071, count - 1]) {
      expect(stored.idOfHash(sha(i))).toBe(hexId(i));
    }
    // No hash stored for these; and a hash that shares nothing stored.
    expect(stored.idOfHash(sha(12_340))).toBeUndefined();
    expect(stored.idOfHash(sha(-1))).toBeUndefined();
    const all = [...stored.all()];
    expect(all).toHaveLength(count);
    expect(new Set(all)).toEqual(new Set(Array.from({ length: count }, (_, i) => hexId(i))));
  });

  it('should tell a hash of zeros from no hash, and keep a hash that is not hex apart', () => {
    const stored = new StoredLaunches();
    stored.add(hexId(1), null);
    stored.add(hexId(2), '0'.repeat(64));
    stored.add(hexId(3), 'Z'.repeat(64));
    expect(stored.idOfHash('0'.repeat(64))).toBe(hexId(2));
    expect(stored.idOfHash('Z'.repeat(64))).toBe(hexId(3));
    expect(stored.idOfHash(sha(1))).toBeUndefined();
    expect(stored.size).toBe(3);
  });

  it('should keep ids that are not hex apart, and hold an all-zero id like any other', () => {
    const stored = new StoredLaunches();
    stored.add('Not-Hex-Id', sha(1));
    stored.add(hexId(0), sha(2));
    expect(stored.has('Not-Hex-Id')).toBe(true);
    expect(stored.idOfHash(sha(1))).toBe('Not-Hex-Id');
    // An all-zero id is a key like any other.
    expect(stored.idOfHash(sha(2))).toBe(hexId(0));
    expect(new Set(stored.all())).toEqual(new Set(['Not-Hex-Id', hexId(0)]));
  });
});

describe('CheckedRead', () => {
  it('should gather the reader’s small batches into batches of the size asked', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spacex-checked-'));
    const path = join(dir, 'launches.json');
    const launches = Array.from({ length: 25 }, (_, i) =>
      makeLaunch(i + 1, new Date(Date.UTC(2020, 0, i + 1)).toISOString()),
    );
    writeFileSync(path, JSON.stringify(launches));
    const read = new CheckedRead(new LaunchReader(await readFromFile(path), 3), {
      skipInvalid: false,
      batchSize: 10,
    });
    const sizes: number[] = [];
    const ids: string[] = [];
    const noneStored = { idOfHash: () => undefined };
    for await (const batch of read.batches(noneStored, ({ launch }) => launch.id)) {
      sizes.push(batch.changed.length);
      ids.push(...batch.changed);
    }
    expect(sizes).toEqual([10, 10, 5]);
    expect(ids).toEqual(launches.map((l) => l.id));
  });
});
