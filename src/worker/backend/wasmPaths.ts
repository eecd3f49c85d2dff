/**
 * Tells the WASM backend where Vite put its binaries. Without this it looks next to the worker
 * script, which after bundling is the wrong folder. Browser only: Node resolves them itself.
 * The threaded build runs when the page is cross-origin isolated (COOP/COEP, sent by the dev and
 * preview servers and by the documented static-host headers); otherwise tfjs uses the SIMD build.
 * Its pthreads load the package's prebuilt glue (see scripts/vite/tfjsThreads.ts).
 */
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreadedSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreadedSimd,
});
