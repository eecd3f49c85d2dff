import { describe, expect, it } from 'vitest';
import { FIELLER_NUMERATOR, fisherVariance, randomEffectsSpearman } from './meta.ts';

describe('randomEffectsSpearman', () => {
  it('uses Fieller’s variance 1.06/(n−3) and pools identical studies to their common ρ', () => {
    expect(FIELLER_NUMERATOR).toBe(1.06);
    expect(fisherVariance(13)).toBeCloseTo(0.106, 15);
    const r = randomEffectsSpearman([
      { label: 'a', rho: 0.5, n: 10 },
      { label: 'b', rho: 0.5, n: 20 },
    ]);
    expect(r.pooled?.rho).toBeCloseTo(0.5, 12);
    expect(r.pooled?.tau2).toBe(0);
    expect(r.pooled?.i2).toBe(0);
    // Fixed weights (n − 3)/1.06: 7/1.06 + 17/1.06.
    expect(r.pooled?.se).toBeCloseTo(Math.sqrt(1.06 / 24), 12);
    expect(r.rows.map((x) => x.weight)).toEqual([7 / 24, 17 / 24]);
  });

  it('leaves out n < 4 and ρ = ±1, and says why', () => {
    const r = randomEffectsSpearman([
      { label: 'small', rho: 0.2, n: 3 },
      { label: 'perfect', rho: -1, n: 6 },
      { label: 'undefined', rho: NaN, n: 8 },
      { label: 'ok', rho: 0.3, n: 9 },
    ]);
    expect(r.k).toBe(1);
    expect(r.excluded.map((e) => e.label)).toEqual(['small', 'perfect', 'undefined']);
    expect(r.excluded[0]?.reason).toContain('n = 3 < 4');
    expect(r.pooled?.i2).toBeNull();
    expect(r.pooled?.rho).toBeCloseTo(0.3, 12);
  });

  it('gives no pooled estimate when nothing pools', () => {
    expect(randomEffectsSpearman([{ label: 'x', rho: 0.1, n: 2 }]).pooled).toBeNull();
  });

  it('widens the interval when studies disagree (τ² > 0)', () => {
    const agree = randomEffectsSpearman([
      { label: 'a', rho: 0.4, n: 12 },
      { label: 'b', rho: 0.45, n: 12 },
    ]);
    const disagree = randomEffectsSpearman([
      { label: 'a', rho: 0.9, n: 12 },
      { label: 'b', rho: -0.8, n: 12 },
    ]);
    expect(disagree.pooled?.tau2).toBeGreaterThan(0);
    const width = (p: typeof agree.pooled) => (p ? p.ci[1] - p.ci[0] : 0);
    expect(width(disagree.pooled)).toBeGreaterThan(width(agree.pooled));
  });
});
