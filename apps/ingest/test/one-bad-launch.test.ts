/**
 * One bad launch cannot sink the run, nor hide: whatever a launch holds, the contract refuses
 * what the database cannot hold exactly, by the launch's id and with a reason, and
 * --skip-invalid skips it. fast-check prints the seed of any failing case.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeLaunch, nestedJson, offsetText, pad, withRawFields } from '@spacex/contract/fixtures';
import { type TestDatabase, testEngines } from '@spacex/db/testing';
import { monthlyLaunches, rejectedLaunches, stgLaunches } from '@spacex/schema';
import { asc } from 'drizzle-orm';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IngestRunError, runIngest } from '../src/run.js';
import { testOptions } from './helpers.js';

for (const engine of testEngines()) {
  describe(`one bad launch [${engine.name}]`, () => {
    let t: TestDatabase;
    beforeAll(async () => {
      t = await engine.create();
    });
    afterAll(() => t?.close());

    /** A file of launch texts (each raw JSON, or bytes), as an upstream might send it. */
    const writeLaunches = (parts: (string | Buffer)[]) => {
      const path = join(mkdtempSync(join(tmpdir(), 'spacex-bad-')), 'launches.json');
      const bytes: Buffer[] = [Buffer.from('[')];
      parts.forEach((part, i) => {
        if (i > 0) bytes.push(Buffer.from(','));
        bytes.push(typeof part === 'string' ? Buffer.from(part) : part);
      });
      bytes.push(Buffer.from(']'));
      writeFileSync(path, Buffer.concat(bytes));
      return path;
    };

    it('should reject each class by id with its reason, and skip them all with --skip-invalid', async () => {
      await t.reset();
      const launch = (n: number) => makeLaunch(n, `2021-01-${pad(n)}T00:00:00.000Z`);
      const good = launch(1);
      const invalidUtf8 = JSON.stringify({ ...launch(4), details: 'bad byte here' }).split(
        'bad byte here',
      );
      const parts = [
        JSON.stringify(good),
        withRawFields(launch(2), `"deep": ${nestedJson(500)}`),
        withRawFields(launch(3), '"huge": 1e999999'),
        Buffer.concat([
          Buffer.from(invalidUtf8[0] ?? ''),
          Buffer.from([0x62, 0xff, 0xfe, 0x61]),
          Buffer.from(invalidUtf8[1] ?? ''),
        ]),
        JSON.stringify({ ...launch(5), date_utc: '2021-01-05T00:00:00.000+16:00' }),
        JSON.stringify({ ...launch(6), date_utc: '0001-01-01T00:30:00.000+01:00' }),
        JSON.stringify({ ...launch(7), date_utc: '9999-12-31T23:30:00.000-02:00' }),
        JSON.stringify({ ...launch(8) }).replace('"window":0', '"window":0,"failures_x":[1e400]'),
        // Nested past any use (JSON.parse of 40 MB of this took 2 GB): refused unparsed.
        withRawFields(launch(9), `"deeper": ${nestedJson(1_000_000)}`),
      ];
      const path = writeLaunches(parts);
      const error = await runIngest(
        t,
        testOptions({ source: { kind: 'file', path }, archiveRoot: null }),
      ).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(IngestRunError);
      const message = String(error);
      expect(message).toMatch(/^IngestRunError: 8 launch\(es\) failed validation/);
      const id = (n: number) => launch(n).id;
      expect(message).toContain(`launch ${id(2)} "Test Launch 2": deep.x`);
      expect(message).toContain('nests deeper than 64 levels');
      expect(message).toContain(`launch ${id(3)} "Test Launch 3": huge: is a number beyond`);
      expect(message).toContain(
        `launch ${id(4)} "Test Launch 4": (launch): holds bytes that are not valid UTF-8`,
      );
      expect(message).toContain(
        `launch ${id(5)} "Test Launch 5": date_utc: expected a UTC offset within ±15:59`,
      );
      expect(message).toContain(`launch ${id(6)} "Test Launch 6": date_utc: expected a UTC offset`);
      expect(message).toContain(`launch ${id(7)} "Test Launch 7": date_utc: expected a UTC offset`);
      expect(message).toContain(
        `launch ${id(8)} "Test Launch 8": failures_x[0]: is a number beyond`,
      );
      expect(message).toMatch(
        new RegExp(
          `launch ${id(9)} "Test Launch 9": \\(launch\\): nests \\d+ levels, deeper than 64; not parsed`,
        ),
      );

      const summary = await runIngest(
        t,
        testOptions({ source: { kind: 'file', path }, archiveRoot: null, skipInvalid: true }),
      );
      expect(summary).toMatchObject({ launchesLoaded: 1, launchesRejected: 8 });
      const rejected = await t.db
        .select({ id: rejectedLaunches.launchId, source: rejectedLaunches.source })
        .from(rejectedLaunches)
        .orderBy(asc(rejectedLaunches.position));
      expect(rejected.map((r) => r.id)).toEqual([2, 3, 4, 5, 6, 7, 8, 9].map(id));
      expect(rejected[7]?.source).toEqual({ id: id(9), name: 'Test Launch 9' });
      // What could not be stored is replaced by a note; the rest is kept.
      expect(JSON.stringify(rejected[1]?.source)).toContain('"huge":"(not kept: Infinity)"');
      expect(JSON.stringify(rejected[0]?.source)).toContain(
        '(not kept: nested deeper than 64 levels)',
      );
    });

    it('should file every accepted launch near year 1 or 9999 under its UTC month, in order', async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(
            fc.record({
              day: fc.constantFrom('0001-01-01', '0001-01-31', '9999-12-01', '9999-12-31'),
              second: fc.integer({ min: 0, max: 24 * 3600 - 1 }),
              sign: fc.constantFrom<1 | -1>(1, -1),
              minutes: fc.integer({ min: 0, max: 15 * 60 + 59 }),
            }),
            { minLength: 1, maxLength: 8, selector: (d) => JSON.stringify(d) },
          ),
          async (dates) => {
            await t.reset();
            const list = dates.map(({ day, second, sign, minutes }, i) => {
              const time = `${pad(Math.floor(second / 3600))}:${pad(Math.floor(second / 60) % 60)}:${pad(second % 60)}`;
              return {
                ...makeLaunch(i + 1, '2021-01-01T00:00:00.000Z'),
                date_utc: `${day}T${time}.000${offsetText(sign, minutes)}`,
              };
            });
            const path = writeLaunches(list.map((l) => JSON.stringify(l)));
            const summary = await runIngest(
              t,
              testOptions({ source: { kind: 'file', path }, archiveRoot: null, skipInvalid: true }),
            );
            const accepted = list.filter((l) => {
              const at = Date.parse(l.date_utc);
              return (
                at >= Date.parse('0001-01-01T00:00:00Z') &&
                at <= Date.parse('9999-12-31T23:59:59.999Z')
              );
            });
            expect(summary.launchesLoaded).toBe(accepted.length);
            const staged = await t.db
              .select({ at: stgLaunches.launchedAt })
              .from(stgLaunches)
              .orderBy(asc(stgLaunches.launchedAt));
            expect(staged.map((s) => s.at.getTime())).toEqual(
              accepted.map((l) => Date.parse(l.date_utc)).sort((a, b) => a - b),
            );
            const months = await t.db
              .select({ month: monthlyLaunches.month })
              .from(monthlyLaunches)
              .orderBy(asc(monthlyLaunches.month));
            const expected = [
              ...new Set(accepted.map((l) => new Date(l.date_utc).toISOString().slice(0, 7))),
            ].sort();
            expect(months.map((m) => m.month)).toEqual(expected);
          },
        ),
        { numRuns: 8 },
      );
    });
  });
}
