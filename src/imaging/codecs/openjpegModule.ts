/**
 * Where the OpenJPEG WASM binary comes from: the one place that knows, in Node and in a Vite
 * bundled worker. Loaded lazily, once, on the first JPEG 2000 file.
 *
 * - Node (Vitest, the CLI): the Emscripten glue of @cornerstonejs/codec-openjpeg is CommonJS and
 *   reads `openjpegwasm_decode.wasm` from its own `__dirname` with `fs`, so no option is needed.
 * - Browser worker: the glue would fetch the .wasm relative to the script, which no longer exists
 *   after bundling, so `locateFile` returns the URL Vite emitted for `?url` (openjpegWasmUrl.ts).
 *   That module is imported only in the browser: tsx/Node cannot resolve `?url` imports.
 * Nothing is fetched from the network: the URL points at the app's own bundled asset.
 */
// tsconfig.node.json type-checks the tests without src/imaging's ambient declarations, so
// point at them from the modules that need them.
// eslint-disable-next-line @typescript-eslint/triple-slash-reference
/// <reference path="../vendor.d.ts" />
import type { OpenJpegModule } from '@cornerstonejs/codec-openjpeg/decodewasmjs';

let loading: Promise<OpenJpegModule> | undefined;

function isNode(): boolean {
  const proc = (globalThis as { process?: { versions?: { node?: string } } }).process;
  return typeof proc?.versions?.node === 'string';
}

async function instantiate(): Promise<OpenJpegModule> {
  const { default: factory } = await import('@cornerstonejs/codec-openjpeg/decodewasmjs');
  // OpenJPEG logs "[INFO] …" lines for every decode; failures surface as exceptions anyway.
  const quiet = { print: () => undefined, printErr: () => undefined };
  if (isNode()) return factory(quiet);
  const { openjpegWasmUrl } = await import('./openjpegWasmUrl.ts');
  return factory({
    ...quiet,
    locateFile: (path) => (path.endsWith('.wasm') ? openjpegWasmUrl : path),
  });
}

/**
 * The instantiated OpenJPEG decoder module (cached; a failed load is retried next time).
 * @returns the Emscripten module with `J2KDecoder`
 */
export function loadOpenJpeg(): Promise<OpenJpegModule> {
  loading ??= instantiate().catch((err: unknown) => {
    loading = undefined;
    throw err;
  });
  return loading;
}

/** Drop the cached module, e.g. after a WASM abort left it unusable. */
export function resetOpenJpeg(): void {
  loading = undefined;
}
