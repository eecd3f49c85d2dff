/**
 * Browser only (see openjpegModule.ts): the URL of the OpenJPEG decoder WASM as emitted by Vite.
 */
import wasmUrl from '@cornerstonejs/codec-openjpeg/decodewasm?url';

/** Same-origin URL of `openjpegwasm_decode.wasm` in the built app. */
export const openjpegWasmUrl: string = wasmUrl;
