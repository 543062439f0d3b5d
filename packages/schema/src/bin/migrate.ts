/**
 * `pnpm db:migrate`: applies pending migrations with drizzle-kit to the database the environment
 * names. On the embedded database it holds the directory lock meanwhile, so a running ingest and
 * a migration never share the directory.
 */
import { MEMORY, readDatabaseTarget, secretsOf } from '../env.js';
import { lockPgliteDir } from '../pglite-lock.js';
import { redactText } from '../redact.js';
import { runDrizzleKit } from './drizzle-kit.js';

async function main(): Promise<number> {
  const target = readDatabaseTarget();
  if (target.engine === 'pglite' && target.dir === MEMORY) {
    console.error(
      'PGLITE_DIR=memory:// is not kept: there is nothing to migrate. Name a directory.',
    );
    return 2;
  }
  console.error(`Migrating ${target.display}`);
  const release = target.engine === 'pglite' ? lockPgliteDir(target.dir) : () => {};
  try {
    // drizzle-kit runs inside the package: hand it the directory already resolved.
    const env =
      target.engine === 'pglite' ? { ...process.env, PGLITE_DIR: target.dir } : process.env;
    const code = await runDrizzleKit(['migrate'], secretsOf(target), env);
    if (code !== 0)
      console.error(
        `Migration failed (drizzle-kit exit code ${code}); nothing was applied from the failing migration on.`,
      );
    return code;
  } finally {
    release();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(redactText(error instanceof Error ? error.message : String(error)));
    process.exit(1);
  },
);
