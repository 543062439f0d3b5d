// drizzle-kit's settings: `drizzle-kit generate` writes ./drizzle from the tables, and
// `drizzle-kit migrate` applies it to the database the environment names, as every command
// chooses it: DATABASE_URL, or the file DATABASE_URL_FILE names (PostgreSQL), else the embedded
// PGlite directory PGLITE_DIR (default .data/pglite at the repository root). drizzle-kit runs from this package's directory; a
// relative PGLITE_DIR is read from where the command was typed (INIT_CWD under pnpm).
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Config } from 'drizzle-kit';

const file = process.env.DATABASE_URL_FILE?.trim();
const url = file
  ? readFileSync(resolve(process.env.INIT_CWD || process.cwd(), file), 'utf8').trim()
  : process.env.DATABASE_URL?.trim();
const pgliteDir = resolve(
  process.env.INIT_CWD || process.cwd(),
  process.env.PGLITE_DIR?.trim() || resolve(process.cwd(), '..', '..', '.data', 'pglite'),
);

export default {
  dialect: 'postgresql',
  schema: './src/tables.ts',
  out: './drizzle',
  schemaFilter: ['raw', 'staging', 'mart'],
  strict: true,
  verbose: false,
  ...(url ? { dbCredentials: { url } } : { driver: 'pglite', dbCredentials: { url: pgliteDir } }),
} satisfies Config;
