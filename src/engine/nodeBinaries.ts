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

/**
 * Node 20's V8 (11.3) implements relaxed SIMD but validates it only with
 * --experimental-wasm-relaxed-simd (on by default from V8 11.4 / Node 22). Setting the flag at
 * run time, before the first `pickBuild`, works (loader.test.ts); whether a program opts in to
 * an experimental V8 flag is its caller's decision, so nothing here does it implicitly.
 * @returns whether relaxed SIMD validates now
 */
export async function enableNodeRelaxedSimd(): Promise<boolean> {
  const { setFlagsFromString } = await import('node:v8');
  const { pickBuild } = await import('./probe.ts');
  if (pickBuild() !== 'relaxed-simd') setFlagsFromString('--experimental-wasm-relaxed-simd');
  return pickBuild() === 'relaxed-simd';
}
