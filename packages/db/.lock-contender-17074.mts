import { existsSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { lockPgliteDir } from './src/pglite-lock.ts';

const [dir, go, count] = process.argv.slice(-3);
const root = dirname(dir);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const mark = (what) => writeFileSync(join(root, what + '-' + process.pid), '');
const marked = (what) => readdirSync(root).filter((f) => f.startsWith(what + '-')).length;
mark('ready');
while (!existsSync(go)) await sleep(2);
try {
  const lock = lockPgliteDir(dir);
  mark('tried');
  while (marked('tried') < Number(count)) await sleep(5);
  lock.release();
  console.log('won');
} catch (error) {
  mark('tried');
  console.log(error.name === 'DatabaseInUseError' ? 'lost' : String(error));
}
