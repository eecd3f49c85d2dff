import { describe, expect, it } from 'vitest';
import { linearScale, logScale, niceTicks } from './svgScale.ts';

describe('svg scales', () => {
  it('niceTicks steps by 1, 2 or 5 × 10^k and covers the range', () => {
    expect(niceTicks(0, 1, 5)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(niceTicks(-0.062, 0.041)).toEqual([-0.06, -0.04, -0.02, 0, 0.02, 0.04]);
    expect(niceTicks(56.5, 85.1)).toEqual([60, 65, 70, 75, 80, 85]);
  });

  it('linear maps the padded domain onto the range, also reversed for y', () => {
    const s = linearScale([0, 10], [100, 0]);
    expect(s.map(5)).toBeCloseTo(50, 12);
    expect(s.map(0)).toBeGreaterThan(s.map(10));
    expect(linearScale([3, 3], [0, 10]).map(3)).toBeCloseTo(5, 12);
  });

  it('log puts each decade at equal distance', () => {
    const s = logScale([1e6, 1e8], [0, 300]);
    expect(s.map(1e7) - s.map(1e6)).toBeCloseTo(s.map(1e8) - s.map(1e7), 9);
    expect(s.ticks).toContain(1e7);
  });
});
