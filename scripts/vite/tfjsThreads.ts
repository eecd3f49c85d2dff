/**
 * Makes tfjs-backend-wasm's threaded build survive bundling and minification.
 *
 * The root cause: each WASM pthread runs in its own Worker, which must re-create the Emscripten
 * module. tfjs 4.22 (`dist/backend_wasm.js`, `init()`) gives it the module's source as
 *   new Blob([`var WasmBackendModuleThreadedSimd = ` + wasmFactoryThreadedSimd.toString()])
 * i.e. the *bundled* factory function's text. Once minified, that text refers to names of the
 * enclosing bundle scope (the factory's own closure variables, renamed to `e`, `t`, ...), which do
 * not exist in the pthread Worker: `ReferenceError: e is not defined`, and no thread starts.
 *
 * The fix keeps the pthread source self-contained: the package's prebuilt, untouched
 * `wasm-out/tfjs-backend-wasm-threaded-simd.js` is emitted as a static asset (`?url`: never
 * minified) and its absolute URL is passed instead of the Blob; the pthread Worker loads it with
 * `importScripts(url)` (Emscripten's `mainScriptUrlOrBlob` accepts a URL string), which defines
 * the global `WasmBackendModuleThreadedSimd` it then calls. Threads stay on
 * (`WASM_HAS_MULTITHREAD_SUPPORT` is untouched); the main side still uses the bundled factory.
 *
 * A second fix lets `setThreadsCount(n)` be obeyed. tfjs' backend.cc computes
 * `num_cores = emscripten_num_logical_cores() / 2` (it assumes two hyper-threads per core) and
 * caps every requested count by it, so a 2-core machine always got 1 thread and an 8-thread
 * laptop 4. The Emscripten glue's `_emscripten_num_logical_cores` (which reads
 * `navigator.hardwareConcurrency`) is made to report twice that, so the cap becomes the logical
 * core count the browser reports; the count actually asked for is chosen in
 * src/worker/backend/wasmThreads.ts (all logical cores, at most 8).
 */
import type { Plugin } from 'vite';

/** tfjs-backend-wasm's ESM backend module and the threaded Emscripten glue it bundles. */
const BACKEND = /@tensorflow[\\/]tfjs-backend-wasm[\\/]dist[\\/]backend_wasm\.js$/;
const THREADED_GLUE =
  /@tensorflow[\\/]tfjs-backend-wasm[\\/]wasm-out[\\/]tfjs-backend-wasm-threaded-simd\.js$/;

/** The Blob made from the bundled factory's text (the whitespace is the package's formatting). */
const BLOB_FROM_TOSTRING =
  /new Blob\(\[`var WasmBackendModuleThreadedSimd = ` \+\s*wasmFactoryThreadedSimd\.toString\(\)\],\s*\{ type: 'text\/javascript' \}\)/;

const PREBUILT = '@tensorflow/tfjs-backend-wasm/wasm-out/tfjs-backend-wasm-threaded-simd.js?url';
const URL_NAME = '__chextransferThreadedSimdUrl';

/**
 * Rewrites `backend_wasm.js` so pthreads load the prebuilt script by URL.
 * @param code the module's source
 * @returns the rewritten source
 * @throws when the expected code is not there (a tfjs upgrade changed it): the build must fail
 *   rather than ship a threaded backend that crashes
 */
export function rewriteThreadedFactory(code: string): string {
  if (!BLOB_FROM_TOSTRING.test(code))
    throw new Error(
      'tfjsThreads: tfjs-backend-wasm no longer builds its pthread source from ' +
        '`wasmFactoryThreadedSimd.toString()`; re-check scripts/vite/tfjsThreads.ts for this version.',
    );
  // Absolute: the pthread Worker runs from a blob: URL, against which a path cannot resolve.
  const absolute = `new URL(${URL_NAME}, self.location.href).href`;
  return `import ${URL_NAME} from '${PREBUILT}';\n${code.replace(BLOB_FROM_TOSTRING, absolute)}`;
}

/** The glue's core count (`navigator.hardwareConcurrency` in a browser). */
const LOGICAL_CORES = 'return navigator["hardwareConcurrency"]}';

/**
 * Makes the threaded glue report twice `navigator.hardwareConcurrency`, undoing backend.cc's
 * halving (see the file comment), so the thread count asked for is the one used.
 * @param code the glue's source
 * @returns the rewritten source
 * @throws when the expected code is not there exactly once (a tfjs upgrade changed it)
 */
export function countLogicalCores(code: string): string {
  if (code.split(LOGICAL_CORES).length !== 2)
    throw new Error(
      'tfjsThreads: the threaded glue no longer reads navigator.hardwareConcurrency as expected; ' +
        're-check scripts/vite/tfjsThreads.ts for this version.',
    );
  return code.replace(LOGICAL_CORES, 'return 2*navigator["hardwareConcurrency"]}');
}

/**
 * The core-count fix alone, as a plugin Vite's dependency optimizer (`vite dev`) also accepts:
 * dev bundles are not minified, so there the package's own pthread source works as is.
 * @returns the plugin
 */
export function tfjsThreadCount(): Plugin {
  return {
    name: 'chextransfer-tfjs-thread-count',
    transform(code, id) {
      return THREADED_GLUE.test(id) ? { code: countLogicalCores(code), map: null } : null;
    },
  };
}

/**
 * Vite plugin applying both fixes (list it in `worker.plugins`: tfjs runs in the worker bundle,
 * and the main `plugins` do not reach worker bundles in a build).
 * @returns the plugin
 */
export function tfjsThreadedWasm(): Plugin {
  return {
    name: 'chextransfer-tfjs-threaded-wasm',
    enforce: 'pre',
    transform(code, id) {
      // Only the modules themselves: `...threaded-simd.js?url` (the emitted copy) stays untouched.
      if (BACKEND.test(id)) return { code: rewriteThreadedFactory(code), map: null };
      if (THREADED_GLUE.test(id)) return { code: countLogicalCores(code), map: null };
      return null;
    },
  };
}
