/**
 * Small-n intervals agree with the exact test beside them: the audit's case (n = 6, ρ = −0.83,
 * exact p = 0.058, Fisher interval [−0.98, −0.02]) reaches 0 once shown.
 */
import { describe, expect, it } from 'vitest';
import { APPROXIMATE_BELOW_N, agreeWithTest } from './agreement.ts';
import { fisherInterval } from './meta.ts';
import { spearman } from './spearman.ts';

describe('agreeWithTest', () => {
  it('extends the audit’s n = 6 Fisher interval to 0, because the exact p is 0.058', () => {
    // Ranks with Σd² = 64: ρ = 1 − 6·64/(6·35) = −0.8286.
    const x = [1, 2, 3, 4, 5, 6];
    const y = [5, 6, 3, 4, 1, 2];
    const s = spearman(x, y);
    expect(s.method).toBe('exact');
    expect(s.value).toBeCloseTo(-0.8286, 4);
    expect(s.p).toBeCloseTo(0.0583, 4);
    const fisher = fisherInterval(s.value, 6);
    if (!fisher) throw new Error('no interval');
    const [lo, hi] = fisher;
    expect(hi).toBeLessThan(0);
    expect(agreeWithTest(lo, hi, s.p)).toEqual({ lo, hi: 0, extended: true });
    expect(APPROXIMATE_BELOW_N).toBe(10);
  });

  it('leaves an interval alone when the test rejects, or when it already holds 0', () => {
    expect(agreeWithTest(0.1, 0.8, 0.01)).toEqual({ lo: 0.1, hi: 0.8, extended: false });
    expect(agreeWithTest(-0.2, 0.8, 0.4)).toEqual({ lo: -0.2, hi: 0.8, extended: false });
    expect(agreeWithTest(0.1, 0.8, 0.2)).toEqual({ lo: 0, hi: 0.8, extended: true });
    expect(agreeWithTest(0.1, 0.8, NaN)).toEqual({ lo: 0.1, hi: 0.8, extended: false });
  });
});
