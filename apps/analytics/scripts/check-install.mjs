// The analytics library as another team installs it: packed tarballs (@spacex/analytics and
// its runtime dependencies), `npm install`ed into an empty directory outside the repository
// with the peers from the registry, then called from a plain Node ESM script and from a
// TypeScript file checked with `tsc --strict`, against PostgreSQL. Needs `pnpm build` first and
// TEST_DATABASE_URL (a server where the user may create databases). Exit 0 when every check holds.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import postgres from 'postgres';

const ROOT = resolve(import.meta.dirname, '..', '..', '..');
const PACKAGES = ['@spacex/contract', '@spacex/db', '@spacex/analytics'];
const adminUrl = process.env.TEST_DATABASE_URL;
if (!adminUrl) {
  console.error(
    'check-install: set TEST_DATABASE_URL (a PostgreSQL database to create others from).',
  );
  process.exit(2);
}

const run = (command, args, options = {}) =>
  execFileSync(command, args, {
    cwd: ROOT,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    ...options,
  });
// npm in the consumer sees none of the pnpm settings this script was started with.
const cleanEnv = (extra = {}) => ({
  ...Object.fromEntries(Object.entries(process.env).filter(([k]) => !/^npm_/i.test(k))),
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
  const tarballs = join(work, 'tarballs');
  mkdirSync(tarballs);
  for (const name of PACKAGES)
    run('pnpm', ['--filter', name, 'pack', '--pack-destination', tarballs]);
  const files = readdirSync(tarballs).map((file) => join(tarballs, file));
  for (const file of files) {
    const manifest = run('tar', ['-xzOf', file, 'package/package.json']);
    if (/"(workspace|catalog):/.test(manifest)) fail(`${file} still names workspace: or catalog:`);
  }
  const analyticsManifest = JSON.parse(
    run('tar', ['-xzOf', files.find((f) => f.includes('analytics')) ?? '', 'package/package.json']),
  );
  if (!analyticsManifest.peerDependencies?.['drizzle-orm'])
    fail('drizzle-orm is not a peer of @spacex/analytics');

  // 2. Data to answer from: migrate and load synthetic launches with the repository's commands.
  const launches = join(work, 'launches.json');
  run('pnpm', ['-s', 'gen:launches', '--count', '300', '--seed', '11', '--out', launches], { env });
  run('pnpm', ['-s', 'db:migrate'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  run('pnpm', ['-s', 'ingest', '--from-file', launches, '--no-archive'], {
    env: { ...env, LOG_LEVEL: 'error' },
  });
  const expected = JSON.parse(run('pnpm', ['-s', 'answers', '--json'], { env }));

  // 3. An empty project outside the repository installs the tarballs and the peers.
  const consumer = join(work, 'consumer');
  mkdirSync(consumer);
  const catalog = run('node', [
    '-e',
    "process.stdout.write(require('fs').readFileSync('pnpm-workspace.yaml','utf8'))",
  ]);
  const version = (name) =>
    new RegExp(`^\\s+"?${name.replace('/', '\\/')}"?: (\\S+)$`, 'm').exec(catalog)?.[1];
  writeFileSync(
    join(consumer, 'package.json'),
    JSON.stringify(
      {
        name: 'consumer',
        private: true,
        type: 'module',
        dependencies: {
          ...Object.fromEntries(
            PACKAGES.map((name) => [
              name,
              `file:${files.find((f) => f.includes(name.replace('@spacex/', 'spacex-')))}`,
            ]),
          ),
          'drizzle-orm': version('drizzle-orm'),
          postgres: version('postgres'),
        },
        devDependencies: {
          typescript: version('typescript'),
          '@types/node': version('@types/node'),
        },
      },
      null,
      2,
    ),
  );
  run('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error'], {
    cwd: consumer,
    env: cleanEnv(),
  });
  if (existsSync(join(consumer, 'node_modules', '@electric-sql', 'pglite'))) {
    fail('@electric-sql/pglite was installed, yet it is an optional peer');
  }

  // 4. Plain Node ESM: the consumer's own drizzle instance, and the package's opener.
  const script = `
import postgres from 'postgres';
import { drizzle } from 'drizzle-orm/postgres-js';
import { busyMonths, coresReusedWithin, maxCoreUses, openDatabase, postgresTarget } from '@spacex/analytics';

const answers = async (db) => ({
  maxCoreUses: await maxCoreUses(db),
  coresReusedWithin: await coresReusedWithin(db),
  busyMonths: await busyMonths(db),
});
const client = postgres(process.env.DATABASE_URL, { onnotice: () => {} });
const own = await answers(drizzle(client));
await client.end();
const handle = await openDatabase({ target: postgresTarget(process.env.DATABASE_URL) });
const opened = await answers(handle.db);
await handle.close();
const refused = await openDatabase({ env: {} }).then(() => 'opened', (e) => e.message);
console.log(JSON.stringify({ own, opened, refused }));
`;
  writeFileSync(join(consumer, 'answers.mjs'), script);
  const result = JSON.parse(
    run('node', ['answers.mjs'], { cwd: consumer, env: cleanEnv({ DATABASE_URL: url.href }) }),
  );
  const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
  if (!same(result.own, expected))
    fail("the consumer's drizzle instance answers otherwise than pnpm answers --json");
  if (!same(result.opened, expected))
    fail('openDatabase({ target }) answers otherwise than pnpm answers --json');
  if (!/^No database named/.test(result.refused))
    fail(`openDatabase() with nothing named: ${result.refused}`);

  // 5. TypeScript, strict, no tsx: the named types and both ways to a handle compile.
  writeFileSync(
    join(consumer, 'answers.ts'),
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
    join(consumer, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        target: 'ES2022',
        outDir: 'out',
        types: ['node'],
        // As most projects do: drizzle-orm's own declarations do not all check on their own.
        skipLibCheck: true,
      },
      files: ['answers.ts'],
    }),
  );
  run('npx', ['tsc', '-p', '.'], {
    cwd: consumer,
    env: cleanEnv(),
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const compiled = JSON.parse(
    run('node', ['out/answers.js'], { cwd: consumer, env: cleanEnv({ DATABASE_URL: url.href }) }),
  );
  if (
    compiled.gaps !==
    expected.coresReusedWithin.flights.filter((f) => f.daysSincePrevious < 30).length
  ) {
    fail(`the compiled TypeScript answers otherwise: ${JSON.stringify(compiled)}`);
  }

  console.log(
    `check-install: ${files.length} tarballs installed with npm outside the repository; the Node ` +
      'script (own drizzle instance and openDatabase) matches pnpm answers --json; a tsc --strict build runs.',
  );
} finally {
  await admin.unsafe(`drop database if exists "${database}" with (force)`);
  await admin.end();
  rmSync(work, { recursive: true, force: true });
}
