import { runShortCommand } from '@spacex/db/cli';
import { runsMain } from '../runs-cli.js';

await runShortCommand(import.meta.url, runsMain);
