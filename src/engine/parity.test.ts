/**
 * The engine against PyTorch itself: for each torchvision architecture, the fixture written by
 * scripts/fixtures/torch_parity.py holds torchvision's logits for weights from a deterministic
 * generator (src/zoo/weights/synthetic.ts reproduces them bit for bit). The same weights go
 * through the app's real path (safetensors file → loader → LayersModel, built with the file's
 * BatchNorm eps → zoo/engineSource.ts → the engine's compiler) and the engine's logits must be
 * within 1e-4 of max|logit| of PyTorch's, on plain SIMD and on relaxed SIMD (one thread each;
 * engine.test.ts shows 2 threads give the same bytes). Relaxed SIMD's FMA rounds once where
 * multiply-then-add rounds twice: a few ULP apart, far inside the tolerance.
 */
import * as tf from '@tensorflow/tfjs';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildModel } from '../zoo/build.ts';
import { engineSource } from '../zoo/engineSource.ts';
import { bnEpsilonForFile } from '../zoo/weights/bnEpsilon.ts';
import { loadWeights } from '../zoo/weights/load.ts';
import { parseSafetensors, writeSafetensors } from '../zoo/weights/safetensors.ts';
import { syntheticInput, syntheticStateDict } from '../zoo/weights/synthetic.ts';
import { createEngine, pickBuild } from './index.ts';
import { nodeBinaries } from './nodeBinaries.ts';
import type { Engine, EngineBuild } from './types.ts';

interface Spread {
  length: number;
  indices: number[];
  values: number[];
  maxAbs: number;
}

const DIR = path.join(import.meta.dirname, '../zoo/weights/fixtures/parity');
const ARCHS = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5));
const BUILDS: readonly EngineBuild[] = ['simd', 'relaxed-simd'];
const engines = new Map<EngineBuild, Engine>();

beforeAll(async () => {
  await tf.setBackend('cpu');
  if (pickBuild() !== 'relaxed-simd') setFlagsFromString('--experimental-wasm-relaxed-simd');
  for (const build of BUILDS) {
    const e = await createEngine({
      binaries: nodeBinaries,
      threads: 1,
      isolated: false,
      forceBuild: build,
    });
    if (e === null) throw new Error(`${build} did not load`);
    engines.set(build, e);
  }
});

afterAll(() => engines.forEach((e) => e.dispose()));

/** The fixture input, NCHW as PyTorch took it, as the engine's NHWC. */
function nhwc(size: number): Float32Array {
  const nchw = syntheticInput(size);
  const out = new Float32Array(nchw.length);
  const plane = size * size;
  for (let c = 0; c < 3; c++)
    for (let p = 0; p < plane; p++) out[p * 3 + c] = nchw[c * plane + p] ?? NaN;
  return out;
}

function worstError(got: Float32Array, ref: Spread): number {
  expect(got.length).toBe(ref.length);
  return Math.max(...ref.indices.map((i, j) => Math.abs((got[i] ?? NaN) - (ref.values[j] ?? NaN))));
}

describe.each(ARCHS)('%s: the engine reproduces PyTorch', (arch) => {
  it('on plain SIMD and on relaxed SIMD, within 1e-4 of max|logit|', () => {
    const fx = JSON.parse(readFileSync(path.join(DIR, `${arch}.json`), 'utf8')) as {
      inputSize: number;
      logits: Spread;
    };
    const file = parseSafetensors(writeSafetensors(syntheticStateDict(arch, 'torchvision')));
    const opts = { numClasses: 1000, inputSize: fx.inputSize };
    const model = buildModel(arch, {
      ...opts,
      initializer: 'zeros',
      bnEpsilon: bnEpsilonForFile(arch, file),
    });
    loadWeights(model, arch, file, { numClasses: 1000 });
    const x = nhwc(fx.inputSize);
    for (const build of BUILDS) {
      const compiled = engines.get(build)?.compile(engineSource(model, arch, opts));
      if (compiled === undefined) throw new Error(`no ${build} engine`);
      const worst = worstError(compiled.predict(x, 1), fx.logits);
      compiled.dispose();
      expect(worst, `${build}: worst |engine - PyTorch|`).toBeLessThanOrEqual(
        1e-4 * fx.logits.maxAbs,
      );
    }
    model.dispose();
  });
});
