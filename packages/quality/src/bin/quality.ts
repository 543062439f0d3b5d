import { compileWasmForShortRun, processIo } from '@spacex/db/cli';
import { qualityMain } from '../cli.js';

compileWasmForShortRun();
process.exitCode = await qualityMain(process.argv.slice(2), processIo);
