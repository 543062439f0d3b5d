/**
 * `pnpm db:check`: proves the committed migrations match the schema. `drizzle-kit check` does not
 * compare them, so this runs `drizzle-kit generate` and fails if it writes anything (the files it
 * wrote are removed again).
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { MIGRATIONS_FOLDER } from '@spacex/schema';
import { runDrizzleKit } from './drizzle-kit.js';

function listFiles(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort();
}

async function main(): Promise<number> {
  const out = MIGRATIONS_FOLDER;
  const before = new Set(listFiles(out));
  const { code, output } = await runDrizzleKit(['generate', '--name', 'schema_drift_check']);
  if (code !== 0) {
    console.error(output);
    return code;
  }
  const added = listFiles(out).filter((file) => !before.has(file));
  if (added.length === 0) {
    console.error('Migrations are in sync with the schema.');
    return 0;
  }
  for (const file of added) rmSync(join(out, file), { force: true });
  console.error(
    `The schema has changes no migration covers (drizzle-kit generate wrote ${added.join(', ')}). ` +
      'Run `pnpm --filter @spacex/schema db:generate`, review the SQL and commit it.',
  );
  return 1;
}

main().then((code) => process.exit(code));
