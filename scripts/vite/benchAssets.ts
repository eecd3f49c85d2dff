/**
 * Benchmark-only files for `vite preview` of a test build: onnxruntime-web's own dist files
 * (loaded unbundled by scripts/bench/ortWorker.ts) and the ONNX models the peer benchmark
 * exports into bench-results/onnx (ignored, never committed). Nothing here reaches a release
 * build or its preview.
 */
import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { BENCH_ASSETS } from '../bench/peerPaths.ts';

/** The files of onnxruntime-web's CPU (WASM) build, by name. */
const ORT_FILES = ['ort.wasm.min.mjs', 'ort-wasm-simd-threaded.mjs', 'ort-wasm-simd-threaded.wasm'];
const ONNX_NAME = /^[a-z0-9_]+\.onnx$/;
const TYPES: Record<string, string> = {
  mjs: 'text/javascript',
  wasm: 'application/wasm',
  onnx: 'application/octet-stream',
};

function sendFile(path: string, res: ServerResponse): void {
  res.setHeader('content-type', TYPES[path.split('.').pop() ?? ''] ?? 'application/octet-stream');
  res.setHeader('content-length', String(statSync(path).size));
  createReadStream(path).pipe(res);
}

/**
 * @param ortDist onnxruntime-web's dist folder
 * @param onnxDir the folder of exported models
 * @returns a middleware serving `/ort/<file>` and `/onnx/<arch>.onnx` (mounted under /bench-assets)
 */
export function benchAssetsMiddleware(ortDist: string, onnxDir: string) {
  return (req: IncomingMessage, res: ServerResponse, next: () => void): void => {
    const [, folder, name = ''] = (req.url ?? '').split('?')[0]?.split('/') ?? [];
    const path =
      folder === 'ort' && ORT_FILES.includes(name)
        ? join(ortDist, name)
        : folder === 'onnx' && ONNX_NAME.test(name)
          ? join(onnxDir, name)
          : null;
    if (path === null || !existsSync(path)) return next();
    sendFile(path, res);
  };
}

/**
 * Vite plugin: serves the benchmark files under /bench-assets/ when the previewed build is a
 * test build (it has a test-fixtures folder).
 * @returns the plugin
 */
export function benchAssets(): Plugin {
  return {
    name: 'chextransfer-bench-assets',
    configurePreviewServer(server) {
      const root = server.config.root;
      if (!existsSync(resolve(root, server.config.build.outDir, 'test-fixtures'))) return;
      const require = createRequire(join(root, 'package.json'));
      let ortDist: string;
      try {
        // An exported path (package.json is not exported): its folder is the dist folder.
        ortDist = dirname(require.resolve('onnxruntime-web/ort-wasm-simd-threaded.wasm'));
      } catch {
        return; // a production install without dev dependencies: no peer benchmark
      }
      server.middlewares.use(
        BENCH_ASSETS,
        benchAssetsMiddleware(ortDist, resolve(root, 'bench-results/onnx')),
      );
    },
  };
}
