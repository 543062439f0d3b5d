/**
 * `pnpm gen:launches --count N --seed S --out FILE`: writes N synthetic launches as a saved
 * `GET /v5/launches` response (a JSON array), streaming, so any N fits in memory.
 */
import { resolve } from 'node:path';
import {
  invocationDir,
  PositiveWholeNumberText,
  parseOptions,
  UsageError,
  WholeNumberText,
} from '@spacex/terminal';
import { writeSyntheticFile } from '@spacex/testing';
import * as v from 'valibot';

const USAGE =
  'Usage: pnpm gen:launches --count N --seed S --out FILE   (N a positive whole number)';
let values: { count?: string; seed: string; out?: string; help: boolean };
try {
  values = parseOptions(process.argv.slice(2), {
    count: { type: 'string' },
    seed: { type: 'string', default: '1' },
    out: { type: 'string' },
    help: { type: 'boolean', short: 'h', default: false },
  });
} catch (error) {
  console.error(`${error instanceof UsageError ? error.message : String(error)}\n${USAGE}`);
  process.exit(2);
}
if (values.help) {
  console.log(USAGE);
  process.exit(0);
}
const count = v.safeParse(PositiveWholeNumberText, values.count ?? '');
const seed = v.safeParse(WholeNumberText, values.seed);
if (!count.success || !seed.success || !values.out) {
  console.error(USAGE);
  process.exit(2);
}
const path = resolve(invocationDir(), values.out);
await writeSyntheticFile(path, count.output, seed.output);
console.error(`wrote ${count.output} launches (seed ${seed.output}) to ${path}`);
