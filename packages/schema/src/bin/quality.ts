import { qualityMain } from '../quality/cli.js';

process.exitCode = await qualityMain(process.argv.slice(2), {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  env: process.env,
});
