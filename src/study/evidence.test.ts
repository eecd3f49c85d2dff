import { describe, expect, it } from 'vitest';
import { ARCHITECTURES } from './architectures.ts';
import type { EvidenceInput } from './evidence.ts';
import { EVIDENCE_QUESTIONS, evidenceChart } from './evidence.ts';
import { PUBLISHED_STUDIES } from './library.ts';
import { runsStudies } from './runs.ts';
import { randomEffectsSpearman } from './stats/meta.ts';
import { spearmanRho } from './stats/spearman.ts';
import { MEDMNIST_CHEST } from './studies/medmnistChest.ts';
import { makeRun } from './testing/runs.ts';
import type { Study } from './types.ts';

const INPUT: EvidenceInput = {
  studies: PUBLISHED_STUDIES,
  archs: ARCHITECTURES,
  top1Set: 'paperEra',
  design: {},
  hiddenStudies: [],
};

describe('evidence view over the library', () => {
  it('plots every study that has points, each point centred within its study and group', () => {
    const c = evidenceChart('params-vs-auc', INPUT);
    expect(c.studyIds).toEqual(
      PUBLISHED_STUDIES.filter((s) => s.results.length > 0).map((s) => s.id),
    );
    for (const id of c.studyIds) {
      const mine = c.points.filter((p) => p.studyId === id && p.group === 'pretrained');
      const sum = mine.reduce((a, p) => a + p.y, 0);
      if (mine.length > 0) expect(Math.abs(sum)).toBeLessThan(1e-12);
      const shift = (mine[0]?.raw ?? 0) - (mine[0]?.y ?? 0);
      for (const p of mine) expect(p.raw - p.y).toBeCloseTo(shift, 12);
    }
    expect(c.yLabel).toMatch(/centred within each study/);
  });

  it('per-study ρ is Spearman over that study’s units; the pooled row is their random-effects pooling', () => {
    const c = evidenceChart('top1-vs-auc', INPUT);
    const pre = c.sections.find((s) => s.group === 'pretrained');
    if (!pre) throw new Error('no pretrained section');
    const med = pre.studies.find((s) => s.studyId === MEDMNIST_CHEST.id);
    const pts = c.points.filter((p) => p.studyId === MEDMNIST_CHEST.id && p.group === 'pretrained');
    expect(med?.n).toBe(6);
    expect(med?.rho).toBeCloseTo(
      spearmanRho(
        pts.map((p) => p.x),
        pts.map((p) => p.raw),
      ),
      12,
    );
    const again = randomEffectsSpearman(
      pre.studies.map((s) => ({ label: s.studyId, rho: s.rho, n: s.n })),
    );
    expect(pre.meta).toEqual(again);
  });

  it('CheXtransfer’s reported ρ are labelled rows, never pooled', () => {
    for (const q of ['top1-vs-auc', 'params-vs-auc', 'boost-vs-params'] as const) {
      const c = evidenceChart(q, INPUT);
      const reported = c.sections.flatMap((s) => s.reported.map((r) => [s.group, r.stat.value]));
      const expected = {
        'top1-vs-auc': [
          ['pretrained', 0.06],
          ['random', 0.08],
        ],
        'params-vs-auc': [
          ['pretrained', 0.56],
          ['random', 0.79],
        ],
        'boost-vs-params': [['pairs', -0.72]],
      }[q];
      expect(reported).toEqual(expected);
      for (const s of c.sections) {
        expect(s.reported.every((r) => r.notRecomputable)).toBe(true);
        expect(s.meta.rows.map((r) => r.label)).not.toContain('chextransfer');
        expect(s.meta.excluded.map((r) => r.label)).not.toContain('chextransfer');
      }
    }
  });

  it('studies with n < 4 are left out of the pooling and listed', () => {
    const c = evidenceChart('top1-vs-auc', INPUT);
    const pre = c.sections.find((s) => s.group === 'pretrained');
    expect(pre?.meta.excluded.map((e) => [e.label, e.n])).toEqual([
      ['bliznashki-chexpert', 2],
      ['xiao2023-medicalmae', 2],
    ]);
    expect(pre?.meta.k).toBe(2);
  });

  it('Xiao’s self-supervised ResNet-50s never enter the ImageNet-pretrained sections', () => {
    for (const q of EVIDENCE_QUESTIONS) {
      const c = evidenceChart(q, INPUT);
      const xiaoResnet = c.points.filter(
        (p) => p.studyId === 'xiao2023-medicalmae' && p.arch === 'resnet50',
      );
      expect(xiaoResnet.every((p) => p.group === 'other')).toBe(true);
    }
  });

  it('hiding a study takes it off the chart and out of the pooling', () => {
    const shown = evidenceChart('top1-vs-auc', INPUT);
    const hidden = evidenceChart('top1-vs-auc', { ...INPUT, hiddenStudies: [MEDMNIST_CHEST.id] });
    expect(hidden.points.some((p) => p.studyId === MEDMNIST_CHEST.id)).toBe(false);
    const k = (c: typeof shown) => c.sections.find((s) => s.group === 'pretrained')?.meta.k;
    expect(k(hidden)).toBe((k(shown) ?? 0) - 1);
  });
});

describe('any study in the library joins through data', () => {
  const row = MEDMNIST_CHEST.results[0];
  if (!row) throw new Error('MedMNIST+ has no results');
  const grid: Study = {
    ...MEDMNIST_CHEST,
    id: 'grid-test',
    kind: 'imported',
    title: 'Grid: test',
    results: ['resnet18', 'resnet34', 'resnet50', 'densenet121', 'mobilenetv2_100'].flatMap(
      (arch, i) =>
        [0, 1].map((seed) => ({
          ...row,
          arch,
          inputSize: 224,
          flags: [`seed-${seed}`],
          value: 0.7 + 0.01 * i + 0.001 * seed,
        })),
    ),
  };

  it('a grid study with seed replicates contributes one averaged point per architecture', () => {
    const c = evidenceChart('params-vs-auc', { ...INPUT, studies: [...PUBLISHED_STUDIES, grid] });
    const pts = c.points.filter((p) => p.studyId === 'grid-test');
    expect(pts).toHaveLength(5);
    expect(pts.every((p) => p.replicates === 2)).toBe(true);
    const row = c.sections[0]?.studies.find((s) => s.studyId === 'grid-test');
    expect(row).toMatchObject({ n: 5, averaged: 5 });
    // Parameter ranks 3, 4, 5, 2, 1 against AUC ranks 1..5: Σd² = 32, ρ = 1 − 6·32/(5·24) = −0.6.
    expect(row?.rho).toBeCloseTo(-0.6, 12);
  });

  it('My runs on synthetic phantoms are not chest X-ray evidence, but show on truncation', () => {
    const runs = runsStudies([
      makeRun({ id: 'full', unitsRemoved: 0, params: 2_230_277, meanAuc: 0.9 }),
      makeRun({ id: 'cut', unitsRemoved: 13, params: 20_000, meanAuc: 0.85 }),
    ]);
    const input = { ...INPUT, studies: [...PUBLISHED_STUDIES, ...runs] };
    const params = evidenceChart('params-vs-auc', input);
    expect(params.points.some((p) => p.studyId.startsWith('my-runs'))).toBe(false);
    expect(params.excluded.some((e) => /synthetic phantoms/.test(e.reason))).toBe(true);
    const trunc = evidenceChart('truncation', input);
    expect(trunc.points.map((p) => [p.unitsRemoved, Number(p.y.toFixed(4))])).toEqual([
      [0, 0],
      [13, -0.05],
    ]);
    expect(trunc.lines).toHaveLength(1);
  });
});
