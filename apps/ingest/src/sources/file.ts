/** Reads a saved `GET /v5/launches` response: a JSON array of launches. */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { SourceError } from '../errors.js';
import { parseLaunchArray, type SourceRead } from './source.js';

export async function readFromFile(path: string, maxBytes: number): Promise<SourceRead> {
  const location = resolve(path);
  let bytes: Buffer;
  try {
    bytes = await readFile(location);
  } catch (error) {
    throw new SourceError(
      `Cannot read ${location}: ${error instanceof Error ? error.message : String(error)}`,
    );
  }
  if (bytes.length > maxBytes) {
    throw new SourceError(
      `${location} is ${bytes.length} bytes, over the ${maxBytes}-byte cap. Raise SPACEX_MAX_BODY_BYTES to load it (it is read whole).`,
    );
  }
  const launches = parseLaunchArray(bytes, location);
  return {
    kind: 'file',
    location,
    pages: [{ format: 'launch-array', url: location, page: 1, bytes, receivedAt: new Date() }],
    launches,
    pageOf: launches.map(() => 1),
  };
}
