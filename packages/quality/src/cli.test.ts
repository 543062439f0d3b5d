import { describe, expect, it } from 'vitest';
import { maxAgeHours } from './cli.js';

describe('maxAgeHours', () => {
  it('should read hours, minutes and days, and a bare number as hours', () => {
    expect(maxAgeHours('26h')).toBe(26);
    expect(maxAgeHours('90m')).toBe(1.5);
    expect(maxAgeHours('2d')).toBe(48);
    expect(maxAgeHours(' 36 ')).toBe(36);
    expect(maxAgeHours('0.5h')).toBe(0.5);
  });

  it('should refuse what is not a positive age, saying what it wants', () => {
    for (const bad of ['', '0h', '-2h', '26x', 'h', '1e3h', '2 days']) {
      expect(() => maxAgeHours(bad)).toThrow(/--max-age must be a positive age such as 26h/);
    }
  });
});
