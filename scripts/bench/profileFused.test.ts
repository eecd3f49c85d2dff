import { describe, expect, it } from 'vitest';
import { kernelKind, kernelMacs } from './profileFused.ts';

describe('kernel kinds and multiply-adds', () => {
  it('counts a conv as output elements × kh × kw × input channels', () => {
    const k = {
      name: 'FusedConv2D',
      inputShapes: [[1, 56, 56, 64], [3, 3, 64, 128], [128]],
      outputShapes: [[1, 56, 56, 128]],
    };
    expect(kernelKind(k)).toBe('conv 3x3');
    expect(kernelMacs(k)).toBe(56 * 56 * 128 * 9 * 64);
  });

  it('counts a depthwise conv without the channel reduction, and names 1x1 maps', () => {
    const dw = {
      name: 'FusedDepthwiseConv2D',
      inputShapes: [
        [1, 28, 28, 96],
        [5, 5, 96, 1],
      ],
      outputShapes: [[1, 28, 28, 96]],
    };
    expect(kernelKind(dw)).toBe('depthwise 5x5');
    expect(kernelMacs(dw)).toBe(28 * 28 * 96 * 25);
    const se = {
      name: 'FusedConv2D',
      inputShapes: [
        [1, 1, 1, 96],
        [1, 1, 96, 4],
      ],
      outputShapes: [[1, 1, 1, 4]],
    };
    expect(kernelKind(se)).toBe('conv 1x1 on 1x1 maps');
    expect(kernelMacs(se)).toBe(4 * 96);
  });

  it('counts a matmul and gives other kernels no multiply-adds', () => {
    const mm = {
      name: '_FusedMatMul',
      inputShapes: [
        [1, 1280],
        [1280, 1000],
      ],
      outputShapes: [[1, 1000]],
    };
    expect(kernelMacs(mm)).toBe(1280 * 1000);
    expect(kernelMacs({ name: 'Sigmoid', inputShapes: [[1, 8]], outputShapes: [[1, 8]] })).toBe(0);
    expect(kernelKind({ name: 'Sigmoid', inputShapes: [[1, 8]], outputShapes: [[1, 8]] })).toBe(
      'Sigmoid',
    );
  });
});
