import { describe, expect, it } from 'vitest';
import { deviceWords, isSoftwareAdapter } from './device.ts';

const swiftshader = {
  vendor: 'google',
  architecture: 'swiftshader',
  description: '',
  isFallbackAdapter: false,
};

describe('deviceWords', () => {
  it('names a software adapter as such, by its flag or by its name', () => {
    expect(isSoftwareAdapter(swiftshader)).toBe(true);
    expect(isSoftwareAdapter({ ...swiftshader, architecture: 'x', isFallbackAdapter: true })).toBe(
      true,
    );
    expect(isSoftwareAdapter({ ...swiftshader, vendor: 'nvidia', architecture: 'ampere' })).toBe(
      false,
    );
    expect(deviceWords('webgpu', swiftshader, '')).toEqual({
      device: 'google swiftshader (a software adapter: the CPU emulates the GPU)',
      software: true,
    });
  });

  it('reads WebGL by its renderer, and the CPU is never a software GPU', () => {
    const renderer =
      'ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)';
    expect(deviceWords('webgl', null, renderer).software).toBe(true);
    expect(deviceWords('webgl', null, 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060)')).toEqual({
      device: 'ANGLE (NVIDIA, NVIDIA GeForce RTX 3060)',
      software: false,
    });
    expect(deviceWords('cpu', null, '')).toEqual({
      device: 'JavaScript kernels',
      software: false,
    });
  });
});
