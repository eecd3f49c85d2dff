import { describe, expect, it } from 'vitest';
import { countTruncated, unitTable } from './analytic.ts';
import { CATALOG } from './catalog.ts';
import { getArch, listArchs } from './registry.ts';
import { readReferenceJson } from '../test/testData.ts';

interface RefUnit {
  unit: string;
  out_ch: number;
  out_hw: number;
  params: number;
  bn_ch: number;
  cum_backbone: number;
}
interface RefArch {
  input: number;
  total_1000: number;
  stem_params: number;
  stem_bn_ch: number;
  units: RefUnit[];
  prelogits_params: number;
  bn_ch_total: number;
}
const REF = readReferenceJson('architectures_units.json') as Record<string, RefArch>;
const ref = (id: string): RefArch => {
  const r = REF[id];
  if (r === undefined) throw new Error(`no reference for ${id}`);
  return r;
};

describe.each(listArchs())('%s (analytic)', (id) => {
  const r = ref(id);

  it('matches every truncation unit of architectures_units.json', () => {
    const t = unitTable(id, r.input);
    expect(t.stem.params).toBe(r.stem_params);
    expect(t.stem.bnCh).toBe(r.stem_bn_ch);
    const got = t.units.map((u) => [u.name, u.params, u.outCh, u.outHw, u.cumParams, u.bnCh]);
    const want = r.units.map((u) => [
      u.unit,
      u.params,
      u.out_ch,
      u.out_hw,
      u.cum_backbone,
      u.bn_ch,
    ]);
    expect(got).toEqual(want);
  });

  it('counts the full 1000-class model as timm and the catalog do', () => {
    const full = countTruncated(id, { numClasses: 1000, inputSize: r.input });
    expect(full.trainable).toBe(r.total_1000);
    expect(full.trainable).toBe(CATALOG[getArch(id).id].params1000.value);
    expect(full.nonTrainable).toBe(2 * r.bn_ch_total);
    expect(full.floatBytes).toBe(4 * (full.trainable + full.nonTrainable));
  });

  it('gives backbone + C*n + n for every truncation depth (pre-logits only when k = 0)', () => {
    const units = unitTable(id, r.input).units;
    for (let k = 0; k < units.length; k++) {
      const u = units[units.length - 1 - k];
      if (u === undefined) throw new Error('unit index');
      const c = countTruncated(id, { unitsRemoved: k, numClasses: 5, inputSize: r.input });
      const pre = k === 0 ? r.prelogits_params : 0;
      const headIn = k === 0 ? (getArch(id).plan().prelogits?.filters ?? u.outCh) : u.outCh;
      expect([c.lastUnit, c.outChannels, c.outHw]).toEqual([u.name, u.outCh, u.outHw]);
      expect(c.trainable).toBe(u.cumParams + pre + 5 * headIn + 5);
      expect(c.nonTrainable).toBe(
        2 * (r.stem_bn_ch + units.slice(0, units.length - k).reduce((s, x) => s + x.bnCh, 0)),
      );
    }
  });

  it('rejects impossible truncations', () => {
    const n = unitTable(id).units.length;
    expect(() => countTruncated(id, { unitsRemoved: n })).toThrow(RangeError);
    expect(() => countTruncated(id, { unitsRemoved: -1 })).toThrow(RangeError);
    expect(() => countTruncated(id, { numClasses: 0 })).toThrow(RangeError);
  });
});

describe('analytic counter', () => {
  it('accumulates MACs: ResNet-50 at 224 is ~4.1 GMACs (torchvision: 4.09 GFLOPS as MACs)', () => {
    const full = countTruncated('resnet50', { numClasses: 1000 });
    expect(full.macs / 1e9).toBeGreaterThan(4.08);
    expect(full.macs / 1e9).toBeLessThan(4.13);
    const t = unitTable('resnet50');
    expect(t.units.at(-1)?.cumMacs).toBe(full.macs - 2048 * 1000);
  });

  it('scales spatial sizes with the input size', () => {
    expect(unitTable('resnet50', 320).units.at(-1)?.outHw).toBe(10);
    expect(countTruncated('inception_v3', { inputSize: 75 }).outHw).toBe(1);
    expect(() => countTruncated('inception_v3', { inputSize: 64 })).toThrow(RangeError);
  });
});
