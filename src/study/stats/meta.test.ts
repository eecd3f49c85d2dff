/**
 * The cross-study pooling, pinned to NumPy/SciPy (fixtures/meta.json, written by
 * scripts/fixtures/meta_reference.py from its own independent code) to 1e-9: within-paper
 * combination, DerSimonian–Laird τ², the Hartung–Knapp–Sidik–Jonkman interval at k = 3, 4 and 5,
 * the refusal below 3 papers and its wording.
 */
import { describe, expect, it } from 'vitest';
import fixture from './fixtures/meta.json';
import {
  FIELLER_NUMERATOR,
  MIN_PAPERS,
  fisherInterval,
  fisherVariance,
  notPooledReason,
  randomEffectsSpearman,
} from './meta.ts';
import type { MetaInput } from './meta.ts';

const TOL = 1e-9;
type Case = (typeof fixture.cases)[number];

function inputsOf(c: Case): MetaInput[] {
  return Object.entries(c.groups).map(([label, g]) => ({
    label,
    rho: g.rho ?? NaN,
    n: g.n,
    paper: g.paper,
  }));
}

const caseNamed = (prefix: string): Case => {
  const c = fixture.cases.find((x) => x.name.startsWith(prefix));
  if (!c) throw new Error(`no fixture case '${prefix}'`);
  return c;
};

const close = (actual: number | null | undefined, expected: number | null | undefined) => {
  if (expected === null || expected === undefined) expect(actual ?? null).toBeNull();
  else expect(Math.abs((actual ?? NaN) - expected)).toBeLessThan(TOL);
};

describe.each(fixture.cases.map((c) => [c.name, c] as const))('SciPy fixture: %s', (_n, c) => {
  it('gives the same papers, τ², interval, I² and reason', () => {
    const r = randomEffectsSpearman(inputsOf(c));
    expect(r.k).toBe(c.pooled.k);
    expect(r.papers.map((p) => [p.paper, p.labels])).toEqual(
      c.pooled.papers.map((p) => [p.paper, p.groups]),
    );
    c.pooled.papers.forEach((p, i) => {
      close(r.papers[i]?.z, p.z);
      close(r.papers[i]?.variance, p.variance);
      close(r.papers[i]?.weight, (p as { weight?: number }).weight ?? null);
    });
    close(r.pooled?.rho, c.pooled.rho);
    close(r.pooled?.ci[0], c.pooled.ci?.[0]);
    close(r.pooled?.ci[1], c.pooled.ci?.[1]);
    close(r.pooled?.tau2, c.pooled.tau2);
    close(r.pooled?.i2, c.pooled.i2);
    close(r.pooled?.q, c.pooled.q);
    close(r.pooled?.se, c.pooled.se);
    expect(r.reason).toBe(c.pooled.reason);
    expect(r.excluded.map((e) => [e.label, e.n])).toEqual(
      c.pooled.excluded.map((e) => [e.group, e.n]),
    );
  });
});

describe('randomEffectsSpearman', () => {
  it('uses Fieller’s variance 1.06/(n−3)', () => {
    expect(FIELLER_NUMERATOR).toBe(1.06);
    expect(fisherVariance(13)).toBeCloseTo(0.106, 15);
  });

  it('combines the studies of one paper as the mean z and the mean variance', () => {
    const c = caseNamed('studies of one paper combined');
    const r = randomEffectsSpearman(inputsOf(c));
    const medmnist = r.papers.find((p) => p.paper === 'medmnist');
    const members = r.rows.filter((x) => x.paper === 'medmnist');
    expect(members.map((m) => m.label)).toEqual(['chest', 'pneumonia']);
    const [chest, pneumonia] = members;
    expect(medmnist?.z).toBeCloseTo(((chest?.z ?? NaN) + (pneumonia?.z ?? NaN)) / 2, 14);
    expect(medmnist?.variance).toBeCloseTo(fisherVariance(7), 14);
    expect(r.k).toBe(4);
    expect(r.rows).toHaveLength(6);
  });

  it('pools with the HKSJ interval at k = 3 and k = 5 (t with k − 1 df)', () => {
    for (const [prefix, k] of [
      ['heterogeneous', 3],
      ['five papers', 5],
    ] as const) {
      const r = randomEffectsSpearman(inputsOf(caseNamed(prefix)));
      expect(r.k).toBe(k);
      expect(r.pooled?.df).toBe(k - 1);
      // The t quantile is wider than the normal one: never narrower than a z-based interval.
      const p = r.pooled;
      if (!p) throw new Error('expected a pooled estimate');
      const zHalf = 1.959963984540054 * p.se;
      expect(Math.atanh(p.ci[1]) - p.z).toBeGreaterThan(zHalf);
    }
  });

  it('refuses to pool fewer than 3 independent papers, however many studies', () => {
    expect(MIN_PAPERS).toBe(3);
    const two = randomEffectsSpearman([
      { label: 'chest', rho: 0.14, n: 6, paper: 'doerrich2025' },
      { label: 'pneumonia', rho: -0.83, n: 6, paper: 'doerrich2025' },
      { label: 'other', rho: 0.3, n: 9, paper: 'other' },
    ]);
    expect(two.pooled).toBeNull();
    expect(two.k).toBe(2);
    expect(two.reason).toBe('not pooled: 2 independent papers; pooling needs at least 3');
    expect(two.papers.every((p) => p.weight === null)).toBe(true);
  });

  it('says “1 independent paper” for one study, and never pools it', () => {
    const r = randomEffectsSpearman([{ label: 'only', rho: 0.3, n: 9 }]);
    expect(r.pooled).toBeNull();
    expect(r.reason).toBe('not pooled: 1 independent paper; pooling needs at least 3');
    expect(notPooledReason(0)).toBe('not pooled: 0 independent papers; pooling needs at least 3');
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
  });

  it('gives each study its Fisher interval, the same as fisherInterval', () => {
    const r = randomEffectsSpearman([{ label: 'a', rho: -0.83, n: 6 }]);
    expect(r.rows[0]?.ci).toEqual(fisherInterval(-0.83, 6));
    expect(fisherInterval(0.5, 3)).toBeNull();
    expect(fisherInterval(1, 10)).toBeNull();
  });
});
