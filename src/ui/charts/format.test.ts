import { describe, expect, it } from 'vitest';
import { linearScale, niceTicks } from '../evidence/svgScale.ts';
import { fmt, tickDigits } from './format.ts';

describe('tickDigits', () => {
  it.each([
    [[0, 0.005, 0.01, 0.015], 3],
    [[-0.02, -0.01, 0, 0.01, 0.02], 2],
    [[0, 0.5, 1], 1],
    [[0, 10, 20], 0],
    [[0.025, 0.05, 0.075], 3],
  ])('%j needs %i digits', (ticks, digits) => {
    expect(tickDigits(ticks)).toBe(digits);
  });

  it('gives distinct, exact labels for the ticks of many axis ranges', () => {
    // Spans from a hundredth of a point of AUC to a whole unit, around zero as on the boost axis.
    for (let lo = -0.05; lo < 0.02; lo += 0.0037) {
      for (const span of [0.004, 0.011, 0.03, 0.07, 0.2, 1]) {
        const { ticks } = linearScale([lo, lo + span], [0, 100]);
        const labels = ticks.map((t) => fmt(t, tickDigits(ticks)));
        expect(new Set(labels).size, `${lo}..${lo + span}: ${labels.join(' ')}`).toBe(ticks.length);
        for (const [i, t] of ticks.entries()) expect(Number(labels[i]?.replace('−', '-'))).toBe(t);
      }
    }
  });

  it('the issue’s axis: ticks 0.005 apart no longer print "+0.01" twice', () => {
    const ticks = niceTicks(-0.004, 0.016);
    expect(ticks).toContain(0.005);
    expect(ticks).toContain(0.015);
    expect(tickDigits(ticks)).toBe(3);
  });
});
