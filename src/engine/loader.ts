/**
 * Loads an engine build and its thread pool. Threads need the shared-memory ("mt") binary, and
 * shared memory needs cross-origin isolation in a page; otherwise the private-memory ("st")
 * binary runs on the calling thread alone and `info.reason` says why. Every pool thread runs its
 * own instance of the same module on the same memory, with its own stack (eng_thread_init), and
 * parks in eng_worker_loop; eng_run then splits each op's tiles among them.
 */
import {
  ENGINE_INITIAL_PAGES,
  ENGINE_MAX_PAGES,
  REQUIRED_EXPORTS,
  type EngineExports,
} from './abi.ts';
import { compileModel, type EngineRuntime } from './compile.ts';
import { pickBuild } from './probe.ts';
import type { Engine, EngineBuild, EngineModel, EngineOptions, EngineInfo } from './types.ts';

/** Stack of each pool thread (the kernels keep little on the stack; the main one has 1 MiB). */
const THREAD_STACK_BYTES = 256 * 1024;
/** How long the pool threads get to park before the engine falls back to one thread. */
const READY_TIMEOUT_MS = 15_000;

interface Loaded {
  readonly exports: EngineExports;
  readonly memory: WebAssembly.Memory;
  readonly module: WebAssembly.Module;
}

async function instantiate(o: EngineOptions, build: EngineBuild, shared: boolean): Promise<Loaded> {
  const module = await o.binaries.load(build, shared);
  const memory = new WebAssembly.Memory({
    initial: ENGINE_INITIAL_PAGES,
    maximum: ENGINE_MAX_PAGES,
    shared,
  });
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const missing = REQUIRED_EXPORTS.filter((n) => typeof instance.exports[n] !== 'function');
  if (missing.length > 0) throw new Error(`engine: module lacks ${missing.join(', ')}`);
  return { exports: instance.exports as unknown as EngineExports, memory, module };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Starts threads - 1 pool threads; resolves to their handles once all are parked. */
async function startPool(o: EngineOptions, l: Loaded, threads: number) {
  const spawn = o.spawn;
  if (spawn === undefined) throw new Error('no thread spawner given');
  const handles: { terminate(): void }[] = [];
  const stacks: number[] = [];
  try {
    for (let tid = 1; tid < threads; tid++) {
      const stackBase = l.exports.eng_malloc(THREAD_STACK_BYTES);
      if (stackBase === 0) throw new Error('out of memory for thread stacks');
      stacks.push(stackBase);
      handles.push(
        spawn({
          module: l.module,
          memory: l.memory,
          tid,
          stackBase,
          stackBytes: THREAD_STACK_BYTES,
        }),
      );
    }
    const start = Date.now();
    while (l.exports.eng_workers_ready() < threads - 1) {
      if (Date.now() - start > READY_TIMEOUT_MS)
        throw new Error(
          `only ${l.exports.eng_workers_ready()} of ${threads - 1} pool threads started`,
        );
      await sleep(2);
    }
    return handles;
  } catch (err) {
    l.exports.eng_shutdown();
    handles.forEach((h) => h.terminate());
    throw err;
  }
}

function makeEngine(l: Loaded, info: EngineInfo, pool: readonly { terminate(): void }[]): Engine {
  const rt: EngineRuntime = { exports: l.exports, memory: l.memory, threads: info.threads };
  const models = new Set<EngineModel>();
  return {
    info,
    compile: (src) => {
      const m = compileModel(rt, src);
      models.add(m);
      return {
        ...m,
        stats: m.stats,
        dispose: () => {
          models.delete(m);
          m.dispose();
        },
      };
    },
    dispose: () => {
      models.forEach((m) => m.dispose());
      models.clear();
      if (pool.length > 0) l.exports.eng_shutdown();
      pool.forEach((h) => h.terminate());
    },
  };
}

/**
 * @param o binaries, threads wanted, spawner, isolation, optional forced build
 * @returns the engine, or null where neither build can run (fall back to tfjs-wasm), or where
 *   relaxed SIMD is forced but this runtime does not validate it
 */
export async function createEngine(o: EngineOptions): Promise<Engine | null> {
  const picked = pickBuild();
  const build = o.forceBuild ?? picked;
  if (build === null || (build === 'relaxed-simd' && picked !== 'relaxed-simd')) return null;
  const reasons: string[] = [];
  if (build === 'simd')
    reasons.push(
      picked === 'relaxed-simd' ? 'plain SIMD forced' : 'relaxed SIMD not supported here',
    );
  const want = Math.max(1, Math.floor(o.threads));
  const base = { build, isolated: o.isolated };
  if (want > 1 && !o.isolated) reasons.push('page not cross-origin isolated');
  else if (want > 1 && o.spawn === undefined) reasons.push('no thread spawner');
  else if (want > 1) {
    try {
      const l = await instantiate(o, build, true);
      const pool = await startPool(o, l, want);
      return makeEngine(l, { ...base, threads: want, reason: reasons.join('; ') || null }, pool);
    } catch (err) {
      reasons.push(`threads unavailable: ${err instanceof Error ? err.message : String(err)}`);
    }
  }
  const l = await instantiate(o, build, false);
  return makeEngine(l, { ...base, threads: 1, reason: reasons.join('; ') || null }, []);
}
