/**
 * Shape inference and per-node costs over a plan. Pure: no '@tensorflow/*'.
 * Counting follows PyTorch: trainable = conv/dense weights and biases + BN gamma/beta;
 * BN running mean/var are the non-trainable weights tf.layers adds (2 per BN channel).
 */
import type { PlanNode } from './plan.ts';

/** [height, width, channels]; a flat vector has height = width = 1. */
export type Shape = readonly [number, number, number];

/** What one node costs. */
export interface NodeCost {
  readonly shape: Shape;
  readonly params: number;
  readonly bnCh: number;
  readonly macs: number;
}

/** PyTorch/TF 'valid' arithmetic on a symmetrically padded input (floor mode). */
const outSize = (size: number, k: number, stride: number, pad: number): number => {
  const out = Math.floor((size + 2 * pad - k) / stride) + 1;
  if (out < 1) throw new RangeError(`input too small: ${size}px through k${k} s${stride} p${pad}`);
  return out;
};

function get(shapes: ReadonlyMap<string, Shape>, name: string): Shape {
  const s = shapes.get(name);
  if (s === undefined) throw new Error(`plan refers to unknown node ${name}`);
  return s;
}

function mergeShape(
  node: PlanNode & { inputs: string[] },
  shapes: ReadonlyMap<string, Shape>,
): Shape {
  const ins = node.inputs.map((n) => get(shapes, n));
  const first = ins[0];
  if (first === undefined) throw new Error(`${node.name} has no inputs`);
  if (node.op === 'concat') return [first[0], first[1], ins.reduce((c, s) => c + s[2], 0)];
  // add: equal shapes; mul: the SE gate [1,1,C] broadcasts over the feature map.
  return ins.reduce<Shape>(
    (a, s) => [Math.max(a[0], s[0]), Math.max(a[1], s[1]), Math.max(a[2], s[2])],
    first,
  );
}

/**
 * @param node a plan node
 * @param shapes output shapes of the nodes before it
 * @returns its output shape, trainable parameters, BN channels and multiply-adds
 */
export function nodeCost(node: PlanNode, shapes: ReadonlyMap<string, Shape>): NodeCost {
  switch (node.op) {
    case 'input':
      throw new Error('the input node has no cost; seed its shape instead');
    case 'conv': {
      const [h, w, cin] = get(shapes, node.input);
      const ho = outSize(h, node.kernel[0], node.stride, node.pad[0]);
      const wo = outSize(w, node.kernel[1], node.stride, node.pad[1]);
      const cout = node.depthwise ? cin : node.filters;
      const perOut = node.kernel[0] * node.kernel[1] * (node.depthwise ? 1 : cin);
      return {
        shape: [ho, wo, cout],
        params: perOut * cout + (node.bias ? cout : 0),
        bnCh: 0,
        macs: perOut * cout * ho * wo,
      };
    }
    case 'bn': {
      const s = get(shapes, node.input);
      return { shape: s, params: 2 * s[2], bnCh: s[2], macs: 0 };
    }
    case 'maxPool':
    case 'avgPool': {
      const [h, w, c] = get(shapes, node.input);
      const shape: Shape = [
        outSize(h, node.pool, node.stride, node.pad),
        outSize(w, node.pool, node.stride, node.pad),
        c,
      ];
      return { shape, params: 0, bnCh: 0, macs: 0 };
    }
    case 'add':
    case 'concat':
    case 'mul':
      return { shape: mergeShape(node, shapes), params: 0, bnCh: 0, macs: 0 };
    case 'gap':
    case 'flatten':
      return { shape: [1, 1, get(shapes, node.input)[2]], params: 0, bnCh: 0, macs: 0 };
    case 'dense': {
      const cin = get(shapes, node.input)[2];
      return {
        shape: [1, 1, node.units],
        params: cin * node.units + node.units,
        bnCh: 0,
        macs: cin * node.units,
      };
    }
    case 'act':
      return { shape: get(shapes, node.input), params: 0, bnCh: 0, macs: 0 };
  }
}

/**
 * @param nodes ordered plan nodes, the first being the input
 * @param inputSize square input side in pixels
 * @param inChannels input channels (3 for RGB; 1 for a grey-input model such as
 *   TorchXRayVision's)
 * @returns the cost of every node, in order (the input node costs nothing)
 */
export function costNodes(
  nodes: readonly PlanNode[],
  inputSize: number,
  inChannels = 3,
): NodeCost[] {
  const shapes = new Map<string, Shape>();
  const out: NodeCost[] = [];
  for (const node of nodes) {
    const cost: NodeCost =
      node.op === 'input'
        ? { shape: [inputSize, inputSize, inChannels], params: 0, bnCh: 0, macs: 0 }
        : nodeCost(node, shapes);
    shapes.set(node.name, cost.shape);
    out.push(cost);
  }
  return out;
}
