import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

describe('peakRssMb', () => {
  it("should report the run's own peak, not its parent's memory at fork", async () => {
    // The parent (this test) holds 400 MB while the child starts; getrusage would count them.
    const held = Buffer.alloc(400 * 1024 * 1024, 1);
    const { stdout } = await promisify(execFile)(process.execPath, [
      '--import',
      'tsx',
      '--conditions=source',
      '--input-type=module',
      '--eval',
      `import { peakRssMb } from ${JSON.stringify(new URL('./run.ts', import.meta.url).href)}; console.log(peakRssMb());`,
    ]);
    expect(held.length).toBeGreaterThan(0);
    const peak = Number(stdout.trim());
    expect(peak).toBeGreaterThan(10);
    expect(peak).toBeLessThan(300);
  });
});
