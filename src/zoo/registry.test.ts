import { describe, expect, it } from 'vitest';
import { ARCH_IDS } from './catalog.ts';
import { getArch, listArchs } from './registry.ts';

describe('registry', () => {
  it('lists every catalog architecture once, in catalog order', () => {
    expect(listArchs()).toEqual(ARCH_IDS);
    expect(new Set(listArchs()).size).toBe(16);
  });

  it('throws on unknown ids', () => {
    expect(() => getArch('vgg16')).toThrow(/unknown architecture/);
  });

  it.each(listArchs())(
    '%s: plan is cached, names are unique, units are ordered and disjoint',
    (id) => {
      const plan = getArch(id).plan();
      expect(getArch(id).plan()).toBe(plan);
      const names = plan.nodes.map((n) => n.name);
      expect(new Set(names).size).toBe(names.length);
      let prevEnd = 0;
      for (const u of plan.units) {
        expect(u.start).toBeGreaterThanOrEqual(prevEnd);
        expect(u.end).toBeGreaterThan(u.start);
        expect(plan.nodes[u.end - 1]?.name).toBe(u.output);
        prevEnd = u.end;
      }
    },
  );
});
