/** The ingest as a library: run it from code, or reuse its contract checks. */

export { validateLaunches } from '@spacex/contract';
export { main as runCli } from './cli.js';
export { InvalidLaunchesError, SourceError, UsageError } from './errors.js';
export { loadRun } from './load.js';
export { createLogger, type Logger } from './log.js';
export {
  type IngestOptions,
  IngestRunError,
  type IngestSummary,
  runIngest,
  type SourceSpec,
} from './run.js';
export { DEFAULT_HTTP_SETTINGS, type HttpSettings } from './sources/http.js';
