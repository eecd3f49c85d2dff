/**
 * Inference-only fast path: compiles a built model's plan into a flat list of fused tfjs ops.
 *
 * `tf.LayersModel.predict` runs conv, BatchNorm and ReLU as three kernels, adds a `zeroPadding2d`
 * copy before every asymmetric-in-TF (stride 2) conv, and pays tf.layers' per-layer bookkeeping
 * (hundreds of layers in DenseNet/Inception). Here, reading the same `truncatedNodes` list and the
 * model's own weights:
 * - a BN whose only input is a conv (used by nothing else) is folded into that conv (`foldBatchNorm`);
 * - a following relu / relu6 / sigmoid becomes the fused conv's activation (all four tfjs backends
 *   implement these inside FusedConv2D / FusedDepthwiseConv2D; WASM runs them in XNNPACK);
 * - PyTorch's symmetric padding goes into the conv's numeric or explicit `pad` (no copy).
 * Everything else runs as the plain op tf.layers would call. Anything that cannot be fused simply
 * is not (standalone BN, swish, hard-swish, ...), so the result never depends on a pattern match.
 * Training and Grad-CAM keep using the LayersModel; this is a snapshot of its weights.
 */
import * as tf from '@tensorflow/tfjs';
import {
  activate,
  batchNormAsDepthwise,
  convPad,
  foldBatchNorm,
  isFusable,
  type Fusable,
} from './fusedOps.ts';
import { first, planReleases, run, step, type Step } from './fusedRun.ts';
import { layerEpsilon } from './engineSource.ts';
import { truncatedNodes, type PlanNode } from './plan.ts';
import { getArch } from './registry.ts';

/** What `compileFused` needs to rebuild the node list `buildModel` used. */
export interface FusedOptions {
  /** Outputs of the dense head, as given to `buildModel`. */
  readonly numClasses: number;
  /** Truncation units removed (default 0). */
  readonly unitsRemoved?: number;
  /** Square input side (default: the catalog's native size); only checked against the input. */
  readonly inputSize?: number;
  /**
   * A node whose output `predictWithFeatures` also returns (the Grad-CAM layer): nothing is
   * fused across it, so its value exists as the LayersModel computes it.
   */
  readonly featuresNode?: string;
}

/** A compiled model: predict is a pure function of its input and the compile-time weights. */
export interface FusedModel {
  /**
   * @param x NHWC batch [b, size, size, 3], preprocessed as for the LayersModel
   * @returns logits [b, numClasses]; the caller disposes them
   */
  predict(x: tf.Tensor4D): tf.Tensor2D;
  /**
   * @param x as for `predict`
   * @returns [the `featuresNode` output [b, h, w, c], logits]; the caller disposes both
   * @throws Error when compiled without `featuresNode`
   */
  predictWithFeatures(x: tf.Tensor4D): [tf.Tensor4D, tf.Tensor2D];
  /** Frees the compiled weights. */
  dispose(): void;
  /** Op count and how much was fused (for tests and benchmarks). */
  readonly stats: FusionStats;
}

/** Counts of what the compiler did. */
export interface FusionStats {
  readonly steps: number;
  readonly convs: number;
  readonly foldedBn: number;
  readonly standaloneBn: number;
  readonly fusedActs: number;
}

type ConvNode = Extract<PlanNode, { op: 'conv' }>;
type Counts = { -readonly [K in keyof FusionStats]: FusionStats[K] };

interface Ctx {
  readonly model: tf.LayersModel;
  /** Nodes whose value must exist (not folded or fused into a later op). */
  readonly keep: ReadonlySet<string>;
  readonly readers: Map<string, PlanNode[]>;
  readonly owned: tf.Tensor[];
  readonly absorbed: Set<string>;
  readonly counts: Counts;
}

/** The layer variable `<layer>/<tfName>` (tfjs names: kernel, depthwise_kernel, gamma, ...). */
function weight(ctx: Ctx, layer: string, tfName: string): tf.Tensor | null {
  const v = ctx.model.getLayer(layer).weights.find((w) => w.originalName === `${layer}/${tfName}`);
  return v === undefined ? null : v.read();
}

function need(ctx: Ctx, layer: string, tfName: string): tf.Tensor {
  const w = weight(ctx, layer, tfName);
  if (w === null) throw new Error(`fused: ${layer} has no weight ${tfName}`);
  return w;
}

/** Keeps a compile-time tensor until `dispose()`. */
function own<T extends tf.Tensor>(ctx: Ctx, t: T): T {
  ctx.owned.push(t);
  return t;
}

/** The node reading `name`, if it is the only reader and has the wanted op. */
function soleReader<O extends PlanNode['op']>(
  ctx: Ctx,
  name: string,
  op: O,
): Extract<PlanNode, { op: O }> | null {
  if (ctx.keep.has(name)) return null;
  const rs = ctx.readers.get(name) ?? [];
  const r = rs[0];
  return rs.length === 1 && r !== undefined && r.op === op
    ? (r as Extract<PlanNode, { op: O }>)
    : null;
}

/** The conv's own weights, copied so the compiled model outlives (or ignores) the LayersModel. */
function plainWeights(ctx: Ctx, conv: ConvNode): { filter: tf.Tensor4D; bias?: tf.Tensor1D } {
  const filter = tf.clone(need(ctx, conv.name, conv.depthwise ? 'depthwise_kernel' : 'kernel'));
  const b = weight(ctx, conv.name, 'bias');
  return b === null
    ? { filter: filter as tf.Tensor4D }
    : { filter: filter as tf.Tensor4D, bias: tf.clone(b) as tf.Tensor1D };
}

/** The conv's kernel and bias, with the following BN folded in when there is one. */
function convWeights(
  ctx: Ctx,
  conv: ConvNode,
  bn: Extract<PlanNode, { op: 'bn' }> | null,
): { filter: tf.Tensor4D; bias?: tf.Tensor1D } {
  if (bn === null) return plainWeights(ctx, conv);
  const kernel = need(ctx, conv.name, conv.depthwise ? 'depthwise_kernel' : 'kernel');
  const params = {
    gamma: need(ctx, bn.name, 'gamma'),
    beta: need(ctx, bn.name, 'beta'),
    mean: need(ctx, bn.name, 'moving_mean'),
    variance: need(ctx, bn.name, 'moving_variance'),
    // the layer's own epsilon: a torchvision-named file builds with torchvision's, not the plan's
    eps: layerEpsilon(ctx.model, bn.name) ?? bn.eps,
  };
  return foldBatchNorm(kernel, weight(ctx, conv.name, 'bias'), params, conv.depthwise);
}

/** conv [-> bn] [-> relu | relu6 | sigmoid] as one fused op. */
function convStep(ctx: Ctx, conv: ConvNode): Step {
  const bn = soleReader(ctx, conv.name, 'bn');
  let out = bn?.name ?? conv.name;
  const act = soleReader(ctx, out, 'act');
  let activation: Fusable | 'linear' = 'linear';
  if (act !== null && isFusable(act.fn)) {
    activation = act.fn;
    ctx.absorbed.add(act.name);
    out = act.name;
    ctx.counts.fusedActs++;
  }
  if (bn !== null) {
    ctx.absorbed.add(bn.name);
    ctx.counts.foldedBn++;
  }
  ctx.counts.convs++;
  const { filter, bias } = convWeights(ctx, conv, bn);
  own(ctx, filter);
  if (bias !== undefined) own(ctx, bias);
  const args = { filter, strides: conv.stride, activation, ...(bias ? { bias } : {}) };
  const pad = convPad(conv.kernel, conv.stride, conv.pad);
  if (!conv.depthwise) {
    return step(out, [conv.input], ([x]) => tf.fused.conv2d({ ...args, x: x as tf.Tensor4D, pad }));
  }
  // tfjs' fused depthwise conv takes no explicit padding; rectangular padding (never produced by
  // the zoo's square depthwise kernels) falls back to a zero-padding copy.
  if (typeof pad !== 'object')
    return step(out, [conv.input], ([x]) =>
      tf.fused.depthwiseConv2d({ ...args, x: x as tf.Tensor4D, pad }),
    );
  return step(out, [conv.input], ([x]) =>
    tf.fused.depthwiseConv2d({ ...args, x: tf.pad(x as tf.Tensor4D, pad), pad: 'valid' }),
  );
}

/**
 * A BN that does not follow a conv (DenseNet's pre-activation norms): a 1x1 depthwise conv with
 * bias (`batchNormAsDepthwise`), taking the following relu / relu6 / sigmoid along.
 */
function bnStep(ctx: Ctx, node: Extract<PlanNode, { op: 'bn' }>): Step {
  const [gamma, beta, mean, variance] = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map(
    (n) => need(ctx, node.name, n),
  ) as [tf.Tensor, tf.Tensor, tf.Tensor, tf.Tensor];
  const { filter, bias } = batchNormAsDepthwise({
    gamma,
    beta,
    mean,
    variance,
    eps: layerEpsilon(ctx.model, node.name) ?? node.eps,
  });
  own(ctx, filter);
  own(ctx, bias);
  ctx.counts.standaloneBn++;
  const act = soleReader(ctx, node.name, 'act');
  const activation = act !== null && isFusable(act.fn) ? act.fn : 'linear';
  if (act !== null && activation !== 'linear') {
    ctx.absorbed.add(act.name);
    ctx.counts.fusedActs++;
  }
  const out = activation === 'linear' ? node.name : (act?.name ?? node.name);
  const args = { filter, bias, strides: 1, pad: 'valid', activation } as const;
  return step(out, [node.input], (xs) =>
    tf.fused.depthwiseConv2d({ ...args, x: first(xs) as tf.Tensor4D }),
  );
}

/**
 * Pools with PyTorch's padding. Max pools pad with -inf here (tfjs' numeric pad ignores padded
 * pixels), the LayersModel with zeros: equal because every padded max-pool follows a ReLU.
 * count_include_pad avg pools divide border windows by k*k: a depthwise conv with constant
 * 1/k^2 weights and zero padding computes exactly that in one op, with no padding copy.
 */
function poolStep(ctx: Ctx, node: Extract<PlanNode, { op: 'maxPool' | 'avgPool' }>): Step {
  const { pool: k, stride, pad, name } = node;
  if (node.op === 'maxPool')
    return step(name, [node.input], (xs) =>
      tf.maxPool(first(xs) as tf.Tensor4D, k, stride, pad === 0 ? 'valid' : pad),
    );
  if (pad === 0)
    return step(name, [node.input], (xs) =>
      tf.avgPool(first(xs) as tf.Tensor4D, k, stride, 'valid'),
    );
  if (!node.countIncludePad) {
    if (stride !== 1 || 2 * pad !== k - 1)
      throw new Error(`${name}: only 'same'-like exclude-pad pools`);
    return step(name, [node.input], (xs) => tf.avgPool(first(xs) as tf.Tensor4D, k, 1, 'same'));
  }
  // Channels from the layer's static output shape (pooling keeps them), so the weights are made once.
  const c = (ctx.model.getLayer(name).outputShape as number[])[3] ?? NaN;
  const w = own(ctx, tf.fill([k, k, c, 1], 1 / (k * k)) as tf.Tensor4D);
  return step(name, [node.input], (xs) =>
    tf.depthwiseConv2d(first(xs) as tf.Tensor4D, w, stride, pad),
  );
}

/**
 * Global average pooling as a whole-map average pool: on WASM, XNNPACK's pooling measured 5-10x
 * faster than `tf.mean` over axes [1, 2] (e.g. 0.19 vs 1.9 ms on 112x112x32; EfficientNet runs one
 * per SE block); the sum is merely reassociated.
 */
function globalAvgPool(x: tf.Tensor4D, keepDims: boolean): tf.Tensor {
  const [b, h, w, c] = x.shape;
  const y = tf.avgPool(x, [h, w], 1, 'valid');
  return keepDims ? y : tf.reshape(y, [b, c]);
}

function denseStep(ctx: Ctx, node: Extract<PlanNode, { op: 'dense' }>): Step {
  const kernel = own(ctx, tf.clone(need(ctx, node.name, 'kernel'))) as tf.Tensor2D;
  const bias = own(ctx, tf.clone(need(ctx, node.name, 'bias')));
  return step(node.name, [node.input], (xs) =>
    tf.fused.matMul({ a: first(xs) as tf.Tensor2D, b: kernel, bias }),
  );
}

function nodeStep(ctx: Ctx, node: Exclude<PlanNode, { op: 'input' }>): Step {
  const name = node.name;
  switch (node.op) {
    case 'conv':
      return convStep(ctx, node);
    case 'bn':
      return bnStep(ctx, node);
    case 'act':
      return step(name, [node.input], (xs) => activate(node.fn, first(xs)));
    case 'maxPool':
    case 'avgPool':
      return poolStep(ctx, node);
    case 'add':
      return step(name, node.inputs, (xs) =>
        xs.length === 2 ? tf.add(first(xs), xs[1] as tf.Tensor) : tf.addN(xs),
      );
    case 'concat':
      return step(name, node.inputs, (xs) => tf.concat(xs, -1));
    case 'mul': // SE gate [b, 1, 1, C] broadcast over the feature map
      return step(name, node.inputs, (xs) => tf.mul(first(xs), xs[1] as tf.Tensor));
    case 'gap':
      return step(name, [node.input], (xs) =>
        globalAvgPool(first(xs) as tf.Tensor4D, node.keepDims),
      );
    case 'flatten':
      return step(name, [node.input], (xs) =>
        tf.reshape(first(xs), [first(xs).shape[0] ?? -1, -1]),
      );
    case 'dense':
      return denseStep(ctx, node);
  }
}

/**
 * Compiles a model from `buildModel(archId, opts)` into fused ops over a copy of its weights.
 * @param model the LayersModel built from the same arch and options (its weights are read here,
 *   once; later changes to it do not reach the compiled model)
 * @param archId architecture id
 * @param opts the classes and truncation the model was built with
 * @returns the compiled model; call `dispose()` when done
 */
export function compileFused(
  model: tf.LayersModel,
  archId: string,
  opts: FusedOptions,
): FusedModel {
  const arch = getArch(archId);
  const inputSize = opts.inputSize ?? arch.meta.inputSize;
  const channels = model.inputs[0]?.shape[3] ?? 3;
  const { nodes } = truncatedNodes(arch.plan(), opts.unitsRemoved ?? 0, opts.numClasses);
  const cam = opts.featuresNode;
  if (cam !== undefined && !nodes.some((n) => n.name === cam))
    throw new Error(`fused: ${archId} has no node ${cam}`);
  const readers = new Map<string, PlanNode[]>();
  for (const node of nodes) {
    const ins = 'inputs' in node ? node.inputs : 'input' in node ? [node.input] : [];
    for (const i of ins) readers.set(i, [...(readers.get(i) ?? []), node]);
  }
  const counts: Counts = { steps: 0, convs: 0, foldedBn: 0, standaloneBn: 0, fusedActs: 0 };
  const keep = new Set(cam === undefined ? [] : [cam]);
  const ctx: Ctx = { model, keep, readers, owned: [], absorbed: new Set(), counts };
  const steps: Step[] = [];
  for (const node of nodes) {
    if (node.op !== 'input' && !ctx.absorbed.has(node.name)) steps.push(nodeStep(ctx, node));
  }
  planReleases(steps);
  counts.steps = steps.length;
  const output = steps[steps.length - 1]?.out ?? 'input';
  const shape = [inputSize, channels] as const;
  return {
    predict: (x) => run(steps, [output], x, shape)[0] as tf.Tensor2D,
    predictWithFeatures: (x) => {
      if (cam === undefined) throw new Error('fused: compiled without featuresNode');
      const [features, logits] = run(steps, [cam, output], x, shape);
      return [features as tf.Tensor4D, logits as tf.Tensor2D];
    },
    dispose: () => tf.dispose(ctx.owned.splice(0)),
    stats: { ...counts },
  };
}
