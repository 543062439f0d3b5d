/** Reads a saved `GET /v5/launches` response: a JSON array of launches, streamed from disk. */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { errorMessage } from '@spacex/terminal';
import { SourceError } from '../errors.js';
import type { SourceRead } from './source.js';

export async function readFromFile(path: string): Promise<SourceRead> {
  const location = resolve(path);
  const info = await stat(location).catch((error: unknown) => {
    throw new SourceError(`Cannot read ${location}: ${errorMessage(error)}`);
  });
  if (!info.isFile()) throw new SourceError(`Cannot read ${location}: it is not a file.`);
  return {
    kind: 'file',
    location,
    pages: [
      {
        format: 'launch-array',
        url: location,
        page: 1,
        path: location,
        receivedAt: info.mtime,
        expected: null,
      },
    ],
  };
}
