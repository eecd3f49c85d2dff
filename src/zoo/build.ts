/**
 * Plan -> `tf.LayersModel` (functional API, NHWC). The only zoo module that runs TensorFlow.js
 * besides the custom layers; everything it decides is in the plan.
 *
 * PyTorch numerics reproduced here (do not "simplify"):
 * - Symmetric padding: PyTorch pads k//2 on every side; TF 'same' with stride 2 pads only
 *   bottom/right when the total is odd, shifting the grid by a pixel. Any padded conv/pool that
 *   is not stride 1 with (k-1)/2 padding becomes `zeroPadding2d` + 'valid'.
 * - BN epsilon comes from the catalog (tfjs defaults to 1e-3; ResNet/DenseNet/timm use 1e-5).
 *   BN momentum 0.9 in Keras terms = PyTorch's momentum 0.1.
 * - Max-pool padding: PyTorch pads with -inf, we pad with 0. Exact here because every padded
 *   max-pool (ResNet `maxpool`, DenseNet `pool0`) follows a ReLU, so inputs are >= 0.
 * - Avg-pool padding: InceptionV3 (count_include_pad=True) divides border windows by k*k, i.e.
 *   zero padding + 'valid'; InceptionV4 (count_include_pad=False) is TF 'same'.
 * - hard-sigmoid / hard-swish are PyTorch's (see layers/ptActivations.ts).
 */
import * as tf from '@tensorflow/tfjs';
import { PtHardSigmoid, PtHardSwish } from './layers/ptActivations.ts';
import { truncatedNodes, type Act, type Pad2, type PlanNode } from './plan.ts';
import { getArch } from './registry.ts';

/** Options of `buildModel`. */
export interface BuildOptions {
  /** Outputs of the (new) dense head; 1000 + unitsRemoved 0 is the timm ImageNet model. */
  readonly numClasses: number;
  /** Truncation units removed from the end (default 0). */
  readonly unitsRemoved?: number;
  /** Square input side in pixels (default: the catalog's native size). */
  readonly inputSize?: number;
  /**
   * 'default' (training from scratch): conv kernels Kaiming-normal fan_out (scale 2, as timm and
   * torchvision ResNets), dense kernels U(+-1/sqrt(fan_in)) (PyTorch Linear), zero biases,
   * BN gamma 1 / beta 0. 'zeros': all-zero kernels, for fast tests.
   */
  readonly initializer?: 'default' | 'zeros';
  /** Seed for the default initializers (any integer, 0 included; see `initializerSeed`). */
  readonly seed?: number;
  /**
   * BatchNorm epsilon of every BN layer, overriding the catalog's (timm's). A file with
   * torchvision names needs torchvision's (MobileNetV3-Large: 1e-3, timm 1e-5) to reproduce
   * torchvision's outputs: `loadWeights`'s report says which (`report.bnEpsilon`).
   */
  readonly bnEpsilon?: number;
  /**
   * Input channels (default 3). 1 builds the grey-input variant TorchXRayVision trains (its
   * DenseNet's `in_channels=1`, its ResNet's 1-channel `conv1`): only the stem conv changes.
   */
  readonly inChannels?: number;
}

type Sym = tf.SymbolicTensor;

interface Ctx {
  readonly out: Map<string, Sym>;
  readonly init: InitOptions;
  index: number;
}

type Init = ReturnType<typeof tf.initializers.zeros>;

/** Layers per model stay far below this, so `initializerSeed` never repeats within a seed. */
const SEED_STRIDE = 1_000_003;

/**
 * The tfjs seed of a model's i-th initialised layer. tfjs reads a seed of 0 as "no seed" (its
 * random ops call `seed ? seed : Math.random()`), so the plain `seed + i` made seed 0 irreproducible
 * and also gave run seed s + 1 the streams of seed s shifted by one layer (replicates sharing
 * weights). Never 0 for an integer seed: |seed * SEED_STRIDE| is 0 or at least SEED_STRIDE > i + 1.
 * @param seed the run's seed (an integer)
 * @param index the layer's position among initialised layers
 * @returns a non-zero seed unique to (seed, index)
 */
export function initializerSeed(seed: number, index: number): number {
  return seed * SEED_STRIDE + index + 1;
}

function kernelInit(ctx: Ctx, kind: 'conv' | 'dense'): Init {
  if (ctx.init.initializer === 'zeros') return tf.initializers.zeros();
  const seed =
    ctx.init.seed === undefined ? undefined : initializerSeed(ctx.init.seed, ctx.index++);
  const args =
    kind === 'conv'
      ? { scale: 2, mode: 'fanOut' as const, distribution: 'normal' as const }
      : { scale: 1 / 3, mode: 'fanIn' as const, distribution: 'uniform' as const };
  return tf.initializers.varianceScaling(seed === undefined ? args : { ...args, seed });
}

const get = (ctx: Ctx, name: string): Sym => {
  const s = ctx.out.get(name);
  if (s === undefined) throw new Error(`unknown node ${name}`);
  return s;
};

const apply = (layer: tf.layers.Layer, x: Sym | Sym[]): Sym => layer.apply(x) as Sym;

/** Explicit symmetric zero padding unless the padding is zero. */
function padded(x: Sym, name: string, pad: Pad2): Sym {
  if (pad[0] === 0 && pad[1] === 0) return x;
  const padding: [[number, number], [number, number]] = [
    [pad[0], pad[0]],
    [pad[1], pad[1]],
  ];
  return apply(tf.layers.zeroPadding2d({ padding, name: `${name}.pad` }), x);
}

function actLayer(name: string, fn: Act): tf.layers.Layer {
  if (fn === 'hardSwish') return new PtHardSwish({ name });
  if (fn === 'hardSigmoid') return new PtHardSigmoid({ name });
  return tf.layers.activation({ activation: fn, name });
}

function conv(ctx: Ctx, node: Extract<PlanNode, { op: 'conv' }>): Sym {
  const { kernel, stride, pad } = node;
  // stride 1 with (k-1)/2 on each side is exactly TF 'same'; keep it a single layer there.
  const same = stride === 1 && pad[0] === (kernel[0] - 1) / 2 && pad[1] === (kernel[1] - 1) / 2;
  const x = same ? get(ctx, node.input) : padded(get(ctx, node.input), node.name, pad);
  const common = {
    name: node.name,
    kernelSize: [kernel[0], kernel[1]] as [number, number],
    strides: stride,
    padding: same ? ('same' as const) : ('valid' as const),
    useBias: node.bias,
    biasInitializer: 'zeros' as const,
  };
  if (node.depthwise) {
    return apply(
      tf.layers.depthwiseConv2d({
        ...common,
        depthMultiplier: 1,
        depthwiseInitializer: kernelInit(ctx, 'conv'),
      }),
      x,
    );
  }
  return apply(
    tf.layers.conv2d({
      ...common,
      filters: node.filters,
      kernelInitializer: kernelInit(ctx, 'conv'),
    }),
    x,
  );
}

function pool(ctx: Ctx, node: Extract<PlanNode, { op: 'maxPool' | 'avgPool' }>): Sym {
  const { pool: k, stride, pad, name } = node;
  const x = get(ctx, node.input);
  const args = { poolSize: k, strides: stride, name };
  if (node.op === 'avgPool' && !node.countIncludePad && pad > 0) {
    if (stride !== 1 || 2 * pad !== k - 1)
      throw new Error(`${name}: only 'same'-like exclude-pad pools are supported`);
    return apply(tf.layers.averagePooling2d({ ...args, padding: 'same' }), x);
  }
  const input = padded(x, name, [pad, pad]);
  const layer = node.op === 'maxPool' ? tf.layers.maxPooling2d : tf.layers.averagePooling2d;
  return apply(layer({ ...args, padding: 'valid' }), input);
}

function gap(node: Extract<PlanNode, { op: 'gap' }>, x: Sym): Sym {
  if (!node.keepDims) return apply(tf.layers.globalAveragePooling2d({ name: node.name }), x);
  // tfjs 4.22's globalAveragePooling2d has no keepDims: pool, then reshape to [1, 1, C]; the
  // reshape carries the node's name so that every node's output layer is named after the node.
  const pooled = apply(tf.layers.globalAveragePooling2d({ name: `${node.name}.gap` }), x);
  const c = pooled.shape[1];
  if (c == null) throw new Error(`${node.name}: unknown channel count`);
  return apply(tf.layers.reshape({ targetShape: [1, 1, c], name: node.name }), pooled);
}

function layerFor(ctx: Ctx, node: PlanNode): Sym {
  const name = node.name;
  switch (node.op) {
    case 'input':
      throw new Error('input handled by buildModel');
    case 'conv':
      return conv(ctx, node);
    case 'bn':
      return apply(
        tf.layers.batchNormalization({
          name,
          axis: -1,
          epsilon: ctx.init.bnEpsilon ?? node.eps,
          momentum: 0.9,
        }),
        get(ctx, node.input),
      );
    case 'act':
      return apply(actLayer(name, node.fn), get(ctx, node.input));
    case 'maxPool':
    case 'avgPool':
      return pool(ctx, node);
    case 'add':
      return apply(
        tf.layers.add({ name }),
        node.inputs.map((n) => get(ctx, n)),
      );
    case 'concat':
      return apply(
        tf.layers.concatenate({ name, axis: -1 }),
        node.inputs.map((n) => get(ctx, n)),
      );
    case 'mul': // SE gate [1, 1, C] broadcast over the feature map
      return apply(
        tf.layers.multiply({ name }),
        node.inputs.map((n) => get(ctx, n)),
      );
    case 'gap':
      return gap(node, get(ctx, node.input));
    case 'flatten':
      return apply(tf.layers.flatten({ name }), get(ctx, node.input));
    case 'dense':
      return apply(
        tf.layers.dense({
          name,
          units: node.units,
          kernelInitializer: kernelInit(ctx, 'dense'),
          biasInitializer: 'zeros',
        }),
        get(ctx, node.input),
      );
  }
}

/** Initialisation options of `buildFromNodes` (with the BatchNorm epsilon override). */
export type InitOptions = Pick<BuildOptions, 'initializer' | 'seed' | 'bnEpsilon'>;

/**
 * Interprets an ordered node list (from `truncatedNodes`, or a hand-made plan in tests).
 * @param nodes plan nodes, the first being the input
 * @param inputSize square input side in pixels
 * @param init initializer choice and seed
 * @param name model name
 * @param inChannels input channels
 * @returns the model; the output is the last node's
 */
export function buildFromNodes(
  nodes: readonly PlanNode[],
  inputSize: number,
  init: InitOptions,
  name: string,
  inChannels = 3,
): tf.LayersModel {
  const input = tf.input({ shape: [inputSize, inputSize, inChannels], name: 'input' });
  const ctx: Ctx = { out: new Map([['input', input]]), init, index: 0 };
  let last: Sym = input;
  for (const node of nodes) {
    if (node.op === 'input') continue;
    last = layerFor(ctx, node);
    ctx.out.set(node.name, last);
  }
  return tf.model({ inputs: input, outputs: last, name });
}

/**
 * Builds stem + first N - k units + GAP (+ MobileNetV3's pre-logits when k = 0) + dense head.
 * Layer names are timm module paths, so `keymap.ts` maps ImageNet weights 1:1 (for k = 0 and
 * 1000 classes all of them; otherwise all but the head). Outputs are logits (no activation).
 * @param archId architecture id
 * @param opts classes, truncation, input size, initializer, seed
 * @returns the model; `model.getLayer(countTruncated(archId, opts).lastUnitLayer)` is the last
 *   kept unit (the Grad-CAM target)
 */
export function buildModel(archId: string, opts: BuildOptions): tf.LayersModel {
  const arch = getArch(archId);
  const k = opts.unitsRemoved ?? 0;
  const { nodes } = truncatedNodes(arch.plan(), k, opts.numClasses);
  const init: InitOptions = {
    ...(opts.initializer === undefined ? {} : { initializer: opts.initializer }),
    ...(opts.seed === undefined ? {} : { seed: opts.seed }),
    ...(opts.bnEpsilon === undefined ? {} : { bnEpsilon: opts.bnEpsilon }),
  };
  return buildFromNodes(
    nodes,
    opts.inputSize ?? arch.meta.inputSize,
    init,
    k === 0 ? archId : `${archId}_minus${k}`,
    opts.inChannels ?? 3,
  );
}

/**
 * A two-output view of a built model for Grad-CAM: [last kept unit's feature map, logits]. Shares
 * the model's layers and weights (disposing the view's weights would dispose the model's).
 * @param model a model from `buildModel`
 * @param layerName `countTruncated(...).lastUnitLayer` (or any unit's `outputNode`)
 * @returns model with outputs [features [1, h, w, c], logits [1, numClasses]]
 */
export function withUnitOutput(model: tf.LayersModel, layerName: string): tf.LayersModel {
  const features = model.getLayer(layerName).output as Sym;
  const logits = model.outputs[0];
  if (logits === undefined) throw new Error('model has no output');
  return tf.model({ inputs: model.inputs, outputs: [features, logits], name: `${model.name}_cam` });
}
