/**
 * The engine's own GEMM peak for the peer benchmark (`gemmPeakGflops: { simd, relaxed }`): times
 * `eng_bench_gemm` (engine/src/engine.h: the GEMM microkernel over packed buffers it allocates
 * itself) of one build, single-threaded, in the bench page, over the three kernel shapes;
 * the fastest round counts (on a shared machine the fastest round is the least disturbed one).
 * Each call also fills and packs its buffers: rounds run long enough (~0.25 s) that this stays
 * under 1% of the time, so the peak is, if anything, slightly understated.
 * DOM-free: it only needs the bytes of a single-threaded (`-st`) binary.
 */

/** Limits of a memory in a module's import section. */
interface MemoryLimits {
  readonly initial: number;
  readonly maximum?: number;
  readonly shared: boolean;
}

/** Reads an unsigned LEB128 at `at`: [value, next offset]. */
function uleb(b: Uint8Array, at: number): [number, number] {
  let value = 0;
  for (let i = at, shift = 0; ; shift += 7) {
    const byte = b[i++] ?? 0;
    value += (byte & 0x7f) * 2 ** shift;
    if (byte < 0x80) return [value, i];
  }
}

/** Skips a name (length, bytes). */
function skipName(b: Uint8Array, at: number): number {
  const [length, i] = uleb(b, at);
  return i + length;
}

/** Reads limits (flags, min, max if flagged): [limits, next offset]. */
function limits(b: Uint8Array, at: number): [MemoryLimits, number] {
  const flags = b[at] ?? 0;
  const [initial, i] = uleb(b, at + 1);
  if ((flags & 1) === 0) return [{ initial, shared: false }, i];
  const [maximum, j] = uleb(b, i);
  return [{ initial, maximum, shared: (flags & 2) !== 0 }, j];
}

/** Skips one import's description after its kind byte; returns the memory's limits if it is one. */
function skipImport(b: Uint8Array, kind: number, at: number): [MemoryLimits | null, number] {
  if (kind === 0) return [null, uleb(b, at)[1]]; // function: type index
  if (kind === 1) return [null, limits(b, at + 1)[1]]; // table: reftype, limits
  if (kind === 2) return limits(b, at);
  if (kind === 3) return [null, at + 2]; // global: valtype, mutability
  throw new Error(`unknown import kind ${kind}`);
}

/**
 * @param bytes a WebAssembly binary that imports its memory (the engine links --import-memory)
 * @returns the imported memory's limits, which the memory given to it must satisfy
 */
export function importedMemory(bytes: Uint8Array): MemoryLimits {
  for (let at = 8; at < bytes.length;) {
    const [size, body] = uleb(bytes, at + 1);
    if (bytes[at] === 2) {
      let [count, i] = uleb(bytes, body);
      for (; count > 0; count--) {
        i = skipName(bytes, skipName(bytes, i)); // module, then field
        const [memory, next] = skipImport(bytes, bytes[i] ?? 0, i + 1);
        if (memory !== null) return memory;
        i = next;
      }
    }
    at = body + size;
  }
  throw new Error('the module imports no memory');
}

/** The kernel shapes, m × k × n: a 3×3 conv, a 1×1 expand and a 1×1 project. */
export const GEMM_SHAPES: readonly (readonly [number, number, number])[] = [
  [3136, 576, 64],
  [196, 2304, 256],
  [3136, 64, 256],
];

interface BenchExports {
  eng_bench_gemm(m: number, k: number, n: number, reps: number): number;
}

/** Calls before timing: V8 first runs Liftoff code and swaps in TurboFan's between calls. */
const WARMUP_CALLS = 6;

/**
 * @param binary the single-threaded binary of one build
 * @param rounds timed rounds per shape
 * @param seconds about how long one round runs
 * @returns the fastest round's GFLOP/s over every shape
 */
export async function gemmPeak(
  binary: ArrayBuffer,
  rounds: number,
  seconds = 0.25,
): Promise<number> {
  const memory = new WebAssembly.Memory(importedMemory(new Uint8Array(binary)));
  const module = await WebAssembly.compile(binary);
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const x = instance.exports as unknown as BenchExports;
  let best = 0;
  for (const [m, k, n] of GEMM_SHAPES) {
    for (let i = 0; i < WARMUP_CALLS; i++) x.eng_bench_gemm(m, k, n, 1);
    const reps = Math.max(1, Math.round((seconds * 50e9) / (2 * m * k * n)));
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const flops = x.eng_bench_gemm(m, k, n, reps);
      const s = (performance.now() - t0) / 1000;
      if (flops > 0) best = Math.max(best, flops / s / 1e9);
    }
  }
  return best;
}
