/**
 * Node: the committed binaries in engine/dist (the CLI and tests; the browser fetches them as
 * vite assets instead). The path is resolved from this file, so it works under tsx and vitest.
 */
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import type { EngineBinaries, EngineBuild } from './types.ts';

/**
 * @param build instruction set
 * @param shared shared-memory (threaded) link or private-memory link
 * @returns engine/dist/engine-{relaxed,simd}-{mt,st}.wasm
 */
export function engineWasmFile(build: EngineBuild, shared: boolean): string {
  const isa = build === 'relaxed-simd' ? 'relaxed' : 'simd';
  return fileURLToPath(
    new URL(`../../engine/dist/engine-${isa}-${shared ? 'mt' : 'st'}.wasm`, import.meta.url),
  );
}

/** Reads and compiles engine/dist binaries (each compiled once per process). */
export const nodeBinaries: EngineBinaries = (() => {
  const cache = new Map<string, Promise<WebAssembly.Module>>();
  return {
    load(build, shared) {
      const file = engineWasmFile(build, shared);
      let m = cache.get(file);
      if (m === undefined) {
        m = readFile(file).then((bytes) => WebAssembly.compile(bytes));
        cache.set(file, m);
      }
      return m;
    },
  };
})();
