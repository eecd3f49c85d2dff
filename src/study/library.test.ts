import { describe, expect, it } from 'vitest';
import { ARCH_IDS, CATALOG } from '../zoo/catalog.ts';
import { ARCHITECTURES, FAMILIES, getChartArch } from './architectures.ts';
import {
  ALL_STUDIES_ID,
  CHEXTRANSFER_ID,
  DEFAULT_STUDY_ID,
  getStudy,
  PUBLISHED_STUDIES,
} from './library.ts';
import { CHEXTRANSFER } from './studies/chextransfer.ts';
import { tTestP } from './stats/pearson.ts';
import { CHEXPERT_TASKS } from './types.ts';

describe('study library', () => {
  it('has unique ids, CheXtransfer first, and opens on the evidence view (not a study)', () => {
    const ids = PUBLISHED_STUDIES.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids[0]).toBe(CHEXTRANSFER_ID);
    expect(DEFAULT_STUDY_ID).toBe(ALL_STUDIES_ID);
    expect(getStudy(ALL_STUDIES_ID)).toBeUndefined();
    expect(getStudy('chextransfer')).toBe(CHEXTRANSFER);
    expect(getStudy('nope')).toBeUndefined();
  });

  it.each(PUBLISHED_STUDIES.map((s) => [s.id, s] as const))(
    '%s: every result has a known arch, a 0..1 value and a source',
    (_id, study) => {
      for (const r of study.results) {
        expect(getChartArch(r.arch), r.arch).toBeDefined();
        expect(r.value).toBeGreaterThan(0);
        expect(r.value).toBeLessThanOrEqual(1);
        expect(r.source.length).toBeGreaterThan(10);
        for (const v of Object.values(r.perLabel ?? {})) expect(v).toBeLessThanOrEqual(1);
      }
      expect(study.metric.key).toMatch(/^auroc:/);
    },
  );

  it('results stating "reported N +/- S %" in their source carry N / 100 and S / 100', () => {
    let checked = 0;
    for (const study of PUBLISHED_STUDIES) {
      for (const r of study.results) {
        const m = /reported ([0-9.]+)(?: \+\/- ([0-9.]+))? ?%/.exec(r.source);
        if (!m?.[1] || r.flags.includes('mean-computed-here')) continue;
        expect(r.value).toBeCloseTo(Number(m[1]) / 100, 6);
        if (m[2]) expect(r.sd).toBeCloseTo(Number(m[2]) / 100, 6);
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });

  it('computed 5-task means equal the mean of the per-label values', () => {
    const computed = PUBLISHED_STUDIES.flatMap((s) => s.results).filter((r) =>
      r.flags.includes('mean-computed-here'),
    );
    expect(computed.length).toBeGreaterThan(0);
    for (const r of computed) {
      const vals = CHEXPERT_TASKS.map((t) => r.perLabel?.[t]);
      expect(vals.every((v) => v !== undefined)).toBe(true);
      const mean = vals.reduce<number>((s, v) => s + (v ?? 0), 0) / vals.length;
      expect(r.value).toBeCloseTo(mean, 6);
    }
  });

  it('different datasets never share a metric key', () => {
    const byKey = new Map<string, Set<string>>();
    for (const s of PUBLISHED_STUDIES) {
      const base = s.dataset.split(/[ (]/)[0] ?? s.dataset;
      byKey.set(s.metric.key, (byKey.get(s.metric.key) ?? new Set()).add(base));
    }
    for (const [key, datasets] of byKey) expect(datasets.size, key).toBe(1);
  });
});

describe('CheXtransfer study', () => {
  it('ships no per-model results (they exist only in the paper figures)', () => {
    expect(CHEXTRANSFER.results).toEqual([]);
    expect(CHEXTRANSFER.notes.join(' ')).toMatch(/not published in text/);
  });

  it('reports the five Spearman rho and the 3.25x ratio', () => {
    const byId = Object.fromEntries(CHEXTRANSFER.reportedStatistics.map((s) => [s.id, s.value]));
    expect(byId).toEqual({
      'rho-top1-auc-random': 0.08,
      'rho-top1-auc-pretrained': 0.06,
      'rho-logparams-auc-random': 0.79,
      'rho-logparams-auc-pretrained': 0.56,
      'rho-boost-params': -0.72,
      'truncation-efficiency': 3.25,
    });
  });

  it('findings point at existing statistics and cover the four charts', () => {
    const ids = new Set(CHEXTRANSFER.reportedStatistics.map((s) => s.id));
    for (const f of CHEXTRANSFER.findings)
      for (const id of f.statisticIds) expect(ids).toContain(id);
    expect(CHEXTRANSFER.findings.map((f) => f.chart).sort()).toEqual([
      'boost-vs-params',
      'params-vs-auc',
      'top1-vs-auc',
      'truncation',
    ]);
  });

  it('the implied p-values follow from rho with n = 16 (t approximation)', () => {
    // Two-sided t with 14 df: 0.08 -> ~0.77, 0.06 -> ~0.83, 0.79 -> ~0.0003, 0.56 -> ~0.024, -0.72 -> ~0.0017
    const table: [number, number, number][] = [
      [0.08, 0.77, 0.01],
      [0.06, 0.83, 0.01],
      [0.79, 0.0003, 0.0001],
      [0.56, 0.024, 0.001],
      [-0.72, 0.0017, 0.0001],
    ];
    for (const [rho, p, tol] of table) expect(Math.abs(tTestP(rho, 16) - p)).toBeLessThan(tol);
  });
});

describe('architectures', () => {
  it('takes the 16 from the zoo catalog without copying numbers', () => {
    for (const id of ARCH_IDS) {
      const a = ARCHITECTURES[id];
      expect(a?.inChexTransfer).toBe(true);
      expect(a?.params1000).toBe(CATALOG[id].params1000);
    }
    expect(Object.values(ARCHITECTURES).filter((a) => a.inChexTransfer)).toHaveLength(16);
  });

  it('extras have sourced numbers or null, and families', () => {
    for (const a of Object.values(ARCHITECTURES)) {
      if (a.params1000) expect(a.params1000.source.length).toBeGreaterThan(10);
      for (const t of Object.values(a.top1)) expect(t.source.length).toBeGreaterThan(10);
      expect(FAMILIES).toContain(a.family);
    }
    expect(getChartArch('vgg16')?.family).toBe('VGG');
    expect(getChartArch('toString')).toBeUndefined();
    expect(FAMILIES.slice(0, 6)).toEqual([
      'DenseNet',
      'ResNet',
      'Inception',
      'MNASNet',
      'EfficientNet',
      'MobileNet',
    ]);
  });
});
