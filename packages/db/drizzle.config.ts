import { defineConfig } from 'drizzle-kit';
import { readDatabaseTarget } from './src/env.js';

// The same selection as the apps: DATABASE_URL, else the embedded PGlite directory.
const target = readDatabaseTarget();

export default defineConfig({
  dialect: 'postgresql',
  schema: './src/schema/index.ts',
  out: './drizzle',
  schemaFilter: ['raw', 'staging', 'mart'],
  strict: true,
  verbose: false,
  ...(target.engine === 'postgres'
    ? { dbCredentials: { url: target.url } }
    : { driver: 'pglite', dbCredentials: { url: target.dir } }),
});
