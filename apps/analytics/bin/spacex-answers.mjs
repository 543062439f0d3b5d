#!/usr/bin/env node
// The installed command runs the bundled CLI (bundle/bin/answers.mjs, made by the build): the
// database opener and the command-line helpers are inside it, so the library's dependencies stay
// the schema alone. The database driver (postgres, or @electric-sql/pglite) is the user's own.
const { main } = await import('../bundle/bin/answers.mjs');

process.exitCode = await main(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
