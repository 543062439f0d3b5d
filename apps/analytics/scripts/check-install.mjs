// The library as another team installs it: the tarballs `pnpm pack:library` makes, installed into
// empty projects outside the repository with npm and with pnpm, beside postgres 4 (latest) and
// postgres 3, then called from a plain Node ESM script and from a TypeScript file checked with
// `tsc --strict` (TypeScript 5 and 7), against PostgreSQL, with the process in Asia/Kolkata and
// the database session in Pacific/Kiritimati: the answers must equal `pnpm answers --json` run
// in UTC. Needs TEST_DATABASE_URL (a server where the user may create databases). Exit 0 when
// every check holds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
  { installer: 'npm', postgres: 'latest', typescript: 'latest' },
  { installer: 'npm', postgres: '^3.4.0', typescript: 'catalog' },
  { installer: 'pnpm', postgres: 'latest', typescript: 'catalog' },
  { installer: 'pnpm', postgres: '^3.4.0', typescript: 'latest' },
];
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
  const [, dbTarball, analyticsTarball] = files;
  const analyticsManifest = JSON.parse(
    run('tar', ['-xzOf', analyticsTarball, 'package/package.json']),
  );
  if (!analyticsManifest.peerDependencies?.['drizzle-orm'])
    fail('drizzle-orm is not a peer of @spacex/analytics');
  const dbPeers = JSON.parse(
    run('tar', ['-xzOf', dbTarball, 'package/package.json']),
  ).peerDependencies;
  if (!/\^3/.test(dbPeers?.postgres) || !/\^4/.test(dbPeers?.postgres))
    fail(`@spacex/db's postgres peer should take 3 and 4: ${dbPeers?.postgres}`);

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
      `in each, the Node script (own drizzle instance and openDatabase) and a tsc --strict build ` +
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
    const devDependencies = `typescript@${typescript} @types/node@${version('@types/node')}`;
    commands.push(`${installer === 'npm' ? 'npm install' : 'pnpm add'} -D ${devDependencies}`);
    for (const command of commands) {
      const quiet = command.startsWith('pnpm')
        ? ' --reporter=silent'
        : command.startsWith('npm install')
          ? ' --no-audit --no-fund --loglevel=error'
          : '';
      run('sh', ['-c', command + quiet], { cwd: dir, env: cleanEnv() });
    }
    if (existsSync(join(dir, 'node_modules', '@electric-sql', 'pglite'))) {
      fail(`${label}: @electric-sql/pglite was installed, yet it is an optional peer`);
    }
    const installed = JSON.parse(
      run(
        'node',
        ['-p', "JSON.stringify(require('./node_modules/postgres/package.json').version)"],
        { cwd: dir },
      ),
    );
    const major = consumer.postgres === 'latest' ? 4 : 3;
    if (!installed.startsWith(`${major}.`)) fail(`${label}: installed postgres ${installed}`);

    // Plain Node ESM: the consumer's own drizzle instance, and the package's opener.
    writeFileSync(
      join(dir, 'answers.mjs'),
      `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { busyMonths, coresReusedWithin, maxCoreUses, openDatabase, postgresTarget } from '@spacex/analytics';

const answers = async (db) => ({
  maxCoreUses: await maxCoreUses(db),
  coresReusedWithin: await coresReusedWithin(db),
  busyMonths: await busyMonths(db),
});
const client = postgres(process.env.DATABASE_URL, { onnotice: () => {} });
const [session] = await client\`select current_setting('TimeZone') as zone\`;
const own = await answers(drizzle(client));
await client.end();
const handle = await openDatabase({ target: postgresTarget(process.env.DATABASE_URL) });
const opened = await answers(handle.db);
await handle.close();
const refused = await openDatabase({ env: {} }).then(() => 'opened', (e) => e.message);
console.log(JSON.stringify({ own, opened, refused, zone: session.zone }));
`,
    );
    const runEnv = cleanEnv({ DATABASE_URL: databaseUrl, TZ: PROCESS_TZ });
    const result = JSON.parse(run('node', ['answers.mjs'], { cwd: dir, env: runEnv }));
    const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
    if (result.zone !== SESSION_TZ) fail(`${label}: the session's TimeZone is ${result.zone}`);
    if (!same(result.own, expected))
      fail(`${label}: the consumer's drizzle instance answers otherwise than pnpm answers --json`);
    if (!same(result.opened, expected))
      fail(`${label}: openDatabase({ target }) answers otherwise than pnpm answers --json`);
    if (!/^No database named/.test(result.refused))
      fail(`${label}: openDatabase() with nothing named: ${result.refused}`);

    // TypeScript, strict, no tsx: the named types and both ways to a handle compile, and the
    // snippet ends (its client is closed).
    writeFileSync(
      join(dir, 'answers.ts'),
      `import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import {
  type BusyMonths, busyMonths, type CoresReusedWithin, coresReusedWithin, type MaxCoreUses,
  maxCoreUses, openDatabase, postgresTarget,
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
const handle = await openDatabase({ target: postgresTarget(url) });
await maxCoreUses(handle.db);
await handle.close();
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
