import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  coreFlights,
  launches,
  monthlyLaunches,
  stgLaunchCores,
  stgLaunches,
  stgLaunchShips,
} from '@spacex/schema';
import { describe, expect, it } from 'vitest';
import { renderCatalog, upstreamOf } from '../src/catalog.js';
import { checks } from '../src/checks.js';

describe('the data catalog', () => {
  const pages = renderCatalog();

  it('should derive lineage from the views’ SQL', () => {
    expect(upstreamOf(launches)).toEqual([]);
    expect(upstreamOf(stgLaunches)).toEqual(['raw.launches']);
    expect(upstreamOf(stgLaunchCores)).toEqual(['raw.launch_cores']);
    expect(upstreamOf(coreFlights)).toEqual([
      'staging.cores',
      'staging.launch_cores',
      'staging.launches',
      'staging.launchpads',
      'staging.rockets',
    ]);
    expect(upstreamOf(stgLaunchShips)).toEqual(['raw.launches']);
    expect(upstreamOf(monthlyLaunches)).toEqual(['staging.launches']);
  });

  it('should list each column with its type, nullability and description, and the checks', () => {
    const raw = pages.get('raw.md') ?? '';
    expect(raw).toContain(
      '| flight_number | integer | no | The API flight number; not unique (several launches share one). |',
    );
    expect(raw).toContain(
      'Read by: [staging.launches](staging.md#staginglaunches), [staging.launch_payloads](staging.md#staginglaunch_payloads), [staging.launch_capsules](staging.md#staginglaunch_capsules), [staging.launch_ships](staging.md#staginglaunch_ships).',
    );
    expect(raw).toContain('Primary key: launch_id, position.');
    const mart = pages.get('mart.md') ?? '';
    expect(mart).toContain(
      'Reads: [staging.cores](staging.md#stagingcores), [staging.launch_cores](staging.md#staginglaunch_cores), [staging.launches](staging.md#staginglaunches), [staging.launchpads](staging.md#staginglaunchpads), [staging.rockets](staging.md#stagingrockets).',
    );
    const all = [...pages.values()].join('\n');
    for (const check of checks) expect(all).toContain(`| ${check.name} | ${check.severity} |`);
  });

  it('should match the committed catalog (run `pnpm catalog` after changing the schema)', () => {
    const dir = join(import.meta.dirname, '..', '..', '..', 'docs', 'catalog');
    for (const [file, text] of pages)
      expect(readFileSync(join(dir, file), 'utf8'), file).toBe(text);
  });
});
