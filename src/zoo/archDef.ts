/**
 * timm's block-string grammar for the EfficientNet family (MNASNet, MobileNetV2/V3, EfficientNet),
 * and its channel/depth rounding. Pure data handling: no '@tensorflow/*'.
 *
 * Ref impl: timm `_efficientnet_builder.py` (`_decode_block_str`, `_scale_stage_depth`,
 * `round_channels`) and `layers/helpers.py` (`make_divisible`).
 */
import type { Act } from './plan.ts';

/** One decoded block string. */
export interface BlockArgs {
  /** ds = depthwise-separable, ir = inverted residual, cn = conv-bn-act. */
  readonly type: 'ds' | 'ir' | 'cn';
  readonly repeat: number;
  readonly kernel: number;
  readonly stride: number;
  readonly expRatio: number;
  readonly outChs: number;
  /** Squeeze-excite ratio, 0 = none. */
  readonly seRatio: number;
  /** Per-block activation override (`nre` = ReLU, `nr6`, `nsw`, `nhs`), else the model's. */
  readonly act: Act | null;
  readonly noskip: boolean;
}

const ACT_CODES: Readonly<Record<string, Act>> = {
  re: 'relu',
  r6: 'relu6',
  sw: 'swish',
  hs: 'hardSwish',
};

/**
 * Decodes e.g. `ir_r2_k3_s2_e6_c24_se0.25` or `ds_r1_k3_s1_c16_nre` (`_`-separated: block type,
 * then `r` repeats, `k` kernel, `s` stride, `e` expansion, `c` out channels, `se` SE ratio,
 * `n<act>` activation override, `noskip`).
 * @param s the block string
 * @returns its arguments
 */
export function decodeBlock(s: string): BlockArgs {
  const [type, ...ops] = s.split('_');
  if (type !== 'ds' && type !== 'ir' && type !== 'cn')
    throw new Error(`unknown block type in ${s}`);
  const num: Record<string, number> = { r: 1, k: 3, s: 1, e: 1, c: NaN, se: 0 };
  let act: Act | null = null;
  let noskip = false;
  for (const op of ops) {
    if (op === 'noskip') noskip = true;
    else if (op.startsWith('se')) num.se = Number(op.slice(2));
    else if (op.startsWith('n')) {
      const a = ACT_CODES[op.slice(1)];
      if (a === undefined) throw new Error(`unknown activation ${op} in ${s}`);
      act = a;
    } else if (/^[rksec]/.test(op)) num[op[0] as string] = Number(op.slice(1));
    else throw new Error(`unknown option ${op} in ${s}`);
  }
  const r = num as { r: number; k: number; s: number; e: number; c: number; se: number };
  if (![r.r, r.k, r.s, r.e, r.c, r.se].every(Number.isFinite))
    throw new Error(`incomplete block ${s}`);
  return {
    type,
    repeat: r.r,
    kernel: r.k,
    stride: r.s,
    expRatio: r.e,
    outChs: r.c,
    seRatio: r.se,
    act,
    noskip,
  };
}

/**
 * timm `make_divisible`: round to the nearest multiple of `divisor`, never below it, and never
 * more than 10 % below the exact value (then one step up).
 * @param v exact channel count
 * @param divisor rounding step
 * @returns the rounded count
 */
export function makeDivisible(v: number, divisor = 8): number {
  const rounded = Math.max(divisor, Math.floor((v + divisor / 2) / divisor) * divisor);
  return rounded < 0.9 * v ? rounded + divisor : rounded;
}

/**
 * timm `round_channels`: width multiplier then `make_divisible`; a multiplier of 1 is a no-op.
 * @param channels base channels
 * @param multiplier width multiplier
 * @returns scaled channels
 */
export function roundChannels(channels: number, multiplier: number): number {
  return multiplier === 1 ? channels : makeDivisible(channels * multiplier);
}

/**
 * Decodes a stage list and applies the depth multiplier. With one block string per stage (all 16
 * models here) timm's `_scale_stage_depth(..., 'ceil')` reduces to ceil(repeats * multiplier).
 * @param stages one array of block strings per stage
 * @param depthMultiplier EfficientNet depth coefficient
 * @returns per stage, per block (after repetition) the block arguments
 */
export function decodeArch(
  stages: readonly (readonly string[])[],
  depthMultiplier = 1,
): BlockArgs[][] {
  return stages.map((strings) => {
    const decoded = strings.map(decodeBlock);
    const total = decoded.reduce((n, b) => n + b.repeat, 0);
    if (depthMultiplier !== 1 && decoded.length !== 1) {
      throw new Error(`depth scaling of multi-string stages is not implemented (${total} blocks)`);
    }
    return decoded.flatMap((b) =>
      Array.from({ length: Math.ceil(b.repeat * depthMultiplier) }, () => b),
    );
  });
}
