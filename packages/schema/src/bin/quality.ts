import { qualityMain } from '../quality/cli.js';
import { processIo } from '../terminal.js';

process.exitCode = await qualityMain(process.argv.slice(2), processIo);
