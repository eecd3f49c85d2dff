/**
 * Design-aware grouping: the audit's cases recomputed. Only true replicates are averaged (other
 * teams' entries and other pretraining methods stay separate points); other pretraining never
 * joins the ImageNet-pretrained statistics; the top-1 on the x axis is that of the weights the
 * study used, by one rule for weights named only by architecture.
 */
import { describe, expect, it } from 'vitest';
import { ARCHITECTURES } from './architectures.ts';
import type { ChartFilters } from './chartTypes.ts';
import {
  configLabel,
  designChoiceList,
  designOf,
  factorLevels,
  parseDesignChoiceList,
  varyingFactors,
} from './design.ts';
import { DEFAULT_TAG_RULE, PUBLISHED_DESIGNS } from './designs.ts';
import { PUBLISHED_STUDIES } from './library.ts';
import { boostVsParams, filteredResults, paramsVsMetric, top1VsMetric } from './selectors.ts';
import { CHEN_2023 } from './studies/chen2023.ts';
import { CHEXPERT_LEADERBOARD } from './studies/chexpertLeaderboard.ts';
import { MEDMNIST_CHEST } from './studies/medmnistChest.ts';
import { XIAO_2023 } from './studies/xiao2023.ts';
import { OTHER_PRETRAINING_REASON } from './top1Of.ts';
import type { Study } from './types.ts';

const ALL: ChartFilters = { condition: 'both', hiddenFamilies: [], archs: [] };
const statOf = (s: ReturnType<typeof top1VsMetric>, group: string) =>
  s.stats.find((x) => x.group === group);

describe('every published study declares its design', () => {
  it.each(PUBLISHED_STUDIES.map((s) => [s.id, s] as const))(
    '%s: all five factors, and each default level exists in the data',
    (_id, study) => {
      const design = PUBLISHED_DESIGNS[study.id];
      expect(design, 'declared in designs.ts').toBeDefined();
      expect(
        designOf(study)
          .factors.map((f) => f.id)
          .sort(),
      ).toEqual(['ensemble', 'loss', 'resolution', 'scheme', 'split'].sort());
      for (const f of varyingFactors(study))
        if (f.defaultLevel !== null) expect(factorLevels(study, f)).toContain(f.defaultLevel);
    },
  );
});

describe('Xiao 2023: self-supervised and in-domain weights are other pretraining', () => {
  it('the SSL ResNet-50s are absent from the ImageNet-pretrained ρ and from the top-1 axis', () => {
    const s = top1VsMetric(XIAO_2023, ARCHITECTURES, ALL, 'paperEra');
    expect(s.points.map((p) => [p.arch, p.group])).toEqual([
      ['densenet121', 'pretrained'],
      ['vit_small_patch16_224', 'pretrained'],
    ]);
    expect(statOf(s, 'pretrained')?.x).toHaveLength(2);
    const resnet = s.excluded.filter((e) => e.arch === 'resnet50');
    // MoCo v2, BYOL and SwAV: three pretraining methods, three models, none with a top-1.
    expect(resnet).toEqual(
      Array.from({ length: 3 }, () => ({ arch: 'resnet50', reason: OTHER_PRETRAINING_REASON })),
    );
  });

  it('their x is the top-1 of the weights the study names (torchvision DenseNet, DeiT-S)', () => {
    const s = top1VsMetric(XIAO_2023, ARCHITECTURES, ALL, 'timm');
    expect(s.points.map((p) => p.x)).toEqual([74.434, 79.856]);
  });

  it('on the parameters chart the MoCo, BYOL and SwAV ResNet-50s are three points, not an average', () => {
    const s = paramsVsMetric(XIAO_2023, ARCHITECTURES, ALL);
    const resnet = s.points.filter((p) => p.arch === 'resnet50');
    expect(resnet.map((p) => [p.group, p.replicates, p.y])).toEqual([
      ['other', 1, 0.809],
      ['other', 1, 0.81],
      ['other', 1, 0.815],
    ]);
    // ImageNet MAE and X-ray MAE ViT-S are two models too.
    expect(
      s.points.filter((p) => p.arch === 'vit_small_patch16_224' && p.group === 'other'),
    ).toHaveLength(2);
    expect(s.stats.find((x) => x.group === 'pretrained')?.x).toHaveLength(2);
  });
});

describe('MedMNIST+: one point per architecture', () => {
  it('the default (224 px, end-to-end) gives one unit per architecture', () => {
    const s = top1VsMetric(MEDMNIST_CHEST, ARCHITECTURES, ALL, 'paperEra');
    const archs = s.points.map((p) => p.arch);
    expect(new Set(archs).size).toBe(archs.length);
    // Five CNNs, ViT-B/16 and CLIP ViT-B/16.
    expect(archs).toHaveLength(7);
    expect(statOf(s, 'pretrained')?.x).toHaveLength(7);
    expect(s.points.every((p) => p.config === '224 px, end-to-end' && p.replicates === 1)).toBe(
      true,
    );
    expect(configLabel(MEDMNIST_CHEST)).toBe('224 px, end-to-end');
  });

  it('x is the top-1 of timm’s default tag, not of the torchvision weights', () => {
    const s = top1VsMetric(MEDMNIST_CHEST, ARCHITECTURES, ALL, 'torchvision');
    const x = (arch: string) => s.points.find((p) => p.arch === arch)?.x;
    expect(x('resnet18')).toBe(71.504); // resnet18.a1_in1k; torchvision's is 69.758
    expect(x('densenet121')).toBe(75.574); // densenet121.ra_in1k
    expect(x('alexnet')).toBe(56.522); // torchvision AlexNet_Weights.DEFAULT, as train.py loads
  });

  it('one rule for bare names: CLIP ViT-B/16 counts at its default tag, like the in21k ViT-B/16', () => {
    const s = top1VsMetric(MEDMNIST_CHEST, ARCHITECTURES, ALL, 'paperEra');
    const vit = (arch: string) => s.points.find((p) => p.arch === arch);
    expect(vit('vit_base_patch16_224')).toMatchObject({ group: 'pretrained', x: 85.108 });
    expect(vit('vit_base_patch16_clip_224')).toMatchObject({ group: 'pretrained', x: 86.204 });
    for (const arch of ['vit_base_patch16_224', 'vit_base_patch16_clip_224'])
      expect(vit(arch)?.xSource).toContain(DEFAULT_TAG_RULE);
    // Never trained with ImageNet-1k labels: EVA-02 CLIP, SAM and DINO stay other pretraining.
    expect(s.excluded.map((e) => e.arch).sort()).toEqual([
      'eva02_base_patch16_clip_224',
      'samvit_base_patch16',
      'vit_base_patch16_224_dino',
    ]);
  });

  it('averaging over resolutions still gives one point per architecture, and says so', () => {
    const filters = { ...ALL, design: { [MEDMNIST_CHEST.id]: { resolution: null } } };
    const units = filteredResults(MEDMNIST_CHEST, ARCHITECTURES, filters);
    const pre = units.filter((u) => u.group === 'pretrained');
    expect(pre.map((u) => u.replicates)).toEqual([4, 4, 4, 4, 4, 4, 4]);
    expect(new Set(pre.map((u) => u.result.arch)).size).toBe(pre.length);
    expect(pre[0]?.config).toBe('input resolution: all levels averaged, end-to-end');
    const vgg = MEDMNIST_CHEST.results.filter(
      (r) => r.arch === 'vgg16' && r.flags.includes('end-to-end'),
    );
    expect(pre[0]?.result.value).toBeCloseTo(vgg.reduce((a, r) => a + r.value, 0) / 4, 12);
  });

  it('choosing another level changes the points, never their number per architecture', () => {
    const probe = { [MEDMNIST_CHEST.id]: { scheme: 'linear probe', resolution: '64 px' } };
    const s = top1VsMetric(MEDMNIST_CHEST, ARCHITECTURES, { ...ALL, design: probe }, 'timm');
    expect(s.points).toHaveLength(7);
    expect(s.points.every((p) => p.config === '64 px, linear probe')).toBe(true);
  });
});

describe('Chen 2023 and the leaderboard', () => {
  it('Chen: one loss by default (weighted BCE), so 3 units, not 2 losses × 3', () => {
    const units = filteredResults(CHEN_2023, ARCHITECTURES, ALL);
    expect(units.map((u) => [u.result.arch, u.replicates])).toEqual([
      ['coatnet_0_rw_224', 1],
      ['efficientnet_b5', 1],
      ['resnet50', 1],
    ]);
    // Chen does not name its weights: no top-1 x is invented.
    expect(top1VsMetric(CHEN_2023, ARCHITECTURES, ALL, 'torchvision').points).toHaveLength(0);
  });

  it('leaderboard: four teams’ DenseNet-121 entries are four models, never averaged', () => {
    const units = filteredResults(CHEXPERT_LEADERBOARD, ARCHITECTURES, ALL);
    const dn = units.filter((u) => u.result.arch === 'densenet121');
    expect(dn.map((u) => [u.replicates, Number(u.result.value.toFixed(3))])).toEqual([
      [1, 0.853],
      [1, 0.848],
      [1, 0.76],
      [1, 0.724],
    ]);
    expect(units.some((u) => u.result.flags.includes('ensemble'))).toBe(false);
  });

  it('true replicates (a shared replicate key) are averaged; the rest stay apart', () => {
    const [a, b] = CHEXPERT_LEADERBOARD.results.filter((r) => r.arch === 'densenet121');
    if (!a || !b) throw new Error('no DenseNet-121 entries');
    const study: Study = {
      ...CHEXPERT_LEADERBOARD,
      id: 'seeds',
      results: [
        { ...a, replicateKey: 'k' },
        { ...b, replicateKey: 'k' },
        { ...b, value: 0.5 },
      ],
    };
    const units = filteredResults(study, ARCHITECTURES, ALL);
    expect(units.map((u) => [u.replicates, u.result.value])).toEqual([
      [2, (a.value + b.value) / 2],
      [1, 0.5],
    ]);
  });
});

describe('imported studies without a declared design', () => {
  const row = XIAO_2023.results[0];
  if (!row) throw new Error('Xiao 2023 has no results');
  const study: Study = {
    ...XIAO_2023,
    id: 'imported-x',
    kind: 'imported',
    results: [
      { ...row, arch: 'resnet18', pretrained: true, inputSize: 128, flags: [] },
      { ...row, arch: 'resnet18', pretrained: false, inputSize: 128, flags: [] },
      { ...row, arch: 'resnet18', pretrained: true, inputSize: 224, flags: [] },
      { ...row, arch: 'resnet18', pretrained: false, inputSize: 64, flags: [] },
    ],
  };

  it('average replicates by default and pair the boost only at the same level', () => {
    expect(configLabel(study)).toBe('input resolution: all levels averaged');
    expect(filteredResults(study, ARCHITECTURES, ALL).map((u) => u.replicates)).toEqual([2, 2]);
    const boost = boostVsParams(study, ARCHITECTURES, ALL);
    expect(boost.points).toHaveLength(1);
    expect(boost.points[0]?.replicates).toBe(1); // only 128 px has both
  });
});

describe('design choices in links', () => {
  it('round-trip, with * for "average" and malformed entries skipped', () => {
    const choices = { a: { resolution: null, scheme: 'linear probe' }, b: { loss: 'x|y' } };
    const list = designChoiceList(choices);
    expect(list).toEqual(['a|resolution|*', 'a|scheme|linear probe', 'b|loss|x|y']);
    expect(parseDesignChoiceList([...list, 'bad', 'a|colour|red', 'a|split|'])).toEqual(choices);
  });
});
