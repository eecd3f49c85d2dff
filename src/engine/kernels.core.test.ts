/**
 * The engine's non-GEMM kernels (engine/src/{dwconv,pool,eltwise}.c) against float64 references,
 * on random shapes: odd sizes, channel counts that are not multiples of 4 or 8, channel-slice
 * views in and out, every stride, padding and activation, on both instruction sets (relaxed
 * and plain SIMD). Tolerance: see expectClose (relaxed FMA rounds once, plain SIMD twice).
 */
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { loadEngine, type EngineHarness, type EngineIsa } from './testing/wasmHarness';
import {
  ACT,
  ACT_NAMES,
  refAct,
  refDwconv,
  refGap,
  refMap,
  refPool,
  rng,
  type Window,
} from './testing/reference';
import { expectClose, outView, putView } from './testing/views';

const ISAS: EngineIsa[] = ['relaxed', 'simd'];
const CHANNELS = [1, 3, 4, 5, 8, 13, 19, 32];
/* Depthwise tiles are (row, 64 channels): more than one block, with a tail, too. */
const DW_CHANNELS = [...CHANNELS, 67, 130];
const ACTS = ACT_NAMES.map((name) => ACT[name]);

type Rand = () => number;
const pick = (rand: Rand, xs: readonly number[]): number => xs[Math.floor(rand() * xs.length)] ?? 0;
const int = (rand: Rand, lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

/** A random window: padding top/left below the kernel, bottom/right implied by the output size. */
function randomWindow(
  rand: Rand,
  h: number,
  w: number,
  kh: number,
  kw: number,
  s: number,
): Window | null {
  const pt = int(rand, 0, kh - 1);
  const pl = int(rand, 0, kw - 1);
  const oh = Math.floor((h + pt + int(rand, 0, kh - 1) - kh) / s) + 1;
  const ow = Math.floor((w + pl + int(rand, 0, kw - 1) - kw) / s) + 1;
  return oh >= 1 && ow >= 1 ? { kh, kw, s, pt, pl, oh, ow } : null;
}

/** Shapes for the depthwise cases: the fast 3x3/5x5 at stride 1/2 and the generic loop. */
const DW_CASES = [3, 5, 1, 2, 7].flatMap((k) =>
  [1, 2, 3].flatMap((s) => [
    [k, k, s],
    [k, k === 1 ? 3 : 1, s],
  ]),
);

describe.each(ISAS)('engine kernels, %s build', (isa) => {
  let e: EngineHarness;
  let baseline = 0;
  beforeAll(async () => {
    e = await loadEngine(isa, 'st');
    expect(e.call('eng_build_relaxed')).toBe(isa === 'relaxed' ? 1 : 0);
    baseline = e.exports.eng_allocated();
  });
  afterEach(() => {
    e.freeAll();
    expect(e.exports.eng_allocated(), 'engine memory leaked').toBe(baseline);
  });

  /** Runs one op in a fresh program and frees it; threads = 4 with no pool: the caller alone. */
  const runOne = (push: (prog: number) => number): void => {
    const prog = e.exports.eng_prog_new();
    expect(push(prog)).toBe(0);
    expect(e.exports.eng_prog_ops(prog)).toBe(1);
    expect(e.exports.eng_run(prog, 4)).toBe(0);
    e.exports.eng_prog_free(prog);
  };

  it.each(DW_CASES)('depthwise %ix%i stride %i, borders and interior', (kh, kw, s) => {
    const rand = rng(1000 + kh * 100 + kw * 10 + s);
    let tested = 0;
    for (let trial = 0; tested < 8; trial++) {
      const [h, w, c] = [int(rand, 1, 15), int(rand, 1, 15), pick(rand, DW_CHANNELS)];
      const win = randomWindow(rand, h, w, kh, kw, s);
      if (!win) continue;
      tested++;
      const act = ACTS[trial % ACTS.length] ?? 0;
      const noBias = trial % 3 === 0;
      const x = putView(e, rand, h, w, c, c + int(rand, 0, 5));
      const wt = new Float32Array(kh * kw * c).map(() => rand() * 2 - 1);
      const bias = noBias ? new Float32Array(c) : new Float32Array(c).map(() => rand() - 0.5);
      const packed = e.call('eng_pack_dw', e.put(wt), noBias ? 0 : e.put(bias), kh, kw, c);
      const y = outView(e, win.oh, win.ow, c, c + int(rand, 0, 3));
      const xs = x.view.stride;
      runOne((prog) =>
        e.call(
          'eng_op_dwconv',
          prog,
          x.ptr,
          h,
          w,
          c,
          xs,
          y.ptr,
          win.oh,
          win.ow,
          c,
          y.stride,
          kh,
          kw,
          s,
          win.pt,
          win.pl,
          packed,
          act,
        ),
      );
      e.exports.eng_free(packed);
      expectClose(
        y.read(),
        refDwconv(x.view, wt, bias, win, act),
        `dw ${kh}x${kw}/${s} ${h}x${w}x${c} act ${act}`,
      );
    }
  });

  it('depthwise rejects a filter packed for another shape', () => {
    const packed = e.call('eng_pack_dw', e.put(new Float32Array(9 * 4)), 0, 3, 3, 4);
    const [x, y] = [e.alloc(5 * 5 * 4), e.alloc(5 * 5 * 4)];
    const prog = e.exports.eng_prog_new();
    expect(
      e.call('eng_op_dwconv', prog, x, 5, 5, 4, 4, y, 5, 5, 4, 4, 5, 5, 1, 2, 2, packed, 0),
    ).toBe(-1);
    expect(e.exports.eng_prog_ops(prog)).toBe(0);
    e.exports.eng_prog_free(prog);
    e.exports.eng_free(packed);
  });

  it.each([
    [2, 2, 0],
    [3, 1, 1],
    [3, 2, 1],
    [3, 2, 0],
    [2, 1, 1],
    [5, 3, 2],
    [1, 2, 0],
  ])('max and average pooling %ix%i stride %i pad %i, both divisors', (k, s, pad) => {
    const rand = rng(2000 + k * 100 + s * 10 + pad);
    for (let trial = 0; trial < 6; trial++) {
      const [h, w, c] = [int(rand, k, 13), int(rand, k, 13), pick(rand, CHANNELS)];
      const oh = Math.floor((h + 2 * pad - k) / s) + 1;
      const ow = Math.floor((w + 2 * pad - k) / s) + 1;
      const win = { kh: k, kw: k, s, pt: pad, pl: pad, oh, ow };
      const x = putView(e, rand, h, w, c, c + int(rand, 0, 4));
      const xs = x.view.stride;
      const ym = outView(e, oh, ow, c, c + int(rand, 0, 3));
      runOne((prog) =>
        e.call('eng_op_maxpool', prog, x.ptr, h, w, c, xs, ym.ptr, oh, ow, ym.stride, k, s, pad),
      );
      expectClose(ym.read(), refPool(x.view, win, 'max', false), `max ${h}x${w}x${c}`);
      for (const include of [1, 0]) {
        const ya = outView(e, oh, ow, c, c + int(rand, 0, 3));
        runOne((prog) =>
          e.call(
            'eng_op_avgpool',
            prog,
            x.ptr,
            h,
            w,
            c,
            xs,
            ya.ptr,
            oh,
            ow,
            ya.stride,
            k,
            s,
            pad,
            include,
          ),
        );
        expectClose(
          ya.read(),
          refPool(x.view, win, 'avg', include === 1),
          `avg ${include} ${h}x${w}x${c}`,
        );
      }
    }
  });

  it('max pooling pads with -inf: an all-negative input never yields the padding', () => {
    const x = e.put(new Float32Array(3 * 3 * 5).fill(-7));
    const y = outView(e, 2, 2, 5);
    runOne((prog) => e.call('eng_op_maxpool', prog, x, 3, 3, 5, 5, y.ptr, 2, 2, 5, 3, 2, 1));
    expect(Array.from(y.read())).toEqual(new Array(20).fill(-7));
  });

  it.each([1, 3, 17, 40])('global average pooling over %i channels', (c) => {
    const rand = rng(3000 + c);
    for (const [h, w] of [
      [1, 1],
      [7, 7],
      [3, 11],
    ] as [number, number][]) {
      const x = putView(e, rand, h, w, c, c + int(rand, 0, 6));
      const y = outView(e, 1, 1, c);
      runOne((prog) => e.call('eng_op_gap', prog, x.ptr, h, w, c, x.view.stride, y.ptr));
      expectClose(y.read(), refGap(x.view), `gap ${h}x${w}x${c}`);
    }
  });

  it.each(ACT_NAMES)('activation %s, affine and add with it, on dense and sliced views', (name) => {
    const act = ACT[name];
    const rand = rng(4000 + act);
    for (const [c, pad] of [
      [1, 0],
      [6, 0],
      [13, 3],
      [32, 5],
      [3, 2],
    ] as [number, number][]) {
      const [h, w] = [int(rand, 1, 6), int(rand, 1, 9)];
      const x = putView(e, rand, h, w, c, c + pad);
      const xs = x.view.stride;
      // Wide inputs reach the saturated ends of sigmoid and swish.
      const wide = new Float32Array(x.view.data.length).map((v) => v * 30);
      const xw = e.put(wide);
      const ya = outView(e, h, w, c, c + pad);
      runOne((prog) =>
        e.call('eng_op_act', prog, xw + (x.ptr - x.ptr), h, w, c, xs, ya.ptr, ya.stride, act),
      );
      const wideView = { ...x.view, data: wide };
      expectClose(
        ya.read(),
        refMap(wideView, (v) => refAct(v, act)),
        `act ${name} c=${c}`,
      );

      const ss = new Float32Array(2 * c).map(() => rand() * 2 - 1);
      const yf = outView(e, h, w, c, c + int(rand, 0, 2));
      runOne((prog) =>
        e.call('eng_op_affine', prog, x.ptr, h, w, c, xs, yf.ptr, yf.stride, e.put(ss), act),
      );
      expectClose(
        yf.read(),
        refMap(x.view, (v, ch) =>
          refAct(v * (ss[ch] ?? Number.NaN) + (ss[c + ch] ?? Number.NaN), act),
        ),
        `affine c=${c}`,
      );

      const b = putView(e, rand, h, w, c, c + int(rand, 0, 2));
      const yd = outView(e, h, w, c, c + pad);
      const bs = b.view.stride;
      runOne((prog) =>
        e.call('eng_op_add', prog, x.ptr, xs, b.ptr, bs, h, w, c, yd.ptr, yd.stride, act),
      );
      const sum = refMap(x.view, (v, ch, yy, ii) =>
        refAct(v + (b.view.data[(yy * w + ii) * bs + ch] ?? Number.NaN), act),
      );
      expectClose(yd.read(), sum, `add ${name} c=${c}`);
    }
  });

  it.each([1, 5, 8, 19])('squeeze-and-excitation scale and copy into a slice, %i channels', (c) => {
    const rand = rng(5000 + c);
    const [h, w] = [int(rand, 1, 7), int(rand, 1, 7)];
    const x = putView(e, rand, h, w, c, c + 3);
    const xs = x.view.stride;
    const gate = new Float32Array(c).map(() => rand());
    const ys = outView(e, h, w, c, c + 2);
    runOne((prog) =>
      e.call('eng_op_scale_channels', prog, x.ptr, h, w, c, xs, e.put(gate), ys.ptr, ys.stride),
    );
    expectClose(
      ys.read(),
      refMap(x.view, (v, ch) => v * (gate[ch] ?? Number.NaN)),
      `scale c=${c}`,
    );
    const yc = outView(e, h, w, c, c + 7);
    runOne((prog) => e.call('eng_op_copy', prog, x.ptr, h, w, c, xs, yc.ptr, yc.stride));
    expectClose(
      yc.read(),
      refMap(x.view, (v) => v),
      `copy c=${c}`,
      0,
    );
  });
});
