/**
 * The worker's CPU forward on our engine (Node host: engine/dist binaries, worker_threads pool):
 * the engine takes over on the WASM backend and gives tfjs's fused logits and Grad-CAM features;
 * the X-ray panel's Grad-CAM maps agree; the Lab's latency says what ran; and without the engine
 * (`tfjs-wasm` asked for) the fused tfjs path runs.
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pickBuild } from '../../engine/index.ts';
import { startNodeEngine, stopNodeEngine } from '../../cli/wasmEngine.ts';
import { buildModel } from '../../zoo/build.ts';
import { compileFused } from '../../zoo/fused.ts';
import { countTruncated } from '../../zoo/analytic.ts';
import { measureModelLatency } from '../inference/latency.ts';
import { compileForward } from './cpuForward.ts';
import { disposeCpuEngine, startCpuEngine } from './engineHost.ts';

const maxAbsDiff = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs((a[i] ?? NaN) - (b[i] ?? NaN)));
  return m;
};
const maxAbs = (a: ArrayLike<number>): number => Math.max(...Array.from(a, Math.abs));

/** Logits (and the Grad-CAM node's features) of the engine against tfjs's fused path. */
async function compare(arch: string, unitsRemoved: number, inputSize: number) {
  const opts = { numClasses: 5, unitsRemoved, inputSize };
  const model = buildModel(arch, { ...opts, seed: 3 });
  const { lastUnitLayer } = countTruncated(arch, { ...opts, inChannels: 3 });
  const withCam = { ...opts, featuresNode: lastUnitLayer };
  const engine = compileForward(model, arch, withCam);
  const fused = compileFused(model, arch, withCam);
  const x = tf.randomNormal<tf.Rank.R4>([1, inputSize, inputSize, 3], 0, 1, 'float32', 5);
  const [fa, la] = engine.predictWithFeatures(x);
  const [fb, lb] = fused.predictWithFeatures(x);
  const out = {
    runtime: engine.runtime,
    shapes: [fa.shape, fb.shape],
    logits: { diff: maxAbsDiff(await la.data(), await lb.data()), max: maxAbs(await lb.data()) },
    features: { diff: maxAbsDiff(await fa.data(), await fb.data()), max: maxAbs(await fb.data()) },
  };
  tf.dispose([x, fa, la, fb, lb]);
  engine.dispose();
  fused.dispose();
  model.dispose();
  return out;
}

describe('CPU forward on the engine (Node)', () => {
  beforeAll(async () => {
    await tf.setBackend('wasm');
    await startNodeEngine(undefined, 2);
  });
  afterAll(() => stopNodeEngine());

  it.each([
    ['resnet18', 2, 96],
    ['mobilenetv3_large_100', 3, 96],
    ['densenet121', 2, 64],
  ])('%s (k=%i, %i px): logits and Grad-CAM features equal the fused path', async (arch, k, s) => {
    const r = await compare(arch, k, s);
    expect(r.runtime).toBe(pickBuild());
    expect(r.shapes[0]).toEqual(r.shapes[1]);
    // fused rounding (relaxed FMA) and another summation order: a few ULP of the largest value
    expect(r.logits.diff).toBeLessThanOrEqual(1e-4 * Math.max(r.logits.max, 1e-3));
    expect(r.features.diff).toBeLessThanOrEqual(1e-4 * Math.max(r.features.max, 1e-3));
  });

  it("the Lab's latency runs on the engine and says so", async () => {
    const request = { arch: 'resnet18', unitsRemoved: 4, numClasses: 5, inputSize: 64 };
    const r = await measureModelLatency({ ...request, warmupRuns: 1, timedRuns: 2 }, 'wasm');
    expect(r.runtime).toBe(pickBuild());
    expect(r.runsMs).toHaveLength(2);
    expect(r.medianMs).toBeGreaterThan(0);
  });

  it('without the engine (tfjs-wasm asked for) the fused tfjs path runs', async () => {
    disposeCpuEngine();
    const state = await startCpuEngine({ threads: 1, isolated: true, prefer: 'tfjs-wasm' });
    expect(state.engine).toBeNull();
    const opts = { numClasses: 5, unitsRemoved: 4, inputSize: 64 };
    const model = buildModel('resnet18', opts);
    const f = compileForward(model, 'resnet18', opts);
    expect(f.runtime).toBe('tfjs-wasm');
    expect(f.note).toMatch(/tfjs-wasm was asked for/);
    f.dispose();
    model.dispose();
  });
});
