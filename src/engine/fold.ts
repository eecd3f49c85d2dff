/**
 * Weight arithmetic done once at compile time: BatchNorm folding and standalone BN as a per-channel
 * affine map. Computed in float64 and rounded once to float32, so the folded weights are the
 * correctly rounded values of w * s (tfjs' float32 fold rounds s first, then the product).
 */
import type { EngineModelSource, EngineWeights } from './types.ts';

/** An eval-mode BatchNorm's per-channel scale s = gamma / sqrt(var + eps) and its shift. */
export interface BnAffine {
  /** float64, exact before the final rounding */
  readonly scale: Float64Array;
  /** beta - mean * s */
  readonly shift: Float64Array;
  readonly mean: Float64Array;
  readonly beta: Float64Array;
}

/**
 * @param src weight source
 * @param layer layer name
 * @param tfName tfjs variable name
 * @returns the weight
 * @throws Error when the source lacks it
 */
export function need(src: EngineModelSource, layer: string, tfName: string): EngineWeights {
  const w = src.weight(layer, tfName);
  if (w === null) throw new Error(`engine: ${layer} has no weight ${tfName}`);
  return w;
}

/**
 * @param src weight source
 * @param layer the BN layer
 * @param planEps the plan's epsilon, used unless the source reports the one its layer was built
 *   with (a torchvision-named MobileNetV3-Large file builds with torchvision's 1e-3, not timm's 1e-5)
 * @returns scale and shift per channel
 */
export function bnAffine(src: EngineModelSource, layer: string, planEps: number): BnAffine {
  const eps = src.bnEpsilon?.(layer) ?? planEps;
  const [gamma, beta, mean, variance] = ['gamma', 'beta', 'moving_mean', 'moving_variance'].map(
    (n) => need(src, layer, n).data,
  ) as [Float32Array, Float32Array, Float32Array, Float32Array];
  const c = gamma.length;
  const scale = new Float64Array(c);
  const shift = new Float64Array(c);
  for (let i = 0; i < c; i++) {
    const s = (gamma[i] ?? NaN) / Math.sqrt((variance[i] ?? NaN) + eps);
    scale[i] = s;
    shift[i] = (beta[i] ?? NaN) - (mean[i] ?? NaN) * s;
  }
  return { scale, shift, mean: Float64Array.from(mean), beta: Float64Array.from(beta) };
}

/**
 * Folds a BN into the conv before it: w'[k][n] = w[k][n] * s[n], b'[n] = (b[n] - mean[n]) * s[n] +
 * beta[n]. The kernel's last axis is the output channel in both layouts the engine packs: HWIO
 * flattened ([K][N], K = (ky * kw + kx) * cin + ci) and depthwise [kh][kw][c].
 * @param kernel conv kernel, output channel fastest
 * @param bias conv bias or null
 * @param bn the BN, or null for no fold (the kernel is then only copied)
 * @param n output channels
 * @returns kernel and bias ready for eng_pack_*
 */
export function foldConv(
  kernel: Float32Array,
  bias: Float32Array | null,
  bn: BnAffine | null,
  n: number,
): { w: Float32Array; bias: Float32Array } {
  if (kernel.length % n !== 0) throw new Error(`engine: kernel of ${kernel.length} not [K][${n}]`);
  if (bias !== null && bias.length !== n) throw new Error(`engine: bias ${bias.length} != ${n}`);
  const w = new Float32Array(kernel.length);
  const b = new Float32Array(n);
  for (let j = 0; j < n; j++) {
    const s = bn === null ? 1 : (bn.scale[j] ?? NaN);
    const b0 = bias === null ? 0 : (bias[j] ?? NaN);
    b[j] = bn === null ? b0 : (b0 - (bn.mean[j] ?? NaN)) * s + (bn.beta[j] ?? NaN);
  }
  if (bn === null) w.set(kernel);
  else for (let i = 0; i < kernel.length; i++) w[i] = (kernel[i] ?? NaN) * (bn.scale[i % n] ?? NaN);
  return { w, bias: b };
}

/**
 * @param bn a BN that follows no conv
 * @returns [scale(c), shift(c)] as eng_op_affine reads it
 */
export function affineParams(bn: BnAffine): Float32Array {
  const c = bn.scale.length;
  const ss = new Float32Array(2 * c);
  ss.set(bn.scale, 0);
  ss.set(bn.shift, c);
  return ss;
}
