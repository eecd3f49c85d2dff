/**
 * A LayersModel as the engine compiler's weight source (src/engine is tf-free and reads weights
 * through `EngineModelSource`). Values are copied out once, at compile time.
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
    return { data: Float32Array.from(v.read().dataSync()), shape: [...v.shape] as number[] };
  };
  return {
    archId,
    numClasses: opts.numClasses,
    ...(opts.unitsRemoved === undefined ? {} : { unitsRemoved: opts.unitsRemoved }),
    ...(opts.inputSize === undefined ? {} : { inputSize: opts.inputSize }),
    ...(opts.featuresNode === undefined ? {} : { featuresNode: opts.featuresNode }),
    weight,
  };
}
