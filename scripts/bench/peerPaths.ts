/** Where scripts/vite/benchAssets.ts serves the peer benchmark's files (shared by page and runner). */
export const BENCH_ASSETS = '/bench-assets';
/** onnxruntime-web's dist files. */
export const ORT_BASE_PATH = `${BENCH_ASSETS}/ort/`;
/** The exported .onnx files (bench-results/onnx). */
export const ONNX_BASE_PATH = `${BENCH_ASSETS}/onnx/`;
