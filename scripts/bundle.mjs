// `node ../../scripts/bundle.mjs src/cli.ts answers` (a package's build): bundles a command and
// the workspace code and libraries it imports into one file, `bundle/bin/<name>.mjs`, which
// `scripts/launch.mjs` runs. One file loads in a single read where the separate modules took
// about 130 (drizzle-orm's alone): 50 ms of each start here. The database drivers stay outside
// (PGlite loads its WebAssembly from beside its own module), and the generated migrations are
// copied to `bundle/drizzle`, where the bundled code looks for them (`../drizzle`); so is a
// package's `sample` folder (the ingest's saved API data), to `bundle/sample`.
import { cpSync, existsSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build } from 'esbuild';

/**
 * esbuild's options for bundling `entry` (a path) as `<outDir>/bin/<name>.mjs`. What the code
 * imports only when needed (each engine's driver) goes to chunks beside it, loaded on demand.
 */
export function bundleOptions(entry, name, outDir) {
  return {
    entryPoints: { [name]: entry },
    outdir: join(outDir, 'bin'),
    outExtension: { '.js': '.mjs' },
    splitting: true,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    // The workspace packages' TypeScript sources, as the tests and tsx read them.
    conditions: ['source'],
    external: ['@electric-sql/pglite', 'postgres'],
    // For CommonJS code inside the bundle that requires Node's own modules.
    banner: {
      js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);",
    },
    logLevel: 'warning',
  };
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const [entry, name] = process.argv.slice(2);
  if (!entry || !name) {
    console.error('usage: node scripts/bundle.mjs ENTRY NAME');
    process.exit(2);
  }
  const out = resolve('bundle');
  rmSync(out, { recursive: true, force: true });
  await build(bundleOptions(entry, name, out));
  const migrations = join(import.meta.dirname, '..', 'packages', 'schema', 'drizzle');
  cpSync(migrations, join(out, 'drizzle'), {
    recursive: true,
    filter: (path) => !path.endsWith('_snapshot.json'),
  });
  if (existsSync('sample')) cpSync('sample', join(out, 'sample'), { recursive: true });
}
