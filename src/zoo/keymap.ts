/**
 * timm state-dict keys <-> tf.layers weights, in one table. Pure: no '@tensorflow/*'.
 *
 * A timm key is `<module path>.<param>`; the module path is the plan node's name and therefore the
 * tf layer's name, so `parseTimmKey` is the only mapping there is. Layouts (PyTorch stores
 * weights channels-first, tf.layers channels-last): conv OIHW -> HWIO, depthwise [C,1,kh,kw] -> [kh,kw,C,1],
 * linear [O,I] -> [I,O]; BN vectors unchanged. `num_batches_tracked` (int64) has no tf twin.
 */
import type { PlanNode } from './plan.ts';
import { costNodes } from './shapes.ts';

/** Which kind of tf layer holds a weight. */
export type WeightKind = 'conv' | 'depthwise' | 'bn' | 'dense';

/** PyTorch parameter/buffer name -> tf weight name, per layer kind (setWeights order). */
export const TF_WEIGHT_NAMES = {
  conv: { weight: 'kernel', bias: 'bias' },
  depthwise: { weight: 'depthwise_kernel', bias: 'bias' },
  bn: {
    weight: 'gamma',
    bias: 'beta',
    running_mean: 'moving_mean',
    running_var: 'moving_variance',
  },
  dense: { weight: 'kernel', bias: 'bias' },
} as const satisfies Record<WeightKind, Record<string, string>>;

/** One float tensor of the model, seen from both sides. */
export interface WeightRef {
  readonly timmKey: string;
  /** tf layer name (= timm module path). */
  readonly layer: string;
  /** tf weight name within the layer (`kernel`, `gamma`, ...). */
  readonly tfName: string;
  readonly kind: WeightKind;
  readonly torchShape: readonly number[];
  readonly tfShape: readonly number[];
}

/**
 * @param key a timm state-dict key, e.g. `layer1.0.bn1.running_mean`
 * @returns module path (= layer name) and PyTorch parameter name
 */
export function parseTimmKey(key: string): { layer: string; param: string } {
  const dot = key.lastIndexOf('.');
  if (dot <= 0) throw new Error(`not a module parameter key: ${key}`);
  return { layer: key.slice(0, dot), param: key.slice(dot + 1) };
}

/**
 * @param kind layer kind
 * @param torchShape PyTorch shape
 * @returns the tf.layers shape of the same tensor
 */
export function tfShapeOf(kind: WeightKind, torchShape: readonly number[]): number[] {
  const [a = 0, b = 0, c = 0, d = 0] = torchShape;
  if (torchShape.length === 1) return [a];
  if (kind === 'dense') return [b, a];
  if (kind === 'depthwise') return [c, d, a, b];
  return [c, d, b, a];
}

/**
 * Rearranges a PyTorch tensor into the tf layout (a copy).
 * @param kind layer kind
 * @param data row-major PyTorch data
 * @param torchShape its shape
 * @returns row-major data in the tf layout `tfShapeOf(kind, torchShape)`
 */
export function toTfLayout(
  kind: WeightKind,
  data: Float32Array,
  torchShape: readonly number[],
): Float32Array {
  if (torchShape.length === 1) return data.slice();
  if (kind === 'dense') {
    const [o = 0, i = 0] = torchShape;
    const out = new Float32Array(o * i);
    for (let r = 0; r < o; r++) for (let c = 0; c < i; c++) out[c * o + r] = data[r * i + c] ?? 0;
    return out;
  }
  // conv [O, I, kh, kw] -> [kh, kw, I, O]; depthwise [C, 1, kh, kw] -> [kh, kw, C, 1] is the same
  // loop with (O, I) read as (C, 1) and written as (C, 1) instead of (1, C).
  const [o = 0, i = 0, kh = 0, kw = 0] = torchShape;
  const out = new Float32Array(o * i * kh * kw);
  const depthwise = kind === 'depthwise';
  for (let a = 0; a < o; a++)
    for (let b = 0; b < i; b++)
      for (let y = 0; y < kh; y++)
        for (let x = 0; x < kw; x++) {
          const inner = depthwise ? a * i + b : b * o + a;
          out[(y * kw + x) * o * i + inner] = data[((a * i + b) * kh + y) * kw + x] ?? 0;
        }
  return out;
}

function torchShapes(node: PlanNode, cin: number, cout: number): Record<string, number[]> {
  if (node.op === 'bn')
    return { weight: [cout], bias: [cout], running_mean: [cout], running_var: [cout] };
  if (node.op === 'dense') return { weight: [cout, cin], bias: [cout] };
  if (node.op !== 'conv') return {};
  const [kh, kw] = node.kernel;
  const w = { weight: [cout, node.depthwise ? 1 : cin, kh, kw] };
  return node.bias ? { ...w, bias: [cout] } : w;
}

/**
 * Every float tensor a plan's model holds, with its timm key and both shapes.
 * @param nodes ordered plan nodes (e.g. from `truncatedNodes`)
 * @param inputSize any input size the model accepts (shapes do not depend on it)
 * @param inChannels input channels (the stem conv's in-channels)
 * @returns one entry per weight, in node order
 */
export function weightRefs(
  nodes: readonly PlanNode[],
  inputSize: number,
  inChannels = 3,
): WeightRef[] {
  const costs = costNodes(nodes, inputSize, inChannels);
  const outCh = new Map(nodes.map((n, i) => [n.name, costs[i]?.shape[2] ?? 0]));
  const refs: WeightRef[] = [];
  nodes.forEach((node, i) => {
    if (node.op !== 'conv' && node.op !== 'bn' && node.op !== 'dense') return;
    const kind: WeightKind = node.op === 'conv' ? (node.depthwise ? 'depthwise' : 'conv') : node.op;
    const cin = outCh.get(node.input) ?? 0;
    const cout = costs[i]?.shape[2] ?? 0;
    const names: Readonly<Record<string, string>> = TF_WEIGHT_NAMES[kind];
    for (const [param, torchShape] of Object.entries(torchShapes(node, cin, cout))) {
      const tfName = names[param];
      if (tfName === undefined) throw new Error(`no tf weight for ${kind}.${param}`);
      const timmKey = `${node.name}.${param}`;
      refs.push({
        timmKey,
        layer: node.name,
        tfName,
        kind,
        torchShape,
        tfShape: tfShapeOf(kind, torchShape),
      });
    }
  });
  return refs;
}
