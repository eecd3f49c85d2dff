import { describe, expect, it } from 'vitest';
import archUnits from '../../../test-data/reference/architectures_units.json';
import { ARCH_IDS } from '../../zoo/catalog.ts';
import { clampUnitsRemoved, familyOf, labNumbers } from './labNumbers.ts';

interface RefUnits {
  units: { cum_backbone: number; out_ch: number }[];
}
const reference = archUnits as unknown as Record<string, RefUnits>;

describe('labNumbers', () => {
  it.each(ARCH_IDS)('%s: every depth matches the reference backbone + a 5-class head', (arch) => {
    const { depths } = labNumbers(arch);
    const units = reference[arch]?.units ?? [];
    expect(depths).toHaveLength(units.length);
    // MobileNetV3 keeps its pre-logits conv_head only when nothing is removed (see zoo/plan.ts).
    for (const depth of depths.slice(arch === 'mobilenetv3_large_100' ? 1 : 0)) {
      const last = units[units.length - 1 - depth.unitsRemoved];
      expect(depth.trainable).toBe((last?.cum_backbone ?? NaN) + 5 * (last?.out_ch ?? NaN) + 5);
    }
  });

  it('clamps a permalink depth to what the architecture has', () => {
    expect(clampUnitsRemoved('resnet18', 99)).toBe(7);
    expect(clampUnitsRemoved('resnet18', -3)).toBe(0);
    expect(clampUnitsRemoved('densenet201', 101)).toBe(101);
  });

  it('lists a family in catalog order', () => {
    expect(familyOf('resnet50')).toEqual(['resnet18', 'resnet34', 'resnet50', 'resnet101']);
  });
});
