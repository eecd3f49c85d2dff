/**
 * The zoo's graph description ("plan"): a tf-free list of named nodes that the analytic counter
 * reads on the main thread and `build.ts` turns into a `tf.LayersModel` in the worker.
 *
 * Must not import '@tensorflow/*': the Architecture Lab slider runs `analytic.ts` on every input.
 *
 * Node names are timm module paths (`layer1.0.conv1`, `blocks.1.0.se.conv_reduce`), so the timm
 * state-dict key `<module path>.weight` names exactly one node (see `keymap.ts`). Nodes without
 * weights get names derived from their owner (`<path>.act`, `<path>.add`, `<path>.cat`).
 */

/** Activations; `hardSigmoid`/`hardSwish` are the PyTorch ones (relu6(x + 3) / 6), not Keras'. */
export type Act = 'relu' | 'relu6' | 'swish' | 'hardSwish' | 'hardSigmoid' | 'sigmoid';

/** Symmetric zero padding per side, [rows, cols], as PyTorch's `padding=(ph, pw)`. */
export type Pad2 = readonly [number, number];

export type PlanNode =
  | { readonly op: 'input'; readonly name: string }
  | {
      readonly op: 'conv';
      readonly name: string;
      readonly input: string;
      /** Output channels (ignored for depthwise, which keeps the input channels). */
      readonly filters: number;
      readonly kernel: Pad2;
      readonly stride: number;
      readonly pad: Pad2;
      /** groups = in_channels (PyTorch `groups=C`, timm `conv_dw`). */
      readonly depthwise: boolean;
      readonly bias: boolean;
    }
  | { readonly op: 'bn'; readonly name: string; readonly input: string; readonly eps: number }
  | { readonly op: 'act'; readonly name: string; readonly input: string; readonly fn: Act }
  | {
      readonly op: 'maxPool' | 'avgPool';
      readonly name: string;
      readonly input: string;
      readonly pool: number;
      readonly stride: number;
      readonly pad: number;
      /**
       * Avg pools only: PyTorch `count_include_pad` (its default, True, divides by k*k even at the
       * border; TF 'same' divides by the number of real pixels, = count_include_pad=False).
       */
      readonly countIncludePad: boolean;
    }
  | { readonly op: 'add' | 'concat' | 'mul'; readonly name: string; readonly inputs: string[] }
  | {
      readonly op: 'gap';
      readonly name: string;
      readonly input: string;
      readonly keepDims: boolean;
    }
  | { readonly op: 'flatten'; readonly name: string; readonly input: string }
  | { readonly op: 'dense'; readonly name: string; readonly input: string; readonly units: number };

/** A truncation unit: nodes [start, end) of the backbone; `output` is its last node. */
export interface PlanUnit {
  readonly name: string;
  readonly output: string;
  readonly start: number;
  readonly end: number;
}

/** Pre-logits layer applied after global pooling (MobileNetV3's `conv_head`, 1x1 conv + bias). */
export interface Prelogits {
  readonly name: string;
  readonly filters: number;
  readonly act: Act;
}

/** The full backbone plus what the head looks like. */
export interface Plan {
  readonly nodes: readonly PlanNode[];
  readonly units: readonly PlanUnit[];
  /** Module path of the classifier (`fc`, `classifier`, `last_linear`). */
  readonly classifier: string;
  /** Kept only for the untruncated model; see `headNodes`. */
  readonly prelogits: Prelogits | null;
}

/** Options of a conv node; defaults: stride 1, symmetric "same" padding k//2, no bias. */
export interface ConvOpts {
  readonly kernel: number | Pad2;
  readonly stride?: number;
  readonly pad?: number | Pad2;
  readonly depthwise?: boolean;
  readonly bias?: boolean;
}

const pair = (v: number | Pad2): Pad2 => (typeof v === 'number' ? [v, v] : v);

/** Appends nodes in order and groups them into truncation units. */
export class PlanBuilder {
  readonly nodes: PlanNode[] = [];
  readonly units: PlanUnit[] = [];
  readonly eps: number;
  private unitStart: number | null = null;
  private openName = '';

  /** @param eps BatchNorm epsilon of the reference implementation */
  constructor(eps: number) {
    this.eps = eps;
    this.nodes.push({ op: 'input', name: 'input' });
  }

  /** @returns the name of the graph input */
  get input(): string {
    return 'input';
  }

  /**
   * @param node appended as is
   * @returns its name, to feed the next node
   */
  push(node: PlanNode): string {
    this.nodes.push(node);
    return node.name;
  }

  /**
   * A bias-free (unless asked) conv. PyTorch pads `k//2` on both sides for these models.
   * @param name timm module path
   * @param input input node
   * @param filters output channels
   * @param o kernel, stride, padding, depthwise, bias
   * @returns the conv node name
   */
  conv(name: string, input: string, filters: number, o: ConvOpts): string {
    const kernel = pair(o.kernel);
    const pad = o.pad === undefined ? ([kernel[0] >> 1, kernel[1] >> 1] as const) : pair(o.pad);
    return this.push({
      op: 'conv',
      name,
      input,
      filters,
      kernel,
      stride: o.stride ?? 1,
      pad,
      depthwise: o.depthwise ?? false,
      bias: o.bias ?? false,
    });
  }

  /**
   * @param name timm module path of the BatchNorm
   * @param input input node
   * @param act activation applied after it (named `<name>.act`), or null
   * @returns the last node name
   */
  bn(name: string, input: string, act: Act | null): string {
    const out = this.push({ op: 'bn', name, input, eps: this.eps });
    return act === null ? out : this.act(`${name}.act`, out, act);
  }

  /**
   * @param name node name
   * @param input input node
   * @param fn activation
   * @returns the node name
   */
  act(name: string, input: string, fn: Act): string {
    return this.push({ op: 'act', name, input, fn });
  }

  /**
   * @param name node name
   * @param input input node
   * @param pool window, stride and padding (symmetric)
   * @returns the node name
   */
  maxPool(name: string, input: string, pool: number, stride: number, pad = 0): string {
    return this.push({ op: 'maxPool', name, input, pool, stride, pad, countIncludePad: false });
  }

  /**
   * @param name node name
   * @param input input node
   * @param pool window, stride and padding (symmetric) and PyTorch `count_include_pad`
   * @returns the node name
   */
  avgPool(
    name: string,
    input: string,
    pool: number,
    stride: number,
    pad: number,
    countIncludePad: boolean,
  ): string {
    return this.push({ op: 'avgPool', name, input, pool, stride, pad, countIncludePad });
  }

  /**
   * @param op elementwise sum, channel concat or broadcast product
   * @param name node name
   * @param inputs input nodes, in the reference's order (concat order fixes the weights' layout)
   * @returns the node name
   */
  merge(op: 'add' | 'concat' | 'mul', name: string, inputs: string[]): string {
    return this.push({ op, name, inputs });
  }

  /** @param name the unit's name, exactly as in architectures_units.json */
  beginUnit(name: string): void {
    if (this.unitStart !== null) throw new Error(`unit ${name} opened inside another unit`);
    this.unitStart = this.nodes.length;
    this.openName = name;
  }

  /** Closes the open unit; its output is the last node appended. */
  endUnit(): void {
    const last = this.nodes[this.nodes.length - 1];
    if (this.unitStart === null || last === undefined) throw new Error('no open unit');
    this.units.push({
      name: this.openName,
      output: last.name,
      start: this.unitStart,
      end: this.nodes.length,
    });
    this.unitStart = null;
  }

  /**
   * @param classifier module path of the final Linear
   * @param prelogits MobileNetV3-style pre-logits layer, or null
   * @returns the finished plan
   */
  finish(classifier: string, prelogits: Prelogits | null = null): Plan {
    if (this.unitStart !== null) throw new Error('unit left open');
    return { nodes: this.nodes, units: this.units, classifier, prelogits };
  }
}

/**
 * The nodes of a truncated model: stem + the first N - k units + global average pool (+ the
 * pre-logits layer when nothing is removed) + a new dense head. One function for both the counter
 * and the tf builder, so they cannot disagree.
 * @param plan full backbone plan
 * @param unitsRemoved k, 0 <= k < N
 * @param numClasses outputs of the new head
 * @returns ordered nodes and the name of the last kept unit's output node
 */
export function truncatedNodes(
  plan: Plan,
  unitsRemoved: number,
  numClasses: number,
): { nodes: PlanNode[]; lastUnit: PlanUnit } {
  const n = plan.units.length;
  if (!Number.isInteger(unitsRemoved) || unitsRemoved < 0 || unitsRemoved >= n) {
    throw new RangeError(`unitsRemoved must be an integer in [0, ${n - 1}], got ${unitsRemoved}`);
  }
  if (!Number.isInteger(numClasses) || numClasses < 1)
    throw new RangeError(`bad numClasses ${numClasses}`);
  const lastUnit = plan.units[n - 1 - unitsRemoved];
  if (lastUnit === undefined) throw new Error('unreachable: unit index checked above');
  const nodes = plan.nodes.slice(0, lastUnit.end);
  let x = lastUnit.output;
  // timm keeps the pre-logits conv only as part of the ImageNet head; once blocks are removed the
  // 1280-wide projection no longer matches its input, so the truncated head is GAP -> Linear.
  const pre = unitsRemoved === 0 ? plan.prelogits : null;
  nodes.push({ op: 'gap', name: 'global_pool', input: x, keepDims: pre !== null });
  x = 'global_pool';
  if (pre !== null) {
    nodes.push({
      op: 'conv',
      name: pre.name,
      input: x,
      filters: pre.filters,
      kernel: [1, 1],
      stride: 1,
      pad: [0, 0],
      depthwise: false,
      bias: true,
    });
    nodes.push({ op: 'act', name: `${pre.name}.act`, input: pre.name, fn: pre.act });
    nodes.push({ op: 'flatten', name: 'flatten', input: `${pre.name}.act` });
    x = 'flatten';
  }
  nodes.push({ op: 'dense', name: plan.classifier, input: x, units: numClasses });
  return { nodes, lastUnit };
}
