// Run by `pnpm install` (postinstall): gets the commands ready to start quickly. It bundles
// `pnpm answers` and `pnpm ingest` (scripts/bundle.mjs; what each package's build does too)
// and makes the embedded database's template (packages/db/src/pglite-template.ts), about 4 s
// once per PGlite version and set of migrations. Neither is required: without them the
// commands run from the sources and the first new database makes the template, so a failure
// here is a warning, never a failed install.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMANDS } from './launch.mjs';

const ROOT = dirname(dirname(fileURLToPath(import.meta.url)));

function step(what, args, cwd) {
  const result = spawnSync(process.execPath, args, { cwd, stdio: 'inherit' });
  if (result.status !== 0) {
    console.warn(`warning: ${what} failed; the commands still run, from the sources`);
  }
}

let bundler = true;
try {
  import.meta.resolve('esbuild');
} catch {
  bundler = false; // a --prod install: esbuild is a devDependency
  console.log('not bundling the commands (esbuild is not installed): they run from the sources');
}
for (const [name, command] of bundler ? Object.entries(COMMANDS) : []) {
  // apps/<app>/bundle/bin/<name>.mjs is built from apps/<app>/src/...
  const app = join(ROOT, dirname(dirname(dirname(command.built))));
  step(
    `bundling ${name}`,
    [join(ROOT, 'scripts', 'bundle.mjs'), join(ROOT, command.source), name],
    app,
  );
}
step(
  'making the embedded database template',
  ['--import', 'tsx', '--conditions=source', join(ROOT, 'packages/db/src/bin/pglite-template.ts')],
  ROOT,
);
