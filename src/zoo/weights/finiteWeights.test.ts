import { describe, expect, it } from 'vitest';
import { firstBadValues } from './finiteWeights.ts';
import { matchWeights, WeightsError } from './match.ts';
import { parseSafetensors, writeSafetensors } from './safetensors.ts';
import { syntheticStateDict } from './synthetic.ts';

const ARCH = 'resnet18';

/** A resnet18 file with `value` written at index 7 of `key`. */
function fileWith(key: string, value: number) {
  const tensors = syntheticStateDict(ARCH, 'timm').map((t) => {
    if (t.name !== key || !(t.data instanceof Float32Array)) return t;
    const data = t.data.slice();
    data[7] = value;
    return { ...t, data };
  });
  return parseSafetensors(writeSafetensors(tensors));
}

function refusal(key: string, value: number): WeightsError {
  try {
    matchWeights(ARCH, fileWith(key, value), { numClasses: 1000 });
  } catch (e) {
    if (e instanceof WeightsError) return e;
    throw e;
  }
  throw new Error('nothing was refused');
}

describe('weights whose values would make every output NaN are refused, naming the tensor', () => {
  it.each([
    ['layer3.1.conv2.weight', NaN],
    ['fc.weight', Infinity],
    ['bn1.bias', -Infinity],
  ])('%s holding %s: NON_FINITE (wrong weights, exit 3)', (key, value) => {
    const e = refusal(key, value);
    expect([e.code, e.kind]).toEqual(['NON_FINITE', 'wrong-weights']);
    expect(e.sentence).toContain(`not numbers (NaN or infinity) in ${key}, so nothing was loaded`);
    expect(e.detail).toMatch(
      new RegExp(
        `^"${key.replace(/\./g, '\\.')}": 1 of \\d+ values are NaN or infinite \\(the first, at index 7, is ${value}\\)$`,
      ),
    );
    expect(e.report.arch).toBe(ARCH);
  });

  it('refuses a negative BatchNorm running variance, and keeps small rounding below zero', () => {
    const e = refusal('layer1.0.bn1.running_var', -0.5);
    expect(e.code).toBe('NEGATIVE_VARIANCE');
    expect(e.sentence).toContain('negative BatchNorm variance in layer1.0.bn1.running_var');
    expect(() =>
      matchWeights(ARCH, fileWith('layer1.0.bn1.running_var', -1e-7), { numClasses: 1000 }),
    ).not.toThrow();
    // a negative weight or bias is an ordinary value
    expect(() =>
      matchWeights(ARCH, fileWith('layer1.0.bn1.weight', -0.5), { numClasses: 1000 }),
    ).not.toThrow();
  });

  it('is checked in lenient loads too, and finds the first tensor at fault', () => {
    expect(() =>
      matchWeights(ARCH, fileWith('fc.bias', NaN), { numClasses: 1000, strict: false }),
    ).toThrow(/NaN or infinity/);
    const tensors = [
      { key: 'a', data: Float32Array.of(1, 2) },
      { key: 'b', data: Float32Array.of(NaN, Infinity, 3) },
      { key: 'c', data: Float32Array.of(NaN) },
    ];
    expect(firstBadValues(tensors)).toEqual({
      key: 'b',
      reason: 'non-finite',
      bad: 2,
      count: 3,
      first: 0,
      value: NaN,
    });
  });
});
