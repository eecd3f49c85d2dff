import { describe, expect, it } from 'vitest';
import { ARCHITECTURES } from './architectures.ts';
import type { EvidenceInput } from './evidence.ts';
import { EVIDENCE_QUESTIONS, evidenceChart } from './evidence.ts';
import { PUBLISHED_STUDIES } from './library.ts';
import { runsStudies } from './runs.ts';
import { randomEffectsSpearman } from './stats/meta.ts';
import { spearmanRho } from './stats/spearman.ts';
import { MEDMNIST_CHEST } from './studies/medmnistChest.ts';
import { MEDMNIST_PNEUMONIA } from './studies/medmnistPneumonia.ts';
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
    // Every study with results, but Transfusion: its only source is not verifiable.
    expect(c.studyIds).toEqual(
      PUBLISHED_STUDIES.filter((s) => s.results.length > 0 && s.id !== 'raghu2019-transfusion').map(
        (s) => s.id,
      ),
    );
    expect(c.excluded.filter((e) => e.studyId === 'raghu2019-transfusion')).toHaveLength(2);
    for (const id of c.studyIds) {
      const mine = c.points.filter((p) => p.studyId === id && p.group === 'pretrained');
      const sum = mine.reduce((a, p) => a + p.y, 0);
      if (mine.length > 0) expect(Math.abs(sum)).toBeLessThan(1e-12);
      const shift = (mine[0]?.raw ?? 0) - (mine[0]?.y ?? 0);
      for (const p of mine) expect(p.raw - p.y).toBeCloseTo(shift, 12);
    }
    expect(c.yLabel).toMatch(/centred within each study/);
  });

  it('per-study ρ is Spearman over that study’s units; the pooled row pools them by paper', () => {
    const c = evidenceChart('top1-vs-auc', INPUT);
    const pre = c.sections.find((s) => s.group === 'pretrained');
    if (!pre) throw new Error('no pretrained section');
    const med = pre.studies.find((s) => s.studyId === MEDMNIST_CHEST.id);
    const pts = c.points.filter((p) => p.studyId === MEDMNIST_CHEST.id && p.group === 'pretrained');
    // Five CNNs, ViT-B/16 and CLIP ViT-B/16 (by the default-tag rule).
    expect(med?.n).toBe(7);
    expect(med?.rho).toBeCloseTo(
      spearmanRho(
        pts.map((p) => p.x),
        pts.map((p) => p.raw),
      ),
      12,
    );
    const again = randomEffectsSpearman(
      pre.studies.map((s) => ({ label: s.studyId, rho: s.rho, n: s.n, paper: s.paper.id })),
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
  });

  it('MedMNIST+ ChestMNIST and PneumoniaMNIST are one paper: nothing is pooled, and the row says why', () => {
    for (const q of ['top1-vs-auc', 'params-vs-auc'] as const) {
      const pre = evidenceChart(q, INPUT).sections.find((s) => s.group === 'pretrained');
      expect(pre?.meta.papers.map((p) => [p.paper, p.labels])).toEqual([
        ['doerrich2025-medmnistplus', [MEDMNIST_CHEST.id, MEDMNIST_PNEUMONIA.id]],
      ]);
      expect(pre?.meta.k).toBe(1);
      expect(pre?.meta.pooled).toBeNull();
      expect(pre?.meta.reason).toBe('not pooled: 1 independent paper; pooling needs at least 3');
      expect(pre?.entering).toEqual({ points: 14, studies: 2, papers: 1 });
    }
  });

  it('no group of the first view is pooled from fewer than 3 papers', () => {
    for (const q of EVIDENCE_QUESTIONS) {
      for (const s of evidenceChart(q, INPUT).sections) {
        if (s.meta.pooled) expect(s.meta.k).toBeGreaterThanOrEqual(3);
        else
          expect(s.meta.reason).toMatch(
            /^not pooled: \d+ independent papers?; pooling needs at least 3$/,
          );
      }
    }
  });

  it('shows every interval beside its p without contradicting it, for every question, set and design', () => {
    const designs = [{}, { [MEDMNIST_CHEST.id]: { resolution: '28 px' } }];
    for (const top1Set of ['paperEra', 'torchvision', 'timm'] as const)
      for (const design of designs)
        for (const q of EVIDENCE_QUESTIONS)
          for (const s of evidenceChart(q, { ...INPUT, top1Set, design }).sections) {
            const rows = [
              ...s.studies.flatMap((c) => [c.interval, c.bootstrap].map((i) => ({ i, p: c.p }))),
              ...s.reported.map((r) => ({ i: r.interval, p: r.p })),
            ];
            for (const { i, p } of rows)
              if (i && p >= 0.05) expect(i.lo <= 0 && i.hi >= 0, `${q} ${s.group}`).toBe(true);
          }
  });

  it('a study whose bootstrap interval would exclude 0 beside p = 0.066 shows it reaching 0', () => {
    // Top-1 ranks 1..7 against AUC ranks 2, 1, 6, 3, 4, 5, 7: ρ = 0.75, exact p = 0.066, raw
    // percentile bootstrap [0.056, 1].
    const archs = [
      'alexnet',
      'resnet18',
      'resnet34',
      'densenet121',
      'resnet50',
      'resnet101',
      'resnet152',
    ];
    const row = MEDMNIST_CHEST.results[0] as Study['results'][number];
    const study: Study = {
      ...MEDMNIST_CHEST,
      id: 'ranks',
      kind: 'imported',
      results: archs.map((arch, i) => ({
        ...row,
        arch,
        inputSize: 224,
        flags: [],
        value: 0.7 + 0.01 * ([2, 1, 6, 3, 4, 5, 7][i] ?? 0),
      })),
    };
    delete (study as { paper?: unknown }).paper;
    const c = evidenceChart('top1-vs-auc', { ...INPUT, studies: [study] });
    const r = c.sections[0]?.studies[0];
    expect(r?.p).toBeCloseTo(0.066, 3);
    expect(r?.bootstrap).toMatchObject({ lo: 0, extended: true });
  });

  it('PneumoniaMNIST’s small-n Fisher interval is marked approximate and agrees with its exact p', () => {
    const pre = evidenceChart('top1-vs-auc', INPUT).sections[0];
    const pn = pre?.studies.find((c) => c.studyId === MEDMNIST_PNEUMONIA.id);
    expect(pn).toMatchObject({ n: 7, pMethod: 'exact', approximate: true });
    expect(pn?.p).toBeLessThan(0.05);
  });

  it('CheXtransfer’s reported ρ get an interval computed from ρ and n = 16', () => {
    const pre = evidenceChart('top1-vs-auc', INPUT).sections.find((s) => s.group === 'pretrained');
    const r = pre?.reported[0];
    expect(r?.stat.value).toBe(0.06);
    expect(r?.interval?.lo).toBeCloseTo(-0.462, 3);
    expect(r?.interval?.hi).toBeCloseTo(0.551, 3);
    expect(r?.interval?.extended).toBe(false);
    const logParams = evidenceChart('params-vs-auc', INPUT).sections.flatMap((s) => s.reported);
    expect(logParams.every((x) => x.unverifiable)).toBe(true);
  });

  it('the leaderboard’s DenseNet-121 entries and Xiao’s pretraining methods stay separate points', () => {
    const c = evidenceChart('params-vs-auc', INPUT);
    const board = c.points.filter(
      (p) => p.studyId === 'chexpert-leaderboard' && p.arch === 'densenet121',
    );
    expect(board.map((p) => p.replicates)).toEqual([1, 1, 1, 1]);
    const xiao = c.points.filter(
      (p) => p.studyId === 'xiao2023-medicalmae' && p.arch === 'resnet50',
    );
    expect(xiao.map((p) => p.raw).sort()).toEqual([0.809, 0.81, 0.815]);
  });

  it('CLIP ViT-B/16 is ImageNet-pretrained at its default tag’s top-1, and the tooltip says so', () => {
    const c = evidenceChart('top1-vs-auc', INPUT);
    const clip = c.points.find(
      (p) => p.studyId === MEDMNIST_CHEST.id && p.arch === 'vit_base_patch16_clip_224',
    );
    expect(clip?.group).toBe('pretrained');
    expect(clip?.x).toBe(86.204);
    expect(clip?.xSource).toContain('vit_base_patch16_clip_224.laion2b_ft_in12k_in1k');
    expect(clip?.xSource).toContain('the default tag at the resolved library version');
    expect(clip?.paper.label).toContain('Doerrich et al. 2025');
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
    const rows = (c: typeof shown) =>
      c.sections.find((s) => s.group === 'pretrained')?.meta.rows.length ?? 0;
    expect(rows(hidden)).toBe(rows(shown) - 1);
  });
});

describe('any study in the library joins through data', () => {
  const row = MEDMNIST_CHEST.results[0];
  if (!row) throw new Error('MedMNIST+ has no results');
  // Not a MedMNIST+ study: no paper of its own declared, so it is its own paper.
  const base: Study = { ...MEDMNIST_CHEST };
  delete (base as { paper?: unknown }).paper;
  const grid: Study = {
    ...base,
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
          replicateKey: arch,
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
    expect(row).toMatchObject({ n: 5, averaged: 5, paper: { id: 'study:grid-test' } });
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
