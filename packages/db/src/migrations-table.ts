/**
 * The table drizzle-kit and drizzle-orm's migrator record applied migrations in. Kept out of the
 * schema files drizzle-kit generates from, since the migrator creates it itself.
 */
import { bigint, pgSchema, serial, text } from 'drizzle-orm/pg-core';

export const drizzleMigrations = pgSchema('drizzle').table('__drizzle_migrations', {
  id: serial('id').primaryKey(),
  hash: text('hash').notNull(),
  createdAt: bigint('created_at', { mode: 'number' }),
});
