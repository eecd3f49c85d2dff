/// <reference types="vite/client" />

interface ImportMetaEnv {
  /** Set to 'true' by `vite build --mode test`: exposes `window.__explorer` for browser tests. */
  readonly VITE_TEST_API?: string;
}
