#!/usr/bin/env node
import { processIo } from '@spacex/db/cli';
// The installed command runs the built CLI (this file exists before a build, so installs link it).
import { main } from '../dist/cli.js';

process.exitCode = await main(process.argv.slice(2), processIo);
