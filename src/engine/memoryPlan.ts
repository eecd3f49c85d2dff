/**
 * Static memory plan: every tensor gets a fixed offset in one activation arena.
 * - Concatenation without copies: a concat's output is one buffer and each input produced by an
 *   op (or by an inner concat) becomes a channel slice of it (stride = the concat's channels), so
 *   the producing op writes straight into place. Placement runs from the last concat back, so
 *   DenseNet's chain cat(cat(cat(x0, y1), y2), y3) ... ends as one buffer per dense block with
 *   every layer writing its slice. An input that cannot be a slice (the graph input, a flatten,
 *   a contiguous vector, or a tensor already placed in another concat) is copied (counted).
 * - Liveness: a buffer ("root", with all its slices) lives from the first write of any member to
 *   the last read of any member; roots whose lifetimes are disjoint share bytes (greedy by size,
 *   first fit). Kept tensors (the output, the Grad-CAM features) live to the end.
 * Pure: offsets are in floats; the caller adds the arena's base.
 */
import { opReads, type Graph, type IrOp, type TensorDef } from './graph.ts';

export type PlannedOp = Exclude<IrOp, { k: 'concat' | 'alias' }> | CopyOp;
export interface CopyOp {
  readonly k: 'copy';
  readonly x: string;
  readonly y: string;
}

/** Where a tensor lives: `offset` floats into the arena, `stride` floats between pixels. */
export interface View {
  readonly offset: number;
  readonly stride: number;
  readonly h: number;
  readonly w: number;
  readonly c: number;
}

export interface MemoryPlan {
  /** Every tensor, alias and copy slice by name. */
  readonly views: ReadonlyMap<string, View>;
  /** The ops to emit, in order (concats and flattens gone, copies in). */
  readonly ops: readonly PlannedOp[];
  readonly arenaFloats: number;
  readonly copies: number;
}

interface Loc {
  readonly root: string;
  readonly ch: number;
  readonly stride: number;
}

/** 64-byte alignment of every buffer, as eng_malloc's. */
const ALIGN = 16;

function tensor(g: Graph, name: string): TensorDef {
  const t = g.tensors.get(name);
  if (t === undefined) throw new Error(`memory plan: unknown tensor ${name}`);
  return t;
}

/** Follows flatten aliases to the tensor that owns the memory. */
function canon(aliases: ReadonlyMap<string, string>, name: string): string {
  let n = name;
  for (let a = aliases.get(n); a !== undefined; a = aliases.get(n)) n = a;
  return n;
}

/** Places concat inputs in their slices (last concat first); returns the copies needed. */
function placeConcats(
  g: Graph,
  aliases: ReadonlyMap<string, string>,
  locs: Map<string, Loc>,
  shapes: Map<string, TensorDef>,
): Map<string, CopyOp[]> {
  const copies = new Map<string, CopyOp[]>();
  for (let i = g.ops.length - 1; i >= 0; i--) {
    const op = g.ops[i];
    if (op?.k !== 'concat') continue;
    const cat = tensor(g, op.y);
    const at = locs.get(op.y) ?? { root: op.y, ch: 0, stride: cat.c };
    locs.set(op.y, at);
    let ch = 0;
    const mine: CopyOp[] = [];
    for (const raw of op.inputs) {
      const name = canon(aliases, raw);
      const t = tensor(g, name);
      const slice = { root: at.root, ch: at.ch + ch, stride: at.stride };
      if ((t.kind === 'op' || t.kind === 'concat') && !locs.has(name)) locs.set(name, slice);
      else {
        const y = `${op.y}#${ch}`;
        shapes.set(y, { ...t, name: y, kind: 'op' });
        locs.set(y, slice);
        mine.push({ k: 'copy', x: name, y });
      }
      ch += t.c;
    }
    if (ch !== cat.c) throw new Error(`memory plan: ${op.y} has ${ch} != ${cat.c} channels`);
    copies.set(op.y, mine);
  }
  return copies;
}

interface Root {
  readonly name: string;
  readonly floats: number;
  first: number;
  last: number;
  offset: number;
}

/** First-fit offsets, largest buffers first, among roots whose lifetimes overlap. */
function assignOffsets(roots: Root[]): number {
  const order = [...roots].sort((a, b) => b.floats - a.floats || a.first - b.first);
  const done: Root[] = [];
  let total = 0;
  for (const r of order) {
    const busy = done
      .filter((d) => d.first <= r.last && r.first <= d.last)
      .sort((a, b) => a.offset - b.offset);
    let off = 0;
    for (const d of busy) {
      if (off + r.floats <= d.offset) break;
      off = Math.max(off, d.offset + d.floats);
    }
    r.offset = off;
    total = Math.max(total, off + r.floats);
    done.push(r);
  }
  return total;
}

/** Lifetimes of the roots over the final op list (-1: written before the run). */
function lifetimes(
  ops: readonly PlannedOp[],
  locs: ReadonlyMap<string, Loc>,
  shapes: ReadonlyMap<string, TensorDef>,
  keep: readonly string[],
  input: string,
): Root[] {
  const roots = new Map<string, Root>();
  const touch = (name: string, at: number): void => {
    const loc = locs.get(name);
    if (loc === undefined) throw new Error(`memory plan: ${name} not placed`);
    let r = roots.get(loc.root);
    if (r === undefined) {
      const t = shapes.get(loc.root);
      const floats = t === undefined ? 0 : Math.ceil((t.h * t.w * t.c) / ALIGN) * ALIGN;
      r = { name: loc.root, floats, first: at, last: at, offset: 0 };
      roots.set(loc.root, r);
    }
    r.first = Math.min(r.first, at);
    r.last = Math.max(r.last, at);
  };
  touch(input, -1);
  ops.forEach((op, i) => {
    for (const x of op.k === 'copy' ? [op.x] : opReads(op)) touch(x, i);
    touch(op.y, i);
  });
  for (const k of keep) touch(k, Infinity);
  return [...roots.values()];
}

/**
 * @param g the graph from buildGraph
 * @returns offsets and strides of every tensor, the op list to emit and the arena size
 */
export function planMemory(g: Graph): MemoryPlan {
  const aliases = new Map<string, string>();
  for (const op of g.ops) if (op.k === 'alias') aliases.set(op.y, op.x);
  const shapes = new Map(g.tensors);
  const locs = new Map<string, Loc>();
  const copies = placeConcats(g, aliases, locs, shapes);
  for (const t of g.tensors.values())
    if (!locs.has(t.name) && t.kind !== 'alias')
      locs.set(t.name, { root: t.name, ch: 0, stride: t.c });
  const ops: PlannedOp[] = [];
  for (const op of g.ops) {
    if (op.k === 'concat') ops.push(...(copies.get(op.y) ?? []));
    else if (op.k !== 'alias') ops.push(renameReads(op, aliases));
  }
  const keep = [g.output, ...(g.features === null ? [] : [g.features])].map((n) =>
    canon(aliases, n),
  );
  const roots = lifetimes(ops, locs, shapes, keep, g.input);
  const arenaFloats = assignOffsets(roots);
  const base = new Map(roots.map((r) => [r.name, r.offset]));
  const views = new Map<string, View>();
  for (const [name, t] of shapes) {
    const loc = locs.get(canon(aliases, name));
    if (loc === undefined) continue;
    const offset = (base.get(loc.root) ?? NaN) + loc.ch;
    views.set(name, { offset, stride: loc.stride, h: t.h, w: t.w, c: t.c });
  }
  const nCopies = [...copies.values()].reduce((s, c) => s + c.length, 0);
  return { views, ops, arenaFloats, copies: nCopies };
}

/** Points an op's reads at the tensors that own the memory (flatten is no op). */
function renameReads(
  op: Exclude<IrOp, { k: 'concat' | 'alias' }>,
  aliases: ReadonlyMap<string, string>,
): PlannedOp {
  const c = (n: string): string => canon(aliases, n);
  switch (op.k) {
    case 'add':
      return { ...op, a: c(op.a), b: c(op.b) };
    case 'scale':
      return { ...op, x: c(op.x), gate: c(op.gate) };
    default:
      return { ...op, x: c(op.x) };
  }
}
