import { validateLaunches } from '@spacex/contract';
import { describe, expect, it } from 'vitest';
import { syntheticLaunches } from './synthetic.js';

describe('syntheticLaunches', () => {
  const launches = [...syntheticLaunches(3000, 7)];

  it('should be deterministic for a seed and differ between seeds', () => {
    expect([...syntheticLaunches(3000, 7)]).toEqual(launches);
    expect([...syntheticLaunches(50, 8)]).not.toEqual(launches.slice(0, 50));
  });

  it('should be valid against the contract, with unique ids and names', () => {
    const { valid, rejected, drift } = validateLaunches(JSON.parse(JSON.stringify(launches)));
    expect(rejected).toEqual([]);
    expect(drift).toEqual([]);
    expect(valid).toHaveLength(3000);
    expect(new Set(launches.map((l) => l.id)).size).toBe(3000);
    expect(new Set(launches.map((l) => l.name)).size).toBe(3000);
  });

  it('should have realistic structure: 1 or 3 cores, reuse chains, crew, upcoming launches', () => {
    const coreCounts = new Set(launches.map((l) => l.cores.length));
    expect([...coreCounts].every((n) => n >= 1 && n <= 3)).toBe(true);
    expect(launches.some((l) => l.cores.length === 3)).toBe(true);
    const flights = launches.flatMap((l) => l.cores.map((c) => c.flight ?? 0));
    expect(Math.max(...flights)).toBeGreaterThanOrEqual(5);
    expect(launches.filter((l) => l.crew.length > 0).length).toBeGreaterThan(30);
    expect(launches.filter((l) => l.upcoming).length).toBe(150);
    expect(launches.slice(0, 2850).every((l) => !l.upcoming)).toBe(true);
  });
});

describe('syntheticLaunches at a million', () => {
  it('should keep every date before year 9999, in linear time', () => {
    let last = '';
    let n = 0;
    for (const launch of syntheticLaunches(1_000_000, 42)) {
      n++;
      last = launch.date_utc;
    }
    expect(n).toBe(1_000_000);
    expect(last.startsWith('+')).toBe(false); // ISO years beyond 9999 carry a sign
    expect(last < '9999').toBe(true);
  }, 60_000);
});
