/**
 * The saved copy of the SpaceX API's data that ships with the ingest (`sample/README.md` gives
 * its date, source and checksums): what `pnpm ingest --sample` loads, with no network.
 */
import { fileURLToPath } from 'node:url';

/** Beside src/ and dist/; the bundle's build copies it beside bundle/bin/ as well. */
export const SAMPLE_DIR = fileURLToPath(new URL('../sample', import.meta.url));

/** Said wherever the API cannot be read: how to load data without it. */
export const OFFLINE_ADVICE =
  'Without the API, load the saved sample with --sample (the API data as of December 2022), a saved response with --from-file PATH, or a directory of saved responses with --from-dir DIR.';
