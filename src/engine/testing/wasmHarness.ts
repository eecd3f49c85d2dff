/**
 * Test harness: loads one of the four engine builds (engine/dist) in Node with its own memory,
 * exposes the exports typed, and copies Float32Arrays in and out. Pool threads for the shared-
 * memory builds run in Node worker_threads (spawnPoolThread). Tests only: the app's loader is
 * src/engine's own.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { Worker } from 'node:worker_threads';

export type EngineIsa = 'relaxed' | 'simd';
export type EngineLink = 'mt' | 'st';

/** Must match scripts/wasm/build.sh: --initial-memory=4 MiB, --max-memory=2 GiB. */
export const ENGINE_INITIAL_PAGES = 64;
export const ENGINE_MAX_PAGES = 32768;

type Fn = (...args: number[]) => number;

/** The exports as the ABI declares them (engine/src/engine.h); every pointer is a byte offset. */
export interface EngineExports {
  eng_malloc: (bytes: number) => number;
  eng_free: (ptr: number) => void;
  eng_allocated: () => number;
  eng_prog_new: () => number;
  eng_prog_free: (prog: number) => void;
  eng_prog_ops: (prog: number) => number;
  eng_run: (prog: number, threads: number) => number;
  eng_worker_loop: (tid: number) => void;
  eng_thread_init: (stackBase: number, bytes: number) => void;
  eng_workers_ready: () => number;
  eng_shutdown: () => void;
  [name: string]: Fn | ((...args: number[]) => void) | WebAssembly.ExportValue;
}

export interface EngineHarness {
  readonly isa: EngineIsa;
  readonly link: EngineLink;
  readonly module: WebAssembly.Module;
  readonly memory: WebAssembly.Memory;
  readonly exports: EngineExports;
  /** Calls an export by name (kernels not listed in EngineExports). */
  call(name: string, ...args: number[]): number;
  /** eng_malloc + copy; throws when the memory cannot grow. */
  put(data: Float32Array | readonly number[]): number;
  /** eng_malloc of n floats, filled with `fill` (NaN by default, so unwritten outputs show). */
  alloc(n: number, fill?: number): number;
  /** A copy of n floats at ptr (copied: a memory.grow detaches non-shared views). */
  get(ptr: number, n: number): Float32Array;
  /** eng_free for everything put/alloc returned since the last call. */
  freeAll(): void;
}

export function engineWasmPath(isa: EngineIsa, link: EngineLink): string {
  return fileURLToPath(new URL(`../../../engine/dist/engine-${isa}-${link}.wasm`, import.meta.url));
}

export function createEngineMemory(link: EngineLink): WebAssembly.Memory {
  return new WebAssembly.Memory({
    initial: ENGINE_INITIAL_PAGES,
    maximum: ENGINE_MAX_PAGES,
    shared: link === 'mt',
  });
}

/**
 * Node 20's V8 (11.3) has relaxed SIMD behind a flag (on by default from V8 11.4, Chrome 114);
 * the tests must run the relaxed build, so they turn it on. A no-op where it is already on.
 */
export function enableRelaxedSimd(): void {
  setFlagsFromString('--experimental-wasm-relaxed-simd');
}

export async function loadEngine(isa: EngineIsa, link: EngineLink): Promise<EngineHarness> {
  if (isa === 'relaxed') enableRelaxedSimd();
  const module = await WebAssembly.compile(readFileSync(engineWasmPath(isa, link)));
  const memory = createEngineMemory(link);
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const exports = instance.exports as unknown as EngineExports;
  const owned: number[] = [];
  const freeAll = (): void => {
    for (const ptr of owned.splice(0)) exports.eng_free(ptr);
  };
  const call = (name: string, ...args: number[]): number => {
    const fn = exports[name];
    if (typeof fn !== 'function') throw new Error(`engine export ${name} is missing`);
    return (fn as Fn)(...args) ?? 0;
  };
  const alloc = (n: number, fill = Number.NaN): number => {
    const ptr = exports.eng_malloc(n * 4);
    if (ptr === 0) throw new Error(`eng_malloc(${n * 4}) failed`);
    owned.push(ptr);
    new Float32Array(memory.buffer, ptr, n).fill(fill);
    return ptr;
  };
  const put = (data: Float32Array | readonly number[]): number => {
    const ptr = alloc(data.length, 0);
    new Float32Array(memory.buffer, ptr, data.length).set(data);
    return ptr;
  };
  const get = (ptr: number, n: number): Float32Array =>
    new Float32Array(memory.buffer, ptr, n).slice();
  return { isa, link, module, memory, exports, call, put, alloc, get, freeAll };
}

/* Runs in the worker: its own instance on the shared memory, its own stack, then parks. */
const POOL_THREAD_SOURCE = `
const { workerData, parentPort } = require('node:worker_threads');
const { module, memory, stackBase, stackBytes, tid } = workerData;
const instance = new WebAssembly.Instance(module, { env: { memory } });
instance.exports.eng_thread_init(stackBase, stackBytes);
parentPort.postMessage({ stackProbe: instance.exports.eng_stack_probe() >>> 0 });
instance.exports.eng_worker_loop(tid);
`;

export interface PoolThread {
  /** Resolves when the thread has returned from eng_worker_loop (after eng_shutdown). */
  readonly exited: Promise<void>;
  /** Resolves with an address on the thread's stack, after eng_thread_init. */
  readonly stackProbe: Promise<number>;
  /** The stack eng_malloc gave the thread: [base, base + bytes). */
  readonly stackBase: number;
  readonly stackBytes: number;
}

/** Starts pool thread `tid` (>= 1) on a shared-memory build; the stack comes from eng_malloc. */
export function spawnPoolThread(
  engine: EngineHarness,
  tid: number,
  stackBytes = 1 << 16,
): PoolThread {
  if (engine.link !== 'mt') throw new Error('pool threads need the shared-memory (mt) build');
  const stackBase = engine.exports.eng_malloc(stackBytes);
  // A Node pool thread for tests, not the app's study Worker that the rule guards.
  // eslint-disable-next-line no-restricted-syntax
  const worker = new Worker(POOL_THREAD_SOURCE, {
    eval: true,
    workerData: { module: engine.module, memory: engine.memory, stackBase, stackBytes, tid },
  });
  const exited = new Promise<void>((resolve, reject) => {
    worker.on('error', reject);
    worker.on('exit', () => {
      engine.exports.eng_free(stackBase);
      resolve();
    });
  });
  const stackProbe = new Promise<number>((resolve) => {
    worker.once('message', (m: { stackProbe: number }) => resolve(m.stackProbe));
  });
  return { exited, stackProbe, stackBase, stackBytes };
}

/** Waits (polling, the main thread never blocks) until `count` pool threads are parked. */
export async function waitForWorkers(
  engine: EngineHarness,
  count: number,
  timeoutMs = 20_000,
): Promise<void> {
  const start = Date.now();
  while (engine.exports.eng_workers_ready() < count) {
    if (Date.now() - start > timeoutMs)
      throw new Error(`only ${engine.exports.eng_workers_ready()} pool threads parked`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
