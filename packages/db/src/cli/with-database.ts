/** A command's database: opened from the environment, closed after, failures reported redacted. */
import { type DatabaseHandle, openDatabase } from '../client.js';
import { readDatabaseTarget, secretsOf } from '../env.js';
import { type CommandIo, reportFailure } from './terminal.js';

/**
 * Opens the database the environment names (DATABASE_URL, else PGLITE_DIR), runs `body` with
 * it and closes it; a failure is reported with the URL's secrets redacted. Returns the exit code.
 */
export async function withEnvDatabase(
  io: CommandIo,
  body: (handle: DatabaseHandle) => Promise<number>,
): Promise<number> {
  let handle: DatabaseHandle | undefined;
  let secrets: string[] = [];
  try {
    const target = readDatabaseTarget(io.env);
    secrets = secretsOf(target);
    handle = await openDatabase({
      target,
      env: io.env,
      onProgress: (message) => io.stderr(`${message}\n`),
    });
    return await body(handle);
  } catch (error) {
    return reportFailure(io, error, secrets);
  } finally {
    await handle?.close();
  }
}
