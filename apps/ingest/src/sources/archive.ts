/**
 * The archive of a run: each page exactly as received, plus a manifest (URL, time, bytes,
 * sha256). `--from-archive DIR` replays it; every page is checked against the manifest as it is
 * read, and a page that does not match fails the run.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { ENTITY_NAMES, type EntityName } from '@spacex/contract';
import { errorMessage } from '@spacex/terminal';
import * as v from 'valibot';
import { onDisk, SourceError } from '../errors.js';
import { pageFileName } from './api.js';
import { ByteDigest } from './digest.js';
import type { PageFile, SourceRead } from './source.js';

/** Run archives kept by default (SPACEX_ARCHIVE_KEEP): about a month of daily runs. */
export const DEFAULT_ARCHIVE_KEEP = 30;

/** A run's directory name: `20261125T183012Z-a1b2c3` (see newRunId), sorting by start time. */
const RUN_DIR = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

/** Archives of failed runs kept, apart from SPACEX_ARCHIVE_KEEP: enough to look into a failure. */
export const FAILED_ARCHIVE_KEEP = 3;

/** The file an archive's run outcome is written to, once the run has ended. */
const OUTCOME_FILE = 'outcome.json';

/** Records in `dir` how its run ended, for pruning: a failed run's archive is pruned apart. */
export async function markArchiveOutcome(
  dir: string,
  status: 'succeeded' | 'failed',
): Promise<void> {
  await onDisk(`write the archive outcome in ${dir}`, () =>
    writeFile(join(dir, OUTCOME_FILE), `${JSON.stringify({ status })}\n`),
  );
}

/**
 * Removes all but the newest `keep` complete archives of successful runs under `root` (0 keeps
 * all), and all but the newest FAILED_ARCHIVE_KEEP of failed runs, so that failures never push
 * out the last good run's archive; returns the directories removed. Only run directories with
 * a manifest count: another run's archive in progress is never touched. An archive without an
 * outcome (written before outcomes were, or by a run that was killed) counts as successful.
 */
export async function pruneArchives(root: string, keep: number): Promise<string[]> {
  // Oldest first, by when the manifest was written (run ids sort by the second only).
  const complete: { dir: string; at: number; failed: boolean }[] = [];
  for (const name of (await readdir(root).catch(() => [])).filter((n) => RUN_DIR.test(n))) {
    const dir = join(root, name);
    const manifest = await stat(join(dir, 'manifest.json')).catch(() => null);
    if (!manifest) continue;
    const outcome = await readFile(join(dir, OUTCOME_FILE), 'utf8').catch(() => '');
    complete.push({ dir, at: manifest.mtimeMs, failed: outcome.includes('"failed"') });
  }
  complete.sort((a, b) => a.at - b.at || a.dir.localeCompare(b.dir));
  const oldest = (failed: boolean, kept: number) => {
    const of = complete.filter((c) => c.failed === failed).map((c) => c.dir);
    return kept === 0 ? [] : of.slice(0, Math.max(0, of.length - kept));
  };
  const removed = [...oldest(false, keep), ...oldest(true, FAILED_ARCHIVE_KEEP)];
  for (const dir of removed) {
    await onDisk(`remove the old archive ${dir}`, () => rm(dir, { recursive: true, force: true }));
  }
  return removed;
}

const PageEntry = v.object({
  file: v.pipe(v.string(), v.regex(/^([a-z]+\/)?page-\d+\.json$/)),
  format: v.picklist(['api-page', 'launch-array']),
  url: v.string(),
  page: v.number(),
  receivedAt: v.string(),
  bytes: v.number(),
  sha256: v.string(),
});

const Manifest = v.object({
  runId: v.string(),
  sourceKind: v.picklist(['api', 'file', 'dir', 'archive']),
  source: v.string(),
  pages: v.array(PageEntry),
  /** The other entities' pages, each in its own folder (`cores/page-0001.json`). */
  entities: v.optional(v.record(v.picklist(ENTITY_NAMES), v.array(PageEntry)), {}),
});
type Manifest = v.InferOutput<typeof Manifest>;

/** A read of another entity, by its name. */
export interface EntityRead {
  name: EntityName;
  read: SourceRead;
}

/**
 * Completes the archive of a run's reads in `dir`, where fetched pages already are: saved files
 * are copied in (the copies are what is then loaded), and the manifest is written. Returns the
 * reads of what is archived.
 */
export async function completeArchive(
  dir: string,
  runId: string,
  read: SourceRead,
  entities: readonly EntityRead[] = [],
): Promise<{ read: SourceRead; entities: EntityRead[] }> {
  const archived = read.kind === 'file' ? await archiveFile(dir, read) : read;
  const archivedEntities: EntityRead[] = [];
  for (const entity of entities) {
    const folder = join(dir, entity.name);
    archivedEntities.push({
      name: entity.name,
      read: entity.read.kind === 'file' ? await archiveFile(folder, entity.read) : entity.read,
    });
  }
  await onDisk(`write the archive manifest in ${dir}`, () =>
    writeManifest(dir, runId, archived, archivedEntities),
  );
  return { read: archived, entities: archivedEntities };
}

/** Copies a saved file into `dir`, hashing it on the way; returns the read of the copy. */
async function archiveFile(dir: string, read: SourceRead): Promise<SourceRead> {
  await onDisk(`make the archive directory ${dir}`, () => mkdir(dir, { recursive: true }));
  const pages: PageFile[] = [];
  for (const page of read.pages) {
    const path = join(dir, pageFileName(page.page));
    const digest = new ByteDigest();
    const tap = new Transform({
      transform(chunk: Buffer, _encoding, done) {
        digest.add(chunk);
        done(null, chunk);
      },
    });
    await onDisk(`copy ${page.path} into the archive ${dir}`, () =>
      pipeline(createReadStream(page.path), tap, createWriteStream(path)),
    );
    pages.push({ ...page, path, expected: digest.result() });
  }
  return { ...read, pages };
}

/** The manifest entries of a read's pages, in `folder` of the archive ('' for launches). */
function pageEntries(read: SourceRead, folder: string): Manifest['pages'] {
  return read.pages.map((page) => {
    if (page.expected === null) throw new Error(`page ${page.page} was archived without its hash`);
    return {
      file: `${folder}${pageFileName(page.page)}`,
      format: page.format,
      url: page.url,
      page: page.page,
      receivedAt: page.receivedAt.toISOString(),
      bytes: page.expected.bytes,
      sha256: page.expected.sha256,
    };
  });
}

/** Writes the manifest of the reads, whose pages are already in `dir`. */
async function writeManifest(
  dir: string,
  runId: string,
  read: SourceRead,
  entities: readonly EntityRead[],
): Promise<void> {
  const manifest: Manifest = {
    runId,
    sourceKind: read.kind,
    source: read.location,
    pages: pageEntries(read, ''),
    entities: Object.fromEntries(entities.map((e) => [e.name, pageEntries(e.read, `${e.name}/`)])),
  };
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** The pages of one manifest list, each checked to exist with its recorded size. */
async function archivedPages(dir: string, entries: Manifest['pages']): Promise<PageFile[]> {
  const pages: PageFile[] = [];
  for (const entry of entries) {
    const file = join(dir, entry.file);
    const info = await stat(file).catch((error: unknown) => {
      throw new SourceError(`Archive page ${file} is missing: ${errorMessage(error)}`);
    });
    if (info.size !== entry.bytes) {
      throw new SourceError(
        `Archive page ${file} does not match its manifest (size or sha256): it was altered or cut short.`,
      );
    }
    pages.push({
      format: entry.format,
      url: entry.url,
      page: entry.page,
      path: file,
      receivedAt: new Date(entry.receivedAt),
      expected: { bytes: entry.bytes, sha256: entry.sha256 },
    });
  }
  return pages;
}

/**
 * Replays an archive written by a run: the launches and every other entity it holds. Fails if a
 * page is missing (now) or altered (as it is read).
 */
export async function readFromArchive(
  path: string,
): Promise<{ read: SourceRead; entities: EntityRead[] }> {
  const dir = resolve(path);
  const manifestPath = join(dir, 'manifest.json');
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    throw new SourceError(
      `Cannot read the archive manifest ${manifestPath}: ${errorMessage(error)}. ` +
        'Pass a run directory under .data/archive/.',
    );
  }
  const parsed = v.safeParse(Manifest, manifestJson);
  if (!parsed.success) {
    throw new SourceError(
      `${manifestPath} is not an archive manifest: ${v.summarize(parsed.issues)}`,
    );
  }
  const entities: EntityRead[] = [];
  for (const name of ENTITY_NAMES) {
    const entries = parsed.output.entities[name];
    if (entries === undefined) continue;
    entities.push({
      name,
      read: {
        kind: 'archive',
        location: join(dir, name),
        pages: await archivedPages(dir, entries),
      },
    });
  }
  // An API read replayed is checked as the live read was (one consistent read, no page missing)
  // as the load reads it back: RecordReader.
  return {
    read: { kind: 'archive', location: dir, pages: await archivedPages(dir, parsed.output.pages) },
    entities,
  };
}
