/**
 * The child's peak is its own: Linux carries ru_maxrss across execve, so a child spawned by a
 * large test process used to report at least its parent's resident set, and every budget check
 * against a baseline passed whatever the child did. src/test/cliPeak.mjs reads VmHWM instead.
 */
import { describe, expect, it } from 'vitest';
import { runCliMeasured } from '../test/peakRss.ts';

describe('runCliMeasured', () => {
  it('reports the child’s own peak, not its parent’s resident set', () => {
    const ballast = Buffer.alloc(768 * 2 ** 20, 1); // touched: 768 MB resident in this process
    const run = runCliMeasured(['zoo', '--help']);
    expect(run.status, run.stderr).toBe(0);
    expect(ballast[ballast.length - 1]).toBe(1);
    expect(run.peak / 2 ** 20).toBeLessThan(512);
    expect(run.peak / 2 ** 20).toBeGreaterThan(20);
  }, 60_000);
});
