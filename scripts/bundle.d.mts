/** Types of scripts/bundle.mjs, for the tests that import it. */
import type { BuildOptions } from 'esbuild';

export declare function bundleOptions(entry: string, name: string, outDir: string): BuildOptions;
