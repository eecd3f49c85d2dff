/**
 * Compiler back end: graph (graph.ts) + memory plan (memoryPlan.ts) -> one engine program over
 * one activation arena, weights packed once. predict() copies an image into the input view,
 * runs the program and reads the logits (and the Grad-CAM features) back: no per-op traffic
 * through JavaScript.
 */
import { actCode, OP_ERRORS, type EngineExports } from './abi.ts';
import { buildGraph, type Graph } from './graph.ts';
import { planMemory, type PlannedOp, type View } from './memoryPlan.ts';
import type { EngineModel, EngineModelSource } from './types.ts';

/** A loaded module: its exports, its memory and how many threads eng_run may use. */
export interface EngineRuntime {
  readonly exports: EngineExports;
  readonly memory: { readonly buffer: ArrayBufferLike };
  readonly threads: number;
}

interface Emit {
  readonly rt: EngineRuntime;
  readonly prog: number;
  readonly arena: number;
  readonly views: ReadonlyMap<string, View>;
  /** Everything eng_malloc'ed for the program (packed weights, affine params). */
  readonly owned: number[];
}

const f32 = (rt: EngineRuntime, ptr: number, n: number): Float32Array =>
  new Float32Array(rt.memory.buffer, ptr, n);

/** Copies `data` into a fresh eng_malloc block. */
function upload(rt: EngineRuntime, data: Float32Array): number {
  const p = rt.exports.eng_malloc(Math.max(4, data.byteLength));
  if (p === 0) throw new Error('engine: out of memory');
  f32(rt, p, data.length).set(data);
  return p;
}

function view(e: Emit, name: string): [number, number, number, number, number] {
  const v = e.views.get(name);
  if (v === undefined) throw new Error(`engine: tensor ${name} has no view`);
  return [e.arena + 4 * v.offset, v.h, v.w, v.c, v.stride];
}

/** Packs a conv's weights (the temporary upload is freed; the packed block is owned). */
function pack(e: Emit, op: Extract<PlannedOp, { k: 'conv' }>, c: number): number {
  const { exports: x } = e.rt;
  const w = upload(e.rt, op.w);
  const b = upload(e.rt, op.bias);
  const K = op.kh * op.kw * c;
  const packed = op.depthwise
    ? x.eng_pack_dw(w, b, op.kh, op.kw, c)
    : x.eng_pack_gemm(w, b, K, op.bias.length);
  x.eng_free(w);
  x.eng_free(b);
  if (packed === 0) throw new Error('engine: out of memory packing weights');
  e.owned.push(packed);
  return packed;
}

function emitConv(e: Emit, op: Extract<PlannedOp, { k: 'conv' }>): number {
  const X = view(e, op.x);
  const Y = view(e, op.y);
  const packed = pack(e, op, X[3]);
  const a = actCode(op.act);
  const { exports: x } = e.rt;
  const geo = [op.kh, op.kw] as const;
  return op.depthwise
    ? x.eng_op_dwconv(e.prog, ...X, ...Y, ...geo, op.stride, op.pt, op.pl, packed, a)
    : x.eng_op_conv(
        e.prog,
        ...X,
        ...Y,
        ...geo,
        op.stride,
        op.stride,
        op.pt,
        op.pl,
        1,
        1,
        packed,
        a,
      );
}

function emitOp(e: Emit, op: PlannedOp): number {
  const { exports: x, prog } = { exports: e.rt.exports, prog: e.prog };
  switch (op.k) {
    case 'conv':
      return emitConv(e, op);
    case 'affine': {
      const ss = upload(e.rt, op.ss);
      e.owned.push(ss);
      const Y = view(e, op.y);
      return x.eng_op_affine(prog, ...view(e, op.x), Y[0], Y[4], ss, actCode(op.act));
    }
    case 'act': {
      const Y = view(e, op.y);
      return x.eng_op_act(prog, ...view(e, op.x), Y[0], Y[4], actCode(op.act));
    }
    case 'maxPool':
    case 'avgPool': {
      const [yp, yh, yw, , ys] = view(e, op.y);
      const X = view(e, op.x);
      const geo = [op.pool, op.stride, op.pad] as const;
      return op.k === 'maxPool'
        ? x.eng_op_maxpool(prog, ...X, yp, yh, yw, ys, ...geo)
        : x.eng_op_avgpool(prog, ...X, yp, yh, yw, ys, ...geo, op.countIncludePad ? 1 : 0);
    }
    case 'gap':
      return x.eng_op_gap(prog, ...view(e, op.x), view(e, op.y)[0]);
    case 'add': {
      const [ap, , , , as] = view(e, op.a);
      const [bp, , , , bs] = view(e, op.b);
      const [yp, h, w, c, ys] = view(e, op.y);
      return x.eng_op_add(prog, ap, as, bp, bs, h, w, c, yp, ys, actCode(op.act));
    }
    case 'scale': {
      const Y = view(e, op.y);
      return x.eng_op_scale_channels(prog, ...view(e, op.x), view(e, op.gate)[0], Y[0], Y[4]);
    }
    case 'copy': {
      const Y = view(e, op.y);
      return x.eng_op_copy(prog, ...view(e, op.x), Y[0], Y[4]);
    }
  }
}

/** Reads a (possibly strided) view into a dense [h, w, c] array at `out[at..]`. */
function readView(rt: EngineRuntime, ptr: number, v: View, out: Float32Array, at: number): void {
  const n = v.h * v.w;
  const src = f32(rt, ptr, (n - 1) * v.stride + v.c);
  if (v.stride === v.c) out.set(src, at);
  else
    for (let p = 0; p < n; p++)
      out.set(src.subarray(p * v.stride, p * v.stride + v.c), at + p * v.c);
}

/** Emits every op; on failure frees what was allocated and rethrows. Returns the weight bytes. */
function emitAll(e: Emit, ops: readonly PlannedOp[], free: () => void): number {
  let weightBytes = 0;
  try {
    for (const op of ops) {
      const rc = emitOp(e, op);
      if (rc < 0) throw new Error(`engine: op ${op.k} -> ${op.y}: ${OP_ERRORS[rc] ?? rc}`);
      if (op.k === 'conv') weightBytes += 4 * (op.w.length + op.bias.length);
      if (op.k === 'affine') weightBytes += 4 * op.ss.length;
    }
  } catch (err) {
    free();
    throw err;
  }
  return weightBytes;
}

interface Io {
  readonly rt: EngineRuntime;
  readonly prog: number;
  readonly arena: number;
  readonly input: View;
  readonly output: View;
  readonly features: View | null;
  readonly g: Graph;
}

/** Runs the program image by image: input in, logits (and features) out. */
function runBatch(io: Io, xs: Float32Array, batch: number, withFeatures: boolean) {
  const { rt, g, arena } = io;
  const perImage = g.inputSize * g.inputSize * g.inChannels;
  if (xs.length !== batch * perImage)
    throw new Error(
      `engine: expected [b, ${g.inputSize}, ${g.inputSize}, ${g.inChannels}] with b = ${batch}`,
    );
  const logits = new Float32Array(batch * g.numClasses);
  const fv = io.features ?? io.input;
  const perFeature = fv.h * fv.w * fv.c;
  const features = new Float32Array(withFeatures ? batch * perFeature : 0);
  for (let b = 0; b < batch; b++) {
    const image = xs.subarray(b * perImage, (b + 1) * perImage);
    f32(rt, arena + 4 * io.input.offset, perImage).set(image);
    const rc = rt.exports.eng_run(io.prog, rt.threads);
    if (rc < 0) throw new Error(`engine: eng_run failed (${OP_ERRORS[rc] ?? rc})`);
    readView(rt, arena + 4 * io.output.offset, io.output, logits, b * g.numClasses);
    if (withFeatures) readView(rt, arena + 4 * fv.offset, fv, features, b * perFeature);
  }
  return { logits, features, featureShape: [fv.h, fv.w, fv.c] as const };
}

/**
 * @param rt the loaded module
 * @param src arch, options and weights
 * @returns the compiled model (owns its program, packed weights and arena until dispose)
 */
export function compileModel(rt: EngineRuntime, src: EngineModelSource): EngineModel {
  const g = buildGraph(src);
  const plan = planMemory(g);
  const x = rt.exports;
  const input = plan.views.get(g.input);
  const output = plan.views.get(g.output);
  if (input === undefined || output === undefined) throw new Error('engine: no input/output view');
  const features = g.features === null ? null : (plan.views.get(g.features) ?? null);
  const arena = x.eng_malloc(Math.max(4, plan.arenaFloats * 4));
  const prog = x.eng_prog_new();
  if (arena === 0 || prog === 0) throw new Error('engine: out of memory for the arena');
  const e: Emit = { rt, prog, arena, views: plan.views, owned: [] };
  let disposed = false;
  const free = (): void => {
    if (disposed) return;
    disposed = true;
    x.eng_prog_free(prog);
    for (const p of e.owned.splice(0)) x.eng_free(p);
    x.eng_free(arena);
  };
  const weightBytes = emitAll(e, plan.ops, free);
  const io: Io = { rt, prog, arena, input, output, features, g };
  const live = (): Io => {
    if (disposed) throw new Error('engine: model disposed');
    return io;
  };
  return {
    predict: (xs, batch) => runBatch(live(), xs, batch, false).logits,
    predictWithFeatures: (xs, batch) => {
      if (features === null) throw new Error('engine: compiled without featuresNode');
      return runBatch(live(), xs, batch, true);
    },
    dispose: free,
    stats: {
      ops: plan.ops.length,
      weightBytes,
      activationBytes: plan.arenaFloats * 4,
      copies: plan.copies,
    },
  };
}
