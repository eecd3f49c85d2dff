import { describe, expect, it } from 'vitest';
import { byClass, classifyOp } from './engineOps.ts';

/** eng_op_conv's arguments after the program: x view, y view, geometry, packed, act. */
const conv = (xc: number, y: [number, number, number], k: number, s: number) => ({
  fn: 'eng_op_conv',
  args: [0, y[0] * s, y[1] * s, xc, xc, 0, ...y, y[2], k, k, s, s, 0, 0, 1, 1, 0, 0],
});

describe('engine op classes', () => {
  it('names convolutions by kernel and stride and counts their multiply-adds', () => {
    const c = classifyOp(conv(64, [56, 56, 64], 3, 1));
    expect(c).toMatchObject({
      kind: 'conv 3x3/s1',
      shape: '56x56x64',
      macs: 56 * 56 * 64 * 9 * 64,
    });
    expect(classifyOp(conv(256, [14, 14, 512], 1, 1)).kind).toBe('conv 1x1');
    expect(classifyOp(conv(256, [14, 14, 512], 1, 2)).kind).toBe('conv 1x1/s2');
    const dw = classifyOp({ ...conv(96, [28, 28, 96], 5, 2), fn: 'eng_op_dwconv' });
    expect(dw).toMatchObject({ kind: 'dwconv 5x5/s2', macs: 28 * 28 * 96 * 25 });
  });

  it('gives memory-bound ops their traffic and no multiply-adds', () => {
    const add = classifyOp({ fn: 'eng_op_add', args: [0, 64, 0, 64, 7, 7, 64, 0, 64, 1] });
    expect(add).toEqual({ kind: 'add', shape: '7x7x64', macs: 0, bytes: 12 * 7 * 7 * 64 });
    const pool = classifyOp({
      fn: 'eng_op_maxpool',
      args: [0, 112, 112, 64, 64, 0, 56, 56, 64, 3, 2, 1],
    });
    expect(pool.kind).toBe('maxpool 3x3/s2');
    expect(classifyOp({ fn: 'eng_op_copy', args: [0, 7, 7, 32, 32, 0, 64] }).kind).toBe('copy');
  });

  it('sums time per class, the most time first, with GFLOP/s and shares', () => {
    const ops = [classifyOp(conv(8, [10, 10, 8], 3, 1)), classifyOp(conv(8, [10, 10, 8], 3, 1))];
    ops.push(classifyOp({ fn: 'eng_op_copy', args: [0, 10, 10, 8, 8, 0, 8] }));
    const rows = byClass(ops, [1, 2, 1]);
    expect(rows.map((r) => r.kind)).toEqual(['conv 3x3/s1', 'copy']);
    expect(rows[0]).toMatchObject({ ops: 2, ms: 3, share: 0.75 });
    expect(rows[0]?.gflops).toBeCloseTo((2 * 2 * 10 * 10 * 8 * 9 * 8) / 3 / 1e6);
    expect(rows[1]?.gflops).toBeNull();
  });
});
