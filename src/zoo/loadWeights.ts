/**
 * Puts timm state-dict tensors (PyTorch layout, e.g. read from a `model.safetensors`) into a model
 * from `buildModel`, through the single key mapping of `keymap.ts`.
 */
import * as tf from '@tensorflow/tfjs';
import { toTfLayout, weightRefs, type WeightRef } from './keymap.ts';
import { truncatedNodes } from './plan.ts';
import { getArch } from './registry.ts';

/** A float32 tensor as stored by PyTorch (row-major, PyTorch shape). */
export interface TorchTensor {
  readonly data: Float32Array;
  readonly shape: readonly number[];
}

/** What `assignTimmWeights` did. */
export interface AssignReport {
  /** timm keys copied into the model. */
  readonly loaded: string[];
  /** timm keys the model has but the source lacks or has with another shape (e.g. a new head). */
  readonly skipped: string[];
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((v, i) => v === b[i]);

/**
 * @param model a model from `buildModel(archId, opts)` with the same options
 * @param archId architecture id
 * @param opts the `numClasses` and `unitsRemoved` the model was built with
 * @param get the source tensor for a timm key, or undefined
 * @returns loaded and skipped keys; skipped weights keep their initial values
 */
export function assignTimmWeights(
  model: tf.LayersModel,
  archId: string,
  opts: { readonly numClasses: number; readonly unitsRemoved?: number },
  get: (timmKey: string) => TorchTensor | undefined,
): AssignReport {
  const arch = getArch(archId);
  const { nodes } = truncatedNodes(arch.plan(), opts.unitsRemoved ?? 0, opts.numClasses);
  const refs = new Map<string, WeightRef>(
    weightRefs(nodes, arch.meta.inputSize).map((r) => [`${r.layer}/${r.tfName}`, r]),
  );
  const loaded: string[] = [];
  const skipped: string[] = [];
  for (const w of model.weights) {
    const ref = refs.get(w.originalName);
    if (ref === undefined) throw new Error(`${w.originalName} is not a weight of ${archId}`);
    const src = get(ref.timmKey);
    if (src === undefined || !sameShape(src.shape, ref.torchShape)) {
      skipped.push(ref.timmKey);
      continue;
    }
    const t = tf.tensor(toTfLayout(ref.kind, src.data, ref.torchShape), ref.tfShape.slice());
    w.write(t); // the variable takes over t's data (ref-counted), so t can be disposed
    t.dispose();
    loaded.push(ref.timmKey);
  }
  return { loaded, skipped };
}
