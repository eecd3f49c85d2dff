import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { buildModel } from '../build.ts';
import { toTfLayout } from '../keymap.ts';
import { loadWeights, modelBnEpsilon } from './load.ts';
import { bnEpsilonForFile } from './bnEpsilon.ts';
import { matchWeights, WeightsError, type LoadOptions } from './match.ts';
import { detectScheme, fullRefs, schemeKeys } from './naming.ts';
import { parseSafetensors, writeSafetensors, type TensorToWrite } from './safetensors.ts';
import { saveWeights, fromTfLayout } from './save.ts';
import { syntheticStateDict, syntheticValues } from './synthetic.ts';
import { readReferenceJson } from '../../test/testData.ts';

const file = (tensors: readonly TensorToWrite[]) => parseSafetensors(writeSafetensors(tensors));
const sd = (arch: string, scheme: 'timm' | 'torchvision' = 'timm') =>
  syntheticStateDict(arch, scheme);
const FULL: LoadOptions = { numClasses: 1000 };

function refusal(f: () => unknown): WeightsError {
  try {
    f();
  } catch (e) {
    if (e instanceof WeightsError) return e;
    throw e;
  }
  throw new Error('not refused');
}

describe('matchWeights', () => {
  it('takes a complete timm file: every weight, counters skipped, nothing missing', () => {
    const { report, assignments } = matchWeights('resnet18', file(sd('resnet18')), FULL);
    expect(report.scheme).toBe('timm');
    expect(report.loaded).toBe(fullRefs('resnet18').length);
    expect(assignments).toHaveLength(report.loaded);
    expect(report.skipped).toHaveLength(20); // the 20 BatchNorms' num_batches_tracked
    expect(report.skipped.every((s) => s.key.endsWith('.num_batches_tracked'))).toBe(true);
    expect([report.missing, report.mismatched, report.headReinitialised]).toEqual([[], [], false]);
  });

  it('detects torchvision names', () => {
    const keys = sd('mobilenetv2_100', 'torchvision').map((t) => t.name);
    expect(detectScheme('mobilenetv2_100', keys).scheme).toBe('torchvision');
    const { report } = matchWeights(
      'mobilenetv2_100',
      file(sd('mobilenetv2_100', 'torchvision')),
      FULL,
    );
    expect([report.scheme, report.loaded]).toEqual([
      'torchvision',
      fullRefs('mobilenetv2_100').length,
    ]);
  });

  it('refuses a file of another architecture and names it', () => {
    const e = refusal(() => matchWeights('densenet121', file(sd('resnet50')), FULL));
    expect(e.code).toBe('WRONG_ARCH');
    expect(e.sentence).toBe(
      "This file holds resnet50 weights, not densenet121's, so nothing was loaded: choose densenet121 weights or switch the architecture to resnet50.",
    );
    expect(e.kind).toBe('wrong-weights');
    expect(e.report.missing.length).toBeGreaterThan(500);
  });

  it('refuses a deeper sibling (resnet101 into resnet50) unless not strict', () => {
    const e = refusal(() => matchWeights('resnet50', file(sd('resnet101')), FULL));
    expect(e.code).toBe('INCOMPLETE');
    expect(e.message).toMatch(/0 missing, 0 mis-shaped and 255 unknown/);
    const { report } = matchWeights('resnet50', file(sd('resnet101')), { ...FULL, strict: false });
    expect(report.loaded).toBe(fullRefs('resnet50').length);
    expect(report.skipped.filter((s) => s.reason.startsWith('unknown'))).toHaveLength(255); // 306 extra keys, 51 of them BN counters;
  });

  it('lists a missing and a mis-shaped tensor and refuses (strict)', () => {
    const tensors = sd('resnet18')
      .filter((t) => t.name !== 'layer2.0.bn1.running_var')
      .map((t) =>
        t.name === 'layer3.1.conv2.weight' ? { ...t, shape: [256, 256, 9], data: t.data } : t,
      );
    const e = refusal(() => matchWeights('resnet18', file(tensors), FULL));
    expect(e.code).toBe('INCOMPLETE');
    expect(e.report.missing).toEqual(['layer2.0.bn1.running_var']);
    expect(e.report.mismatched).toEqual([
      { key: 'layer3.1.conv2.weight', expected: [256, 256, 3, 3], got: [256, 256, 9] },
    ]);
    const loose = matchWeights('resnet18', file(tensors), { ...FULL, strict: false });
    expect(loose.report.loaded).toBe(fullRefs('resnet18').length - 2);
  });

  it('keeps a new head freshly initialised and says why', () => {
    const { report } = matchWeights('densenet121', file(sd('densenet121')), { numClasses: 5 });
    expect(report.headReinitialised).toBe(true);
    expect(report.loaded).toBe(fullRefs('densenet121').length - 2);
    const head = report.skipped.filter((s) => s.key.startsWith('classifier.'));
    expect(head.map((s) => s.key).sort()).toEqual(['classifier.bias', 'classifier.weight']);
    expect(head.find((h) => h.key === 'classifier.weight')?.reason).toMatch(
      /file \[1000, 1024\] vs model \[5, 1024\]/,
    );
  });

  it('loads only the kept units of a truncated model', () => {
    const opts = { numClasses: 5, unitsRemoved: 3 };
    const { report } = matchWeights(
      'mobilenetv3_large_100',
      file(sd('mobilenetv3_large_100', 'torchvision')),
      opts,
    );
    const removed = report.skipped.filter((s) => s.reason === 'not used: removed by truncation');
    // features.14 .. features.16 (the last three units) and the pre-logits Linear classifier.0
    expect(new Set(removed.map((s) => s.key.split('.').slice(0, 2).join('.')))).toEqual(
      new Set(['features.14', 'features.15', 'features.16', 'classifier.0']),
    );
    expect([report.missing, report.mismatched, report.headReinitialised]).toEqual([[], [], true]);
    expect(report.bnEpsilon).toBe(1e-3); // torchvision's, which the model must be built with
    expect(report.notes).toEqual([
      "BatchNorm eps 0.001 (the file's origin; timm's mobilenetv3_large_100 uses 0.00001): the model is built with it",
    ]);
  });

  it("ignores torchvision Inception3's AuxLogits and reads legacy DenseNet names", () => {
    const aux = [
      ...sd('inception_v3'),
      { name: 'AuxLogits.fc.weight', shape: [1000, 768], data: new Float32Array(768000) },
    ];
    const { report } = matchWeights('inception_v3', file(aux), FULL);
    expect(report.skipped.find((s) => s.key === 'AuxLogits.fc.weight')?.reason).toMatch(
      /auxiliary/,
    );
    const legacy = sd('densenet121').map((t) => ({
      ...t,
      name: t.name.replace(/\.(norm|conv)([12])\./, '.$1.$2.'),
    }));
    expect(legacy.some((t) => t.name.includes('denselayer1.norm.1.'))).toBe(true);
    expect(matchWeights('densenet121', file(legacy), FULL).report.loaded).toBe(
      fullRefs('densenet121').length,
    );
  });
});

describe('loadWeights', () => {
  it('leaves the model untouched when it refuses a file', () => {
    const model = buildModel('resnet18', { numClasses: 1000, inputSize: 64, initializer: 'zeros' });
    const broken = sd('resnet18').filter((t) => t.name !== 'fc.bias' && t.name !== 'conv1.weight');
    expect(() => loadWeights(model, 'resnet18', writeSafetensors(broken), FULL)).toThrow(
      WeightsError,
    );
    const sum = tf.tidy(() =>
      model.weights.reduce((s, w) => s + (tf.sum(tf.abs(w.read())).dataSync()[0] ?? NaN), 0),
    );
    // only the BN gammas (1) and moving variances (1) are non-zero after a zeros build
    const bnOnes = model.weights
      .filter((w) => /gamma|moving_variance/.test(w.originalName))
      .reduce((s, w) => s + w.shape.reduce<number>((a, b) => a * (b ?? NaN), 1), 0);
    expect(sum).toBe(bnOnes);
    model.dispose();
  });
});

describe('saveWeights', () => {
  it('inverts the layout conversion', () => {
    const data = Float32Array.from({ length: 2 * 3 * 3 * 2 }, (_, i) => i);
    for (const [kind, shape] of [
      ['conv', [2, 3, 3, 2]],
      ['depthwise', [6, 1, 3, 2]],
      ['dense', [4, 9]],
    ] as const) {
      const n = shape.reduce<number>((a, b) => a * b, 1);
      const x = data.subarray(0, n);
      expect(fromTfLayout(kind, toTfLayout(kind, x, shape), shape)).toEqual(x);
    }
  });

  it.each([
    ['efficientnet_b0', 3, 5],
    ['mobilenetv3_large_100', 0, 5],
  ])('%s minus %i units, %i classes: saved, reloaded, identical (head included)', (arch, k, n) => {
    const opts = { numClasses: n, unitsRemoved: k };
    const a = buildModel(arch, { ...opts, inputSize: 64, seed: 1 });
    const bytes = saveWeights(a, arch, opts);
    expect(parseSafetensors(bytes).metadata).toEqual({
      format: 'pt',
      arch,
      numClasses: String(n),
      unitsRemoved: String(k),
      bnEpsilon: '0.00001',
    });
    const b = buildModel(arch, { ...opts, inputSize: 64, initializer: 'zeros' });
    const report = loadWeights(b, arch, bytes, opts);
    expect([report.loaded, report.headReinitialised, report.missing]).toEqual([
      b.weights.length,
      false,
      [],
    ]);
    // a plain loop: vitest's deep equality is slow on millions of floats
    const differing = a.weights.filter((w, i) => {
      const x = w.read().dataSync();
      const y = b.weights[i]?.read().dataSync() ?? [];
      return b.weights[i]?.originalName !== w.originalName || x.some((v, j) => v !== y[j]);
    });
    expect(differing.map((w) => w.originalName)).toEqual([]);
    a.dispose();
    b.dispose();
  });

  it("a model built with torchvision's eps keeps it through save and reload", () => {
    const arch = 'mobilenetv3_large_100';
    const opts = { numClasses: 5, unitsRemoved: 2 };
    const a = buildModel(arch, { ...opts, inputSize: 64, seed: 3, bnEpsilon: 1e-3 });
    const file = parseSafetensors(saveWeights(a, arch, opts));
    expect(file.metadata?.bnEpsilon).toBe('0.001');
    expect(bnEpsilonForFile(arch, file)).toBe(1e-3);
    const b = buildModel(arch, { ...opts, inputSize: 64, bnEpsilon: bnEpsilonForFile(arch, file) });
    const report = loadWeights(b, arch, file, opts);
    expect([modelBnEpsilon(b), report.bnEpsilon, report.notes.length]).toEqual([1e-3, 1e-3, 1]);
    const x = tf.randomUniform([1, 64, 64, 3], -1, 1, 'float32', 5);
    const [ya, yb] = [a, b].map((m) => (m.predict(x) as tf.Tensor).dataSync());
    expect(Array.from(yb ?? [])).toEqual(Array.from(ya ?? []));
    // the same file in a model built with timm's eps: loads, but the report says it differs
    const c = buildModel(arch, { ...opts, inputSize: 64 });
    expect(loadWeights(c, arch, file, opts).notes.at(-1)).toMatch(/outputs differ slightly/);
    x.dispose();
    [a, b, c].forEach((m) => m.dispose());
  });
});

describe('inception_v4 (no torchvision model): names and shapes against timm', () => {
  const list =
    (
      readReferenceJson('timm_state_dict_keys.json') as Record<
        string,
        [string, number[], string?][]
      >
    ).inception_v4 ?? [];

  it('maps every key of timm_state_dict_keys.json 1:1 with the same shape', () => {
    const names = schemeKeys('inception_v4', 'timm');
    const ours = [
      ...[...(names?.float ?? [])].map(([k, r]) => `${k} ${r.torchShape.join('x')}`),
      ...[...(names?.counters ?? [])].map((k) => `${k} int64`),
    ].sort();
    const theirs = list
      .map(([k, s, d]) => `${k} ${d === undefined ? s.join('x') : 'int64'}`)
      .sort();
    expect(theirs).toHaveLength(896);
    expect(ours).toEqual(theirs);
  });

  it('puts every tensor of a timm-named file into the right variable', () => {
    const model = buildModel('inception_v4', {
      numClasses: 1000,
      inputSize: 299,
      initializer: 'zeros',
    });
    const tensors = list.map(([name, shape, d]): TensorToWrite =>
      d === undefined
        ? { name, shape, data: syntheticValues(name, shape) }
        : { name, shape, data: new BigInt64Array(1) },
    );
    const report = loadWeights(model, 'inception_v4', writeSafetensors(tensors), FULL);
    expect([report.loaded, report.missing, report.mismatched]).toEqual([
      model.weights.length,
      [],
      [],
    ]);
    const vars = new Map(model.weights.map((w) => [w.originalName, w]));
    const refs = fullRefs('inception_v4');
    for (const ref of refs.filter((_, i) => i % 7 === 0)) {
      const want = toTfLayout(
        ref.kind,
        syntheticValues(ref.timmKey, ref.torchShape),
        ref.torchShape,
      );
      const got = vars.get(`${ref.layer}/${ref.tfName}`)?.read().dataSync();
      expect(got && Array.from(got).every((v, i) => v === want[i])).toBe(true);
    }
    model.dispose();
  });
});
