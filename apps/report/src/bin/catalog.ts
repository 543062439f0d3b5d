/**
 * `pnpm catalog`: writes the data catalog to docs/catalog/ (Markdown, committed). `--check`
 * writes nothing and fails when the committed catalog differs from what the schema generates
 * (CI runs it). `--html DIR` writes the catalog site instead, with the database's latest run,
 * freshness and check results.
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runShortCommand, withEnvDatabase } from '@spacex/db/cli';
import {
  type CommandIo,
  findRepositoryRoot,
  invocationDir,
  outputDir,
  parseOptions,
  reportFailure,
  UsageError,
  writeFileAtomic,
} from '@spacex/terminal';

const HELP = `Usage: pnpm catalog [--check | --html DIR]

Writes the data catalog (docs/catalog/*.md: every raw table, staging view and mart view with its
columns, types, descriptions, lineage and checks), generated from the schema.

Options:
  --check      write nothing; exit 1 if the committed catalog differs from the schema's
  --html DIR   write the catalog site to DIR instead: a page per layer and relation, a lineage
               graph, and from the database the latest runs, source freshness and each check's
               result with its failing keys (DATABASE_URL, else PGlite in PGLITE_DIR)
  -h, --help   show this help
`;

/** Writes docs/catalog/*.md, or with `check` lists the pages that differ. */
async function writeMarkdown(check: boolean, io: CommandIo): Promise<number> {
  const { renderCatalog } = await import('@spacex/quality');
  const dir = join(findRepositoryRoot(), 'docs', 'catalog');
  const stale: string[] = [];
  if (!check) mkdirSync(dir, { recursive: true });
  for (const [file, text] of renderCatalog()) {
    const path = join(dir, file);
    if (!check) writeFileAtomic(path, text);
    else if (!existsSync(path) || readFileSync(path, 'utf8') !== text) stale.push(path);
  }
  if (stale.length > 0) {
    io.stderr(
      `The data catalog is stale: ${stale.join(', ')}. Run pnpm catalog and commit the result.\n`,
    );
    return 1;
  }
  io.stderr(check ? 'The data catalog is up to date.\n' : `Wrote the data catalog to ${dir}.\n`);
  return 0;
}

export async function main(argv: readonly string[], io: CommandIo): Promise<number> {
  try {
    const args = parseOptions(argv, {
      check: { type: 'boolean', default: false },
      html: { type: 'string' },
      help: { type: 'boolean', short: 'h', default: false },
    });
    if (args.help) {
      io.stdout(HELP);
      return 0;
    }
    if (args.html === undefined) return await writeMarkdown(args.check, io);
    if (args.check) throw new UsageError('--check and --html do not go together');
    const dir = outputDir('--html', args.html, invocationDir(io.env));
    return await withEnvDatabase(io, async (handle) => {
      // Imported here: `--help` and the Markdown catalog need no chart library.
      const { readSiteState, renderSite } = await import('../site.js');
      const pages = renderSite(await readSiteState(handle.db), new Date());
      mkdirSync(dir, { recursive: true });
      for (const [file, text] of pages) writeFileAtomic(join(dir, file), text);
      io.stdout(`${join(dir, 'index.html')}\n`);
      return 0;
    });
  } catch (error) {
    return reportFailure(io, error);
  }
}

await runShortCommand(import.meta.url, main);
