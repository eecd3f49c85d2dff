/**
 * Loaded weights reproduce PyTorch. For each torchvision architecture, the fixture written by
 * scripts/fixtures/torch_parity.py holds torchvision's logits (and truncated features) for
 * weights from a deterministic generator; here the same numbers go into safetensors files under
 * torchvision names and under timm names (keys and shapes from timm_state_dict_keys.json), through
 * the real reader, matcher and loader, into the zoo's tf.layers model.
 *
 * Criterion: max |tf - torch| over the stored values (100 logits spread over the 1000, 64
 * features) <= 1e-4 x max |value| over ALL of them (the fixture's maxAbs); the max and the sum of
 * |values| over all 1000 (or C) agree to 1e-4 relative, and the PyTorch argmax is the tf maximum.
 * Backend: tfjs WASM (the CLI test covers the CPU backend on ResNet-18).
 *
 * Every model is built the way the app builds one for a file: with the BatchNorm eps of the
 * file's origin (`bnEpsilonForFile`), so a torchvision-named MobileNetV3-Large runs with
 * torchvision's 1e-3 and a timm-named one with timm's 1e-5. The fixtures are torchvision's own
 * models, no eps overridden: parity holds for all 15.
 */
import * as tf from '@tensorflow/tfjs';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildModel } from '../build.ts';
import { loadWeights } from './load.ts';
import { bnEpsilonForFile } from './bnEpsilon.ts';
import { schemeKeys } from './naming.ts';
import {
  parseSafetensors,
  readFloat32,
  writeSafetensors,
  type SafetensorsFile,
  type TensorToWrite,
} from './safetensors.ts';
import { fnv1a, syntheticInput, syntheticStateDict } from './synthetic.ts';
import { TORCHVISION_STYLE } from './torchvisionNames.ts';
import type { ArchId } from '../catalog.ts';
import { readReferenceJson } from '../../test/testData.ts';

interface Spread {
  length: number;
  indices: number[];
  values: number[];
  maxAbs: number;
  absSum: number;
  argmax: number;
}
interface Fixture {
  arch: string;
  inputSize: number;
  keys: { count: number; fnv1a: number };
  logits: Spread;
  truncated: { unitsRemoved: number; unit: string; features: Spread };
}

// The tfjs WASM backend (XNNPACK) runs these forward passes ~20x faster than the pure-JS CPU
// backend in Node (ResNet-101 at 64 px: 0.4 s vs 8.8 s); it finds its .wasm in node_modules.
await import('@tensorflow/tfjs-backend-wasm');
if (!(await tf.setBackend('wasm'))) throw new Error('tfjs wasm backend did not start');

const DIR = path.join(import.meta.dirname, 'fixtures/parity');
const fixture = (arch: string): Fixture =>
  JSON.parse(readFileSync(path.join(DIR, `${arch}.json`), 'utf8')) as Fixture;
const ARCHS = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -5));
type KeyList = Record<string, [string, number[], string?][]>;
const TIMM_KEYS = readReferenceJson('timm_state_dict_keys.json') as KeyList;

/**
 * The timm file exactly as timm_state_dict_keys.json lists it (names, shapes, order, counters),
 * each tensor holding the numbers of the torchvision tensor the naming code pairs it with.
 */
function timmNamedFile(arch: string, tvFile: SafetensorsFile): Uint8Array {
  const timm = schemeKeys(arch, 'timm');
  const tv = schemeKeys(arch, 'torchvision');
  const tensors = (TIMM_KEYS[arch] ?? []).map(([key, shape, dtype]): TensorToWrite => {
    if (dtype !== undefined) return { name: key, shape, data: new BigInt64Array([7n]) };
    const ref = timm?.float.get(key);
    const entry = tvFile.tensors.get(tv?.fileKeyOf.get(ref?.timmKey ?? '') ?? '');
    if (entry === undefined) throw new Error(`${arch}: timm key ${key} has no torchvision twin`);
    return { name: key, shape, data: readFloat32(tvFile, entry) };
  });
  return writeSafetensors(tensors);
}

/** torchvision's key list as the loader's naming code spells it (no values needed). */
function keyHash(arch: string): { count: number; fnv1a: number } {
  const tv = schemeKeys(arch, 'torchvision');
  const lines = [
    ...[...(tv?.fileShape ?? [])].map(([k, shape]) => `${k}:${shape.join('x')}:float32`),
    ...[...(tv?.counters ?? [])].map((k) => `${k}::int64`),
  ].sort();
  return { count: lines.length, fnv1a: fnv1a(lines.join('\n')) };
}

/** Runs the fixture input (NCHW -> NHWC) through `model`, or up to its layer `layer`. */
function run(model: tf.LayersModel, size: number, layer?: string): Float32Array {
  const m =
    layer === undefined
      ? model
      : tf.model({ inputs: model.inputs, outputs: model.getLayer(layer).output });
  return tf.tidy(() => {
    const x = tf.tensor4d(syntheticInput(size), [1, 3, size, size]).transpose([0, 2, 3, 1]);
    return (m.predict(x) as tf.Tensor).dataSync() as Float32Array;
  });
}

function expectParity(got: Float32Array, ref: Spread): void {
  expect(got.length).toBe(ref.length);
  const tol = 1e-4 * ref.maxAbs;
  const worst = Math.max(
    ...ref.indices.map((i, j) => Math.abs((got[i] ?? NaN) - (ref.values[j] ?? NaN))),
  );
  expect(worst).toBeLessThanOrEqual(tol);
  const abs = Array.from(got, Math.abs);
  expect(Math.abs(Math.max(...abs) - ref.maxAbs)).toBeLessThanOrEqual(tol);
  expect(Math.abs(abs.reduce((a, b) => a + b, 0) - ref.absSum) / ref.absSum).toBeLessThan(1e-4);
  expect(Math.max(...got) - (got[ref.argmax] ?? NaN)).toBeLessThanOrEqual(tol);
}

describe.each(ARCHS)('%s: loaded weights reproduce PyTorch', (arch) => {
  const fx = fixture(arch);
  const size = fx.inputSize;
  // Generated once per architecture (ResNet101: 178 MB); parsed views share the bytes.
  let tvBytes: Uint8Array | null = null;
  const tvFile = (): SafetensorsFile =>
    parseSafetensors((tvBytes ??= writeSafetensors(syntheticStateDict(arch, 'torchvision'))));
  afterAll(() => {
    tvBytes = null;
  });

  it("names every tensor exactly as torchvision's state dict does", () => {
    expect(keyHash(arch)).toEqual(fx.keys);
  });

  const build = (file: SafetensorsFile, opts: { numClasses: number; unitsRemoved?: number }) =>
    buildModel(arch, {
      ...opts,
      inputSize: size,
      initializer: 'zeros',
      bnEpsilon: bnEpsilonForFile(arch, file),
    });

  it('full model: a torchvision-named and a timm-named file both give PyTorch logits', () => {
    const model = build(tvFile(), { numClasses: 1000 });
    const before = tf.memory().numTensors;
    const tvReport = loadWeights(model, arch, tvFile(), { numClasses: 1000 });
    expect(tvReport.notes.filter((n) => n.includes('outputs differ'))).toEqual([]);
    expect(tf.memory().numTensors).toBe(before);
    const renamed = TORCHVISION_STYLE[arch as ArchId] !== 'same';
    expect(tvReport.scheme).toBe(renamed ? 'torchvision' : 'timm');
    expect([tvReport.loaded, tvReport.missing, tvReport.mismatched]).toEqual([
      model.weights.length,
      [],
      [],
    ]);
    expect(tvReport.headReinitialised).toBe(false);
    const viaTv = run(model, size);
    expectParity(viaTv, fx.logits);
    const timmFile = parseSafetensors(timmNamedFile(arch, tvFile()));
    const timmModel = build(timmFile, { numClasses: 1000 });
    const timmReport = loadWeights(timmModel, arch, timmFile, { numClasses: 1000 });
    expect([timmReport.scheme, timmReport.loaded]).toEqual(['timm', model.weights.length]);
    if (timmReport.bnEpsilon === tvReport.bnEpsilon)
      expect(run(timmModel, size)).toEqual(viaTv); // same numbers, whatever the names
    else expect(run(timmModel, size)).not.toEqual(viaTv); // timm's eps: timm's outputs
    model.dispose();
    timmModel.dispose();
  });

  it(`truncated model (${fx.truncated.unitsRemoved} units removed, 5-class head): PyTorch features at ${fx.truncated.unit}`, () => {
    const opts = { numClasses: 5, unitsRemoved: fx.truncated.unitsRemoved };
    const model = build(tvFile(), opts);
    const report = loadWeights(model, arch, tvFile(), opts);
    expect(report.headReinitialised).toBe(true);
    expect(report.loaded).toBe(model.weights.length - 2); // all but the new head's kernel + bias
    expect(report.skipped.some((s) => s.reason === 'not used: removed by truncation')).toBe(true);
    expectParity(run(model, size, 'global_pool'), fx.truncated.features);
    model.dispose();
  });
});

describe("MobileNetV3-Large: torchvision's BatchNorm eps is what makes parity", () => {
  const arch = 'mobilenetv3_large_100';
  const fx = fixture(arch);
  const tv = (): SafetensorsFile =>
    parseSafetensors(writeSafetensors(syntheticStateDict(arch, 'torchvision')));

  it("the file says 1e-3; a model built with timm's 1e-5 misses PyTorch and the report says so", () => {
    const file = tv();
    expect(bnEpsilonForFile(arch, file)).toBe(1e-3);
    const opts = { numClasses: 1000, inputSize: fx.inputSize, initializer: 'zeros' as const };
    const timmEps = buildModel(arch, opts); // the catalog's eps, as before this fix
    const report = loadWeights(timmEps, arch, file, { numClasses: 1000 });
    expect(report.bnEpsilon).toBe(1e-3);
    expect(report.notes.some((n) => /built with BatchNorm eps 0\.00001.*uses 0\.001/.test(n))).toBe(
      true,
    );
    const got = run(timmEps, fx.inputSize);
    const worst = Math.max(
      ...fx.logits.indices.map((i, j) => Math.abs((got[i] ?? NaN) - (fx.logits.values[j] ?? NaN))),
    );
    expect(worst).toBeGreaterThan(1e-4 * fx.logits.maxAbs);
    timmEps.dispose();
  });
});
