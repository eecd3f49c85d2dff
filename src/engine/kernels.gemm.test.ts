/**
 * eng_op_conv (engine/src/gemm.c) against a naive float64 reference, on both builds: 1x1 as a
 * GEMM over pixels (also on strided views and M = 1, the dense head), and IGEMM over an
 * indirection buffer for every other kernel, stride, padding and dilation.
 *
 * Tolerance: 1e-5 of max|reference|. The relaxed build fuses multiply and add (one rounding
 * instead of two) and both builds sum in float32 in a different order from the reference, so
 * results differ by a few ULP of the partial sums, never more.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  convReference,
  outputSize,
  seededUniform,
  ACT,
  type ActName,
  type ConvShape,
} from './testing/convReference';
import {
  loadEngine,
  spawnPoolThread,
  waitForWorkers,
  type EngineHarness,
  type EngineIsa,
} from './testing/wasmHarness';

/** A view with stride > channels (a concat slice): extra floats per pixel and slice offset. */
interface Layout {
  readonly xExtra: number;
  readonly yExtra: number;
  readonly yOff: number;
}

const conv = (
  h: number,
  w: number,
  cin: number,
  cout: number,
  k: [number, number],
  s: [number, number] = [1, 1],
  pad: [number, number, number, number] = [0, 0, 0, 0],
  d: [number, number] = [1, 1],
): ConvShape => ({
  h,
  w,
  cin,
  cout,
  kh: k[0],
  kw: k[1],
  sh: s[0],
  sw: s[1],
  pad,
  dh: d[0],
  dw: d[1],
});

const SHAPES: readonly [string, ConvShape, ActName, Layout][] = [
  ['1x1 odd M/K/N', conv(5, 7, 13, 19, [1, 1]), 'none', { xExtra: 3, yExtra: 5, yOff: 2 }],
  [
    '1x1 dense head, M = 1',
    conv(1, 1, 1027, 14, [1, 1]),
    'sigmoid',
    { xExtra: 0, yExtra: 0, yOff: 0 },
  ],
  ['1x1 M = 3', conv(1, 3, 5, 9, [1, 1]), 'relu', { xExtra: 1, yExtra: 7, yOff: 7 }],
  ['1x1 M = 2, N = 1', conv(2, 1, 8, 1, [1, 1]), 'none', { xExtra: 0, yExtra: 0, yOff: 0 }],
  ['1x1 stride 2', conv(8, 7, 9, 16, [1, 1], [2, 2]), 'none', { xExtra: 4, yExtra: 0, yOff: 0 }],
  ['1x1 large M', conv(20, 23, 24, 40, [1, 1]), 'relu', { xExtra: 0, yExtra: 8, yOff: 8 }],
  [
    '3x3 s1 p1',
    conv(9, 11, 6, 17, [3, 3], [1, 1], [1, 1, 1, 1]),
    'relu6',
    { xExtra: 0, yExtra: 3, yOff: 1 },
  ],
  [
    '3x3 s2 p1 (bottom 0)',
    conv(10, 9, 8, 8, [3, 3], [2, 2], [1, 1, 0, 1]),
    'hardswish',
    { xExtra: 2, yExtra: 0, yOff: 0 },
  ],
  [
    '7x7 s2 p3 stem, cin 3',
    conv(17, 15, 3, 10, [7, 7], [2, 2], [3, 3, 3, 3]),
    'swish',
    { xExtra: 1, yExtra: 0, yOff: 0 },
  ],
  [
    '1x7 (Inception)',
    conv(8, 9, 7, 12, [1, 7], [1, 1], [0, 3, 0, 3]),
    'relu',
    { xExtra: 0, yExtra: 4, yOff: 4 },
  ],
  [
    '7x1 (Inception)',
    conv(9, 8, 7, 12, [7, 1], [1, 1], [3, 0, 3, 0]),
    'relu',
    { xExtra: 0, yExtra: 0, yOff: 0 },
  ],
  [
    '3x3 dilation 2',
    conv(9, 10, 5, 11, [3, 3], [1, 1], [2, 2, 2, 2], [2, 2]),
    'hardsigmoid',
    { xExtra: 0, yExtra: 0, yOff: 0 },
  ],
  [
    '3x3 stride 2x1, dilation 2x1',
    conv(11, 9, 4, 6, [3, 3], [2, 1], [1, 2, 1, 0], [2, 1]),
    'none',
    { xExtra: 0, yExtra: 2, yOff: 1 },
  ],
  [
    '5x5 s1 p2',
    conv(8, 6, 4, 33, [5, 5], [1, 1], [2, 2, 2, 2]),
    'relu',
    { xExtra: 0, yExtra: 0, yOff: 0 },
  ],
  [
    '3x3 on a 7x7 map (tiles split N)',
    conv(7, 7, 33, 70, [3, 3], [1, 1], [1, 1, 1, 1]),
    'relu',
    { xExtra: 3, yExtra: 2, yOff: 0 },
  ],
  ['2x2 s2 p0', conv(9, 9, 16, 20, [2, 2], [2, 2]), 'none', { xExtra: 0, yExtra: 0, yOff: 0 }],
];

const ACTS = Object.keys(ACT) as ActName[];

interface ConvResult {
  readonly got: Float32Array;
  readonly ref: Float64Array;
  /** Floats of the output buffer outside the slice that are no longer the NaN fill. */
  readonly touchedOutside: number;
}

function put(e: EngineHarness, data: Float32Array): number {
  return e.put(data);
}

/** Packs, appends one conv op, runs it on `threads` threads, reads the slice back. */
function runConv(e: EngineHarness, s: ConvShape, act: ActName, l: Layout, threads = 1): ConvResult {
  const rand = seededUniform(s.h * 131 + s.cin * 17 + s.cout + ACT[act]);
  const K = s.kh * s.kw * s.cin;
  const x = rand(s.h * s.w * s.cin);
  const wt = rand(K * s.cout).map((v) => v / Math.sqrt(K));
  const bias = rand(s.cout);
  const xs = s.cin + l.xExtra;
  const xBuf = rand(s.h * s.w * xs); // the extra lanes hold noise the kernel must skip
  for (let p = 0; p < s.h * s.w; p++) xBuf.set(x.subarray(p * s.cin, (p + 1) * s.cin), p * xs);
  const { oh, ow } = outputSize(s);
  const ys = s.cout + l.yExtra;
  const xp = put(e, xBuf);
  const yp = e.alloc(oh * ow * ys);
  const packed = e.call('eng_pack_gemm', put(e, wt), put(e, bias), K, s.cout);
  const prog = e.exports.eng_prog_new();
  const rc = e.call(
    'eng_op_conv',
    prog,
    xp,
    s.h,
    s.w,
    s.cin,
    xs,
    yp + 4 * l.yOff,
    oh,
    ow,
    s.cout,
    ys,
    s.kh,
    s.kw,
    s.sh,
    s.sw,
    s.pad[0],
    s.pad[1],
    s.dh,
    s.dw,
    packed,
    ACT[act],
  );
  expect(rc).toBe(0);
  expect(e.exports.eng_run(prog, threads)).toBe(0);
  const all = e.get(yp, oh * ow * ys);
  e.exports.eng_prog_free(prog);
  e.exports.eng_free(packed);
  const got = new Float32Array(oh * ow * s.cout);
  let touchedOutside = 0;
  all.forEach((v, i) => {
    const c = (i % ys) - l.yOff;
    if (c >= 0 && c < s.cout) got[Math.floor(i / ys) * s.cout + c] = v;
    else if (!Number.isNaN(v)) touchedOutside++;
  });
  return { got, ref: convReference(s, x, wt, bias, act), touchedOutside };
}

function expectClose(r: ConvResult): void {
  const maxRef = r.ref.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  let worst = 0;
  r.got.forEach((v, i) => {
    worst = Math.max(worst, Math.abs(v - (r.ref[i] ?? Number.NaN)));
  });
  expect(r.got.some(Number.isNaN)).toBe(false);
  expect(worst).toBeLessThanOrEqual(1e-5 * maxRef);
  expect(r.touchedOutside).toBe(0);
}

describe.each<EngineIsa>(['relaxed', 'simd'])('eng_op_conv, %s build', (isa) => {
  let e: EngineHarness;
  beforeAll(async () => {
    e = await loadEngine(isa, 'st');
  });

  it('reports its build', () => {
    expect(e.call('eng_build_relaxed')).toBe(isa === 'relaxed' ? 1 : 0);
  });

  it.each(SHAPES)('%s', (_name, shape, act, layout) => {
    expectClose(runConv(e, shape, act, layout));
  });

  it.each(ACTS)('1x1 on strided views with %s', (act) => {
    expectClose(runConv(e, conv(6, 5, 11, 21, [1, 1]), act, { xExtra: 5, yExtra: 9, yOff: 4 }));
  });

  it.each(ACTS)('3x3 stride 2 with %s', (act) => {
    expectClose(
      runConv(e, conv(9, 8, 10, 13, [3, 3], [2, 2], [1, 1, 1, 1]), act, {
        xExtra: 0,
        yExtra: 3,
        yOff: 3,
      }),
    );
  });

  it('frees its indirection buffer with the program', () => {
    const before = e.exports.eng_allocated();
    runConv(e, conv(6, 6, 4, 4, [3, 3], [1, 1], [1, 1, 1, 1]), 'none', {
      xExtra: 0,
      yExtra: 0,
      yOff: 0,
    });
    const leakedInputs = e.exports.eng_allocated() - before;
    // What stays is the test's own x, y, w and bias buffers, not the op's pointers.
    expect(leakedInputs).toBeLessThan(4 * (6 * 6 * 4 * 3 + 3 * 3 * 4 * 4 + 4) + 1024);
  });

  it('refuses inconsistent shapes', () => {
    const packed = e.call('eng_pack_gemm', e.put(new Float32Array(12)), 0, 3, 4);
    const prog = e.exports.eng_prog_new();
    const x = e.alloc(16);
    const args = [x, 2, 2, 3, 3, x, 2, 2, 4, 4, 1, 1, 1, 1, 0, 0, 1, 1, packed, 0];
    expect(e.call('eng_op_conv', prog, ...args)).toBe(0);
    expect(e.call('eng_op_conv', prog, ...args.map((v, i) => (i === 3 ? 2 : v)))).toBe(-1); // K
    expect(e.call('eng_op_conv', prog, ...args.map((v, i) => (i === 8 ? 5 : v)))).toBe(-1); // N
    expect(e.call('eng_op_conv', prog, ...args.map((v, i) => (i === 9 ? 3 : v)))).toBe(-1); // stride
    expect(e.call('eng_op_conv', prog, ...args.map((v, i) => (i === 19 ? 9 : v)))).toBe(-3); // act
    e.exports.eng_prog_free(prog);
  });

  it('counts the flops of its benchmark', () => {
    expect(e.call('eng_bench_gemm', 13, 7, 9, 3)).toBe(2 * 13 * 7 * 9 * 3);
  });
});

describe.each<EngineIsa>(['relaxed', 'simd'])('eng_op_conv on 2 threads, %s build', (isa) => {
  let e: EngineHarness;
  let exited: Promise<void>;
  beforeAll(async () => {
    e = await loadEngine(isa, 'mt');
    exited = spawnPoolThread(e, 1).exited;
    await waitForWorkers(e, 1);
  });
  afterAll(async () => {
    e.exports.eng_shutdown();
    await exited;
  });

  it.each(SHAPES.filter(([name]) => /large M|7x7 map|stem/.test(name)))(
    '%s',
    (_n, shape, act, layout) => {
      const two = runConv(e, shape, act, layout, 2);
      expectClose(two);
      // Tiles are disjoint and each is computed the same way whoever runs it.
      expect(Array.from(two.got)).toEqual(Array.from(runConv(e, shape, act, layout, 1).got));
    },
  );

  it('splits a 7x7 map into tiles that both threads take', () => {
    const shape = conv(7, 7, 64, 96, [3, 3], [1, 1], [1, 1, 1, 1]);
    let workerTiles = 0;
    for (let i = 0; i < 20; i++) {
      runConv(e, shape, 'relu', { xExtra: 0, yExtra: 0, yOff: 0 }, 2);
      const tiles = e.call('eng_pool_tiles', 0) + e.call('eng_pool_tiles', 1);
      expect(tiles).toBeGreaterThanOrEqual(8);
      workerTiles += e.call('eng_pool_tiles', 1);
    }
    expect(workerTiles).toBeGreaterThan(0);
  });
});
