/**
 * `pnpm gen:launches --count N --seed S --out FILE`: writes N synthetic launches as a saved
 * `GET /v5/launches` response (a JSON array), streaming, so any N fits in memory.
 */
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { invocationDir } from '@spacex/schema';
import { writeSyntheticFile } from '../src/synthetic.js';

const { values } = parseArgs({
  options: {
    count: { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
  },
  strict: true,
});
const count = Number(values.count);
const seed = Number(values.seed);
if (!Number.isInteger(count) || count < 1 || !Number.isInteger(seed) || !values.out) {
  console.error(
    'Usage: pnpm gen:launches --count N --seed S --out FILE   (N a positive whole number)',
  );
  process.exit(2);
}
const path = resolve(invocationDir(), values.out);
await writeSyntheticFile(path, count, seed);
console.error(`wrote ${count} launches (seed ${seed}) to ${path}`);
