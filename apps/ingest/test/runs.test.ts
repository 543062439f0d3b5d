/** `pnpm runs`: the run ledger a person reads, and its JSON for machines. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { makeEntity } from '@spacex/contract/fixtures';
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

    it('should list what a run added, changed (which fields) and removed, per entity', async () => {
      const runs = (argv: string[]) => runCaptured(runsMain, argv, harness.env);
      const dir = mkdtempSync(join(tmpdir(), 'spacex-dir-'));
      const launches = fixtureLaunches();
      const crew = [makeEntity('crew', 1), makeEntity('crew', 2)];
      const write = () => {
        writeFileSync(join(dir, 'launches.json'), JSON.stringify(launches));
        writeFileSync(join(dir, 'crew.json'), JSON.stringify(crew));
      };
      const ingest = async () => {
        const run = await runCaptured(
          main,
          ['--from-dir', dir, '--no-archive', '--max-removals', 'all', '--json'],
          { ...harness.env, LOG_LEVEL: 'error' },
        );
        expect(run.code, run.stderr).toBe(0);
        return JSON.parse(run.stdout).runId as string;
      };
      write();
      const first = await ingest();
      // A launch re-dated and its details set, one gone; a crew member renamed, one added.
      const changed = launches[0] as Record<string, unknown>;
      changed.date_utc = '2030-01-01T00:00:00.000Z';
      changed.details = 'moved';
      const [gone] = launches.splice(1, 1) as [{ id: string }];
      crew[0] = makeEntity('crew', 1, { name: 'Renamed' });
      crew.push(makeEntity('crew', 3));
      write();
      const second = await ingest();

      const listed = await runs(['--changes', second, '--json']);
      expect(listed.code, listed.stderr).toBe(0);
      const { changes } = JSON.parse(listed.stdout);
      expect(changes).toEqual([
        {
          resource: 'launches',
          id: changed.id,
          change: 'changed',
          fields: ['date_utc', 'details'],
        },
        { resource: 'launches', id: gone.id, change: 'removed', fields: [] },
        { resource: 'crew', id: crew[0]?.id, change: 'changed', fields: ['name'] },
        { resource: 'crew', id: crew[2]?.id, change: 'added', fields: [] },
      ]);
      // The first run's versions stay its own, those the second ended included.
      const firstRun = JSON.parse((await runs(['--changes', first, '--json'])).stdout);
      expect(firstRun.changes).toContainEqual({
        resource: 'crew',
        id: crew[0]?.id,
        change: 'added',
        fields: [],
      });
      expect(new Set(firstRun.changes.map((c: { change: string }) => c.change))).toEqual(
        new Set(['added']),
      );
      const text = await runs(['--changes', second]);
      expect(text.stdout).toContain('date_utc, details');
      expect(text.stdout).toContain('removed');
      const unknown = await runs(['--changes', 'no-such-run']);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain('no run no-such-run is recorded');
    });
  });
}
