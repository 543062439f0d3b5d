import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * One test setup for every package: TypeScript sources through the `source` export condition.
 * Tests are tiered by where they live, one vitest project each (`vitest run --project unit`):
 * - unit: `src/**\/*.test.ts`, beside the code they test, need no database;
 * - db: `test/*.test.ts` use one (PGlite, and PostgreSQL when TEST_DATABASE_URL is set);
 * - faults: `test/faults/*.test.ts` kill processes, cut connections and race them.
 */
export default defineConfig({
  resolve: { conditions: ['source', 'node', 'import', 'default'] },
  ssr: { resolve: { conditions: ['source', 'node', 'import', 'default'] } },
  test: {
    globalSetup: [fileURLToPath(new URL('./vitest.global-setup.ts', import.meta.url))],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // PGlite is CPU-heavy; one file per core keeps start-up from starving the other tests.
    maxWorkers: 2,
    passWithNoTests: true,
    reporters: process.env.CI
      ? ['default', ['json', { outputFile: 'test-results.json' }]]
      : ['default'],
    projects: [
      tier('unit', ['src/**/*.test.ts'], ['src/**/*.test-d.ts']),
      tier('db', ['test/*.test.ts'], ['test/*.test-d.ts']),
      tier('faults', ['test/faults/*.test.ts'], []),
    ],
  },
});

function tier(name: string, include: string[], types: string[]) {
  return {
    extends: true,
    test: {
      name,
      include,
      typecheck: { enabled: types.length > 0, include: types },
    },
  } as const;
}
