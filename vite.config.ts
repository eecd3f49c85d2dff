import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { benchAssets } from './scripts/vite/benchAssets.ts';
import { crossOriginIsolation } from './scripts/vite/isolation.ts';
import { tfjsThreadCount, tfjsThreadedWasm } from './scripts/vite/tfjsThreads.ts';
import { slowTestDownload, testWeightsFixtures } from './scripts/vite/testFixtures.ts';

export default defineConfig(({ mode, isPreview }) => ({
  // COOP/COEP on every dev and preview response: SharedArrayBuffer, so threaded WASM inference.
  // Test builds also emit synthetic weight files under /test-fixtures/ (generated, never committed);
  // previewing a test build also serves a slow download there, to test Cancel, and the peer
  // benchmark's onnxruntime-web and ONNX files under /bench-assets/.
  plugins: [
    react(),
    crossOriginIsolation(),
    ...(mode === 'test' ? [testWeightsFixtures()] : []),
    ...(isPreview === true ? [slowTestDownload(), benchAssets()] : []),
  ],
  define: mode === 'test' ? { 'import.meta.env.VITE_TEST_API': JSON.stringify('true') } : {},
  // tfjs lives in the worker bundle: its threaded WASM factory is fixed there (see tfjsThreads.ts).
  worker: { format: 'es', plugins: () => [tfjsThreadedWasm()] },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
    // runner.html is the grid runner's page (chextransfer run --engine chromium); test builds add
    // the bench pages: training on the main thread (scripts/bench/directTraining.ts) and the peer
    // comparison (scripts/bench/peerPage.ts), the X-ray panel on the engine (scripts/bench/chestPage.ts).
    rollupOptions: {
      input: [
        'index.html',
        'runner.html',
        ...(mode === 'test'
          ? ['bench/training-direct.html', 'bench/peer.html', 'bench/chest.html']
          : []),
      ],
    },
  },
  // `vite dev` pre-bundles tfjs outside the plugin pipeline: the thread-count fix goes there too.
  optimizeDeps: { rolldownOptions: { plugins: [tfjsThreadCount()] } },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
}));
