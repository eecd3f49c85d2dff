import { describe, expect, it } from 'vitest';
import { DEFAULT_AUGMENT } from '../../data/augment.ts';
import type { TrainConfig, TrainDataset, TrainResult } from '../../worker/protocol.ts';
import { toRunRecord } from './runRecord.ts';

const config = (dataset: TrainDataset): TrainConfig => ({
  arch: 'resnet18',
  weights: 'imagenet',
  unitsRemoved: 3,
  inputSize: 64,
  batchSize: 16,
  epochs: 3,
  learningRate: 1e-4,
  policy: 'U-Zeros',
  augment: DEFAULT_AUGMENT,
  dataset,
  seed: 7,
});

const result = (dataset: TrainDataset, patch: Partial<TrainResult> = {}): TrainResult => ({
  runId: 'run-abc-1',
  modelId: 'trained-run-abc-1',
  config: config(dataset),
  perTaskAuc: [
    { task: 'Atelectasis', auc: 0.71, positives: 4, negatives: 12 },
    { task: 'Edema', auc: null, positives: 0, negatives: 16, note: 'no positives' },
  ],
  meanAuc: 0.71,
  epochsDone: 2,
  history: [
    {
      epoch: 1,
      trainLoss: 0.6,
      validationLoss: 0.7,
      perTaskAuc: [],
      meanAuc: 0.6,
      imagesPerSecond: 10,
      durationMs: 5,
    },
    {
      epoch: 2,
      trainLoss: 0.5,
      validationLoss: 0.65,
      perTaskAuc: [],
      meanAuc: 0.71,
      imagesPerSecond: 11,
      durationMs: 5,
    },
  ],
  backend: 'webgl',
  durationMs: 1234,
  params: 98765,
  stopped: true,
  skipped: [],
  backendChanges: [],
  ...patch,
});

const finishedAt = new Date('2026-01-02T03:04:05Z');

describe('toRunRecord', () => {
  it('copies the configuration, AUCs and history of a synthetic run and says "synthetic"', () => {
    const synthetic: TrainDataset = { kind: 'synthetic', size: 32, validationSize: 16, seed: 7 };
    const r = toRunRecord(result(synthetic), {
      trainImages: 32,
      validationImages: 16,
      finishedAt,
    });
    expect(r).toMatchObject({
      id: 'run-abc-1',
      finishedAt: '2026-01-02T03:04:05.000Z',
      arch: 'resnet18',
      pretrained: true,
      unitsRemoved: 3,
      inputSize: 64,
      params: 98765,
      epochs: 2,
      batchSize: 16,
      learningRate: 1e-4,
      policy: 'U-Zeros',
      meanAuc: 0.71,
      perTaskAuc: { Atelectasis: 0.71, Edema: null },
      backend: 'webgl',
      durationMs: 1234,
      stopped: true,
      modelId: 'trained-run-abc-1',
    });
    expect(r.dataset.kind).toBe('synthetic');
    expect(r.dataset.label).toContain('synthetic');
    expect([r.dataset.trainImages, r.dataset.validationImages]).toEqual([32, 16]);
    expect(r.history.map((h) => [h.epoch, h.trainLoss, h.validationLoss, h.meanAuc])).toEqual([
      [1, 0.6, 0.7, 0.6],
      [2, 0.5, 0.65, 0.71],
    ]);
  });

  it('names a CheXpert-format or NIH run without any file name, and omits an empty model id', () => {
    const file = new File(['x'], 'patient00001_secret.png');
    const chexpert: TrainDataset = {
      kind: 'chexpert',
      files: [file],
      frontalOnly: true,
      subsetSize: 100,
      seed: 1,
    };
    const ctx = { trainImages: 90, validationImages: 10, finishedAt };
    const r = toRunRecord(result(chexpert, { modelId: '' }), { ...ctx, format: 'chexpert' });
    expect(r.dataset.kind).toBe('chexpert');
    expect(r.dataset.label).not.toContain('secret');
    expect(r.dataset.label).toContain('frontal only');
    expect(r.dataset.label).toContain('10 validation images');
    expect('modelId' in r).toBe(false);
    expect(toRunRecord(result(chexpert), { ...ctx, format: 'nih' }).dataset.kind).toBe('nih');
  });
});
