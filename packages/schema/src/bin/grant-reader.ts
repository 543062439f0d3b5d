/** `pnpm db:grant-reader [--sql]`: creates the read-only analytics_reader role and its grants. */
import { openDatabase } from '../client.js';
import { redactText } from '../redact.js';
import { ANALYTICS_READER, ANALYTICS_READER_SQL, grantAnalyticsReader } from '../roles.js';

if (process.argv.includes('--sql')) {
  console.log(`create role ${ANALYTICS_READER} nologin; -- if it does not exist`);
  for (const statement of ANALYTICS_READER_SQL) console.log(`${statement};`);
} else {
  try {
    const handle = await openDatabase();
    try {
      await grantAnalyticsReader(handle.db);
      console.error(
        `${ANALYTICS_READER} can now read staging and mart in ${handle.display}. Grant it to a login role: grant ${ANALYTICS_READER} to <user>;`,
      );
    } finally {
      await handle.close();
    }
  } catch (error) {
    console.error(`error: ${redactText(error instanceof Error ? error.message : String(error))}`);
    process.exitCode = 1;
  }
}
