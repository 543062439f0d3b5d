/**
 * The archive of a run: each page exactly as received, plus a manifest (URL, time, bytes,
 * sha256). `--from-archive DIR` replays it; every page is checked against the manifest as it is
 * read, and a page that does not match fails the run.
 */
import { createReadStream, createWriteStream } from 'node:fs';
import { readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { errorMessage } from '@spacex/db';
import * as v from 'valibot';
import { onDisk, SourceError } from '../errors.js';
import { pageFileName } from './api.js';
import { ByteDigest } from './digest.js';
import type { PageFile, SourceRead } from './source.js';

/** Run archives kept by default (SPACEX_ARCHIVE_KEEP): about a month of daily runs. */
export const DEFAULT_ARCHIVE_KEEP = 30;

/** A run's directory name: `20261125T183012Z-a1b2c3` (see newRunId), sorting by start time. */
const RUN_DIR = /^\d{8}T\d{6}Z-[0-9a-f]{6}$/;

/**
 * Removes all but the newest `keep` complete archives under `root` (0 keeps all); returns the
 * directories removed. Only run directories with a manifest count: another run's archive in
 * progress is never touched.
 */
export async function pruneArchives(root: string, keep: number): Promise<string[]> {
  if (keep === 0) return [];
  // Oldest first, by when the manifest was written (run ids sort by the second only).
  const complete: { dir: string; at: number }[] = [];
  for (const name of (await readdir(root).catch(() => [])).filter((n) => RUN_DIR.test(n))) {
    const manifest = await stat(join(root, name, 'manifest.json')).catch(() => null);
    if (manifest) complete.push({ dir: join(root, name), at: manifest.mtimeMs });
  }
  complete.sort((a, b) => a.at - b.at || a.dir.localeCompare(b.dir));
  const removed = complete.slice(0, Math.max(0, complete.length - keep)).map((c) => c.dir);
  for (const dir of removed) {
    await onDisk(`remove the old archive ${dir}`, () => rm(dir, { recursive: true, force: true }));
  }
  return removed;
}

const Manifest = v.object({
  runId: v.string(),
  sourceKind: v.picklist(['api', 'file', 'dir', 'archive']),
  source: v.string(),
  pages: v.array(
    v.object({
      file: v.pipe(v.string(), v.regex(/^page-\d+\.json$/)),
      format: v.picklist(['api-page', 'launch-array']),
      url: v.string(),
      page: v.number(),
      receivedAt: v.string(),
      bytes: v.number(),
      sha256: v.string(),
    }),
  ),
});
type Manifest = v.InferOutput<typeof Manifest>;

/**
 * Completes the archive of `read` in `dir`, where fetched pages already are: a saved file is
 * copied in (the copy is what is then loaded), and the manifest is written. Returns the read of
 * what is archived.
 */
export async function completeArchive(
  dir: string,
  runId: string,
  read: SourceRead,
): Promise<SourceRead> {
  const archived = read.kind === 'file' ? await archiveFile(dir, read) : read;
  await onDisk(`write the archive manifest in ${dir}`, () => writeManifest(dir, runId, archived));
  return archived;
}

/** Copies a saved file into `dir`, hashing it on the way; returns the read of the copy. */
async function archiveFile(dir: string, read: SourceRead): Promise<SourceRead> {
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

/** Writes the manifest of `read`, whose pages are already in `dir`. */
async function writeManifest(dir: string, runId: string, read: SourceRead): Promise<void> {
  const manifest: Manifest = {
    runId,
    sourceKind: read.kind,
    source: read.location,
    pages: read.pages.map((page) => {
      if (page.expected === null)
        throw new Error(`page ${page.page} was archived without its hash`);
      return {
        file: pageFileName(page.page),
        format: page.format,
        url: page.url,
        page: page.page,
        receivedAt: page.receivedAt.toISOString(),
        bytes: page.expected.bytes,
        sha256: page.expected.sha256,
      };
    }),
  };
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
}

/** Replays an archive written by a run; fails if a page is missing (now) or altered (as it is read). */
export async function readFromArchive(path: string): Promise<SourceRead> {
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
  const pages: PageFile[] = [];
  for (const entry of parsed.output.pages) {
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
  return { kind: 'archive', location: dir, pages };
}
