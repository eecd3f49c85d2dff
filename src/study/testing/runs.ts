/** A run record for tests, with overrides. */
import type { RunRecord } from '../runs.ts';

/**
 * @param over fields to change
 * @returns a plausible finished synthetic run of densenet121
 */
export function makeRun(over: Partial<RunRecord> = {}): RunRecord {
  return {
    id: 'run-1',
    finishedAt: '2026-11-26T02:00:00.000Z',
    arch: 'densenet121',
    pretrained: true,
    unitsRemoved: 0,
    inputSize: 224,
    params: 6_958_981,
    epochs: 2,
    batchSize: 8,
    learningRate: 0.0001,
    policy: 'U-Ones',
    dataset: {
      kind: 'synthetic',
      label: 'synthetic phantoms (n=400, seed 1)',
      trainImages: 400,
      validationImages: 100,
    },
    meanAuc: 0.8123,
    perTaskAuc: {
      Atelectasis: 0.8,
      Cardiomegaly: 0.9,
      Consolidation: 0.75,
      Edema: 0.82,
      'Pleural Effusion': null,
    },
    history: [
      { epoch: 1, trainLoss: 0.61, validationLoss: 0.6, meanAuc: 0.7 },
      { epoch: 2, trainLoss: 0.5, validationLoss: 0.55, meanAuc: 0.8123 },
    ],
    backend: 'webgl',
    durationMs: 12_345.6,
    stopped: false,
    ...over,
  };
}
