import { describe, expect, it } from 'vitest';
import { parseTimmKey, tfShapeOf, toTfLayout, weightRefs } from './keymap.ts';
import { truncatedNodes } from './plan.ts';
import { getArch, listArchs } from './registry.ts';
import { readReferenceJson } from '../test/testData.ts';

type KeyRow = [key: string, shape: number[], dtype?: string];
const KEYS = readReferenceJson('timm_state_dict_keys.json') as Record<string, KeyRow[]>;

describe.each(listArchs())('%s weight names', (id) => {
  it('map 1:1 onto the float tensors of the timm state dict', () => {
    const arch = getArch(id);
    const { nodes } = truncatedNodes(arch.plan(), 0, 1000);
    const refs = weightRefs(nodes, arch.meta.inputSize);
    const floats = (KEYS[id] ?? []).filter(([, , dtype]) => dtype !== 'int64');
    expect(floats.length).toBeGreaterThan(0);
    const want = new Map(floats.map(([k, s]) => [k, s]));
    const got = new Map(refs.map((r) => [r.timmKey, r.torchShape]));
    expect(got.size).toBe(refs.length); // no key produced twice
    expect([...got.keys()].sort()).toEqual([...want.keys()].sort());
    for (const [k, s] of want) expect(got.get(k), k).toEqual(s);
    for (const r of refs) expect(parseTimmKey(r.timmKey).layer).toBe(r.layer);
  });
});

describe('keymap', () => {
  it('splits keys at the last dot', () => {
    expect(parseTimmKey('blocks.1.0.se.conv_reduce.bias')).toEqual({
      layer: 'blocks.1.0.se.conv_reduce',
      param: 'bias',
    });
    expect(() => parseTimmKey('weight')).toThrow();
  });

  it.each([
    ['conv', [64, 3, 7, 7], [7, 7, 3, 64]],
    ['depthwise', [32, 1, 3, 3], [3, 3, 32, 1]],
    ['dense', [1000, 2048], [2048, 1000]],
    ['bn', [64], [64]],
  ] as const)('converts %s shapes', (kind, torch, tf) => {
    expect(tfShapeOf(kind, torch)).toEqual(tf);
  });

  it('transposes conv OIHW -> HWIO element by element', () => {
    const [o, i, h, w] = [3, 2, 2, 2];
    const data = Float32Array.from({ length: o * i * h * w }, (_, n) => n);
    const out = toTfLayout('conv', data, [o, i, h, w]);
    for (let a = 0; a < o; a++)
      for (let b = 0; b < i; b++)
        for (let y = 0; y < h; y++)
          for (let x = 0; x < w; x++) {
            expect(out[((y * w + x) * i + b) * o + a]).toBe(data[((a * i + b) * h + y) * w + x]);
          }
  });

  it('transposes depthwise [C,1,kh,kw] -> [kh,kw,C,1] and linear [O,I] -> [I,O]', () => {
    const dw = toTfLayout('depthwise', Float32Array.from([1, 2, 3, 4, 5, 6, 7, 8]), [2, 1, 2, 2]);
    expect(Array.from(dw)).toEqual([1, 5, 2, 6, 3, 7, 4, 8]);
    const fc = toTfLayout('dense', Float32Array.from([1, 2, 3, 4, 5, 6]), [2, 3]);
    expect(Array.from(fc)).toEqual([1, 4, 2, 5, 3, 6]);
  });
});
