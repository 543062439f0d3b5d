/**
 * `pnpm docs`: writes the data catalog to docs/catalog/. `pnpm docs --check` writes nothing and
 * fails when the committed catalog differs from what the schema generates (CI runs it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepositoryRoot } from '../env.js';
import { renderCatalog } from '../quality/catalog.js';

const dir = join(findRepositoryRoot(), 'docs', 'catalog');
const check = process.argv.includes('--check');
const stale: string[] = [];
if (!check) mkdirSync(dir, { recursive: true });
for (const [file, text] of renderCatalog()) {
  const path = join(dir, file);
  if (check) {
    if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(path);
  } else {
    writeFileSync(path, text);
  }
}
if (check && stale.length > 0) {
  console.error(
    `The data catalog is stale: ${stale.join(', ')}. Run pnpm docs and commit the result.`,
  );
  process.exitCode = 1;
} else {
  console.error(check ? 'The data catalog is up to date.' : `Wrote the data catalog to ${dir}.`);
}
