/**
 * Lets this Node process validate relaxed SIMD, as Chromium does by default: Node 20 (V8 11.3)
 * accepts it only after this flag, set before any module compiles. Imported first by run.ts, so
 * the benches' Node rows (chest) run the build the app would pick in a current browser.
 */
import { setFlagsFromString } from 'node:v8';

setFlagsFromString('--experimental-wasm-relaxed-simd');
