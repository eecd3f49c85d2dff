/**
 * Fills a training request in from the defaults (data in src/data/trainDefaults.ts, shared with
 * the Train panel) and checks it.
 */
import { DEFAULT_AUGMENT } from '../../data/augment.ts';
import { TRAIN_DEFAULTS } from '../../data/trainDefaults.ts';
import { isArchId } from '../../zoo/catalog.ts';
import type { TrainConfig, TrainRequest } from '../protocol.ts';

export { TRAIN_DEFAULTS };

/**
 * @param request the caller's partial configuration
 * @returns a complete configuration, or a message saying what is wrong
 */
export function resolveTrainConfig(request: TrainRequest): TrainConfig | string {
  if (!isArchId(request.arch)) return `Unknown architecture "${request.arch}".`;
  const weights = request.weights ?? TRAIN_DEFAULTS.weights;
  const config: TrainConfig = {
    arch: request.arch,
    weights,
    unitsRemoved: request.unitsRemoved ?? TRAIN_DEFAULTS.unitsRemoved,
    inputSize: request.inputSize ?? TRAIN_DEFAULTS.inputSize[request.dataset.kind],
    batchSize: request.batchSize ?? TRAIN_DEFAULTS.batchSize,
    epochs: request.epochs ?? TRAIN_DEFAULTS.epochs,
    learningRate: request.learningRate ?? TRAIN_DEFAULTS.learningRate[weights],
    policy: request.policy ?? TRAIN_DEFAULTS.policy,
    augment: request.augment ?? DEFAULT_AUGMENT,
    dataset: request.dataset,
    seed: request.seed ?? TRAIN_DEFAULTS.seed,
  };
  const positive = ['inputSize', 'batchSize', 'epochs'] as const;
  for (const key of positive) {
    if (!Number.isInteger(config[key]) || config[key] < 1)
      return `${key} must be a positive integer.`;
  }
  if (!(config.learningRate > 0)) return 'learningRate must be positive.';
  if (!Number.isInteger(config.unitsRemoved) || config.unitsRemoved < 0)
    return 'unitsRemoved must be a non-negative integer.';
  return config;
}
