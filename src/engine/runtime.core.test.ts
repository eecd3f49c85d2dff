/**
 * The engine's runtime (engine/src/runtime.c): the allocator, and the thread pool, whose
 * 2-thread runs must give the bytes of a 1-thread run (every tile is computed the same way
 * whichever thread takes it) while the second thread really takes tiles.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  loadEngine,
  spawnPoolThread,
  waitForWorkers,
  type EngineHarness,
  type EngineIsa,
  type PoolThread,
} from './testing/wasmHarness';
import { ACT, rng } from './testing/reference';

describe('engine allocator', () => {
  it('aligns to 64 bytes, coalesces freed blocks, grows the memory and reports what is held', async () => {
    const e = await loadEngine('simd', 'st');
    const base = e.exports.eng_allocated();
    const ptrs = [1, 100, 64, 4096, 3].map((n) => e.exports.eng_malloc(n));
    for (const p of ptrs) expect(p % 64).toBe(0);
    expect(new Set(ptrs).size).toBe(ptrs.length);
    expect(e.exports.eng_allocated() - base).toBe(64 + 128 + 64 + 4096 + 64);
    // Free the middle three: one coalesced hole that a 4 KiB + 192 B request fits without growing.
    for (const p of ptrs.slice(1, 4)) e.exports.eng_free(p);
    const again = e.exports.eng_malloc(4096 + 128);
    expect(again).toBe(ptrs[1]);
    const before = e.memory.buffer.byteLength;
    const big = e.exports.eng_malloc(16 << 20);
    expect(big).toBeGreaterThan(0);
    expect(e.memory.buffer.byteLength).toBeGreaterThan(before);
    expect(e.memory.buffer.byteLength).toBeGreaterThanOrEqual(big + (16 << 20));
    for (const p of [...ptrs.slice(0, 1), ...ptrs.slice(4), again, big]) e.exports.eng_free(p);
    e.exports.eng_free(big); // a second free is ignored
    expect(e.exports.eng_allocated()).toBe(base);
    expect(e.exports.eng_malloc(0x7fffffff)).toBe(0);
  });
});

describe('engine allocator under random use', () => {
  it('never hands out overlapping blocks and keeps every block intact', async () => {
    const e = await loadEngine('relaxed', 'st');
    const base = e.exports.eng_allocated();
    const rand = rng(99);
    const live = new Map<number, { bytes: number; tag: number }>();
    let lowest = Infinity;
    const words = (ptr: number, bytes: number): Int32Array =>
      new Int32Array(e.memory.buffer, ptr, bytes >> 2);
    for (let step = 0; step < 3000; step++) {
      if (live.size > 0 && rand() < 0.45) {
        const ptrs = [...live.keys()];
        const ptr = ptrs[Math.floor(rand() * ptrs.length)] ?? 0;
        const { bytes, tag } = live.get(ptr) ?? { bytes: 0, tag: 0 };
        // Every word still holds its block's tag: no other block overlapped it.
        expect(words(ptr, bytes).every((v) => v === tag)).toBe(true);
        e.exports.eng_free(ptr);
        live.delete(ptr);
      } else {
        const bytes = 4 * (1 + Math.floor(rand() ** 3 * 20000));
        const ptr = e.exports.eng_malloc(bytes);
        expect(ptr % 64).toBe(0);
        lowest = Math.min(lowest, ptr);
        words(ptr, bytes).fill(step + 1);
        live.set(ptr, { bytes, tag: step + 1 });
      }
    }
    for (const [ptr, { bytes, tag }] of live) {
      expect(words(ptr, bytes).every((v) => v === tag)).toBe(true);
      e.exports.eng_free(ptr);
    }
    expect(e.exports.eng_allocated()).toBe(base);
    // Everything coalesced back into the break: a large block starts where the first one did.
    const again = e.exports.eng_malloc(1 << 20);
    expect(again).toBe(lowest);
    e.exports.eng_free(again);
  });
});

/** A small network's worth of ops on one buffer set; returns the output buffers to compare. */
function buildProgram(e: EngineHarness, prog: number): { ptr: number; n: number }[] {
  const rand = rng(77);
  const put = (n: number): number => e.put(new Float32Array(n).map(() => rand() * 2 - 1));
  const [h, w, c] = [29, 23, 13];
  const x = put(h * w * c);
  const dw = e.call('eng_pack_dw', put(9 * c), put(c), 3, 3, c);
  const y1 = e.alloc(15 * 12 * c);
  expect(
    e.call('eng_op_dwconv', prog, x, h, w, c, c, y1, 15, 12, c, c, 3, 3, 2, 1, 1, dw, ACT.swish),
  ).toBe(0);
  const g1 = e.call('eng_pack_gemm', put(c * 24), put(24), c, 24);
  const y2 = e.alloc(15 * 12 * 24);
  const conv = [1, 1, 1, 1, 0, 0, 1, 1, g1, ACT.relu6];
  expect(e.call('eng_op_conv', prog, y1, 15, 12, c, c, y2, 15, 12, 24, 24, ...conv)).toBe(0);
  const g3 = e.call('eng_pack_gemm', put(9 * 24 * 16), put(16), 9 * 24, 16);
  const y3 = e.alloc(15 * 12 * 16);
  expect(
    e.call(
      'eng_op_conv',
      prog,
      y2,
      15,
      12,
      24,
      24,
      y3,
      15,
      12,
      16,
      16,
      3,
      3,
      1,
      1,
      1,
      1,
      1,
      1,
      g3,
      0,
    ),
  ).toBe(0);
  const y4 = e.alloc(8 * 6 * 16);
  expect(e.call('eng_op_maxpool', prog, y3, 15, 12, 16, 16, y4, 8, 6, 16, 3, 2, 1)).toBe(0);
  const y5 = e.alloc(8 * 6 * 16);
  expect(e.call('eng_op_add', prog, y4, 16, y4, 16, 8, 6, 16, y5, 16, ACT.relu)).toBe(0);
  const y6 = e.alloc(16);
  expect(e.call('eng_op_gap', prog, y5, 8, 6, 16, 16, y6)).toBe(0);
  return [
    { ptr: y1, n: 15 * 12 * c },
    { ptr: y3, n: 15 * 12 * 16 },
    { ptr: y6, n: 16 },
  ];
}

describe.each<EngineIsa>(['relaxed', 'simd'])(
  'engine thread pool, %s shared-memory build',
  (isa) => {
    let e: EngineHarness;
    let thread: PoolThread;
    let extra: PoolThread[] = [];
    beforeAll(async () => {
      e = await loadEngine(isa, 'mt');
      thread = spawnPoolThread(e, 1);
      await waitForWorkers(e, 1);
    });
    afterAll(async () => {
      e.exports.eng_shutdown();
      await Promise.all([thread, ...extra].map((t) => t.exited));
      expect(e.exports.eng_workers_ready()).toBe(0);
    });

    it('gives the pool thread its own stack', async () => {
      const probe = await thread.stackProbe;
      expect(probe).toBeGreaterThanOrEqual(thread.stackBase);
      expect(probe).toBeLessThanOrEqual(thread.stackBase + thread.stackBytes);
      const own = e.call('eng_stack_probe');
      expect(own < thread.stackBase || own > thread.stackBase + thread.stackBytes).toBe(true);
    });

    it('runs a program on 2 threads with the bytes of 1 thread, both threads taking tiles', () => {
      const prog = e.exports.eng_prog_new();
      const outs = buildProgram(e, prog);
      const run = (threads: number): Float32Array[] => {
        for (const o of outs) new Float32Array(e.memory.buffer, o.ptr, o.n).fill(Number.NaN);
        expect(e.exports.eng_run(prog, threads)).toBe(0);
        return outs.map((o) => e.get(o.ptr, o.n));
      };
      const single = run(1);
      for (const o of single) expect(o.every(Number.isFinite)).toBe(true);
      let workerTiles = 0;
      const totals = new Set<number>();
      for (let i = 0; i < 30; i++) {
        expect(run(2)).toEqual(single);
        workerTiles += e.call('eng_pool_tiles', 1);
        totals.add(e.call('eng_pool_tiles', 0) + e.call('eng_pool_tiles', 1));
      }
      // Every tile ran exactly once per run (dwconv 15 rows, maxpool 8, add 8, gap 1, convs more).
      expect(totals.size).toBe(1);
      expect([...totals][0]).toBeGreaterThan(15 + 8 + 8 + 1);
      expect(workerTiles).toBeGreaterThan(0);
      // Asking for more threads than are parked runs on those that are.
      expect(run(8)).toEqual(single);
      e.exports.eng_prog_free(prog);
    });

    it('runs on 4 threads, and on 2 of them, with the same bytes', async () => {
      extra = [2, 3].map((tid) => spawnPoolThread(e, tid));
      await waitForWorkers(e, 3);
      const prog = e.exports.eng_prog_new();
      const outs = buildProgram(e, prog);
      const results = [1, 4, 2, 4, 3].map((threads) => {
        for (const o of outs) new Float32Array(e.memory.buffer, o.ptr, o.n).fill(Number.NaN);
        expect(e.exports.eng_run(prog, threads)).toBe(0);
        return outs.map((o) => e.get(o.ptr, o.n));
      });
      for (const r of results.slice(1)) expect(r).toEqual(results[0]);
      e.exports.eng_prog_free(prog);
    });
  },
);
