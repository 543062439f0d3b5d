/**
 * The streaming JSON scanner reads exactly what JSON.parse reads, however the bytes are cut
 * into chunks, and refuses what JSON.parse refuses. fast-check prints the seed of any failure.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SourceError } from '../errors.js';
import {
  type ArrayAt,
  JsonArrayScanner,
  JsonFile,
  RecordIndex,
  type ScannedElement,
} from './json-stream.js';

/** Feeds `text` in chunks cut at `cuts` (byte offsets); returns the elements and the skeleton. */
function scan(text: string, arrayAt: ArrayAt, cuts: number[] = []) {
  const bytes = Buffer.from(text, 'utf8');
  const elements: unknown[] = [];
  const nestings: number[] = [];
  const longNumbers: boolean[] = [];
  const scanned: ScannedElement[] = [];
  const scanner = new JsonArrayScanner(arrayAt, (element) => {
    elements.push(JSON.parse(element.bytes.toString('utf8')));
    nestings.push(element.nesting);
    longNumbers.push(element.longNumbers);
    scanned.push(element);
  });
  let from = 0;
  for (const cut of [...new Set(cuts)].sort((a, b) => a - b)) {
    if (cut <= from || cut >= bytes.length) continue;
    scanner.push(bytes.subarray(from, cut));
    from = cut;
  }
  scanner.push(bytes.subarray(from));
  // Where each element lies: its bytes there are the element's, and the index gives it back whole.
  const index = RecordIndex.of(scanned);
  scanned.forEach((element, i) => {
    expect(bytes.subarray(element.start, element.end).equals(element.bytes)).toBe(true);
    expect(index.at(bytes, i)).toEqual(element);
  });
  return { elements, nestings, longNumbers, skeleton: JSON.parse(scanner.end()) };
}

/** Levels of objects and arrays in a parsed value, itself included. */
const nestingOf = (value: unknown): number =>
  typeof value === 'object' && value !== null
    ? 1 + Math.max(0, ...Object.values(value).map(nestingOf))
    : 0;

const cutsFor = (text: string) =>
  fc.array(fc.integer({ min: 1, max: Math.max(1, Buffer.byteLength(text)) }), { maxLength: 20 });

/** True when JSON.parse made a number of `value` ±Infinity. */
const holdsInfinity = (value: unknown): boolean =>
  typeof value === 'number'
    ? !Number.isFinite(value)
    : typeof value === 'object' && value !== null && Object.values(value).some(holdsInfinity);

describe('JsonArrayScanner', () => {
  /** Elements whose numbers are all short, without an exponent: e and digits only in strings. */
  const PLAIN = [
    '{"a": 1, "b": true, "c": false, "d": -12.5}',
    `{"a": [${'1'.repeat(300)}], "e": "1e999"}`,
    '{"true": [true, false, null, 0, -0.5]}',
    '[{"e": "E+400"}, 10, 20]',
  ];
  /** Elements with a number beyond a double, or one only an exponent or its length can tell. */
  const LONG = [
    '{"a": 1e999}',
    '{"a": [1, -2E+400]}',
    `{"a": ${'9'.repeat(400)}}`,
    '{"a": 1.5e3}',
    '[true, 1e-400]',
    '1e999',
  ];

  it('flags every element that may hold a number beyond a double, and no plain one', () => {
    fc.assert(
      fc.property(
        fc
          .array(fc.constantFrom(...PLAIN, ...LONG), { minLength: 1, maxLength: 8 })
          .chain((parts) => {
            const text = `[${parts.join(',')}]`;
            return fc.tuple(fc.constant(parts), fc.constant(text), cutsFor(text));
          }),
        ([parts, text, cuts]) => {
          const { elements, longNumbers } = scan(text, 'root', cuts);
          elements.forEach((element, i) => {
            if (holdsInfinity(element)) expect(longNumbers[i]).toBe(true);
            if (LONG.includes(parts[i] ?? '')) expect(longNumbers[i]).toBe(true);
          });
          // Uncut, a plain element is not flagged: the text test, not the walk, clears it.
          const uncut = scan(text, 'root');
          parts.forEach((part, i) => {
            expect(uncut.longNumbers[i]).toBe(!PLAIN.includes(part));
          });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('reads strings with escapes, quotes and brackets inside elements, cut at every byte', () => {
    const text = JSON.stringify([
      { a: 'x"y\\', b: ['\u0041]', 1e21, '{'], c: '"' },
      { d: '\\', e: 'é}', f: [[], {}, ''] },
      'bare "string"',
    ]);
    const expected = JSON.parse(text);
    for (let cut = 1; cut < Buffer.byteLength(text); cut++) {
      for (const second of [cut + 1, cut + 2]) {
        const { elements, nestings, longNumbers } = scan(text, 'root', [cut, second]);
        expect(elements).toEqual(expected);
        expect(nestings).toEqual([2, 3, 0]);
        expect(longNumbers[0]).toBe(true); // 1e21 is written 1e+21
      }
    }
  });

  it('reads any JSON array as JSON.parse does, whatever the chunk boundaries', () => {
    fc.assert(
      fc.property(
        fc.array(fc.jsonValue(), { maxLength: 12 }).chain((array) => {
          const text = JSON.stringify(array, null, array.length % 2 === 0 ? 2 : undefined);
          return fc.tuple(fc.constant(array), fc.constant(text), cutsFor(text));
        }),
        ([array, text, cuts]) => {
          const { elements, nestings, skeleton } = scan(text, 'root', cuts);
          expect(elements).toEqual(JSON.parse(JSON.stringify(array)));
          expect(nestings).toEqual(elements.map(nestingOf));
          expect(skeleton).toEqual([]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('streams the docs of a query page and keeps its other members', () => {
    fc.assert(
      fc.property(
        fc
          .record({
            before: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
            docs: fc.array(fc.jsonValue(), { maxLength: 8 }),
            after: fc.dictionary(fc.string(), fc.jsonValue(), { maxKeys: 3 }),
          })
          .chain(({ before, docs, after }) => {
            const page = { ...before, docs, ...after, totalDocs: docs.length };
            const text = JSON.stringify(page);
            return fc.tuple(fc.constant(page), fc.constant(text), cutsFor(text));
          }),
        ([page, text, cuts]) => {
          const { elements, nestings, skeleton } = scan(text, 'docs', cuts);
          const expected = JSON.parse(JSON.stringify(page));
          expect(elements).toEqual(expected.docs);
          expect(nestings).toEqual(elements.map(nestingOf));
          expect(skeleton).toEqual({ ...expected, docs: [] });
        },
      ),
      { numRuns: 300 },
    );
  });

  it('streams only the top-level docs array, not a string or a nested member named docs', () => {
    const text = '{"x":"docs","nested":{"docs":[1,2]},"docs":[{"docs":[3]},"a\\"],",4],"page":1}';
    const { elements, skeleton } = scan(text, 'docs');
    expect(elements).toEqual([{ docs: [3] }, 'a"],', 4]);
    expect(skeleton).toEqual({ x: 'docs', nested: { docs: [1, 2] }, docs: [], page: 1 });
  });

  it.each([
    ['[1,,2]', 'unexpected ","'],
    ['[,1]', 'unexpected ","'],
    ['[1,]', 'unexpected "]"'],
    ['[{"a":1}', 'cut short'],
    ['[{"a":"b', 'cut short'],
    ['[1]]', 'unexpected "]"'],
  ])('refuses %s (%s)', (text, message) => {
    expect(() => scan(text, 'root')).toThrow(message);
  });

  it.each([
    ['[1 2]', 'root'],
    ['[1] [2]', 'root'],
    ['{"docs":[1],}', 'docs'],
    ['[tru]', 'root'],
  ] as const)('leaves %s to JSON.parse, which refuses it', (text, arrayAt) => {
    expect(() => scan(text, arrayAt)).toThrow(SyntaxError);
  });

  it('refuses a document that is not the array it should hold before it fills memory', () => {
    const big = JSON.stringify({ launches: 'x'.repeat(2 * 1024 * 1024) });
    expect(() => scan(big, 'root')).toThrow('expected a JSON array of launches');
  });
});

describe('JsonFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'spacex-json-stream-'));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const readAll = async (json: JsonFile) => {
    const seen: unknown[] = [];
    for await (const elements of json.elements())
      for (const { bytes } of elements) seen.push(JSON.parse(bytes.toString('utf8')));
    return seen;
  };

  it('yields every element in order, then the skeleton, count and every byte read', async () => {
    const launches = Array.from({ length: 2000 }, (_, i) => ({ id: `l${i}`, text: 'é'.repeat(i) }));
    const path = file('big.json', JSON.stringify(launches, null, 1));
    let bytes = 0;
    const json = new JsonFile(path, 'root', path, (chunk) => {
      bytes += chunk.length;
    });
    expect(await readAll(json)).toEqual(launches);
    expect({ skeleton: json.skeleton, count: json.count }).toEqual({ skeleton: [], count: 2000 });
    expect(bytes).toBe(Buffer.byteLength(JSON.stringify(launches, null, 1)));
  });

  it('says which file is cut short and how it starts', async () => {
    const path = file('cut.json', '[{"id":"a"},{"id":"b"');
    const reading = readAll(new JsonFile(path, 'root', 'saved file'));
    await expect(reading).rejects.toBeInstanceOf(SourceError);
    await expect(reading).rejects.toThrow(
      /saved file: the body is not valid JSON \(the document ends inside a value: it was cut short.*its first bytes, escaped: "\[\{"id":"a"\},\{"id":"b""\)/,
    );
  });

  it('quotes a file that is not JSON escaped: no NUL, no terminal escape, where it failed', async () => {
    const path = file('utf16.json', '');
    // A zero-filled page (a power loss), then an OSC sequence that would set a terminal's title.
    writeFileSync(path, Buffer.concat([Buffer.alloc(8), Buffer.from('\u001b]0;pwned\u0007')]));
    const error: unknown = await readAll(new JsonFile(path, 'root', 'saved file')).catch((e) => e);
    expect(error).toBeInstanceOf(SourceError);
    const message = (error as SourceError).message;
    expect(message).toMatch(/near byte \d+/);
    expect(message).toContain('\\x00');
    expect(message).toContain('\\x1b]0;pwned\\x07');
    expect(message).not.toMatch(/\p{Cc}/u);
  });

  it('says which file is missing', async () => {
    await expect(readAll(new JsonFile(join(dir, 'absent.json'), 'root', 'x'))).rejects.toThrow(
      /Cannot read .*absent\.json: ENOENT/,
    );
  });
});
