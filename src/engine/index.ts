/**
 * The engine: our own WebAssembly kernels for CNN inference (relaxed-SIMD FMA or plain SIMD128,
 * a shared-memory thread pool), compiled from the zoo's plan and a model's weights.
 * DOM-free and tf-free; Node and browser differ only in the injected binaries and spawner.
 */
export { createEngine } from './loader.ts';
export { pickBuild } from './probe.ts';
export type * from './types.ts';
