/**
 * `pnpm catalog`: writes the data catalog to docs/catalog/. `pnpm catalog --check` writes nothing
 * and fails when the committed catalog differs from what the schema generates (CI runs it).
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { findRepositoryRoot } from '@spacex/db';
import { type CommandIo, parseOptions, processIo, reportFailure } from '@spacex/db/cli';
import { renderCatalog } from '../catalog.js';

const HELP = `Usage: pnpm catalog [--check]

Writes the data catalog (docs/catalog/*.md: every raw table, staging view and mart view with its
columns, types, descriptions, lineage and checks), generated from the schema.

Options:
  --check      write nothing; exit 1 if the committed catalog differs from the schema's
  -h, --help   show this help
`;

function catalogMain(argv: readonly string[], io: CommandIo): number {
  try {
    const args = parseOptions(argv, {
      check: { type: 'boolean', default: false },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    const dir = join(findRepositoryRoot(), 'docs', 'catalog');
    const stale: string[] = [];
    if (!args.check) mkdirSync(dir, { recursive: true });
    for (const [file, text] of renderCatalog()) {
      const path = join(dir, file);
      if (!args.check) writeFileSync(path, text);
      else if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(path);
    }
    if (stale.length > 0) {
      io.stderr(
        `The data catalog is stale: ${stale.join(', ')}. Run pnpm catalog and commit the result.\n`,
      );
      return 1;
    }
    io.stderr(
      args.check ? 'The data catalog is up to date.\n' : `Wrote the data catalog to ${dir}.\n`,
    );
    return 0;
  } catch (error) {
    return reportFailure(io, error);
  }
}

process.exitCode = catalogMain(process.argv.slice(2), processIo);
