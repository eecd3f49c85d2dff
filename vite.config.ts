import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

// No COOP/COEP headers: the threaded WASM build of tfjs would need them and breaks with them here.
export default defineConfig(({ mode }) => ({
  plugins: [react()],
  define: mode === 'test' ? { 'import.meta.env.VITE_TEST_API': JSON.stringify('true') } : {},
  worker: { format: 'es' },
  build: {
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 4096,
  },
  preview: { port: 4173, strictPort: true },
  server: { port: 5173 },
}));
