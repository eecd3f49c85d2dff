/**
 * A LayersModel as the engine compiler's weight source (src/engine is tf-free and reads weights
 * through `EngineModelSource`): the engine compiles the same plan (zoo/plan.ts) the model was
 * built from and asks for each layer variable by its tfjs name, `<layer>/<tfName>` (kernel,
 * depthwise_kernel, gamma, moving_mean, ...), as zoo/fused.ts does.
 *
 * Values are read with `dataSync`, once, at compile time: the engine only compiles while the
 * active backend is the CPU or WASM one (their tensors live in ordinary memory, so the read is
 * no GPU stall), and it packs what it reads into its own memory at once.
 */
import type * as tf from '@tensorflow/tfjs';
import type { EngineModelSource, EngineWeights } from '../engine/types.ts';
import type { FusedOptions } from './fused.ts';

/**
 * @param model a model from `buildModel(archId, opts)` (weights loaded or trained)
 * @param archId its architecture
 * @param opts the classes, truncation, input size and Grad-CAM node it was built/compiled with
 * @returns the source `Engine.compile` reads
 */
export function engineSource(
  model: tf.LayersModel,
  archId: string,
  opts: FusedOptions,
): EngineModelSource {
  const weight = (layer: string, tfName: string): EngineWeights | null => {
    const l = model.layers.find((x) => x.name === layer);
    const v = l?.weights.find((w) => w.originalName === `${layer}/${tfName}`);
    if (v === undefined) return null;
    const value = v.read();
    return { data: value.dataSync() as Float32Array, shape: value.shape };
  };
  return {
    archId,
    numClasses: opts.numClasses,
    ...(opts.unitsRemoved === undefined ? {} : { unitsRemoved: opts.unitsRemoved }),
    ...(opts.inputSize === undefined ? {} : { inputSize: opts.inputSize }),
    ...(opts.featuresNode === undefined ? {} : { featuresNode: opts.featuresNode }),
    weight,
    bnEpsilon: (layer) => layerEpsilon(model, layer),
  };
}

/**
 * @param model a zoo LayersModel
 * @param layer a BatchNorm layer's name
 * @returns the epsilon it was built with, or null when it has none
 */
export function layerEpsilon(model: tf.LayersModel, layer: string): number | null {
  const eps = model.layers.find((l) => l.name === layer)?.getConfig()['epsilon'];
  return typeof eps === 'number' ? eps : null;
}
