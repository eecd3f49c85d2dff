import { describe, expect, it } from 'vitest';
import type { StatInput } from '../../study/selectors.ts';
import { fitWithBand, formatP, summarize } from './correlationSummary.ts';
import { wrapText } from './exportChart.ts';
import { formatReported } from './format.ts';
import { logTicks } from './chartParts.ts';

const input = (x: number[], y: number[]): StatInput => ({
  group: 'pretrained',
  relation: 'top1-vs-auc',
  x,
  y,
  reported: [],
});

describe('summarize', () => {
  it.each([
    ['too few points', [1, 2], [3, 4]],
    ['constant x', [1, 1, 1, 1], [1, 2, 3, 4]],
    ['constant y', [1, 2, 3, 4], [5, 5, 5, 5]],
  ])('%s gives no statistics', (_name, x, y) => {
    const s = summarize(input(x, y));
    expect([s.spearman, s.kendall, s.pearson, s.ci]).toEqual([null, null, null, null]);
    expect(s.n).toBe(x.length);
  });

  it('a perfectly monotone selection gives ρ = τ = 1 and a reproducible CI', () => {
    const x = [1, 2, 3, 4, 5, 6];
    const y = [0.1, 0.4, 0.5, 0.9, 1.3, 2];
    const a = summarize(input(x, y));
    expect(a.spearman?.value).toBeCloseTo(1, 12);
    expect(a.kendall?.value).toBeCloseTo(1, 12);
    expect(a.pearson?.value).toBeLessThan(1);
    expect(summarize(input(x, y)).ci).toEqual(a.ci);
  });

  it('its bootstrap CI never excludes 0 beside a p ≥ 0.05 (n = 7, ρ = 0.75, exact p = 0.066)', () => {
    // The raw percentile bootstrap of these ranks is [0.056, 1]: it would contradict the p.
    const s = summarize(input([1, 2, 3, 4, 5, 6, 7], [2, 1, 6, 3, 4, 5, 7]));
    expect(s.spearman?.p).toBeCloseTo(0.066, 3);
    expect(s.ci).toMatchObject({ lo: 0, hi: 1, extended: true });
  });

  it('dropping points changes the statistic input and result', () => {
    const x = [1, 2, 3, 4, 5, 6, 7];
    const y = [3, 1, 4, 1, 5, 9, 2];
    const all = summarize(input(x, y));
    const fewer = summarize(input(x.slice(0, 5), y.slice(0, 5)));
    expect(fewer.n).toBe(5);
    expect(fewer.spearman?.value).not.toBeCloseTo(all.spearman?.value ?? NaN, 6);
  });
});

describe('fitWithBand', () => {
  it('passes through an exact line with a zero-width band', () => {
    const fb = fitWithBand([1, 2, 3, 4], [3, 5, 7, 9], 5);
    expect(fb?.fit.slope).toBeCloseTo(2, 12);
    expect(fb?.band).toHaveLength(5);
    for (const b of fb?.band ?? []) expect(b.hi - b.lo).toBeCloseTo(0, 9);
  });

  it('returns null for a constant x', () => {
    expect(fitWithBand([2, 2, 2], [1, 2, 3])).toBeNull();
  });
});

describe('formatting', () => {
  it.each([
    [0.0004, 'p < 0.001'],
    [0.0312, 'p = 0.031'],
    [NaN, 'p n/a'],
  ])('formatP(%f) = %s', (p, text) => expect(formatP(p)).toBe(text));

  it('formats reported statistics as in the paper', () => {
    const base = {
      id: 'a',
      name: 'n',
      relation: 'other',
      condition: 'both',
      n: null,
      source: 's',
      confidence: 'c',
    } as const;
    expect(formatReported({ ...base, kind: 'spearman', value: -0.72 })).toBe('ρ = −0.72');
    expect(formatReported({ ...base, kind: 'ratio', value: 3.25 })).toBe('3.25×');
  });

  it('wraps caption text at spaces', () => {
    expect(wrapText('aa bb cc dd', 5)).toEqual(['aa bb', 'cc dd']);
    expect(wrapText('averyveryverylongword x', 5)).toEqual(['averyveryverylongword', 'x']);
  });
});

describe('logTicks', () => {
  it('gives 1-2-5 ticks inside a domain that covers the values', () => {
    const { ticks, domain } = logTicks([3.5e6, 25.6e6]);
    expect(ticks).toEqual([5e6, 1e7, 2e7]);
    expect(domain[0]).toBeLessThan(3.5e6);
    expect(domain[1]).toBeGreaterThan(25.6e6);
  });
});
