/**
 * Numerical parity with PyTorch: the tf.layers models, given the weights that
 * fixtures/makeTorchReference.py gave the torchvision models (same generator, keyed by timm
 * state-dict key, mapped through keymap.ts), reproduce torchvision's logits. This is what proves
 * the symmetric padding, BN epsilon, hard-swish/sigmoid, SE, count_include_pad pools and the weight
 * layouts right, end to end, before real ImageNet weights are loaded the same way.
 */
import * as tf from '@tensorflow/tfjs';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildModel } from './build.ts';
import { weightRefs, type WeightRef } from './keymap.ts';
import { assignTimmWeights } from './loadWeights.ts';
import { truncatedNodes } from './plan.ts';
import { getArch } from './registry.ts';

interface Reference {
  inputSize: number;
  logitsHead: number[];
  absSum: number;
  argmax: number;
}
const REF = JSON.parse(
  readFileSync(path.join(import.meta.dirname, 'fixtures/torchReference.json'), 'utf8'),
) as Record<string, Reference | string>;

/** FNV-1a, 32 bit: the per-key seed (identical to the Python generator). */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/** u_i in [0, 1): murmur finaliser of (i * 2654435761 + seed) mod 2^32, exact integer math. */
function uniform(key: string, n: number): Float64Array {
  const seed = fnv1a(key);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = (Math.imul(i, 0x9e3779b1) + seed) >>> 0;
    x = (x ^ (x >>> 16)) >>> 0;
    x = Math.imul(x, 0x45d9f3b) >>> 0;
    x = (x ^ (x >>> 16)) >>> 0;
    out[i] = x / 2 ** 32;
  }
  return out;
}

function values(ref: WeightRef): Float32Array {
  const s = ref.torchShape;
  const n = s.reduce((a, b) => a * b, 1);
  const u = uniform(ref.timmKey, n);
  const param = ref.timmKey.slice(ref.timmKey.lastIndexOf('.') + 1);
  const out = new Float32Array(n);
  const limit = s.length >= 2 ? Math.sqrt(6 / (n / (s[0] ?? 1))) : 0;
  for (let i = 0; i < n; i++) {
    const x = u[i] ?? 0;
    if (s.length >= 2) out[i] = (x * 2 - 1) * limit;
    else if (param === 'running_var' || param === 'weight') out[i] = 0.5 + x;
    else out[i] = (x - 0.5) * 0.2;
  }
  return out;
}

const archs = Object.keys(REF).filter((k) => !k.startsWith('_') && k !== 'generator');

describe.each(archs)('%s matches torchvision numerically', (id) => {
  it('gives the same logits for the same weights and input', () => {
    const ref = REF[id] as Reference;
    const size = ref.inputSize;
    const model = buildModel(id, { numClasses: 1000, inputSize: size, initializer: 'zeros' });
    // Generate every timm tensor in PyTorch layout, then load through the production path.
    const { nodes } = truncatedNodes(getArch(id).plan(), 0, 1000);
    const source = new Map(
      weightRefs(nodes, size).map((r) => [r.timmKey, { data: values(r), shape: r.torchShape }]),
    );
    const before = tf.memory().numTensors;
    const report = assignTimmWeights(model, id, { numClasses: 1000 }, (k) => source.get(k));
    expect(tf.memory().numTensors).toBe(before);
    expect([report.loaded.length, report.skipped]).toEqual([source.size, []]);
    const nchw = Float32Array.from(uniform('input', 3 * size * size), (u) => u * 2 - 1);
    const logits = tf.tidy(() => {
      const x = tf.tensor4d(nchw, [1, 3, size, size]).transpose([0, 2, 3, 1]);
      return Array.from((model.predict(x) as tf.Tensor).dataSync());
    });
    model.dispose();
    const scale = Math.max(...ref.logitsHead.map(Math.abs));
    const worst = Math.max(...ref.logitsHead.map((v, i) => Math.abs((logits[i] ?? NaN) - v)));
    expect(worst / scale).toBeLessThan(1e-4);
    const absSum = logits.reduce((s, v) => s + Math.abs(v), 0);
    expect(Math.abs(absSum - ref.absSum) / ref.absSum).toBeLessThan(1e-4);
    expect(logits.indexOf(Math.max(...logits))).toBe(ref.argmax);
  });
});
