/**
 * The engine in Node (`chextransfer predict`, the chest benchmark, tests): binaries read from
 * engine/dist and pool threads as worker_threads (src/engine's Node helpers). Node always has
 * shared memory, so it is "isolated"; relaxed SIMD runs where this Node's WebAssembly validates
 * it (pickBuild), plain SIMD otherwise.
 *
 * Node 20's V8 (11.3) implements relaxed SIMD behind --experimental-wasm-relaxed-simd (on by
 * default from Node 22). The CLI opts in: the engine's logits match PyTorch within 1e-4 on that
 * build in Node (src/engine/engine.test.ts, src/cli/predictTorch.test.ts), and the relaxed build
 * is the faster one. CHEXTRANSFER_NO_RELAXED_SIMD=1 keeps V8's default.
 */
import { availableParallelism } from 'node:os';
import { enableNodeRelaxedSimd, nodeBinaries } from '../engine/nodeBinaries.ts';
import { nodeSpawnThread } from '../engine/nodeThreads.ts';
import { wasmThreadCount } from '../worker/backend/threadCount.ts';
import {
  disposeCpuEngine,
  setEngineHost,
  startCpuEngine,
  type EngineState,
} from '../worker/engine/engineHost.ts';
import type { CpuRuntime } from '../worker/protocol.ts';

/** Sets the worker's engine host to Node's (binaries from engine/dist, worker_threads). */
export function useNodeEngine(): void {
  setEngineHost({ binaries: nodeBinaries, spawn: nodeSpawnThread });
}

/**
 * Starts the engine for this process (every CPU forward pass then runs on it).
 * @param prefer a build, or tfjs-wasm; undefined: relaxed SIMD where it validates, else SIMD
 * @param threads threads (default: all cores, capped as in the browser)
 * @returns what runs, on how many threads, and why not the engine when it does not
 */
export async function startNodeEngine(prefer?: CpuRuntime, threads?: number): Promise<EngineState> {
  if (process.env['CHEXTRANSFER_NO_RELAXED_SIMD'] !== '1') await enableNodeRelaxedSimd();
  useNodeEngine();
  return startCpuEngine({
    threads: wasmThreadCount(threads, availableParallelism()),
    isolated: true,
    ...(prefer === undefined ? {} : { prefer }),
  });
}

/** Stops the engine's threads (so that the process can exit). */
export function stopNodeEngine(): void {
  disposeCpuEngine();
  setEngineHost(null);
}
