import { describe, expect, it } from 'vitest';
import { CHEXPERT_TASKS } from '../study/types.ts';
import {
  CHEST_MODELS,
  CHEXPERT_IN_XRV,
  chestModelFileName,
  XRV_COMMIT,
  XRV_PATHOLOGIES,
  XRV_PREPROCESS,
} from './chestCatalog.ts';
import { weightRefs } from './keymap.ts';
import { truncatedNodes } from './plan.ts';
import { getArch } from './registry.ts';

const PINNED = `https://github.com/mlmed/torchxrayvision/blob/${XRV_COMMIT}/`;

describe.each(CHEST_MODELS.map((m) => [m.id, m] as const))('%s', (_id, m) => {
  it('has every field, each fact with a commit-pinned source', () => {
    expect(Object.keys(m).sort()).toEqual(
      [
        'arch',
        'content',
        'id',
        'inChannels',
        'inputSize',
        'license',
        'opThreshs',
        'outputs',
        'sizeMb',
        'trainingData',
        'url',
      ].sort(),
    );
    for (const fact of [m.inputSize, m.outputs, m.opThreshs, m.trainingData, m.url, m.content])
      expect(fact.source.startsWith(PINNED)).toBe(true);
    expect(m.url.value).toMatch(
      /^https:\/\/github\.com\/mlmed\/torchxrayvision\/releases\/download\/v1\/[\w.-]+\.pt$/,
    );
    expect(m.id).toMatch(new RegExp(`^${m.arch}-res${m.inputSize.value}-`));
  });

  it('has 18 outputs, each a TorchXRayVision pathology or blank, with an operating point exactly where trained', () => {
    expect(m.outputs.value).toHaveLength(XRV_PATHOLOGIES.length);
    m.outputs.value.forEach((label, k) => {
      expect(['', XRV_PATHOLOGIES[k]]).toContain(label);
    });
    expect(m.opThreshs.value).toHaveLength(18);
    // blank outputs never have an operating point (the ResNet also lacks two for trained ones)
    m.outputs.value.forEach((label, k) => {
      if (label === '') expect(m.opThreshs.value[k]).toBeNull();
    });
    for (const t of m.opThreshs.value) if (t !== null) expect(t > 0 && t < 1).toBe(true);
  });

  it('states the size the zoo network recomputes (float32 tensors, 1 channel, 18 outputs)', () => {
    const arch = getArch(m.arch);
    const refs = weightRefs(truncatedNodes(arch.plan(), 0, 18).nodes, m.inputSize.value, 1);
    const floats = refs.reduce((s, r) => s + r.torchShape.reduce((a, b) => a * b, 1), 0);
    expect(m.sizeMb.value).toBeCloseTo((floats * 4) / 1e6, 1);
  });
});

describe('the catalog as a whole', () => {
  it('holds the seven DenseNet-121 res224 weight sets and the ResNet-50 res512', () => {
    expect(CHEST_MODELS.map((m) => m.id)).toEqual([
      'densenet121-res224-all',
      'densenet121-res224-nih',
      'densenet121-res224-pc',
      'densenet121-res224-chex',
      'densenet121-res224-rsna',
      'densenet121-res224-mimic_nb',
      'densenet121-res224-mimic_ch',
      'resnet50-res512-all',
    ]);
    // the RSNA model's file is the one named "kaggle"
    const rsna = CHEST_MODELS.find((m) => m.id === 'densenet121-res224-rsna');
    expect(rsna && chestModelFileName(rsna)).toMatch(/^kaggle-/);
    expect(new Set(CHEST_MODELS.map(chestModelFileName)).size).toBe(CHEST_MODELS.length);
  });

  it('maps every CheXpert task onto a TorchXRayVision label', () => {
    expect(Object.keys(CHEXPERT_IN_XRV)).toEqual([...CHEXPERT_TASKS]);
    for (const label of Object.values(CHEXPERT_IN_XRV)) expect(XRV_PATHOLOGIES).toContain(label);
  });

  it('cites its preprocessing at the same commit', () => {
    for (const step of Object.values(XRV_PREPROCESS))
      expect(step.source.startsWith(PINNED)).toBe(true);
  });
});
