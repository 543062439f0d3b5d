// Before the database test tiers: say in one line whether the PostgreSQL suites run, and create
// the database TEST_DATABASE_URL names if it does not exist yet (each suite creates its own
// databases from it, and drops them afterwards).
import postgres from 'postgres';

const url = process.env.TEST_DATABASE_URL?.trim();
if (!url) {
  console.log(
    'tests: PostgreSQL suites skipped (PGlite only). To run them too: ' +
      'TEST_DATABASE_URL=postgres://spacex:spacex@127.0.0.1:5432/spacex pnpm test (docker compose up -d --wait starts that server).',
  );
  process.exit(0);
}
const target = new URL(url);
const name = decodeURIComponent(target.pathname.slice(1));
const server = new URL(url);
server.pathname = '/postgres';
const sql = postgres(server.href, { max: 1, onnotice: () => {}, connect_timeout: 10 });
try {
  const [found] = await sql`select 1 from pg_database where datname = ${name}`;
  if (!found) {
    await sql.unsafe(`create database "${name.replaceAll('"', '""')}"`);
    console.log(`tests: created the test database ${name}; PostgreSQL suites run too.`);
  } else {
    console.log(`tests: PostgreSQL suites run too, on databases created from ${name}.`);
  }
} catch (error) {
  console.error(
    `tests: cannot reach TEST_DATABASE_URL (${error instanceof Error ? error.message : String(error)}). ` +
      'Start the server, or unset TEST_DATABASE_URL to run the PGlite suites only.',
  );
  process.exit(1);
} finally {
  await sql.end();
}
