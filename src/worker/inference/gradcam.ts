/**
 * Grad-CAM (Selvaraju et al., ICCV 2017, arXiv:1610.02391) on the last kept unit of a (truncated)
 * zoo model: for task k, channel weights α_kc = mean over (i, j) of ∂y_k/∂A_ijc, and
 * CAM_k = ReLU(Σ_c α_kc A_c), upsampled to the crop and scaled to [0, 1].
 *
 * Why not autodiff through the model: the WASM backend (our inference default) has no convolution
 * gradients, and none are needed. Every zoo head starts with global average pooling, so the
 * feature map A reaches the logits only through p = GAP(A), and ∂y_k/∂A_ijc = (1/HW)·∂y_k/∂p_c at
 * every position. Hence α_kc = (1/HW)·∂y_k/∂p_c, the spatial mean collapsing to one vector.
 * - Head GAP → Dense (every truncated model, and most full ones): y = pW + b, so ∂y_k/∂p = W[:, k]
 *   and α = W / HW exactly, with no gradient machinery at all (the CAM of Zhou et al. 2016).
 * - Head GAP → 1×1 conv → activation → flatten → Dense (full MobileNetV3): the 1×1 conv on a
 *   1×1 map is a matrix product, so the head is rewritten with matMul and differentiated with
 *   tf.grad on the pooled vector: only matMul/activation gradients, which every backend has.
 * `channelWeightsAutodiff` differentiates the real layers w.r.t. the feature map (conv-free too,
 * but it is the reference the tests compare against on the CPU backend).
 */
import * as tf from '@tensorflow/tfjs';

/** The layers from the last kept unit (exclusive) to the logits (inclusive), and their kind. */
export interface CamHead {
  readonly camLayer: string;
  readonly chain: readonly tf.layers.Layer[];
  /** 'gap-dense': α = W / HW analytically; 'gap-mlp': tf.grad on the pooled vector. */
  readonly kind: 'gap-dense' | 'gap-mlp';
}

const RESHAPES = new Set(['Reshape', 'Flatten']);
const ACTIVATIONS = new Set(['Activation', 'PtHardSwish', 'PtHardSigmoid']);

/**
 * Walks back from the model's (first) output to `camLayer` and checks the head is one we can
 * differentiate without convolution gradients.
 * @param model a zoo model (or its Grad-CAM view; both end at the same logits)
 * @param camLayer the last kept unit's layer name
 * @returns the head chain, in forward order
 */
export function analyseHead(model: tf.LayersModel, camLayer: string): CamHead {
  if (!model.layers.some((l) => l.name === camLayer)) {
    throw new Error(`Grad-CAM: the model has no layer ${camLayer}`);
  }
  const chain: tf.layers.Layer[] = [];
  let t = model.outputs.at(-1);
  while (t !== undefined && t.sourceLayer.name !== camLayer) {
    chain.unshift(t.sourceLayer);
    if (t.inputs.length !== 1) throw new Error(`Grad-CAM: head layer ${t.sourceLayer.name} merges`);
    t = t.inputs[0];
  }
  if (t === undefined) throw new Error(`Grad-CAM: ${camLayer} does not feed the logits`);
  const kinds = chain.map((l) => l.getClassName());
  if (kinds[0] !== 'GlobalAveragePooling2D' || kinds.at(-1) !== 'Dense') {
    throw new Error(`Grad-CAM needs a GAP … Dense head, got ${kinds.join(' → ')}`);
  }
  for (const layer of chain.slice(1, -1)) checkMiddleLayer(layer);
  return { camLayer, chain, kind: chain.length === 2 ? 'gap-dense' : 'gap-mlp' };
}

function checkMiddleLayer(layer: tf.layers.Layer): void {
  const kind = layer.getClassName();
  if (RESHAPES.has(kind) || ACTIVATIONS.has(kind) || kind === 'Dense') return;
  const size = (layer.getConfig()['kernelSize'] as number[] | undefined) ?? [];
  if (kind === 'Conv2D' && size.every((s) => s === 1)) return; // on a 1×1 map: a matMul
  throw new Error(`Grad-CAM: unsupported head layer ${layer.name} (${kind})`);
}

/** y = x·W + b for a Dense or 1×1 Conv2D layer applied to a [1, C] vector. */
function affine(layer: tf.layers.Layer, x: tf.Tensor2D): tf.Tensor2D {
  const [kernel, bias] = layer.getWeights();
  if (kernel === undefined) throw new Error(`${layer.name} has no kernel`);
  const w = kernel.reshape([x.shape[1], -1]) as tf.Tensor2D;
  const y: tf.Tensor2D = tf.matMul(x, w);
  const activation = layer.getConfig()['activation'];
  if (activation !== undefined && activation !== 'linear') {
    throw new Error(`${layer.name}: fused activation ${String(activation)} is not supported`);
  }
  return bias === undefined ? y : (tf.add(y, bias) as tf.Tensor2D);
}

/** The head after GAP as a function of the pooled vector, with convolutions as matMuls. */
function headAfterPool(head: CamHead, pooled: tf.Tensor2D): tf.Tensor2D {
  let x = pooled;
  for (const layer of head.chain.slice(1)) {
    const kind = layer.getClassName();
    if (RESHAPES.has(kind)) continue; // [1, C] already; reshape/flatten of a 1×1 map is identity
    x = ACTIVATIONS.has(kind) ? (layer.apply(x) as tf.Tensor2D) : affine(layer, x);
  }
  return x;
}

/**
 * Grad-CAM channel weights for every task at once, without convolution gradients.
 * @param head from `analyseHead`
 * @param features the last kept unit's output, [1, h, w, C]
 * @returns α as [C, K]: column k is mean_ij ∂y_k/∂A_ij (caller disposes; use inside tf.tidy)
 */
export function channelWeights(head: CamHead, features: tf.Tensor4D): tf.Tensor2D {
  const [, h, w, c] = features.shape;
  const area = h * w;
  if (head.kind === 'gap-dense') {
    const dense = head.chain[1];
    if (dense === undefined) throw new Error('unreachable: gap-dense has two layers');
    const [kernel] = dense.getWeights();
    if (kernel === undefined) throw new Error(`${dense.name} has no kernel`);
    return tf.div(kernel, area) as tf.Tensor2D;
  }
  return tf.tidy(() => {
    const pooled = tf.mean(features, [1, 2]).reshape([1, c]) as tf.Tensor2D;
    const k = headAfterPool(head, pooled).shape[1];
    const columns: tf.Tensor[] = [];
    for (let i = 0; i < k; i++) {
      const grad = tf.grad((p: tf.Tensor) =>
        tf.sum(tf.slice(headAfterPool(head, p as tf.Tensor2D), [0, i], [1, 1])),
      );
      columns.push(grad(pooled).reshape([c]));
    }
    return tf.div(tf.stack(columns, 1), area) as tf.Tensor2D;
  });
}

/**
 * Reference: autodiff through the real head layers w.r.t. the feature map, then the spatial mean
 * (Grad-CAM as published). Needs the gradients of every head layer on the active backend.
 * @param head from `analyseHead`
 * @param features the last kept unit's output, [1, h, w, C]
 * @returns α as [C, K]
 */
export function channelWeightsAutodiff(head: CamHead, features: tf.Tensor4D): tf.Tensor2D {
  const input = tf.input({ shape: features.shape.slice(1) });
  let x: tf.SymbolicTensor = input;
  for (const layer of head.chain) x = layer.apply(x) as tf.SymbolicTensor;
  const headModel = tf.model({ inputs: input, outputs: x });
  return tf.tidy(() => {
    const k = (headModel.predict(features) as tf.Tensor).shape[1] ?? 0;
    const columns: tf.Tensor[] = [];
    for (let i = 0; i < k; i++) {
      const grad = tf.grad((a: tf.Tensor) =>
        tf.sum(tf.slice(headModel.apply(a) as tf.Tensor, [0, i], [1, 1])),
      );
      columns.push(tf.mean(grad(features), [0, 1, 2]));
    }
    return tf.stack(columns, 1) as tf.Tensor2D;
  });
}

/**
 * CAM_k = ReLU(Σ_c α_kc A_c), bilinearly upsampled to `size` (half-pixel centres, as
 * torch.nn.functional.interpolate with align_corners=False) and divided by its maximum, so the
 * strongest positive evidence is 1 and "no positive evidence anywhere" stays all zeros.
 * @param features [1, h, w, C]
 * @param weights α, [C, K]
 * @param size side of the output maps (the model's crop)
 * @returns [K, size, size] in [0, 1]
 */
export function gradCamMaps(
  features: tf.Tensor4D,
  weights: tf.Tensor2D,
  size: number,
): tf.Tensor3D {
  return tf.tidy(() => {
    const [, h, w, c] = features.shape;
    const k = weights.shape[1];
    const cam = tf.relu(tf.matMul(features.reshape([h * w, c]), weights)).reshape([1, h, w, k]);
    const up = tf.image.resizeBilinear(cam as tf.Tensor4D, [size, size], false, true);
    const peak = tf.max(up, [0, 1, 2]); // [K]
    // 0 / tiny = 0: a map with no positive evidence stays zero instead of becoming NaN.
    const scaled = tf.div(up, tf.maximum(peak, 1e-12));
    return tf.clipByValue(scaled, 0, 1).reshape([size, size, k]).transpose([2, 0, 1]);
  });
}

/**
 * @param layer the Grad-CAM target layer
 * @returns the label the UI shows next to a saliency map
 */
export function gradCamLabel(layer: string): string {
  return `Grad-CAM (Selvaraju et al. 2017) on ${layer}`;
}
