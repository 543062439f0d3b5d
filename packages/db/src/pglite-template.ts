/**
 * A new PGlite directory starts from a template: a dump of a database just initialised and
 * migrated, made once per PGlite build and set of migrations and kept in a cache directory.
 * initdb alone takes about 3 s here (and 900 MB); loading the dump about 1 s. The template is
 * only a cache: one that cannot be kept is made again next time, one that cannot be loaded is
 * thrown away and made again.
 */
import { createHash, randomBytes } from 'node:crypto';
import {
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { MIGRATIONS_FOLDER } from '@spacex/schema';

/** PGlite's own start parameters plus ours (the same for templates and for every open). */
export async function pgliteStartParams(): Promise<string[]> {
  const { PGlite } = await import('@electric-sql/pglite');
  // PGlite's initdb picks 128 MB of shared buffers, all of it in the process: 16 MB halves the
  // memory of a short command and measured no slower on a 100,000-launch load.
  return [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'];
}

/**
 * Where templates are kept: PGLITE_TEMPLATE_DIR, else `$XDG_CACHE_HOME/spacex-elt`, else
 * `~/.cache/spacex-elt`.
 */
export function pgliteTemplateDir(env: NodeJS.ProcessEnv = process.env): string {
  const dir = env.PGLITE_TEMPLATE_DIR?.trim();
  if (dir) return dir;
  const cache = env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache');
  return join(cache, 'spacex-elt');
}

/**
 * What a template is valid for: the PGlite build (a dump only loads into the version that wrote
 * it) and every migration file (a database made from it has run exactly these).
 */
export function pgliteTemplateKey(): string {
  // The package's version, not its path: checkouts on one machine share the template.
  const pglite = readFileSync(
    new URL('../package.json', import.meta.resolve('@electric-sql/pglite')),
  );
  const hash = createHash('sha256').update(pglite);
  // What the migrator reads: the SQL and the journal (not drizzle-kit's snapshots).
  const files = readdirSync(MIGRATIONS_FOLDER).filter((file) => file.endsWith('.sql'));
  for (const file of [...files.sort(), join('meta', '_journal.json')]) {
    hash.update(file).update(readFileSync(join(MIGRATIONS_FOLDER, file)));
  }
  return hash.digest('hex').slice(0, 16);
}

/** The template file for this PGlite build and these migrations. */
export function pgliteTemplatePath(env: NodeJS.ProcessEnv = process.env): string {
  return join(pgliteTemplateDir(env), `pglite-${pgliteTemplateKey()}.tar`);
}

export interface TemplateOptions {
  env?: NodeJS.ProcessEnv;
  /** Told when a template is being made (seconds) or cannot be kept. */
  onProgress?: (message: string) => void;
}

/**
 * The template for this PGlite build and these migrations: read from the cache, else made (in
 * memory: initdb, then every migration) and kept there for the next new database. A cache
 * that cannot be written is reported and skipped.
 */
export async function pgliteTemplate(options: TemplateOptions = {}): Promise<Blob> {
  const path = pgliteTemplatePath(options.env);
  try {
    const template = new Blob([readFileSync(path)]);
    touch(path);
    return template;
  } catch {
    // None yet, or none readable: make one.
  }
  options.onProgress?.('preparing the embedded database template (once per version)');
  const template = await makePgliteTemplate();
  try {
    keep(path, Buffer.from(await template.arrayBuffer()));
  } catch (error) {
    options.onProgress?.(
      `cannot keep the template at ${path} (${(error as Error).message}); set ` +
        'PGLITE_TEMPLATE_DIR to a writable directory to make new databases faster',
    );
  }
  return template;
}

/** Removes the cached template, when loading it failed: the next new database makes it anew. */
export function discardPgliteTemplate(env: NodeJS.ProcessEnv = process.env): void {
  try {
    rmSync(pgliteTemplatePath(env), { force: true });
  } catch {
    // A cache that cannot be written was never read from either.
  }
}

async function makePgliteTemplate(): Promise<Blob> {
  const { PGlite } = await import('@electric-sql/pglite');
  const { drizzle } = await import('drizzle-orm/pglite');
  const { migrate } = await import('drizzle-orm/pglite/migrator');
  const client = await PGlite.create({ startParams: await pgliteStartParams() });
  try {
    await migrate(drizzle({ client }), { migrationsFolder: MIGRATIONS_FOLDER });
    // Uncompressed: it loads in 0.8 s against 1.2 s gzipped (41 MB against 5 MB on disk).
    return await client.dumpDataDir('none');
  } finally {
    await client.close();
  }
}

/**
 * Templates kept in the cache: this one and the last used of the others. Two checkouts of the
 * project at different migrations (a deploy and a working copy, or two branches) each keep
 * theirs, instead of each new database of one making its template anew (3 s, 900 MB) and
 * evicting the other's. About 40 MB each.
 */
const TEMPLATES_KEPT = 3;

/** Marks a template as just used (its modification time), so it outlives older ones. */
function touch(path: string): void {
  try {
    const now = new Date();
    utimesSync(path, now, now);
  } catch {
    // A cache that is only readable still serves; it just does not rank its templates.
  }
}

/**
 * Writes the template atomically (a parallel reader never sees half a file); drops all but the
 * last used of the others.
 */
function keep(path: string, bytes: Buffer): void {
  const dir = dirname(path);
  mkdirSync(dir, { recursive: true });
  const partial = `${path}.${process.pid}.${randomBytes(4).toString('hex')}`;
  writeFileSync(partial, bytes);
  renameSync(partial, path);
  const others = readdirSync(dir)
    .filter((name) => /^pglite-[0-9a-f]{16}\.tar$/.test(name) && name !== basename(path))
    .flatMap((name) => {
      try {
        return [{ path: join(dir, name), usedAt: statSync(join(dir, name)).mtimeMs }];
      } catch {
        return []; // removed meanwhile by another process keeping its own
      }
    })
    .sort((a, b) => b.usedAt - a.usedAt);
  for (const stale of others.slice(TEMPLATES_KEPT - 1)) rmSync(stale.path, { force: true });
}
