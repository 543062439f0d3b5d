// Reads each package's vitest JSON report and fails unless the PostgreSQL suites ran and passed.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

// Each package with tests, and whether its suites run on the PostgreSQL server too.
const packages = [
  ['packages/contract', false],
  ['packages/schema', false],
  ['packages/terminal', false],
  ['packages/testing', false],
  ['packages/db', true],
  ['packages/quality', true],
  ['apps/ingest', true],
  ['apps/analytics', true],
  ['apps/report', true],
  ['apps/bench', false],
];
let passed = 0;
let failed = 0;
let skipped = 0;
let server = 0;
for (const [dir, needsServer] of packages) {
  const path = join(dir, 'test-results.json');
  if (!existsSync(path)) {
    console.error(`ci: ${path} is missing: the ${dir} tests did not run`);
    process.exit(1);
  }
  const report = JSON.parse(readFileSync(path, 'utf8'));
  let packageServer = 0;
  for (const file of report.testResults) {
    for (const test of file.assertionResults) {
      if (test.status === 'passed') passed++;
      else if (test.status === 'failed') failed++;
      else skipped++;
      if (test.status === 'passed' && test.fullName.includes('[postgres')) packageServer++;
    }
  }
  if (needsServer && packageServer === 0) {
    console.error(`ci: no PostgreSQL test passed in ${dir}: the server suites did not run`);
    process.exit(1);
  }
  server += packageServer;
}
console.log(`ci: ${server} of the passed tests ran on the PostgreSQL server`);
console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed > 0 ? 1 : 0);
