/**
 * Where the generated migrations are, and the table drizzle-kit and drizzle-orm's migrator record
 * applied migrations in. The table is kept out of the schema files drizzle-kit generates from,
 * since the migrator creates it itself.
 */
import { fileURLToPath } from 'node:url';
import { bigint, pgSchema, serial, text } from 'drizzle-orm/pg-core';

/** The generated SQL migrations (drizzle-kit), beside src/ and dist/ alike. */
export const MIGRATIONS_FOLDER = fileURLToPath(new URL('../drizzle', import.meta.url));

export const drizzleMigrations = pgSchema('drizzle').table('__drizzle_migrations', {
  id: serial('id').primaryKey(),
  hash: text('hash').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }),
});
