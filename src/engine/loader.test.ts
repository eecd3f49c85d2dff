/**
 * Build pick and loader fallbacks: the probes, relaxed SIMD refused -> plain SIMD, neither ->
 * null (tfjs-wasm), not isolated -> 1 thread, a failing spawner -> 1 thread, and 2 threads giving
 * the same bits as 1 (threads split output tiles; every output is computed the same way).
 */
import { spawnSync } from 'node:child_process';
import { setFlagsFromString } from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createEngine, pickBuild } from './index.ts';
import { nodeBinaries } from './nodeBinaries.ts';
import { nodeSpawnThread } from './nodeThreads.ts';
import { RELAXED_PROBE, SIMD_PROBE } from './probe.ts';
import { syntheticSource } from './testing/syntheticSource.ts';
import type { EngineOptions } from './types.ts';

afterEach(() => {
  vi.restoreAllMocks();
});

/** Whether a fresh Node (no flags) validates the bytes. */
function validatesInFreshNode(bytes: Uint8Array, flags: string[] = []): boolean {
  const code = `process.stdout.write(String(WebAssembly.validate(new Uint8Array(${JSON.stringify([...bytes])}))))`;
  const r = spawnSync(process.execPath, [...flags, '-e', code], { encoding: 'utf8' });
  return r.stdout === 'true';
}

const [major = 0, minor = 0] = process.versions.v8.split('.').map(Number);
/** V8 ships relaxed SIMD by default from 11.4 (Chrome 114); Node 20 has 11.3. */
const relaxedByDefault = major > 11 || (major === 11 && minor >= 4);

describe('pickBuild', () => {
  it('probes: plain SIMD always validates, relaxed SIMD by default only from V8 11.4', () => {
    expect(validatesInFreshNode(SIMD_PROBE)).toBe(true);
    expect(validatesInFreshNode(RELAXED_PROBE)).toBe(relaxedByDefault);
    expect(validatesInFreshNode(RELAXED_PROBE, ['--experimental-wasm-relaxed-simd'])).toBe(true);
    // A probe with an undefined opcode in the same place is refused: validate is not a constant.
    const bad = Uint8Array.from(RELAXED_PROBE);
    bad.set([0xff, 0x03], bad.length - 4);
    expect(validatesInFreshNode(bad, ['--experimental-wasm-relaxed-simd'])).toBe(false);
  });

  it('picks relaxed SIMD where V8 has it, plain SIMD where only the relaxed probe fails, else null', () => {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    expect(pickBuild()).toBe('relaxed-simd');
    const real = WebAssembly.validate.bind(WebAssembly);
    const spy = vi.spyOn(WebAssembly, 'validate');
    spy.mockImplementation((b) => b !== RELAXED_PROBE && real(b));
    expect(pickBuild()).toBe('simd');
    spy.mockImplementation(() => false);
    expect(pickBuild()).toBe(null);
  });
});

const base: EngineOptions = { binaries: nodeBinaries, threads: 1, isolated: true };

describe('createEngine fallbacks', () => {
  it('runs plain SIMD when relaxed SIMD is refused, and says why', async () => {
    const real = WebAssembly.validate.bind(WebAssembly);
    vi.spyOn(WebAssembly, 'validate').mockImplementation((b) => b !== RELAXED_PROBE && real(b));
    const e = await createEngine(base);
    expect(e?.info).toEqual({
      build: 'simd',
      threads: 1,
      isolated: true,
      reason: 'relaxed SIMD not supported here',
    });
    e?.dispose();
  });

  it('returns null where neither build validates (the caller keeps tfjs-wasm)', async () => {
    vi.spyOn(WebAssembly, 'validate').mockReturnValue(false);
    expect(await createEngine(base)).toBeNull();
  });

  it('runs one thread when the page is not cross-origin isolated', async () => {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    const spawn = vi.fn(nodeSpawnThread);
    const e = await createEngine({ ...base, threads: 2, isolated: false, spawn });
    expect(e?.info).toEqual({
      build: 'relaxed-simd',
      threads: 1,
      isolated: false,
      reason: 'page not cross-origin isolated',
    });
    expect(spawn).not.toHaveBeenCalled();
    e?.dispose();
  });

  it('falls back to one thread when the pool cannot start', async () => {
    const spawn = (): never => {
      throw new Error('no workers here');
    };
    const e = await createEngine({ ...base, threads: 2, spawn, forceBuild: 'simd' });
    expect(e?.info.threads).toBe(1);
    expect(e?.info.reason).toBe('plain SIMD forced; threads unavailable: no workers here');
    e?.dispose();
  });
});

describe('threads', () => {
  it('2 threads give the same bits as 1 on each build', async () => {
    setFlagsFromString('--experimental-wasm-relaxed-simd');
    const src = syntheticSource('resnet18', { numClasses: 10, inputSize: 48 });
    const x = Float32Array.from({ length: 2 * 48 * 48 * 3 }, (_, i) => Math.sin(i));
    for (const forceBuild of ['simd', 'relaxed-simd'] as const) {
      const outs: Float32Array[] = [];
      for (const threads of [1, 2]) {
        const e = await createEngine({ ...base, threads, spawn: nodeSpawnThread, forceBuild });
        expect(e?.info.threads).toBe(threads);
        const m = e?.compile(src);
        outs.push(m?.predict(x, 2) ?? new Float32Array());
        e?.dispose();
      }
      expect(outs[0]?.length).toBe(20);
      expect(outs[1]).toEqual(outs[0]);
    }
  });
});

describe('compiled model contract', () => {
  it('refuses a wrong input size, features it was not compiled for, and use after dispose', async () => {
    const e = await createEngine({ ...base, forceBuild: 'simd' });
    const m = e?.compile(syntheticSource('mobilenetv2_100', { numClasses: 3, inputSize: 32 }));
    if (m === undefined) throw new Error('no engine');
    expect(() => m.predict(new Float32Array(32 * 32 * 3), 2)).toThrow(/expected \[b, 32, 32, 3\]/);
    expect(() => m.predictWithFeatures(new Float32Array(32 * 32 * 3), 1)).toThrow(/featuresNode/);
    expect(m.predict(new Float32Array(32 * 32 * 3), 1)).toHaveLength(3);
    expect(m.stats.ops).toBeGreaterThan(0);
    m.dispose();
    expect(() => m.predict(new Float32Array(32 * 32 * 3), 1)).toThrow(/disposed/);
    e?.dispose();
  });
});
