/**
 * The model a training run starts from: freshly initialised (seeded), or built for an ImageNet
 * weights file and loaded from it. The file decides the BatchNorm eps (`bnEpsilonForFile`:
 * torchvision's MobileNetV3-Large uses 1e-3), so a run fine-tunes the network the file came from.
 */
import type * as tf from '@tensorflow/tfjs';
import { buildModel } from '../../zoo/build.ts';
import { bnEpsilonForFile } from '../../zoo/weights/bnEpsilon.ts';
import { loadWeights } from '../../zoo/weights/load.ts';
import { parseSafetensors } from '../../zoo/weights/safetensors.ts';
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
  if (config.weights !== 'imagenet') return buildModel(config.arch, { ...opts, seed: config.seed });
  const bytes = weights ?? (weightsLoader ? await weightsLoader(config.arch) : null);
  if (bytes === null)
    throw new Error(
      `ImageNet weights for ${config.arch} were not supplied: load them with the weights card first.`,
    );
  const file = parseSafetensors(bytes);
  // the file's origin decides the BatchNorm eps (torchvision's MobileNetV3 uses 1e-3)
  const bnEpsilon = bnEpsilonForFile(config.arch, file);
  const model = buildModel(config.arch, { ...opts, seed: config.seed, bnEpsilon });
  try {
    loadWeights(model, config.arch, file, { ...opts, strict: false });
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}
