/**
 * The device behind a tfjs backend, in words, and whether it is a software one: SwiftShader,
 * llvmpipe and their kind emulate a GPU on the CPU, correctly but slowly, and a person choosing
 * a backend should know. WebGPU names its adapter; WebGL names its renderer through
 * WEBGL_debug_renderer_info (Chromium gives the unmasked string).
 */
import type { AdapterInfo, BackendName } from '../protocol.ts';

/** What marks a software rasteriser in an adapter's or renderer's description. */
export const SOFTWARE_GPU =
  /swiftshader|llvmpipe|lavapipe|softpipe|software|microsoft basic render/i;

/**
 * @param adapter a WebGPU adapter's info
 * @returns whether it is a software adapter (a fallback one, or named as one)
 */
export function isSoftwareAdapter(adapter: Omit<AdapterInfo, 'software'>): boolean {
  const text = `${adapter.vendor} ${adapter.architecture} ${adapter.description}`;
  return adapter.isFallbackAdapter || SOFTWARE_GPU.test(text);
}

/** @returns WebGL's unmasked renderer string in this context (worker or page), or '' */
export function webglRenderer(): string {
  try {
    const canvas =
      typeof OffscreenCanvas === 'undefined'
        ? null
        : new OffscreenCanvas(1, 1).getContext('webgl2');
    const ext = canvas?.getExtension('WEBGL_debug_renderer_info');
    return canvas && ext ? String(canvas.getParameter(ext.UNMASKED_RENDERER_WEBGL)) : '';
  } catch {
    return '';
  }
}

/**
 * @param name the backend
 * @param adapter WebGPU's adapter, if any
 * @param renderer WebGL's renderer string, if any
 * @returns the device in words, naming a software one as such, and whether it is one
 */
export function deviceWords(
  name: BackendName,
  adapter: AdapterInfo | null,
  renderer: string,
): { readonly device: string; readonly software: boolean } {
  if (name === 'cpu' || name === 'wasm')
    return { device: name === 'cpu' ? 'JavaScript kernels' : 'WebAssembly', software: false };
  const text =
    name === 'webgpu'
      ? [adapter?.vendor, adapter?.architecture, adapter?.description].filter(Boolean).join(' ')
      : renderer;
  const software =
    name === 'webgpu' && adapter ? isSoftwareAdapter(adapter) : SOFTWARE_GPU.test(renderer);
  const label = text.trim() || 'unknown device';
  return {
    device: software ? `${label} (a software adapter: the CPU emulates the GPU)` : label,
    software,
  };
}
