/**
 * Analytic model sizes from the plan: per-unit table and truncated totals, with no TensorFlow.js.
 * The Architecture Lab slider calls this on the main thread, so it must stay tf-free and fast
 * (plans and per-size unit tables are cached).
 *
 * Conventions: `params` are trainable parameters counted the PyTorch way (conv/dense weights and
 * biases, BN gamma/beta); `nonTrainable` are BN moving mean/variance (2 per BN channel), which
 * `tf.LayersModel.countParams()` adds. MACs count conv and dense multiply-adds only
 * (k_h*k_w*(C_in/groups)*C_out*H_out*W_out; in*out); BN, activations, pools and adds are free.
 */
import { truncatedNodes } from './plan.ts';
import { getArch } from './registry.ts';
import { costNodes } from './shapes.ts';

/** One truncation unit at a given input size. */
export interface UnitInfo {
  readonly name: string;
  /** Name of the plan node (= tf layer) whose output is the unit's output. */
  readonly outputNode: string;
  readonly outCh: number;
  readonly outHw: number;
  readonly params: number;
  readonly bnCh: number;
  /** Stem + all units up to and including this one (no head). */
  readonly cumParams: number;
  readonly macs: number;
  readonly cumMacs: number;
}

/** Stem and units of an architecture at one input size. */
export interface UnitTable {
  readonly inputSize: number;
  readonly stem: { readonly params: number; readonly bnCh: number; readonly macs: number };
  readonly units: readonly UnitInfo[];
}

/** Size of a truncated model: stem + first N-k units + GAP (+ pre-logits if k = 0) + dense. */
export interface TruncatedCount {
  readonly trainable: number;
  /** BN moving mean + variance. */
  readonly nonTrainable: number;
  readonly macs: number;
  /** Channels and spatial size of the last kept unit. */
  readonly outChannels: number;
  readonly outHw: number;
  readonly lastUnit: string;
  /** tf layer (= plan node) whose output is the last kept unit's output: the Grad-CAM target. */
  readonly lastUnitLayer: string;
  /** 4 bytes x (trainable + nonTrainable): float32 weights in memory. */
  readonly floatBytes: number;
}

/** Options of a truncated count; defaults: nothing removed, 5 classes, the arch's input size. */
export interface TruncateOptions {
  readonly unitsRemoved?: number;
  readonly numClasses?: number;
  readonly inputSize?: number;
  /** Input channels (default 3; 1 for grey-input chest X-ray models). */
  readonly inChannels?: number;
}

const tableCache = new Map<string, UnitTable>();

/**
 * @param archId architecture id
 * @param inputSize square input side (default: the catalog's native size)
 * @returns per-unit channels, spatial size, params, BN channels, cumulative params and MACs
 */
export function unitTable(archId: string, inputSize?: number): UnitTable {
  const arch = getArch(archId);
  const size = inputSize ?? arch.meta.inputSize;
  const key = `${archId}@${size}`;
  const hit = tableCache.get(key);
  if (hit !== undefined) return hit;
  const plan = arch.plan();
  const costs = costNodes(plan.nodes, size);
  const sum = (from: number, to: number, f: 'params' | 'bnCh' | 'macs'): number => {
    let s = 0;
    for (let i = from; i < to; i++) s += costs[i]?.[f] ?? 0;
    return s;
  };
  const first = plan.units[0]?.start ?? plan.nodes.length;
  const stem = {
    params: sum(0, first, 'params'),
    bnCh: sum(0, first, 'bnCh'),
    macs: sum(0, first, 'macs'),
  };
  let cumParams = stem.params;
  let cumMacs = stem.macs;
  const units = plan.units.map((u): UnitInfo => {
    const shape = costs[u.end - 1]?.shape ?? [0, 0, 0];
    const params = sum(u.start, u.end, 'params');
    const macs = sum(u.start, u.end, 'macs');
    cumParams += params;
    cumMacs += macs;
    const bnCh = sum(u.start, u.end, 'bnCh');
    return {
      name: u.name,
      outputNode: u.output,
      outCh: shape[2],
      outHw: shape[0],
      params,
      bnCh,
      cumParams,
      macs,
      cumMacs,
    };
  });
  const table = { inputSize: size, stem, units };
  tableCache.set(key, table);
  return table;
}

/**
 * @param archId architecture id
 * @param opts units removed from the end, classes of the new head, input size
 * @returns trainable / non-trainable parameters, MACs, output of the last kept unit, bytes
 */
export function countTruncated(archId: string, opts: TruncateOptions = {}): TruncatedCount {
  const arch = getArch(archId);
  const size = opts.inputSize ?? arch.meta.inputSize;
  const { nodes, lastUnit } = truncatedNodes(
    arch.plan(),
    opts.unitsRemoved ?? 0,
    opts.numClasses ?? 5,
  );
  const costs = costNodes(nodes, size, opts.inChannels ?? 3);
  let trainable = 0;
  let bnCh = 0;
  let macs = 0;
  for (const c of costs) {
    trainable += c.params;
    bnCh += c.bnCh;
    macs += c.macs;
  }
  const out = costs[lastUnit.end - 1]?.shape ?? [0, 0, 0];
  const nonTrainable = 2 * bnCh;
  return {
    trainable,
    nonTrainable,
    macs,
    outChannels: out[2],
    outHw: out[0],
    lastUnit: lastUnit.name,
    lastUnitLayer: lastUnit.output,
    floatBytes: 4 * (trainable + nonTrainable),
  };
}
