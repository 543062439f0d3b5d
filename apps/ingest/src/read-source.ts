/**
 * Reading a run's source: the launches, then each other entity the source holds that the run
 * reads. API pages are written to disk as they arrive, each entity's in its own folder; one read
 * deadline covers them all.
 */
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { ENTITY_NAMES, type EntityName } from '@spacex/contract';
import { onDisk } from './errors.js';
import type { Logger } from './log.js';
import { readFromApi } from './sources/api.js';
import { type EntityRead, readFromArchive } from './sources/archive.js';
import { readFromFile } from './sources/file.js';
import type { HttpSettings } from './sources/http.js';
import type { SourceKind, SourceRead } from './sources/source.js';

export type SourceSpec =
  | { kind: 'api'; baseUrl: string; pageSize: number; authorization?: string }
  | { kind: 'file'; path: string }
  /** A directory of saved responses named after their entity: launches.json, cores.json, ... */
  | { kind: 'dir'; dir: string }
  | { kind: 'archive'; dir: string };

/** What a source holds: the launches, and the other entities read with them. */
export interface Reads {
  read: SourceRead;
  entities: EntityRead[];
}

export interface ReadSourceOptions {
  /** The other entities to read (default: every one the source holds). */
  entities?: readonly EntityName[] | undefined;
  http: HttpSettings;
  log: Logger;
}

export function describeSource(spec: SourceSpec): { kind: SourceKind; location: string } {
  if (spec.kind === 'api') return { kind: 'api', location: spec.baseUrl };
  return { kind: spec.kind, location: spec.kind === 'file' ? spec.path : spec.dir };
}

/** Reads `spec`; API pages go to `pagesDir` (the run's archive, or a spool). */
export async function readSource(
  spec: SourceSpec,
  options: ReadSourceOptions,
  pagesDir: string | null,
): Promise<Reads> {
  const wanted = ENTITY_NAMES.filter(
    (name) => !options.entities || options.entities.includes(name),
  );
  if (spec.kind === 'file') return { read: await readFromFile(spec.path), entities: [] };
  if (spec.kind === 'dir') {
    const entities: EntityRead[] = [];
    for (const name of wanted) {
      const path = join(spec.dir, `${name}.json`);
      if (existsSync(path)) entities.push({ name, read: await readFromFile(path) });
    }
    return { read: await readFromFile(join(spec.dir, 'launches.json')), entities };
  }
  if (spec.kind === 'archive') {
    const archived = await readFromArchive(spec.dir);
    return { ...archived, entities: archived.entities.filter((e) => wanted.includes(e.name)) };
  }
  if (pagesDir === null) throw new Error('API pages need a directory to be written to');
  return readApi(spec, options, pagesDir, wanted);
}

async function readApi(
  spec: Extract<SourceSpec, { kind: 'api' }>,
  { http, log }: ReadSourceOptions,
  pagesDir: string,
  wanted: readonly EntityName[],
): Promise<Reads> {
  const deadline = AbortSignal.timeout(http.readDeadlineMs);
  const fromApi = (what: string, path: string | undefined, dir: string) =>
    readFromApi({
      baseUrl: spec.baseUrl,
      pageSize: spec.pageSize,
      ...(spec.authorization ? { authorization: spec.authorization } : {}),
      ...(path ? { path, sort: { _id: 'asc' } } : {}),
      dir,
      deadline,
      http,
      hooks: {
        onRetry: (message, waitMs, next) =>
          log.warn(`${message}; attempt ${next} in ${(waitMs / 1000).toFixed(1)} s`),
        onPage: (page, totalPages, count) =>
          log.info(`fetched ${what} page ${page}/${totalPages} (${count} so far)`),
        onReread: (reason, next) => log.warn(`${reason}; reading again from page 1 (read ${next})`),
      },
    });
  const read = await fromApi('launches', undefined, pagesDir);
  const entities: EntityRead[] = [];
  for (const name of wanted) {
    const dir = join(pagesDir, name);
    await onDisk(`make the directory ${dir} for the ${name} pages`, () =>
      mkdir(dir, { recursive: true }),
    );
    entities.push({ name, read: await fromApi(name, `/v4/${name}/query`, dir) });
  }
  return { read, entities };
}
