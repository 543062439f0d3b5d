import { runShortCommand } from '@spacex/db/cli';
import { qualityMain } from '../cli.js';

await runShortCommand(import.meta.url, qualityMain);
