/** `pnpm runs`: the run ledger a person reads, and its JSON for machines. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testEngines } from '@spacex/db/testing';
import { runCaptured } from '@spacex/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { runsMain } from '../src/runs-cli.js';
import { type CliHarness, cliHarness, fixtureLaunches } from './helpers.js';

for (const engine of testEngines()) {
  describe(`pnpm runs [${engine.name}]`, () => {
    let harness: CliHarness;
    beforeAll(async () => {
      harness = await cliHarness(engine);
    });
    afterAll(() => harness?.close());

    it('should list the runs newest first, each with its figures per entity and its error', async () => {
      const runs = (argv: string[]) => runCaptured(runsMain, argv, harness.env);
      const help = await runs(['--help']);
      expect(help.code).toBe(0);
      expect(help.stdout).toContain('Usage: pnpm runs');
      const none = await runs([]);
      expect(none.code).toBe(0);
      expect(none.stdout).toContain('No ingest run is recorded yet');

      const dir = mkdtempSync(join(tmpdir(), 'spacex-dir-'));
      writeFileSync(join(dir, 'launches.json'), JSON.stringify(fixtureLaunches()));
      writeFileSync(join(dir, 'crew.json'), JSON.stringify([]));
      const ingest = (argv: string[]) =>
        runCaptured(main, argv, { ...harness.env, LOG_LEVEL: 'error' });
      expect((await ingest(['--from-dir', dir, '--no-archive'])).code).toBe(0);
      writeFileSync(join(dir, 'launches.json'), '{"not": "launches"}');
      expect((await ingest(['--from-dir', dir, '--no-archive'])).code).toBe(1);

      const listed = await runs(['--json']);
      expect(listed.code, listed.stderr).toBe(0);
      const [failed, succeeded, ...rest] = JSON.parse(listed.stdout);
      expect(rest).toEqual([]);
      expect(failed).toMatchObject({
        status: 'failed',
        error: expect.stringContaining('expected a JSON array of launches'),
      });
      expect(succeeded).toMatchObject({
        status: 'succeeded',
        source: `dir ${dir}`,
        launches: { read: fixtureLaunches().length, changed: fixtureLaunches().length, removed: 0 },
        entities: { crew: { read: 0, changed: 0, removed: 0, rejected: 0 } },
        error: null,
      });
      expect(succeeded.durationSeconds).toBeGreaterThanOrEqual(0);

      const text = await runs(['--limit', '1']);
      expect(text.stdout.split('\n')).toHaveLength(4); // header, rule, one run, final newline
      expect(text.stdout).toContain(failed.runId);
      expect(text.stdout).toContain('expected a JSON array of launches');
      expect((await runs(['--limit', '0'])).code).toBe(2);
    });
  });
}
