// `pnpm pack:library --out DIR`: builds the analytics library and packs it with the workspace
// packages it depends on (@spacex/contract, @spacex/schema) as three tarballs in DIR, the way
// another project installs them. Prints the file names and the install lines for npm and for
// pnpm: the library, drizzle-orm and a driver (postgres here), nothing else.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';

/** The library and its workspace dependencies, in the order they depend on each other. */
const LIBRARY_PACKAGES = ['@spacex/contract', '@spacex/schema', '@spacex/analytics'];

const ROOT = resolve(import.meta.dirname, '..');

/** The tarball pnpm pack writes for `name` (`@spacex/schema` -> `spacex-schema-<version>.tgz`). */
const tarballOf = (files, name) =>
  files.find((file) =>
    file
      .split('/')
      .pop()
      .startsWith(`${name.replace('@spacex/', 'spacex-')}-`),
  );

/** Builds and packs the library into `out`; returns the tarballs' paths, in LIBRARY_PACKAGES order. */
export function packLibrary(out) {
  mkdirSync(out, { recursive: true });
  const run = (args) =>
    execFileSync('pnpm', args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
  run([
    'exec',
    'turbo',
    'run',
    'build',
    '--output-logs=errors-only',
    '--filter=@spacex/analytics...',
  ]);
  for (const name of LIBRARY_PACKAGES) run(['--filter', name, 'pack', '--pack-destination', out]);
  const files = readdirSync(out).map((file) => join(out, file));
  return LIBRARY_PACKAGES.map((name) => {
    const file = tarballOf(files, name);
    if (!file) throw new Error(`pnpm pack wrote no tarball for ${name} in ${out}`);
    return file;
  });
}

/** The commands that install `tarballs` into a project, for npm and for pnpm. */
export function installCommands(tarballs) {
  const [contract, schema, analytics] = tarballs;
  return {
    npm: [`npm install ${tarballs.join(' ')} drizzle-orm postgres`],
    // pnpm resolves a tarball's own dependencies from the registry: the overrides point the
    // two workspace packages at their tarballs instead.
    pnpm: [
      `npm pkg set pnpm.overrides.@spacex/contract=file:${contract} pnpm.overrides.@spacex/schema=file:${schema}`,
      `pnpm add ${analytics} drizzle-orm postgres`,
    ],
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({ options: { out: { type: 'string' } } });
  if (!values.out) {
    console.error('usage: pnpm pack:library --out DIR');
    process.exit(2);
  }
  const tarballs = packLibrary(resolve(process.env.INIT_CWD ?? process.cwd(), values.out));
  console.log(`Packed ${tarballs.length} tarballs:\n${tarballs.map((t) => `  ${t}`).join('\n')}`);
  const commands = installCommands(tarballs);
  console.log(`\nInstall them with npm:\n  ${commands.npm.join('\n  ')}`);
  console.log(`\nor with pnpm:\n  ${commands.pnpm.join('\n  ')}`);
}
