/**
 * A faster Conv2DBackpropFilter for the tfjs CPU backend (NHWC only; NCHW falls back to the
 * original). tfjs-backend-cpu 4.22 computes each filter gradient entry through
 * `TensorBuffer.get(b, r, c, d)` calls: measured here at 111 s for one 3×3 64→64 conv on
 * 8×16×16 (19 M multiply-adds), which makes any training on the CPU fallback (and in Node
 * tests) hopeless. This version walks the typed arrays directly, accumulating
 * dW[kh, kw, :, :] += x[b, ih, iw, :]ᵀ · dy[b, oh, ow, :], the same sum in a different order
 * (float32 rounding may differ in the last bits).
 */
import * as tf from '@tensorflow/tfjs';

type KernelConfig = Parameters<typeof tf.registerKernel>[0];
type KernelArgs = Parameters<KernelConfig['kernelFunc']>[0];
type TypedValues = Float32Array | Int32Array | Uint8Array;

interface CpuBackendLike {
  data: { get(id: object): { values: TypedValues } };
  makeTensorInfo(shape: number[], dtype: 'float32', values: Float32Array): tf.TensorInfo;
}

const NAME = 'Conv2DBackpropFilter';
let original: KernelConfig | undefined;

function fastBackpropFilter(args: KernelArgs): tf.TensorInfo {
  const attrs = args.attrs as unknown as {
    strides: [number, number] | number;
    pad: 'valid' | 'same' | number;
    dataFormat: 'NHWC' | 'NCHW';
    dimRoundingMode?: 'floor' | 'round' | 'ceil';
    filterShape: [number, number, number, number];
  };
  const { x, dy } = args.inputs as { x: tf.TensorInfo; dy: tf.TensorInfo };
  if (attrs.dataFormat === 'NCHW' && original) return original.kernelFunc(args) as tf.TensorInfo;
  const backend = args.backend as unknown as CpuBackendLike;
  const info = tf.backend_util.computeConv2DInfo(
    x.shape as [number, number, number, number],
    attrs.filterShape,
    attrs.strides,
    1,
    attrs.pad,
    attrs.dimRoundingMode,
    false,
    'channelsLast',
  );
  const xv = backend.data.get(x.dataId).values;
  const dyv = backend.data.get(dy.dataId).values;
  const { inHeight: H, inWidth: W, inChannels: CI, outChannels: CO } = info;
  const { filterHeight: KH, filterWidth: KW, strideHeight: SH, strideWidth: SW } = info;
  const dW = new Float32Array(KH * KW * CI * CO);
  for (let b = 0; b < info.batchSize; b++) {
    for (let oh = 0; oh < info.outHeight; oh++) {
      for (let ow = 0; ow < info.outWidth; ow++) {
        const dyBase = ((b * info.outHeight + oh) * info.outWidth + ow) * CO;
        for (let kh = 0; kh < KH; kh++) {
          const ih = oh * SH + kh - info.padInfo.top;
          if (ih < 0 || ih >= H) continue;
          for (let kw = 0; kw < KW; kw++) {
            const iw = ow * SW + kw - info.padInfo.left;
            if (iw < 0 || iw >= W) continue;
            const xBase = ((b * H + ih) * W + iw) * CI;
            const wBase = (kh * KW + kw) * CI * CO;
            for (let ci = 0; ci < CI; ci++) {
              const xval = xv[xBase + ci] ?? 0;
              if (xval === 0) continue; // post-ReLU inputs are often zero
              const row = wBase + ci * CO;
              for (let co = 0; co < CO; co++)
                dW[row + co] = (dW[row + co] ?? 0) + xval * (dyv[dyBase + co] ?? 0);
            }
          }
        }
      }
    }
  }
  return backend.makeTensorInfo(attrs.filterShape, 'float32', dW);
}

/**
 * Replaces the CPU backend's Conv2DBackpropFilter with the direct-loop version (idempotent).
 * Other backends are untouched.
 * @returns true when installed by this call, false when it already was
 */
export function installFastCpuKernels(): boolean {
  const current = tf.getKernel(NAME, 'cpu');
  if (current?.kernelFunc === fastBackpropFilter) return false;
  original = current;
  if (current) tf.unregisterKernel(NAME, 'cpu');
  tf.registerKernel({ kernelName: NAME, backendName: 'cpu', kernelFunc: fastBackpropFilter });
  return true;
}

/** Restores the original kernel (tests compare against it). */
export function uninstallFastCpuKernels(): void {
  if (tf.getKernel(NAME, 'cpu')?.kernelFunc !== fastBackpropFilter || !original) return;
  tf.unregisterKernel(NAME, 'cpu');
  tf.registerKernel(original);
}
