/**
 * A zoo model's weights as a timm-named safetensors file (PyTorch layouts), e.g. to download a
 * trained model. `loadWeights` reads it back into a model built with the same options, and
 * `timm.create_model(arch, num_classes=N)` accepts it when nothing is truncated.
 */
import type * as tf from '@tensorflow/tfjs';
import { weightRefs, type WeightKind } from '../keymap.ts';
import { truncatedNodes } from '../plan.ts';
import { getArch } from '../registry.ts';
import { writeSafetensors, type TensorToWrite } from './safetensorsWrite.ts';

/**
 * Inverse of keymap's `toTfLayout`.
 * @param kind layer kind
 * @param data row-major data in the tf layout
 * @param torchShape the PyTorch shape to produce
 * @returns row-major data in the PyTorch layout
 */
export function fromTfLayout(
  kind: WeightKind,
  data: Float32Array,
  torchShape: readonly number[],
): Float32Array {
  if (torchShape.length === 1) return data.slice();
  const out = new Float32Array(data.length);
  if (kind === 'dense') {
    const [o = 0, i = 0] = torchShape; // tf [I, O] -> torch [O, I]
    for (let r = 0; r < o; r++) for (let c = 0; c < i; c++) out[r * i + c] = data[c * o + r] ?? 0;
    return out;
  }
  // tf [kh, kw, I, O] -> torch [O, I, kh, kw]; depthwise tf [kh, kw, C, 1] -> torch [C, 1, kh, kw]
  const [o = 0, i = 0, kh = 0, kw = 0] = torchShape;
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++) {
          const inner = kind === 'depthwise' ? a * i + b : b * o + a;
          out[((a * i + b) * kh + y) * kw + x] = data[(y * kw + x) * o * i + inner] ?? 0;
        }
  return out;
}

/**
 * @param model a model from `buildModel(archId, opts)`
 * @param archId architecture id
 * @param opts the classes and truncation it was built with
 * @returns a safetensors file with timm names (+ zero BN counters, as PyTorch state dicts have)
 *   and `__metadata__` {format: 'pt', arch, numClasses, unitsRemoved, bnEpsilon[, inChannels when
 *   not 3]}: the eps is kept so that a model fine-tuned from torchvision weights (MobileNetV3:
 *   1e-3) is rebuilt with it when loaded back (`bnEpsilonForFile`)
 */
export function saveWeights(
  model: tf.LayersModel,
  archId: string,
  opts: { readonly numClasses: number; readonly unitsRemoved?: number },
): Uint8Array {
  const arch = getArch(archId);
  const k = opts.unitsRemoved ?? 0;
  // 1 for grey-input (TorchXRayVision-style) models: only the stem conv's shape changes
  const inChannels = model.inputs[0]?.shape[3] ?? 3;
  const refs = weightRefs(
    truncatedNodes(arch.plan(), k, opts.numClasses).nodes,
    arch.meta.inputSize,
    inChannels,
  );
  const vars = new Map(model.weights.map((w) => [w.originalName, w]));
  const tensors: TensorToWrite[] = refs.map((ref) => {
    const v = vars.get(`${ref.layer}/${ref.tfName}`);
    if (v === undefined) throw new Error(`${archId}: the model has no ${ref.layer}/${ref.tfName}`);
    const data = v.read().dataSync() as Float32Array;
    return {
      name: ref.timmKey,
      shape: ref.torchShape,
      data: fromTfLayout(ref.kind, data, ref.torchShape),
    };
  });
  for (const ref of refs.filter((r) => r.kind === 'bn' && r.tfName === 'gamma'))
    tensors.push({
      name: `${ref.layer}.num_batches_tracked`,
      shape: [],
      data: new BigInt64Array(1),
    });
  const bn = model.layers.find((l) => l.getClassName() === 'BatchNormalization');
  const eps = bn?.getConfig().epsilon;
  return writeSafetensors(tensors, {
    format: 'pt',
    arch: arch.id,
    numClasses: String(opts.numClasses),
    unitsRemoved: String(k),
    ...(typeof eps === 'number' ? { bnEpsilon: String(eps) } : {}),
    ...(inChannels === 3 ? {} : { inChannels: String(inChannels) }),
  });
}
