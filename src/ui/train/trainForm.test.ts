import { describe, expect, it } from 'vitest';
import { NO_AUGMENT } from '../../data/augment.ts';
import { TRAIN_PRESETS } from '../../data/trainDefaults.ts';
import { ARCH_IDS } from '../../zoo/catalog.ts';
import { countTruncated } from '../../zoo/analytic.ts';
import { labNumbers } from '../lab/labNumbers.ts';
import { applyPreset, maxUnitsRemoved, validateForm, type ChexpertSource } from './trainForm.ts';

const quick = applyPreset('resnet18', 'quick');

describe('presets', () => {
  it.each(ARCH_IDS)(
    '%s: the quick preset truncates, the paper-like one keeps the full model',
    (arch) => {
      const q = applyPreset(arch, 'quick');
      const p = applyPreset(arch, 'paper');
      expect(p.unitsRemoved).toBe(0);
      expect(q.unitsRemoved).toBeGreaterThan(0);
      expect(q.unitsRemoved).toBeLessThanOrEqual(maxUnitsRemoved(arch));
      const params = (k: number): number =>
        countTruncated(arch, { unitsRemoved: k, numClasses: 5 }).trainable;
      expect(params(q.unitsRemoved)).toBeLessThan(params(0));
      expect(q.inputSize).toBe(TRAIN_PRESETS.quick.inputSize);
      expect(p.inputSize).toBe(320);
      expect(labNumbers(arch).depths.length - q.unitsRemoved).toBe(TRAIN_PRESETS.quick.keepUnits);
      expect([q.augmentOn, p.augmentOn]).toEqual([
        TRAIN_PRESETS.quick.augment,
        TRAIN_PRESETS.paper.augment,
      ]);
      expect(validateForm(q, null, false).request).not.toBeNull();
    },
  );

  it('keeps the data choice, policy, backend and seed of the form it replaces', () => {
    const custom = { ...quick, policy: 'ignore' as const, backend: 'webgl' as const, seed: 9 };
    const p = applyPreset('densenet121', 'paper', custom);
    expect([p.policy, p.backend, p.seed, p.arch]).toEqual(['ignore', 'webgl', 9, 'densenet121']);
  });
});

describe('validateForm', () => {
  it('turns a valid synthetic form into the request the worker takes', () => {
    const { errors, request } = validateForm({ ...quick, augmentOn: false }, null, false);
    expect(errors).toEqual({});
    expect(request).toMatchObject({
      arch: 'resnet18',
      weights: 'random',
      unitsRemoved: quick.unitsRemoved,
      inputSize: TRAIN_PRESETS.quick.inputSize,
      dataset: { kind: 'synthetic', size: quick.synthetic.size, seed: quick.seed },
      augment: NO_AUGMENT,
    });
  });

  it.each([
    ['inputSize', { inputSize: 8 }],
    ['inputSize', { inputSize: 64.5 }],
    ['batchSize', { batchSize: 0 }],
    ['epochs', { epochs: NaN }],
    ['learningRate', { learningRate: 0 }],
    ['learningRate', { learningRate: -1e-3 }],
    ['seed', { seed: -1 }],
    ['unitsRemoved', { unitsRemoved: -1 }],
  ] as const)('reports %s for %o and gives no request', (field, patch) => {
    const { errors, request } = validateForm({ ...quick, ...patch }, null, false);
    expect(Object.keys(errors)).toEqual([field]);
    expect(request).toBeNull();
  });

  it('refuses more units removed than the architecture has (one unit is always kept)', () => {
    const units = labNumbers('resnet18').depths.length;
    expect(
      validateForm({ ...quick, unitsRemoved: units }, null, false).errors.unitsRemoved,
    ).toMatch(`0 to ${units - 1}`);
  });

  it('refuses an ImageNet run until the weights are loaded', () => {
    const form = { ...quick, weights: 'imagenet' as const };
    expect(validateForm(form, null, false).errors.weights).toMatch(/not loaded/);
    expect(validateForm(form, null, true).request?.weights).toBe('imagenet');
  });

  it('asks for data before a CheXpert-format run and builds the dataset from a picked zip', () => {
    const form = {
      ...quick,
      data: 'chexpert' as const,
      chexpert: { frontalOnly: true, subsetSize: 0, validationFraction: 0.2, inMemory: false },
    };
    expect(validateForm(form, null, false).errors.data).toMatch(/Pick/);
    const zip = new Blob(['PK']);
    const source: ChexpertSource = { kind: 'zip', zip, label: 'zip "x.zip"' };
    const dataset = validateForm(form, source, false).request?.dataset;
    expect(dataset).toEqual({
      kind: 'chexpert',
      zip,
      frontalOnly: true,
      validationFraction: 0.2,
      seed: quick.seed,
    });
    const bad = { ...form, chexpert: { ...form.chexpert, validationFraction: 1 } };
    expect(validateForm(bad, source, false).errors.validationFraction).toBeDefined();
  });
});
