/**
 * How every browser run here launches Chromium: Debian's build (or CHROMIUM_PATH) with WebGPU
 * enabled and Chromium's background networking off (the machine has no internet). Shared by the
 * Playwright config and the benchmarks. Playwright adds --no-sandbox and a fresh profile itself.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS = [
  '--enable-unsafe-webgpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-dev-shm-usage',
];
