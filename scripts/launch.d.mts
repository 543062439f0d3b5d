/** Types of scripts/launch.mjs, for the tests that import it. */
export declare const COMMANDS: Record<
  string,
  { built: string; source: string; packages: string[] }
>;
export declare function buildIsCurrent(root: string, packages: readonly string[]): boolean;
