/**
 * The engine's own GEMM microbenchmark (`eng_bench_gemm`, engine/src/engine.h), timed in the page
 * for `gemmPeakGflops: { simd, relaxed }` of the peer benchmark: one thread, packed buffers that
 * stay in cache, the fastest of several rounds over the shapes of the issue's kernel table.
 * Browser and Node alike (no DOM): it only needs the single-threaded binaries' bytes.
 */

interface MemoryLimits {
  readonly initial: number;
  readonly maximum?: number;
  readonly shared: boolean;
}

/** Reads an unsigned LEB128 at `at`; returns the value and the next offset. */
function leb(b: Uint8Array, at: number): [number, number] {
  let value = 0;
  let shift = 0;
  let i = at;
  for (;;) {
    const byte = b[i++] ?? 0;
    value += (byte & 0x7f) * 2 ** shift;
    shift += 7;
    if (byte < 0x80) return [value, i];
  }
}

function skipName(b: Uint8Array, at: number): number {
  const [n, i] = leb(b, at);
  return i + n;
}

function limitsAt(b: Uint8Array, at: number): [MemoryLimits, number] {
  const flag = b[at] ?? 0;
  const [initial, i] = leb(b, at + 1);
  if ((flag & 1) === 0) return [{ initial, shared: false }, i];
  const [maximum, j] = leb(b, i);
  return [{ initial, maximum, shared: (flag & 2) !== 0 }, j];
}

/**
 * @param bytes a wasm binary that imports its memory
 * @returns the imported memory's limits (the engine links with --import-memory)
 */
export function importedMemory(bytes: Uint8Array): MemoryLimits {
  let at = 8;
  while (at < bytes.length) {
    const id = bytes[at] ?? 0;
    const [size, body] = leb(bytes, at + 1);
    if (id === 2) {
      let [count, i] = leb(bytes, body);
      for (; count > 0; count--) {
        i = skipName(bytes, skipName(bytes, i));
        const kind = bytes[i++];
        if (kind === 2) return limitsAt(bytes, i)[0];
        if (kind === 0) i = leb(bytes, i)[1];
        else if (kind === 1) i = limitsAt(bytes, i + 1)[1];
        else if (kind === 3) i += 2;
        else throw new Error(`unknown import kind ${kind}`);
      }
    }
    at = body + size;
  }
  throw new Error('the module imports no memory');
}

interface BenchExports {
  eng_bench_gemm(m: number, k: number, n: number, reps: number): number;
}

/** The three kernel shapes (m × k × n): 3×3 conv, 1×1 expand and 1×1 project. */
export const GEMM_SHAPES: readonly (readonly [number, number, number])[] = [
  [3136, 576, 64],
  [196, 2304, 256],
  [3136, 64, 256],
];

/**
 * @param bytes the single-threaded binary of one build
 * @param rounds timed rounds per shape (the fastest counts)
 * @param seconds about how long one round runs
 * @returns the fastest GFLOP/s over shapes and rounds
 */
export async function gemmPeak(
  bytes: Uint8Array<ArrayBuffer>,
  rounds = 5,
  seconds = 0.1,
): Promise<number> {
  const limits = importedMemory(bytes);
  const memory = new WebAssembly.Memory(limits);
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const x = instance.exports as unknown as BenchExports;
  let best = 0;
  for (const [m, k, n] of GEMM_SHAPES) {
    x.eng_bench_gemm(m, k, n, 1); // warm-up: packing, memory growth, tier-up
    const reps = Math.max(1, Math.round((seconds * 40e9) / (2 * m * k * n)));
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const flops = x.eng_bench_gemm(m, k, n, reps);
      const s = (performance.now() - t0) / 1000;
      best = Math.max(best, flops / s / 1e9);
    }
  }
  return best;
}
