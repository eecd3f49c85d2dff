/**
 * The memory plan, with no kernels: concatenations without copies,
 * DenseNet's one buffer per dense block, and a simulation proving that no op overwrites a value
 * before its last reader has read it (each float remembers which tensor wrote it last).
 */
import { describe, expect, it } from 'vitest';
import { listArchs } from '../zoo/registry.ts';
import { buildGraph, opReads, type Graph } from './graph.ts';
import { planMemory, type MemoryPlan, type View } from './memoryPlan.ts';
import { syntheticSource } from './testing/syntheticSource.ts';

const plans = new Map<string, { g: Graph; p: MemoryPlan }>();
function planFor(id: string, featuresNode?: string): { g: Graph; p: MemoryPlan } {
  const key = `${id}/${featuresNode ?? ''}`;
  let r = plans.get(key);
  if (r === undefined) {
    const src = syntheticSource(id, {
      numClasses: 1000,
      ...(featuresNode ? { featuresNode } : {}),
    });
    const g = buildGraph(src);
    r = { g, p: planMemory(g) };
    plans.set(key, r);
  }
  return r;
}

/** Calls f with every float index of a view. */
function floats(v: View, f: (i: number) => void): void {
  for (let p = 0; p < v.h * v.w; p++) for (let c = 0; c < v.c; c++) f(v.offset + p * v.stride + c);
}

/** The tensors whose writes make up `name`'s value: itself and, for a concat, its slices. */
function members(g: Graph, p: MemoryPlan, name: string, out = new Set<string>()): Set<string> {
  out.add(name);
  const cat = g.ops.find((op) => op.k === 'concat' && op.y === name);
  if (cat?.k !== 'concat') return out;
  let ch = 0;
  for (const i of cat.inputs) {
    const copy = `${name}#${ch}`;
    if (p.views.has(copy)) out.add(copy);
    else members(g, p, i, out);
    ch += g.tensors.get(i)?.c ?? 0;
  }
  return out;
}

/** Runs the plan on owner tags; throws at the first read of a clobbered or unwritten float. */
function simulate(g: Graph, p: MemoryPlan): void {
  const ids = new Map<string, number>();
  const id = (n: string): number => ids.get(n) ?? (ids.set(n, ids.size + 1), ids.size);
  const owner = new Int32Array(p.arenaFloats);
  const view = (n: string): View => {
    const v = p.views.get(n);
    if (v === undefined) throw new Error(`no view ${n}`);
    return v;
  };
  const check = (n: string, at: string): void => {
    const ok = new Set([...members(g, p, n)].map(id));
    floats(view(n), (f) => {
      if (!ok.has(owner[f] ?? 0)) throw new Error(`${at} reads ${n} at float ${f}, clobbered`);
    });
  };
  floats(view(g.input), (f) => (owner[f] = id(g.input)));
  p.ops.forEach((op, i) => {
    for (const x of op.k === 'copy' ? [op.x] : opReads(op))
      check(x, `op ${i} (${op.k} -> ${op.y})`);
    floats(view(op.y), (f) => (owner[f] = id(op.y)));
  });
  check(g.output, 'the logits read-out');
  if (g.features !== null) check(g.features, 'the features read-out');
}

describe.each(listArchs())('%s memory plan', (id) => {
  it('never overwrites a live value and needs no concat copies', () => {
    const { g, p } = planFor(id);
    expect(() => simulate(g, p)).not.toThrow();
    expect(p.copies).toBe(0);
    // Reuse: the arena is far smaller than every tensor laid side by side.
    const sum = [...g.tensors.values()].reduce(
      (s, t) => s + (t.kind === 'alias' ? 0 : t.h * t.w * t.c),
      0,
    );
    expect(p.arenaFloats).toBeLessThan(sum / 3);
  });
});

describe('concatenation in place', () => {
  it('gives each DenseNet-121 dense block one buffer that every layer writes a slice of', () => {
    const { g, p } = planFor('densenet121');
    [6, 12, 24, 16].forEach((layers, b) => {
      const block = `features.denseblock${b + 1}`;
      const last = p.views.get(`${block}.denselayer${layers}.cat`);
      expect(last?.stride).toBe(last?.c);
      for (let j = 1; j <= layers; j++) {
        const conv2 = `${block}.denselayer${j}.conv2`;
        const v = p.views.get(conv2);
        expect(v?.stride, conv2).toBe(last?.c);
        expect(g.ops.some((op) => op.k === 'conv' && op.y === conv2)).toBe(true);
      }
    });
  });

  it('copies an input that is already placed, and counts it', () => {
    // featuresNode keeps a DenseNet concat's value: still no copy (a slice is readable)...
    const { g, p } = planFor('densenet121', 'features.denseblock2.denselayer3.cat');
    expect(p.copies).toBe(0);
    expect(() => simulate(g, p)).not.toThrow();
    const f = p.views.get('features.denseblock2.denselayer3.cat');
    expect(f?.stride).toBeGreaterThan(f?.c ?? Infinity);
    // ...but the graph input cannot be a slice: a hand-made concat of it must copy.
    const withInputCat: Graph = {
      ...g,
      ops: [
        ...g.ops.slice(0, 1),
        { k: 'concat', y: 'twice', inputs: ['input', 'input'] },
        ...g.ops.slice(1),
      ],
      tensors: new Map([
        ...g.tensors,
        ['twice', { name: 'twice', h: g.inputSize, w: g.inputSize, c: 6, kind: 'concat' }],
      ]),
    };
    const q = planMemory(withInputCat);
    expect(q.copies).toBe(2);
    expect(q.ops.filter((op) => op.k === 'copy')).toHaveLength(2);
  });
});
