import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ingestRuns, launches } from '@spacex/schema';
import { sql } from 'drizzle-orm';
import { afterEach, describe, expect, it } from 'vitest';
import { openDatabase, pendingMigrationCount } from '../src/client.js';
import { pgliteTarget } from '../src/env.js';
import { pgliteTemplatePath } from '../src/pglite-template.js';

/** A scratch folder per test: the template cache and the database directories. */
let scratch = '';
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

/** Opens (creating) the PGlite directory `name` with the cache in `cacheDir`; what it said, and its state. */
async function openNew(name: string, cacheDir: string) {
  const messages: string[] = [];
  const handle = await openDatabase({
    target: pgliteTarget(join(scratch, name)),
    env: { PGLITE_TEMPLATE_DIR: cacheDir },
    onProgress: (message) => messages.push(message),
  });
  try {
    const pending = await pendingMigrationCount(handle.db);
    const [setting] = await handle.db
      .select({ sharedBuffers: sql<string>`current_setting('shared_buffers')` })
      .from(sql`(values (1)) as one (x)`);
    return {
      messages,
      pending,
      sharedBuffers: setting?.sharedBuffers,
      launches: await handle.db.$count(launches),
      runs: await handle.db.$count(ingestRuns),
      handle,
    };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

describe('new PGlite directories start from the migrated template', () => {
  it('should make the template once, keep it, and create every later directory from it', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'spacex-template-'));
    const cache = join(scratch, 'cache');
    const stale = join(cache, 'pglite-0000000000000000.tar');

    const first = await openNew('one', cache);
    await first.handle.db.insert(ingestRuns).values({
      id: 'only-in-one',
      startedAt: new Date(),
      finishedAt: new Date(),
      sourceKind: 'file',
      source: 'test',
      status: 'succeeded',
    });
    await first.handle.close();
    expect(first.messages[0]).toMatch(/^creating the embedded database at .*one \(first run\)$/);
    expect(first.messages).toContain('preparing the embedded database template (once per version)');
    expect(first.messages.at(-1)).toMatch(/^created the embedded database in \d+\.\d s$/);
    expect(first.pending).toBe(0);
    expect(first.sharedBuffers).toBe('16MB');
    const path = pgliteTemplatePath({ PGLITE_TEMPLATE_DIR: cache });
    expect(statSync(path).size).toBeGreaterThan(1_000_000);

    writeFileSync(stale, 'a template of another version');
    // Used an hour ago: a new directory made from it marks it used now.
    const anHourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(path, anHourAgo, anHourAgo);
    const second = await openNew('two', cache);
    await second.handle.close();
    expect(second.messages).not.toContain(
      'preparing the embedded database template (once per version)',
    );
    expect(second.pending).toBe(0);
    expect(second.runs).toBe(0); // a copy of the template, not of the first database
    expect(statSync(path).mtimeMs).toBeGreaterThan(Date.now() - 60_000);
    expect(existsSync(stale)).toBe(true); // only a newly kept template clears the others

    // Reopening an existing directory takes nothing from the template and keeps its data.
    const again = await openNew('one', cache);
    await again.handle.close();
    expect(again.messages).toEqual([]);
    expect(again.sharedBuffers).toBe('16MB');
    expect(again.runs).toBe(1);
  });

  it('should throw away a damaged template, keep what the directory held, and make it again', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'spacex-template-'));
    const cache = join(scratch, 'cache');
    const path = pgliteTemplatePath({ PGLITE_TEMPLATE_DIR: cache });
    await openNew('first', cache).then(({ handle }) => handle.close());
    writeFileSync(path, 'not a tar file at all, cut short');
    // Templates of three other versions, last used 3, 2 and 1 hours ago: the two last used stay.
    const others = [3, 2, 1].map((hours) => {
      const other = join(cache, `pglite-000000000000000${hours}.tar`);
      writeFileSync(other, 'a template of another version');
      const usedAt = new Date(Date.now() - hours * 3_600_000);
      utimesSync(other, usedAt, usedAt);
      return other;
    });
    const dir = join(scratch, 'damaged');
    mkdirSync(dir);
    writeFileSync(join(dir, 'notes.txt'), 'the operator put this here');

    const opened = await openNew('damaged', cache);
    await opened.handle.close();
    expect(opened.messages.some((m) => m.startsWith('the cached template did not load'))).toBe(
      true,
    );
    expect(opened.pending).toBe(0);
    expect(opened.launches).toBe(0);
    expect(readdirSync(dir)).toContain('notes.txt');
    expect(readdirSync(dir)).toContain('PG_VERSION');
    expect(statSync(path).size).toBeGreaterThan(1_000_000);
    expect(others.map((other) => existsSync(other))).toEqual([false, true, true]);
  });

  it('should create the directory anyway when the template cannot be kept, and say where to keep it', async () => {
    scratch = mkdtempSync(join(tmpdir(), 'spacex-template-'));
    // A cache folder under a plain file cannot be made, even by root.
    writeFileSync(join(scratch, 'a-file'), '');
    const cache = join(scratch, 'a-file', 'cache');

    const opened = await openNew('db', cache);
    await opened.handle.close();
    const warning = opened.messages.find((m) => m.startsWith('cannot keep the template'));
    expect(warning).toContain(cache);
    expect(warning).toContain('set PGLITE_TEMPLATE_DIR to a writable directory');
    expect(opened.pending).toBe(0);
    expect(existsSync(join(scratch, 'db', 'PG_VERSION'))).toBe(true);
  });
});
