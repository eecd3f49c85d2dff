/**
 * The worker's one CPU engine: started with the WASM backend (backend/backend.ts), used by every
 * CPU forward pass (cpuForward.ts), and replaced by tfjs-wasm's fused path when it cannot run.
 *
 * The host (how binaries load and how pool threads start) is injected: the browser worker sets
 * it in engine/browserEngine.ts, Node code (the CLI, tests) in src/cli/engineNode.ts. Without a
 * host there is no engine, and the tfjs path runs, as before the engine existed.
 */
import { createEngine, pickBuild } from './engineApi.ts';
import type { Engine, EngineBinaries, SpawnThread } from './engineApi.ts';
import { CPU_RUNTIMES, type CpuRuntime } from '../protocol.ts';

export type { CpuRuntime };

/** How the engine's binaries load and its pool threads start, on this platform. */
export interface EngineHost {
  readonly binaries: EngineBinaries;
  readonly spawn?: SpawnThread;
}

/** The engine in use (null: tfjs-wasm runs) and what the badge says about it. */
export interface EngineState {
  readonly engine: Engine | null;
  readonly runtime: CpuRuntime;
  /** Threads the engine runs (0 when it does not run). */
  readonly threads: number;
  /** Why tfjs-wasm runs instead, or why the engine runs on one thread; null otherwise. */
  readonly reason: string | null;
}

/** What `startCpuEngine` is asked for. */
export interface EngineRequest {
  /** Threads wanted (the tfjs thread rule: backend/threadCount.ts). */
  readonly threads: number;
  /** Whether the page is cross-origin isolated (shared memory, so threads). */
  readonly isolated: boolean;
  /** `?engine=`: force a build, or tfjs-wasm; undefined picks the fastest that validates. */
  readonly prefer?: CpuRuntime;
}

let host: EngineHost | null = null;
let started: Promise<EngineState> | null = null;
let current: EngineState | null = null;

/** @param h the platform's binaries and thread spawner (null: no engine, tfjs only) */
export function setEngineHost(h: EngineHost | null): void {
  host = h;
}

const fallback = (reason: string): EngineState => ({
  engine: null,
  runtime: 'tfjs-wasm',
  threads: 0,
  reason,
});

async function start(request: EngineRequest): Promise<EngineState> {
  if (host === null) return fallback('no engine in this environment');
  if (request.prefer === 'tfjs-wasm')
    return fallback('tfjs-wasm was asked for (?engine=tfjs-wasm)');
  if (pickBuild() === null)
    return fallback('this WebAssembly has no SIMD128, so the engine cannot run');
  try {
    const engine = await createEngine({
      binaries: host.binaries,
      threads: request.threads,
      isolated: request.isolated,
      ...(host.spawn ? { spawn: host.spawn } : {}),
      ...(request.prefer === undefined ? {} : { forceBuild: request.prefer }),
    });
    if (engine === null)
      return fallback(`the engine could not start the ${request.prefer ?? 'picked'} build`);
    const { build, threads, reason } = engine.info;
    return { engine, runtime: build, threads, reason };
  } catch (error) {
    return fallback(`the engine failed to start: ${String(error)}`);
  }
}

/**
 * Starts the engine once per worker (later calls get the first result: its threads are fixed).
 * @param request threads, isolation and the `?engine=` override
 * @returns the engine (or tfjs-wasm, with why)
 */
export function startCpuEngine(request: EngineRequest): Promise<EngineState> {
  started ??= start(request).then((s) => (current = s));
  return started;
}

/** @returns the engine when it has started and runs, else null (tfjs-wasm runs) */
export function cpuEngine(): Engine | null {
  return current?.engine ?? null;
}

/** @returns the engine's state once started, else null */
export function engineState(): EngineState | null {
  return current;
}

/** Stops the engine's threads (tests); the next start creates a new one. */
export function disposeCpuEngine(): void {
  current?.engine?.dispose();
  current = null;
  started = null;
}

/**
 * @param value a `?engine=` value
 * @returns the runtime it names, or undefined (unknown or absent)
 */
export function parseCpuRuntime(value: string | null | undefined): CpuRuntime | undefined {
  return CPU_RUNTIMES.find((r) => r === value);
}
