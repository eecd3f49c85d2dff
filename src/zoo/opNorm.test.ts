import { describe, expect, it } from 'vitest';
import { readTorchFixtureJson } from '../test/torchFixtures.ts';
import { chestModel } from './chestCatalog.ts';
import { opNorm } from './opNorm.ts';

const REF = readTorchFixtureJson<{
  probabilities: number[];
  cases: Record<string, number[]>;
}>('op_norm.json');

describe("TorchXRayVision's op_norm (calibrated outputs)", () => {
  it.each([
    ['chex', 'densenet121-res224-chex'],
    ['nih', 'densenet121-res224-nih'],
    ['resnet50-res512-all', 'resnet50-res512-all'],
  ])('matches xrv.models.op_norm for %s, with null where it leaves 0.5', (key, id) => {
    const thresholds = chestModel(id)?.opThreshs.value ?? [];
    const want = REF.cases[key] ?? [];
    REF.probabilities.forEach((p, k) => {
      const got = opNorm(p, thresholds[k] ?? null);
      if (got === null) expect(want[k]).toBe(0.5);
      else expect(Math.abs(got - (want[k] ?? NaN))).toBeLessThan(1e-6);
    });
  });

  it('maps the operating point to 0.5 and keeps 0 and 1', () => {
    expect(opNorm(0.2, 0.2)).toBe(0.5);
    expect(opNorm(0, 0.2)).toBe(0);
    expect(opNorm(1, 0.2)).toBe(1);
  });
});
