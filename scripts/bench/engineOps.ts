/**
 * Per-op cost of an engine program (pure), for the per-op profile (engineProfile.ts): each op
 * appended through the ABI (engine.h) is named by its kind and shape, with its multiply-adds
 * (convolutions only: the zoo's analytic counter counts those) and the bytes it reads and writes,
 * and timed ops are summed per class so that what limits a model shows: a class far below the
 * GEMM peak (depthwise, pools, copies) or a conv shape the kernel handles badly.
 */

/** One op as appended: its ABI function and arguments (the program handle left out). */
export interface OpCall {
  readonly fn: string;
  readonly args: readonly number[];
}

/** One op, classified. */
export interface OpInfo {
  /** e.g. `conv 3x3/s1`, `conv 1x1`, `dwconv 5x5/s2`, `add`, `copy`. */
  readonly kind: string;
  /** Output shape h×w×c. */
  readonly shape: string;
  readonly macs: number;
  /** float32 bytes read and written, activations only (weights not counted). */
  readonly bytes: number;
}

/**
 * @param call an op as appended (arguments as in engine.h, after the program)
 * @returns its class, output shape, multiply-adds and activation traffic
 */
export function classifyOp(call: OpCall): OpInfo {
  const a = call.args;
  const at = (i: number): number => a[i] ?? 0;
  const [xh, xw, xc] = [at(1), at(2), at(3)];
  const xin = 4 * xh * xw * xc;
  switch (call.fn) {
    case 'eng_op_conv':
    case 'eng_op_dwconv': {
      const [yh, yw, yc, kh, kw, s] = [at(6), at(7), at(8), at(10), at(11), at(12)];
      const dw = call.fn === 'eng_op_dwconv';
      const k = kh === 1 && kw === 1 && s === 1 ? '1x1' : `${kh}x${kw}/s${s}`;
      return {
        kind: `${dw ? 'dwconv' : 'conv'} ${k}`,
        shape: `${yh}x${yw}x${yc}`,
        macs: yh * yw * yc * kh * kw * (dw ? 1 : xc),
        bytes: xin + 4 * yh * yw * yc,
      };
    }
    case 'eng_op_maxpool':
    case 'eng_op_avgpool': {
      const [yh, yw] = [at(6), at(7)];
      return {
        kind: `${call.fn.slice(7)} ${at(9)}x${at(9)}/s${at(10)}`,
        shape: `${yh}x${yw}x${xc}`,
        macs: 0,
        bytes: xin + 4 * yh * yw * xc,
      };
    }
    case 'eng_op_add': {
      const [h, w, c] = [at(4), at(5), at(6)];
      return { kind: 'add', shape: `${h}x${w}x${c}`, macs: 0, bytes: 12 * h * w * c };
    }
    case 'eng_op_gap':
      return { kind: 'gap', shape: `1x1x${xc}`, macs: 0, bytes: xin };
    default: {
      // affine, act, scale_channels, copy: same shape in and out
      const kind = call.fn.replace('eng_op_', '').replace('_channels', '');
      return { kind, shape: `${xh}x${xw}x${xc}`, macs: 0, bytes: 2 * xin };
    }
  }
}

/** One class of ops over a model: how many, how long, how fast. */
export interface OpClassRow {
  readonly kind: string;
  readonly ops: number;
  readonly ms: number;
  /** Of the model's summed op time. */
  readonly share: number;
  /** 2 × multiply-adds / time (null for ops without multiply-adds). */
  readonly gflops: number | null;
  /** Activation bytes / time, GB/s. */
  readonly gbps: number;
}

/**
 * @param ops the classified ops
 * @param ms each op's time (same order)
 * @returns one row per class, the most time first
 */
export function byClass(ops: readonly OpInfo[], ms: readonly number[]): OpClassRow[] {
  const total = ms.reduce((s, v) => s + v, 0);
  const acc = new Map<string, { ops: number; ms: number; macs: number; bytes: number }>();
  ops.forEach((op, i) => {
    const r = acc.get(op.kind) ?? { ops: 0, ms: 0, macs: 0, bytes: 0 };
    acc.set(op.kind, {
      ops: r.ops + 1,
      ms: r.ms + (ms[i] ?? 0),
      macs: r.macs + op.macs,
      bytes: r.bytes + op.bytes,
    });
  });
  return [...acc]
    .map(([kind, r]) => ({
      kind,
      ops: r.ops,
      ms: r.ms,
      share: total > 0 ? r.ms / total : 0,
      gflops: r.macs > 0 && r.ms > 0 ? (2 * r.macs) / r.ms / 1e6 : null,
      gbps: r.ms > 0 ? r.bytes / r.ms / 1e6 : 0,
    }))
    .sort((a, b) => b.ms - a.ms);
}
