import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { slowTestDownload, testWeightsFixtures } from './scripts/vite/testFixtures.ts';

// No COOP/COEP headers: the threaded WASM build of tfjs would need them and breaks with them here.
export default defineConfig(({ mode, isPreview }) => ({
  // Test builds also emit synthetic weight files under /test-fixtures/ (generated, never committed);
  // previewing a test build also serves a slow download there, to test Cancel.
  plugins: [
    react(),
    ...(mode === 'test' ? [testWeightsFixtures()] : []),
    ...(isPreview === true ? [slowTestDownload()] : []),
  ],
  define: mode === 'test' ? { 'import.meta.env.VITE_TEST_API': JSON.stringify('true') } : {},
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
    // runner.html is the grid runner's page (chextransfer run --engine chromium); test builds
    // add the main-thread training bench page (scripts/bench/directTraining.ts).
    rollupOptions: {
      input: [
        'index.html',
        'runner.html',
        ...(mode === 'test' ? ['bench/training-direct.html'] : []),
      ],
    },
  },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
}));
