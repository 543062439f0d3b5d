/**
 * The archive of a run: each page exactly as received, plus a manifest (URL, time, bytes,
 * sha256). `--from-archive DIR` replays it, after checking every page against the manifest.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Json } from '@spacex/schema/contract';
import * as v from 'valibot';
import { SourceError } from '../errors.js';
import { parseApiPage, parseLaunchArray, type RawPage, type SourceRead } from './source.js';

const Manifest = v.object({
  runId: v.string(),
  sourceKind: v.picklist(['api', 'file', 'archive']),
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

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

/** Writes `read`'s pages and manifest to `<root>/<runId>/`; returns that directory. */
export async function writeArchive(root: string, runId: string, read: SourceRead): Promise<string> {
  const dir = join(root, runId);
  await mkdir(dir, { recursive: true });
  const manifest: Manifest = { runId, sourceKind: read.kind, source: read.location, pages: [] };
  for (const page of read.pages) {
    const file = `page-${String(page.page).padStart(4, '0')}.json`;
    await writeFile(join(dir, file), page.bytes);
    manifest.pages.push({
      file,
      format: page.format,
      url: page.url,
      page: page.page,
      receivedAt: page.receivedAt.toISOString(),
      bytes: page.bytes.length,
      sha256: sha256(page.bytes),
    });
  }
  await writeFile(join(dir, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return dir;
}

/** Replays an archive written by writeArchive; fails if a page is missing or altered. */
export async function readFromArchive(path: string): Promise<SourceRead> {
  const dir = resolve(path);
  const manifestPath = join(dir, 'manifest.json');
  let manifestJson: unknown;
  try {
    manifestJson = JSON.parse(await readFile(manifestPath, 'utf8'));
  } catch (error) {
    throw new SourceError(
      `Cannot read the archive manifest ${manifestPath}: ${error instanceof Error ? error.message : String(error)}. ` +
        'Pass a run directory under .data/archive/.',
    );
  }
  const parsed = v.safeParse(Manifest, manifestJson);
  if (!parsed.success) {
    throw new SourceError(
      `${manifestPath} is not an archive manifest: ${v.summarize(parsed.issues)}`,
    );
  }
  const pages: RawPage[] = [];
  const launches: Json[] = [];
  const pageOf: number[] = [];
  for (const entry of parsed.output.pages) {
    const file = join(dir, entry.file);
    const bytes = await readFile(file).catch((error: unknown) => {
      throw new SourceError(
        `Archive page ${file} is missing: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    if (bytes.length !== entry.bytes || sha256(bytes) !== entry.sha256) {
      throw new SourceError(
        `Archive page ${file} does not match its manifest (size or sha256): it was altered or cut short.`,
      );
    }
    const where = `${file} (archived ${entry.url}, page ${entry.page})`;
    const docs =
      entry.format === 'api-page'
        ? parseApiPage(bytes, where).docs
        : parseLaunchArray(bytes, where);
    pages.push({
      format: entry.format,
      url: entry.url,
      page: entry.page,
      bytes,
      receivedAt: new Date(entry.receivedAt),
    });
    for (const doc of docs) {
      launches.push(doc);
      pageOf.push(entry.page);
    }
  }
  return { kind: 'archive', location: dir, pages, launches, pageOf };
}
