/**
 * The numeric pieces of the fused inference path (`fused.ts`): BatchNorm folding, PyTorch padding
 * as a conv `pad`, and the activations that are not fused into a conv.
 */
import * as tf from '@tensorflow/tfjs';
import type { Act, Pad2 } from './plan.ts';

/** Activations every tfjs backend (WASM/XNNPACK included) applies inside FusedConv2D. */
export type Fusable = 'relu' | 'relu6' | 'sigmoid';

/**
 * @param fn a plan activation
 * @returns whether a fused conv can apply it
 */
export function isFusable(fn: Act): fn is Fusable {
  return fn === 'relu' || fn === 'relu6' || fn === 'sigmoid';
}

/** An eval-mode BatchNorm: the layer's variables and epsilon. */
export interface BnParams {
  readonly gamma: tf.Tensor;
  readonly beta: tf.Tensor;
  readonly mean: tf.Tensor;
  readonly variance: tf.Tensor;
  readonly eps: number;
}

/**
 * Folds an eval-mode BatchNorm into the conv before it. BN computes per output channel c
 *   y = (z - mean_c) * s_c + beta_c,  s_c = gamma_c / sqrt(var_c + eps),
 * on the conv output z = sum(w_c * x) + b_c, so y is itself a conv with
 *   w'_c = w_c * s_c  and  b'_c = (b_c - mean_c) * s_c + beta_c.
 * Exact in eval mode, where mean and var are frozen constants (in training they are batch
 * statistics, which is why training keeps the LayersModel); float32 results differ from
 * conv-then-BN only by rounding/reassociation.
 * @param kernel [kh, kw, in, out] (output channel on the last axis) or depthwise [kh, kw, C, 1]
 *   (output channel = input channel, axis 2)
 * @param bias the conv's bias, or null (PyTorch `bias=False`, the usual case before a BN)
 * @param bn the BatchNorm's parameters
 * @param depthwise which kernel layout
 * @returns new tensors (the caller owns them)
 */
export function foldBatchNorm(
  kernel: tf.Tensor,
  bias: tf.Tensor | null,
  bn: BnParams,
  depthwise: boolean,
): { filter: tf.Tensor4D; bias: tf.Tensor1D } {
  return tf.tidy(() => {
    const s = tf.div(bn.gamma, tf.sqrt(tf.add(bn.variance, bn.eps)));
    const perChannel = depthwise ? tf.reshape(s, [1, 1, -1, 1]) : s;
    const b = bias ?? tf.zerosLike(s);
    return {
      filter: tf.mul(kernel, perChannel) as tf.Tensor4D,
      bias: tf.add(tf.mul(tf.sub(b, bn.mean), s), bn.beta) as tf.Tensor1D,
    };
  });
}

/**
 * An eval-mode BatchNorm on its own (DenseNet's pre-activation norms) as a 1x1 depthwise conv:
 * y_c = x_c * s_c + (beta_c - mean_c * s_c), s_c = gamma_c / sqrt(var_c + eps). As a fused
 * depthwise conv it takes the following ReLU too, so BN + ReLU is one pass; on WASM, XNNPACK
 * runs a 1x1 depthwise conv as its per-channel multiply-add-clamp kernel (vmulcaddc), SIMD,
 * where tfjs-wasm's BatchNorm kernel is a scalar loop and the ReLU a second pass (measured: BN +
 * ReLU were about a quarter of DenseNet121's kernel time).
 * @param bn the BatchNorm's parameters (C channels)
 * @returns a [1, 1, C, 1] depthwise filter and a [C] bias (the caller owns them)
 */
export function batchNormAsDepthwise(bn: BnParams): { filter: tf.Tensor4D; bias: tf.Tensor1D } {
  return tf.tidy(() => {
    const s = tf.div(bn.gamma, tf.sqrt(tf.add(bn.variance, bn.eps)));
    return {
      filter: tf.reshape(s, [1, 1, -1, 1]) as tf.Tensor4D,
      bias: tf.sub(bn.beta, tf.mul(bn.mean, s)) as tf.Tensor1D,
    };
  });
}

/** tfjs' explicit NHWC padding, [[0, 0], [top, bottom], [left, right], [0, 0]]. */
export type ExplicitPad = [[number, number], [number, number], [number, number], [number, number]];

/**
 * PyTorch's symmetric padding as a tfjs conv `pad`, so no zero-padding copy runs (the
 * LayersModel pads explicitly with `zeroPadding2d`). Stride 1 with (k-1)/2 per side is exactly
 * TF 'same'; with stride 2, 'same' would pad only bottom/right when the total is odd, shifting the
 * sampling grid, hence the numeric (equal sides) or explicit (rows != cols) form.
 * @param kernel [kh, kw]
 * @param stride both directions
 * @param pad [rows, cols] per side
 * @returns a `pad` argument for tf.conv2d / tf.fused.conv2d
 */
export function convPad(
  kernel: Pad2,
  stride: number,
  pad: Pad2,
): 'same' | 'valid' | number | ExplicitPad {
  if (stride === 1 && 2 * pad[0] === kernel[0] - 1 && 2 * pad[1] === kernel[1] - 1) return 'same';
  if (pad[0] === 0 && pad[1] === 0) return 'valid';
  if (pad[0] === pad[1]) return pad[0];
  return [
    [0, 0],
    [pad[0], pad[0]],
    [pad[1], pad[1]],
    [0, 0],
  ];
}

/**
 * PyTorch hard-sigmoid relu6(x + 3) / 6 (not Keras' 0.2x + 0.5; see layers/ptActivations.ts),
 * dividing as a multiplication by 1/6: tfjs-wasm's RealDiv measured about twice its Multiply
 * (9.5% vs 5.3% of MobileNetV3's kernel time, same calls); the results differ by rounding only.
 */
const hardSigmoid = (x: tf.Tensor): tf.Tensor => tf.mul(tf.relu6(tf.add(x, 3)), 1 / 6);

/**
 * Unfused activations, the formulas of the tf.layers activations the LayersModel uses.
 * @param fn plan activation
 * @param x input
 * @returns fn(x)
 */
export function activate(fn: Act, x: tf.Tensor): tf.Tensor {
  switch (fn) {
    case 'relu':
      return tf.relu(x);
    case 'relu6':
      return tf.relu6(x);
    case 'sigmoid':
      return tf.sigmoid(x);
    case 'swish':
      return tf.mul(x, tf.sigmoid(x));
    case 'hardSigmoid':
      return hardSigmoid(x);
    case 'hardSwish':
      return tf.mul(x, hardSigmoid(x));
  }
}
