/**
 * Plan analysis: rebuilds the node list `buildModel` used (truncatedNodes) and turns it into engine
 * ops with fused epilogues, as `src/zoo/fused.ts` does for tfjs, but with every plan activation
 * fusable (the engine's epilogues include swish and the hard ones):
 * - conv [-> BN folded] [-> act], depthwise or not; dense = 1x1 conv on a 1x1 view;
 * - a BN that follows no conv -> per-channel affine [-> act];
 * - add [-> relu]; SE's mul with a [1, 1, C] gate -> scale_channels;
 * - concat and flatten become placements (memoryPlan.ts), not ops.
 * A node named as featuresNode is never fused into a later op, so its value exists.
 * Pure: no wasm, no tf.
 */
import { truncatedNodes, type Act, type PlanNode } from '../zoo/plan.ts';
import { getArch } from '../zoo/registry.ts';
import { costNodes } from '../zoo/shapes.ts';
import { affineParams, bnAffine, foldConv, need } from './fold.ts';
import type { EngineModelSource } from './types.ts';

/** How a tensor comes to be: it decides whether it can live in a concat's channel slice. */
export type TensorKind = 'input' | 'op' | 'vector' | 'concat' | 'alias';

export interface TensorDef {
  readonly name: string;
  readonly h: number;
  readonly w: number;
  readonly c: number;
  /** 'op': written through a strided view; 'vector': written contiguously (gap, SE gate). */
  kind: TensorKind;
}

export type IrOp =
  | {
      readonly k: 'conv';
      readonly x: string;
      readonly y: string;
      readonly kh: number;
      readonly kw: number;
      readonly stride: number;
      readonly pt: number;
      readonly pl: number;
      readonly depthwise: boolean;
      /** [K][N] (HWIO flattened) or depthwise [kh][kw][c], BN folded in */
      readonly w: Float32Array;
      readonly bias: Float32Array;
      readonly act: Act | null;
    }
  | {
      readonly k: 'affine';
      readonly x: string;
      readonly y: string;
      readonly ss: Float32Array;
      readonly act: Act | null;
    }
  | { readonly k: 'act'; readonly x: string; readonly y: string; readonly act: Act }
  | {
      readonly k: 'maxPool' | 'avgPool';
      readonly x: string;
      readonly y: string;
      readonly pool: number;
      readonly stride: number;
      readonly pad: number;
      readonly countIncludePad: boolean;
    }
  | { readonly k: 'gap'; readonly x: string; readonly y: string }
  | {
      readonly k: 'add';
      readonly a: string;
      readonly b: string;
      readonly y: string;
      readonly act: Act | null;
    }
  | { readonly k: 'scale'; readonly x: string; readonly gate: string; readonly y: string }
  | { readonly k: 'concat'; readonly y: string; readonly inputs: readonly string[] }
  | { readonly k: 'alias'; readonly x: string; readonly y: string };

export interface Graph {
  readonly tensors: ReadonlyMap<string, TensorDef>;
  readonly ops: readonly IrOp[];
  readonly input: string;
  readonly output: string;
  readonly features: string | null;
  readonly inputSize: number;
  readonly inChannels: number;
  readonly numClasses: number;
}

/** Tensors an op reads (concat and alias included). */
export function opReads(op: IrOp): readonly string[] {
  switch (op.k) {
    case 'add':
      return [op.a, op.b];
    case 'scale':
      return [op.x, op.gate];
    case 'concat':
      return op.inputs;
    default:
      return [op.x];
  }
}

type Node<O extends PlanNode['op']> = Extract<PlanNode, { op: O }>;
type Merge = Extract<PlanNode, { op: 'add' | 'concat' | 'mul' }>;

interface Ctx {
  readonly src: EngineModelSource;
  readonly keep: ReadonlySet<string>;
  readonly readers: ReadonlyMap<string, readonly PlanNode[]>;
  readonly absorbed: Set<string>;
  readonly shapes: ReadonlyMap<string, readonly [number, number, number]>;
}

/** The node reading `name`, if it is the only reader, has op `op` and `name` need not exist. */
function soleReader<O extends PlanNode['op']>(ctx: Ctx, name: string, op: O): Node<O> | null {
  if (ctx.keep.has(name)) return null;
  const rs = ctx.readers.get(name) ?? [];
  const r = rs[0];
  return rs.length === 1 && r !== undefined && r.op === op ? (r as Node<O>) : null;
}

/** Takes a following activation along when `out` has it as its only reader. */
function fuseAct(ctx: Ctx, out: string, only?: Act): { out: string; act: Act | null } {
  const a = soleReader(ctx, out, 'act');
  if (a === null || (only !== undefined && a.fn !== only)) return { out, act: null };
  ctx.absorbed.add(a.name);
  return { out: a.name, act: a.fn };
}

function shapeOf(ctx: Ctx, name: string): readonly [number, number, number] {
  const s = ctx.shapes.get(name);
  if (s === undefined) throw new Error(`engine: no shape for ${name}`);
  return s;
}

function convOp(ctx: Ctx, node: Node<'conv'>): IrOp {
  const bnNode = soleReader(ctx, node.name, 'bn');
  if (bnNode !== null) ctx.absorbed.add(bnNode.name);
  const { out, act } = fuseAct(ctx, bnNode?.name ?? node.name);
  const kernel = need(ctx.src, node.name, node.depthwise ? 'depthwise_kernel' : 'kernel');
  const n = node.depthwise ? shapeOf(ctx, node.input)[2] : node.filters;
  const bn = bnNode === null ? null : bnAffine(ctx.src, bnNode.name, bnNode.eps);
  const { w, bias } = foldConv(kernel.data, ctx.src.weight(node.name, 'bias')?.data ?? null, bn, n);
  const [kh, kw] = node.kernel;
  if (w.length !== kh * kw * n * (node.depthwise ? 1 : shapeOf(ctx, node.input)[2]))
    throw new Error(
      `engine: ${node.name} kernel shape ${kernel.shape.join('x')} is not the plan's`,
    );
  const [pt, pl] = node.pad;
  const base = { x: node.input, y: out, kh, kw, stride: node.stride, pt, pl, w, bias, act };
  return { k: 'conv', ...base, depthwise: node.depthwise };
}

function denseOp(ctx: Ctx, node: Node<'dense'>): IrOp {
  const kernel = need(ctx.src, node.name, 'kernel').data;
  const { w, bias } = foldConv(kernel, need(ctx.src, node.name, 'bias').data, null, node.units);
  const base = { x: node.input, y: node.name, kh: 1, kw: 1, stride: 1, pt: 0, pl: 0, w, bias };
  return { k: 'conv', ...base, depthwise: false, act: null };
}

function nodeOp(ctx: Ctx, node: Exclude<PlanNode, { op: 'input' }>): IrOp {
  switch (node.op) {
    case 'conv':
      return convOp(ctx, node);
    case 'dense':
      return denseOp(ctx, node);
    case 'bn': {
      const ss = affineParams(bnAffine(ctx.src, node.name, node.eps));
      const { out, act } = fuseAct(ctx, node.name);
      return { k: 'affine', x: node.input, y: out, ss, act };
    }
    case 'act':
      return { k: 'act', x: node.input, y: node.name, act: node.fn };
    case 'maxPool':
    case 'avgPool': {
      const { pool, stride, pad, countIncludePad } = node;
      return { k: node.op, x: node.input, y: node.name, pool, stride, pad, countIncludePad };
    }
    case 'gap':
      return { k: 'gap', x: node.input, y: node.name };
    case 'flatten':
      return { k: 'alias', x: node.input, y: node.name };
    case 'concat':
      return { k: 'concat', y: node.name, inputs: node.inputs };
    case 'add':
      return addOp(ctx, node);
    case 'mul': {
      // SE: blocks.ts merges [feature map, gate]; the gate is [1, 1, C].
      const [x, gate] = node.inputs;
      if (node.inputs.length !== 2 || x === undefined || gate === undefined)
        throw new Error(`engine: ${node.name}: mul of ${node.inputs.length} inputs`);
      const g = shapeOf(ctx, gate);
      if (g[0] !== 1 || g[1] !== 1) throw new Error(`engine: ${node.name}: gate is not [1, 1, C]`);
      return { k: 'scale', x, gate, y: node.name };
    }
  }
}

function addOp(ctx: Ctx, node: Merge): IrOp {
  const [a, b] = node.inputs;
  if (node.inputs.length !== 2 || a === undefined || b === undefined)
    throw new Error(`engine: ${node.name}: add of ${node.inputs.length} inputs`);
  const { out, act } = fuseAct(ctx, node.name, 'relu');
  return { k: 'add', a, b, y: out, act };
}

/** The input channels, from the stem conv's kernel (TorchXRayVision's models take 1). */
function inChannels(src: EngineModelSource, nodes: readonly PlanNode[]): number {
  const stem = nodes.find((n) => n.op === 'conv' && n.input === 'input');
  if (stem === undefined || stem.op !== 'conv') throw new Error('engine: no stem conv');
  const k = need(src, stem.name, stem.depthwise ? 'depthwise_kernel' : 'kernel');
  return stem.depthwise ? (k.shape[2] ?? 3) : (k.shape[2] ?? 3);
}

function readersOf(nodes: readonly PlanNode[]): Map<string, PlanNode[]> {
  const readers = new Map<string, PlanNode[]>();
  for (const node of nodes) {
    const ins = 'inputs' in node ? node.inputs : 'input' in node ? [node.input] : [];
    for (const i of ins) readers.set(i, [...(readers.get(i) ?? []), node]);
  }
  return readers;
}

/**
 * @param src arch, options and weights
 * @returns the engine ops in execution order with every tensor's shape
 */
export function buildGraph(src: EngineModelSource): Graph {
  const arch = getArch(src.archId);
  const inputSize = src.inputSize ?? arch.meta.inputSize;
  const { nodes } = truncatedNodes(arch.plan(), src.unitsRemoved ?? 0, src.numClasses);
  const cam = src.featuresNode ?? null;
  if (cam !== null && !nodes.some((n) => n.name === cam))
    throw new Error(`engine: ${src.archId} has no node ${cam}`);
  const cin = inChannels(src, nodes);
  const costs = costNodes(nodes, inputSize, cin);
  const shapes = new Map<string, readonly [number, number, number]>();
  nodes.forEach((n, i) => shapes.set(n.name, costs[i]?.shape ?? [0, 0, 0]));
  const keep = new Set(cam === null ? [] : [cam]);
  const ctx: Ctx = { src, keep, readers: readersOf(nodes), absorbed: new Set(), shapes };
  const ops: IrOp[] = [];
  const tensors = new Map<string, TensorDef>();
  const def = (name: string, kind: TensorKind): void => {
    const [h, w, c] = shapeOf(ctx, name);
    tensors.set(name, { name, h, w, c, kind });
  };
  def('input', 'input');
  for (const node of nodes) {
    if (node.op === 'input' || ctx.absorbed.has(node.name)) continue;
    const op = nodeOp(ctx, node);
    ops.push(op);
    def(op.y, kindOf(op));
    if (op.k === 'scale') markVector(tensors, op.gate);
  }
  const output = ops[ops.length - 1]?.y ?? 'input';
  return {
    tensors,
    ops,
    input: 'input',
    output,
    features: cam,
    inputSize,
    inChannels: cin,
    numClasses: src.numClasses,
  };
}

function kindOf(op: IrOp): TensorKind {
  if (op.k === 'concat') return 'concat';
  if (op.k === 'alias') return 'alias';
  return op.k === 'gap' ? 'vector' : 'op';
}

/** An SE gate is read as a contiguous vector, so it must not become a concat slice. */
function markVector(tensors: Map<string, TensorDef>, name: string): void {
  const t = tensors.get(name);
  if (t !== undefined && t.kind === 'op') t.kind = 'vector';
}
