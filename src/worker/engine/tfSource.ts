/**
 * A tf.LayersModel seen as the engine's weight source: the engine compiles the same plan
 * (zoo/plan.ts) the model was built from and asks for each layer variable by its tfjs name,
 * `<layer>/<tfName>` (kernel, depthwise_kernel, gamma, moving_mean, ...), as zoo/fused.ts does.
 *
 * Values are read with `dataSync`: the engine only compiles while the active backend is the CPU
 * or WASM one (their tensors live in ordinary memory, so the read is a copy, not a GPU stall).
 */
import type * as tf from '@tensorflow/tfjs';
import type { EngineModelSource, EngineWeights } from './engineApi.ts';

/** What the engine needs besides the weights (the options `buildModel` was given). */
export interface SourceOptions {
  readonly numClasses: number;
  readonly unitsRemoved?: number;
  readonly inputSize?: number;
  /** The Grad-CAM layer whose output `predictWithFeatures` returns. */
  readonly featuresNode?: string;
}

/**
 * @param model the LayersModel built from `archId` with `opts`
 * @param archId architecture id (zoo/registry.ts)
 * @param opts classes, truncation, input size and the features node
 * @returns the engine's view of the model; weights are read when the engine asks
 */
export function engineSourceOf(
  model: tf.LayersModel,
  archId: string,
  opts: SourceOptions,
): EngineModelSource {
  return {
    archId,
    numClasses: opts.numClasses,
    ...(opts.unitsRemoved === undefined ? {} : { unitsRemoved: opts.unitsRemoved }),
    ...(opts.inputSize === undefined ? {} : { inputSize: opts.inputSize }),
    ...(opts.featuresNode === undefined ? {} : { featuresNode: opts.featuresNode }),
    weight: (layer, tfName) => readWeight(model, layer, tfName),
  };
}

function readWeight(model: tf.LayersModel, layer: string, tfName: string): EngineWeights | null {
  let found: tf.LayerVariable | undefined;
  try {
    found = model.getLayer(layer).weights.find((w) => w.originalName === `${layer}/${tfName}`);
  } catch {
    return null; // no such layer
  }
  if (found === undefined) return null;
  const value = found.read();
  return { data: value.dataSync() as Float32Array, shape: value.shape };
}
