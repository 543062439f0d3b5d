import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { textSha256 } from '@spacex/schema';
import { describe, expect, it, vi } from 'vitest';
import { JsonArrayScanner, JsonFile, scanOnce } from './json-stream.js';
import { type PageFile, RecordReader, type SourceRead } from './source.js';

describe('RecordReader', () => {
  it('should stream every launch of every page in order, in batches of at most the batch size', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spacex-reader-'));
    const first = Array.from({ length: 7 }, (_, i) => ({ id: `a${i}` }));
    const third = Array.from({ length: 5 }, (_, i) => ({ id: `b${i}` }));
    const pages = [first, [], third];
    // Read as fetched: the paging of an archived read is checked too (see the archive's tests).
    const read: SourceRead = {
      kind: 'api',
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
    await expect(altered()).rejects.toThrow(/page-3\.json does not match what was received/);
  });
});

describe('RecordReader over pages the fetch scanned', () => {
  it('should give the same records and sha256 as a scan, without scanning the pages again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spacex-indexed-'));
    const docs = [
      Array.from({ length: 3 }, (_, i) => ({ id: `a${i}`, name: `é ${i}`, n: [1, [2, { x: 3 }]] })),
      [{ id: 'b0', text: 'quote " and \\\\ and ] }' }],
    ];
    const pages: PageFile[] = [];
    for (const [i, page] of docs.entries()) {
      const path = join(dir, `page-${i + 1}.json`);
      const text = `{ "docs" : [ ${page.map((d) => JSON.stringify(d)).join(' ,\n ')} ], "totalDocs": 4, "limit": 3, "totalPages": 2, "page": ${i + 1}, "hasNextPage": ${i === 0} }`;
      writeFileSync(path, text);
      const sha256 = createHash('sha256').update(text).digest('hex');
      pages.push({
        format: 'api-page',
        url: 'http://127.0.0.1/v5/launches/query',
        page: i + 1,
        path,
        receivedAt: new Date(),
        expected: { bytes: Buffer.byteLength(text), sha256 },
      });
    }
    const records = async (read: SourceRead) => {
      const reader = new RecordReader(read, 2);
      const all = [];
      for await (const batch of reader.batches()) all.push(...batch);
      return { all, sha256: reader.sha256, count: reader.count };
    };
    const indexedPages: PageFile[] = [];
    for (const page of pages) {
      const { records: index } = await scanOnce(new JsonFile(page.path, 'docs', page.url));
      indexedPages.push({ ...page, records: index });
    }
    const push = vi.spyOn(JsonArrayScanner.prototype, 'push');
    const indexed = await records({ kind: 'api', location: dir, pages: indexedPages });
    expect(push).not.toHaveBeenCalled();
    push.mockRestore();
    const fromScan = await records({ kind: 'api', location: dir, pages });
    expect(indexed).toEqual(fromScan);
    expect(indexed.all.map((r) => JSON.parse(r.text))).toEqual(docs.flat());
    // Each record's bytes are its text as received; ASCII only where no character is not.
    // Hashed as bytes, a text hashes as it did as text: what is stored is found unchanged.
    for (const r of indexed.all) expect(r.sha256).toBe(textSha256(r.text));
    expect(indexed.all.map((r) => r.ascii)).toEqual([false, false, false, true]);
  });
});

describe('A record as read', () => {
  /** Every record the reader hands over from the saved launches file at `path`. */
  const recordsOf = async (path: string, batchSize: number) => {
    const read: SourceRead = {
      kind: 'file',
      location: path,
      pages: [
        {
          format: 'launch-array',
          url: path,
          page: 1,
          path,
          receivedAt: new Date(),
          expected: null,
        },
      ],
    };
    const all = [];
    for await (const batch of new RecordReader(read, batchSize).batches()) all.push(...batch);
    return all;
  };

  it('should be hashed as its bytes were received, and be ASCII only when every byte is', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'spacex-bytes-'));
    const path = join(dir, 'launches.json');
    // A byte that is not UTF-8 becomes one U+FFFD: as many characters as bytes, yet not ASCII.
    const records = [
      Buffer.from('{"id":"a","name":"plain"}'),
      Buffer.from('{"id":"b","name":"é"}'),
    ];
    const invalid = Buffer.from('{"id":"c","name":"?"}');
    invalid[invalid.indexOf('?')] = 0x80;
    writeFileSync(
      path,
      Buffer.concat([
        Buffer.from('['),
        ...[...records, invalid].flatMap((r, i) => (i === 0 ? [r] : [Buffer.from(','), r])),
        Buffer.from(']'),
      ]),
    );
    const all = await recordsOf(path, 10);
    const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');
    expect(all.map((r) => r.sha256)).toEqual([...records, invalid].map(sha256));
    expect(all.map((r) => [r.ascii, r.invalidUtf8])).toEqual([
      [true, false],
      [false, false],
      [false, true],
    ]);
    expect(all[2]?.text.length).toBe(invalid.length);
  });

  it('should give its text when first asked, after the reader has read on past its chunk', async () => {
    // Two 1 MiB chunks, a record cut across them: every text is asked for only once the whole
    // file is read, from the views of the chunks the records kept.
    const dir = mkdtempSync(join(tmpdir(), 'spacex-later-'));
    const path = join(dir, 'launches.json');
    const launches = Array.from({ length: 3000 }, (_, i) => ({
      id: `l${i}`,
      name: `é${'x'.repeat(i % 900)}`,
    }));
    writeFileSync(path, JSON.stringify(launches, null, 1));
    const all = await recordsOf(path, 100);
    expect(all.map((r) => JSON.parse(r.text))).toEqual(launches);
  });
});
