/** Types of scripts/launch.mjs, for the tests that import it. */
export declare const COMMANDS: Record<string, { built: string; source: string; inputs: string[] }>;
export declare function buildIsCurrent(
  root: string,
  inputs: readonly string[],
  built: string,
): boolean;
