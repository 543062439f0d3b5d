// The library as another team installs it: the tarballs `pnpm pack:library` makes, installed into
// empty projects outside the repository with npm and with pnpm, beside postgres 4 (latest) and
// postgres 3, then called from a plain Node ESM script and from a TypeScript file checked with
// `tsc --strict` (TypeScript 5 and 7), against PostgreSQL, with the process in Asia/Kolkata and
// the database session in Pacific/Kiritimati: the answers must equal `pnpm answers --json` run
// in UTC. The install holds the library, drizzle-orm and the driver and nothing else (no
// database tooling, no second driver): its packages and size are printed. One consumer also
// answers from PGlite, the other driver. Needs TEST_DATABASE_URL (a server where the user may
// create databases). Exit 0 when every check holds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';
import { installCommands, packLibrary } from '../../../scripts/pack-library.mjs';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const adminUrl = process.env.TEST_DATABASE_URL;
if (!adminUrl) {
  console.error(
    'check-install: set TEST_DATABASE_URL (a PostgreSQL database to create others from).',
  );
  process.exit(2);
}

/** Each consumer: its package manager, the postgres and TypeScript it installs. */
const CONSUMERS = [
  { installer: 'npm', postgres: 'latest', typescript: 'latest', pglite: true },
  { installer: 'npm', postgres: '^3.4.0', typescript: 'catalog' },
  { installer: 'pnpm', postgres: 'latest', typescript: 'catalog' },
  { installer: 'pnpm', postgres: '^3.4.0', typescript: 'latest' },
];
/** What a library install must not hold: database tooling, bundlers, the other driver. */
const UNWANTED = ['drizzle-kit', 'esbuild', 'tsx', '@spacex/db', '@electric-sql/pglite'];
const PROCESS_TZ = 'Asia/Kolkata';
const SESSION_TZ = 'Pacific/Kiritimati';

const run = (command, args, options = {}) =>
  execFileSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    ...options,
  });
// The consumers see none of the pnpm settings this script was started with.
const cleanEnv = (extra = {}) => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^(npm|pnpm)_/i.test(k))),
  ...extra,
});
const fail = (message) => {
  console.error(`check-install: ${message}`);
  process.exit(1);
};

const work = mkdtempSync(join(tmpdir(), 'spacex-consumer-'));
const database = `spacex_install_${process.pid}`;
const admin = postgres(adminUrl, { max: 1, onnotice: () => {} });
await admin.unsafe(`create database "${database}"`);
const url = new URL(adminUrl);
url.pathname = `/${database}`;
const env = { ...process.env, DATABASE_URL: url.href };
try {
  // 1. Tarballs, with no workspace: or catalog: left in their manifests.
  const files = packLibrary(join(work, 'tarballs'));
  for (const file of files) {
    const manifest = run('tar', ['-xzOf', file, 'package/package.json']);
    if (/"(workspace|catalog):/.test(manifest)) fail(`${file} still names workspace: or catalog:`);
  }
  const [, , analyticsTarball] = files;
  const analyticsManifest = JSON.parse(
    run('tar', ['-xzOf', analyticsTarball, 'package/package.json']),
  );
  if (!analyticsManifest.peerDependencies?.['drizzle-orm'])
    fail('drizzle-orm is not a peer of @spacex/analytics');
  const dependencies = Object.keys(analyticsManifest.dependencies ?? {}).sort();
  if (JSON.stringify(dependencies) !== JSON.stringify(['@spacex/schema', 'valibot']))
    fail(`@spacex/analytics should depend on @spacex/schema and valibot only: ${dependencies}`);

  // 2. Data to answer from: migrate and load synthetic launches with the repository's commands.
  const launches = join(work, 'launches.json');
  run('pnpm', ['-s', 'gen:launches', '--count', '300', '--seed', '11', '--out', launches], { env });
  run('pnpm', ['-s', 'db:migrate'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  run('pnpm', ['-s', 'ingest', '--from-file', launches, '--no-archive'], {
    env: { ...env, LOG_LEVEL: 'error' },
  });
  const expected = JSON.parse(
    run('pnpm', ['-s', 'answers', '--json'], { env: { ...env, TZ: 'UTC' } }),
  );
  // From now on every session of this database starts far from UTC.
  await admin.unsafe(`alter database "${database}" set timezone to '${SESSION_TZ}'`);

  const catalog = run('node', [
    '-e',
    "process.stdout.write(require('fs').readFileSync('pnpm-workspace.yaml','utf8'))",
  ]);
  const version = (name) =>
    new RegExp(`^\\s+"?${name.replace('/', '\\/')}"?: (\\S+)$`, 'm').exec(catalog)?.[1];
  for (const consumer of CONSUMERS) checkConsumer(consumer, files, url.href, expected, version);
  console.log(
    `check-install: ${files.length} tarballs installed outside the repository ` +
      `(${CONSUMERS.map((c) => `${c.installer} with postgres ${c.postgres}, typescript ${c.typescript}`).join('; ')}); ` +
      `in each, a Node script (its own drizzle instance) and a tsc --strict build ` +
      `answer as pnpm answers --json, with TZ=${PROCESS_TZ} and the session in ${SESSION_TZ}.`,
  );
} finally {
  await admin.unsafe(`drop database if exists "${database}" with (force)`);
  await admin.end();
  rmSync(work, { recursive: true, force: true });
}

/**
 * One consumer: an empty project that installs the tarballs as the README says, then answers
 * from plain Node and from a strict TypeScript build; each must equal `expected`.
 */
function checkConsumer(consumer, files, databaseUrl, expected, version) {
  const { installer } = consumer;
  const label = `${installer}, postgres ${consumer.postgres}, typescript ${consumer.typescript}`;
  const dir = mkdtempSync(join(tmpdir(), `spacex-consumer-${installer}-`));
  try {
    const typescript =
      consumer.typescript === 'catalog' ? version('typescript') : consumer.typescript;
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'consumer', private: true, type: 'module' }, null, 2),
    );
    // The commands pnpm pack:library prints, as a user pastes them, with the postgres asked.
    const commands = installCommands(files)[installer].map((command) =>
      command.replace(/ postgres$/, ` postgres@${consumer.postgres}`),
    );
    for (const command of commands) {
      const quiet = command.startsWith('pnpm')
        ? ' --reporter=silent'
        : command.startsWith('npm install')
          ? ' --no-audit --no-fund --loglevel=error'
          : '';
      run('sh', ['-c', command + quiet], { cwd: dir, env: cleanEnv() });
    }
    // The library's own install: the library, drizzle-orm and the driver, nothing else.
    const packages = installedPackages(dir);
    const extra = UNWANTED.filter((name) => packages.has(name));
    if (extra.length > 0) fail(`${label}: the install holds ${extra.join(', ')}`);
    const megabytes = Number(run('du', ['-sm', 'node_modules'], { cwd: dir }).split('\t')[0]);
    console.log(
      `check-install: ${label}: ${packages.size} packages, ${megabytes} MB installed: ${[...packages].sort().join(' ')}`,
    );
    const installed = JSON.parse(
      run(
        'node',
        ['-p', "JSON.stringify(require('./node_modules/postgres/package.json').version)"],
        { cwd: dir },
      ),
    );
    const major = consumer.postgres === 'latest' ? 4 : 3;
    if (!installed.startsWith(`${major}.`)) fail(`${label}: installed postgres ${installed}`);

    const add =
      installer === 'npm'
        ? 'npm install --no-audit --no-fund --loglevel=error'
        : 'pnpm add --reporter=silent';
    const devDependencies = `typescript@${typescript} @types/node@${version('@types/node')}`;
    run('sh', ['-c', `${add} -D ${devDependencies}`], { cwd: dir, env: cleanEnv() });

    // Plain Node ESM: the consumer's own drizzle instance.
    writeFileSync(
      join(dir, 'answers.mjs'),
      `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { busyMonths, coresReusedWithin, maxCoreUses } from '@spacex/analytics';

const answers = async (db) => ({
  maxCoreUses: await maxCoreUses(db),
  coresReusedWithin: await coresReusedWithin(db),
  busyMonths: await busyMonths(db),
});
const client = postgres(process.env.DATABASE_URL, { onnotice: () => {} });
const [session] = await client\`select current_setting('TimeZone') as zone\`;
const own = await answers(drizzle(client));
await client.end();
console.log(JSON.stringify({ own, zone: session.zone }));
`,
    );
    const runEnv = cleanEnv({ DATABASE_URL: databaseUrl, TZ: PROCESS_TZ });
    const result = JSON.parse(run('node', ['answers.mjs'], { cwd: dir, env: runEnv }));
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    if (result.zone !== SESSION_TZ) fail(`${label}: the session's TimeZone is ${result.zone}`);
    if (!same(result.own, expected))
      fail(`${label}: the consumer's drizzle instance answers otherwise than pnpm answers --json`);
    if (consumer.pglite) checkPglite(dir, label, add);

    // TypeScript, strict, no tsx: the named types and both ways to a handle compile, and the
    // snippet ends (its client is closed).
    writeFileSync(
      join(dir, 'answers.ts'),
      `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import {
  type BusyMonths, busyMonths, type CoresReusedWithin, coresReusedWithin, type MaxCoreUses,
  maxCoreUses,
} from '@spacex/analytics';

const url = process.env.DATABASE_URL ?? '';
const client = postgres(url, { onnotice: () => {} });
const db = drizzle(client);
const top: MaxCoreUses = await maxCoreUses(db);
const quick: CoresReusedWithin = await coresReusedWithin(db, { days: 30 });
const busy: BusyMonths = await busyMonths(db, { minLaunches: 3 });
const serials: (string | null)[] = top.cores.map((core) => core.serial);
const gaps: number[] = quick.flights.map((flight) => flight.daysSincePrevious);
const names: string[] = busy.months.flatMap((month) => month.launchNames);
await client.end();
console.log(JSON.stringify({ serials: serials.length, gaps: gaps.length, names: names.length }));
`,
    );
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({
        compilerOptions: {
          strict: true,
          module: 'NodeNext',
          moduleResolution: 'NodeNext',
          target: 'ES2022',
          outDir: 'out',
          // What docs/answers.md asks of a consumer: TypeScript 7 includes no @types package
          // unless named, and drizzle-orm's own declarations do not all check on their own.
          types: ['node'],
          skipLibCheck: true,
        },
        files: ['answers.ts'],
      }),
    );
    run('node', ['node_modules/typescript/bin/tsc', '-p', '.'], {
      cwd: dir,
      env: cleanEnv(),
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    const compiled = JSON.parse(run('node', ['out/answers.js'], { cwd: dir, env: runEnv }));
    if (
      compiled.gaps !==
      expected.coresReusedWithin.flights.filter((f) => f.daysSincePrevious < 30).length
    ) {
      fail(`${label}: the compiled TypeScript answers otherwise: ${JSON.stringify(compiled)}`);
    }
    console.log(`check-install: ${label}: installed postgres ${installed}; answers match`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The names of the packages installed in `dir`'s node_modules (npm's flat tree or pnpm's store). */
function installedPackages(dir) {
  const names = new Set();
  const scan = (modules) => {
    let entries = [];
    try {
      entries = readdirSync(modules, { withFileTypes: true });
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === '.bin' || entry.name === '.pnpm') continue;
      if (entry.name.startsWith('@')) {
        for (const scoped of readdirSync(join(modules, entry.name)))
          names.add(`${entry.name}/${scoped}`);
      } else if (!entry.name.startsWith('.')) names.add(entry.name);
    }
  };
  const top = join(dir, 'node_modules');
  scan(top);
  // pnpm keeps every package under .pnpm/<name>@<version>/node_modules/<name>.
  const store = join(top, '.pnpm');
  if (existsSync(store)) {
    for (const entry of readdirSync(store)) scan(join(store, entry, 'node_modules'));
  }
  return names;
}

/** The other driver: PGlite installed by the consumer, migrated from the schema's SQL, answered from. */
function checkPglite(dir, label, add) {
  run('sh', ['-c', `${add} @electric-sql/pglite`], { cwd: dir, env: cleanEnv() });
  writeFileSync(
    join(dir, 'pglite.mjs'),
    `import { PGlite } from '@electric-sql/pglite';
import { drizzle } from 'drizzle-orm/pglite';
import { migrate } from 'drizzle-orm/pglite/migrator';
import { busyMonths, MIGRATIONS_FOLDER, maxCoreUses } from '@spacex/analytics';

const db = drizzle(new PGlite());
await migrate(db, { migrationsFolder: MIGRATIONS_FOLDER });
console.log(JSON.stringify({ uses: (await maxCoreUses(db)).uses, months: (await busyMonths(db)).months }));
process.exit(0);
`,
  );
  const result = JSON.parse(run('node', ['pglite.mjs'], { cwd: dir, env: cleanEnv() }));
  if (result.uses !== 0 || result.months.length !== 0)
    fail(`${label}: an empty PGlite answers ${JSON.stringify(result)}`);
  console.log(
    `check-install: ${label}: answers from PGlite too, migrated with @spacex/schema's SQL`,
  );
}
