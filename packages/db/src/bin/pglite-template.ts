/**
 * `pnpm db:template` (run by `pnpm install` too): makes the embedded database's template now
 * (initdb and every migration, a few seconds), so that the first new database loads it in about
 * a second instead. Never fails an install: without a template, the first new database makes it.
 */
import { existsSync } from 'node:fs';
import { errorMessage, parseOptions, processIo, reportFailure } from '@spacex/terminal';
import { pgliteTemplate, pgliteTemplatePath } from '../pglite-template.js';

const HELP = `Usage: pnpm db:template

Makes the embedded database's template now (initdb and every migration, a few seconds), kept in
PGLITE_TEMPLATE_DIR (default ~/.cache/spacex-elt), so that a new embedded database loads it in
about a second. pnpm install runs it. Never fails: without a template, the first new embedded
database makes it.

Options:
  -h, --help   show this help
`;

const path = pgliteTemplatePath();
let help = false;
try {
  help = parseOptions(process.argv.slice(2), {
    help: { type: 'boolean', short: 'h', default: false },
  }).help;
} catch (error) {
  process.exitCode = reportFailure(processIo, error);
}
if (process.exitCode) {
  // Bad usage: said above.
} else if (help) {
  process.stdout.write(HELP);
} else if (existsSync(path)) {
  console.log(`embedded database template: ${path} (already made)`);
} else {
  const started = performance.now();
  try {
    await pgliteTemplate({ onProgress: (message) => console.log(message) });
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`embedded database template: ${path} (made in ${seconds} s)`);
  } catch (error) {
    console.warn(
      `warning: the embedded database template was not made (${errorMessage(error)}); ` +
        'the first new embedded database will make it instead',
    );
  }
}
