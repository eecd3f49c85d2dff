/**
 * A run's model before training: built from the zoo with the run's seed, then either ImageNet
 * weights loaded into it or a saved checkpoint's weights written over it (a resumed task).
 */
import type * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../zoo/build.ts';
import { loadWeights } from '../../zoo/weights/load.ts';
import { restore, type Checkpoint } from './checkpoint.ts';
import type { TrainConfig } from '../protocol.ts';

/** Supplies ImageNet safetensors bytes for an architecture. */
export type WeightsLoader = (arch: string) => Promise<ArrayBuffer>;

let weightsLoader: WeightsLoader | null = null;

/**
 * @param loader where 'imagenet' runs get their weights when the caller passes none (null clears)
 */
export function setImagenetWeightsLoader(loader: WeightsLoader | null): void {
  weightsLoader = loader;
}

/**
 * Builds the run's model (and loads ImageNet weights for an 'imagenet' run).
 * @param config the resolved configuration
 * @param weights ImageNet bytes, else the registered loader's
 * @returns the model, ready to train
 */
export async function prepareModel(
  config: TrainConfig,
  weights?: ArrayBuffer,
): Promise<tf.LayersModel> {
  const opts = { numClasses: 5, unitsRemoved: config.unitsRemoved, inputSize: config.inputSize };
  const model = buildModel(config.arch, { ...opts, seed: config.seed });
  if (config.weights === 'imagenet') {
    try {
      const bytes = weights ?? (weightsLoader ? await weightsLoader(config.arch) : null);
      if (bytes === null)
        throw new Error(
          `ImageNet weights for ${config.arch} were not supplied: load them with the weights card first.`,
        );
      loadWeights(model, config.arch, bytes, { ...opts, strict: false });
    } catch (error) {
      model.dispose();
      throw error;
    }
  }
  return model;
}

/**
 * @param config the resolved configuration
 * @param resume the checkpoint to continue from
 * @returns the run's architecture with the checkpoint's weights
 * @throws Error when the checkpoint does not fit the architecture (the model is disposed)
 */
export function resumedModel(config: TrainConfig, resume: Checkpoint): tf.LayersModel {
  const { arch, unitsRemoved, inputSize } = config;
  const model = buildModel(arch, { numClasses: 5, unitsRemoved, inputSize, seed: config.seed });
  try {
    restore(model, resume.weights);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
