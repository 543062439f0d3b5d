/**
 * `pnpm gen:launches --count N --seed S --out FILE`: writes N synthetic launches as a saved
 * `GET /v5/launches` response (a JSON array), streaming, so any N fits in memory.
 */
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { invocationDir } from '@spacex/schema';
import { syntheticLaunches } from '../src/synthetic.js';

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
const out = createWriteStream(path);
const write = async (text: string) => {
  if (!out.write(text)) await once(out, 'drain');
};
let n = 0;
await write('[');
for (const launch of syntheticLaunches(count, seed)) {
  await write(`${n++ === 0 ? '\n' : ',\n'}${JSON.stringify(launch)}`);
}
await write('\n]\n');
out.end();
await once(out, 'finish');
console.error(`wrote ${count} launches (seed ${seed}) to ${path}`);
