/**
 * The engine's browser host, set when the worker bundle starts (worker/entry.ts): its four
 * binaries are Vite assets (`?url`), compiled while they download (compileStreaming), and its pool
 * threads are module Workers that this worker starts itself (engineThread.ts).
 */
import relaxedMt from '../../../engine/dist/engine-relaxed-mt.wasm?url';
import relaxedSt from '../../../engine/dist/engine-relaxed-st.wasm?url';
import simdMt from '../../../engine/dist/engine-simd-mt.wasm?url';
import simdSt from '../../../engine/dist/engine-simd-st.wasm?url';
import type { EngineBinaries, EngineBuild, SpawnThread } from './engineApi.ts';
import { setEngineHost } from './engineHost.ts';

const URLS: Record<EngineBuild, { shared: string; single: string }> = {
  'relaxed-simd': { shared: relaxedMt, single: relaxedSt },
  simd: { shared: simdMt, single: simdSt },
};

const compiled = new Map<string, Promise<WebAssembly.Module>>();

const binaries: EngineBinaries = {
  load(build, shared) {
    const url = shared ? URLS[build].shared : URLS[build].single;
    let module = compiled.get(url);
    if (module === undefined) {
      module = WebAssembly.compileStreaming(fetch(url));
      module.catch(() => compiled.delete(url));
      compiled.set(url, module);
    }
    return module;
  },
};

/** Starts one pool thread: a nested module Worker running engineThread.ts. */
const spawn: SpawnThread = (init) => {
  // The one Worker outside studyClient.ts (eslint.config.js): the engine's pool threads must be
  // started by the worker that owns the engine's shared memory.
  const worker = new Worker(new URL('./engineThread.ts', import.meta.url), {
    type: 'module',
    name: `chextransfer-engine-${init.tid}`,
  });
  worker.postMessage(init);
  return { terminate: () => worker.terminate() };
};

setEngineHost({ binaries, spawn });
