/**
 * The engine's ABI as TypeScript sees it: the activation numbers and the typed exports of
 * engine/src/engine.h. Keep both in step with that header (it is the contract with the C side).
 * Pointers are byte offsets into the module's linear memory; a "view" is
 * (ptr, h, w, c, stride) with stride in floats between adjacent pixels.
 */
import type { Act } from '../zoo/plan.ts';

/** enum eng_act (engine.h). */
export const ACT = {
  none: 0,
  relu: 1,
  relu6: 2,
  hardSwish: 3,
  swish: 4,
  sigmoid: 5,
  hardSigmoid: 6,
} as const;

export type ActCode = (typeof ACT)[keyof typeof ACT];

/**
 * @param fn a plan activation, or null for none
 * @returns its engine code (every plan activation is fusable in the engine)
 */
export const actCode = (fn: Act | null): ActCode => (fn === null ? ACT.none : ACT[fn]);

type I = number;

/** The wasm instance's exports used by the TypeScript side (names and arity as in engine.h). */
export interface EngineExports {
  eng_malloc(bytes: I): I;
  eng_free(p: I): void;
  eng_allocated(): I;
  eng_pack_gemm(w: I, bias: I, K: I, N: I): I;
  eng_pack_dw(w: I, bias: I, kh: I, kw: I, c: I): I;
  eng_prog_new(): I;
  eng_prog_free(p: I): void;
  eng_prog_ops(p: I): I;
  // prettier-ignore
  eng_op_conv(p: I, x: I, xh: I, xw: I, xc: I, xs: I, y: I, yh: I, yw: I, yc: I, ys: I,
    kh: I, kw: I, sh: I, sw: I, pt: I, pl: I, dh: I, dw: I, packed: I, act: I): I;
  // prettier-ignore
  eng_op_dwconv(p: I, x: I, xh: I, xw: I, xc: I, xs: I, y: I, yh: I, yw: I, yc: I, ys: I,
    kh: I, kw: I, s: I, pt: I, pl: I, packed: I, act: I): I;
  eng_op_affine(p: I, x: I, xh: I, xw: I, xc: I, xs: I, y: I, ys: I, ss: I, act: I): I;
  eng_op_act(p: I, x: I, xh: I, xw: I, xc: I, xs: I, y: I, ys: I, act: I): I;
  // prettier-ignore
  eng_op_maxpool(p: I, x: I, xh: I, xw: I, xc: I, xs: I, y: I, yh: I, yw: I, ys: I,
    k: I, s: I, pad: I): I;
  // prettier-ignore
  eng_op_avgpool(p: I, x: I, xh: I, xw: I, xc: I, xs: I, y: I, yh: I, yw: I, ys: I,
    k: I, s: I, pad: I, countIncludePad: I): I;
  eng_op_gap(p: I, x: I, xh: I, xw: I, xc: I, xs: I, y: I): I;
  eng_op_add(p: I, a: I, as: I, b: I, bs: I, h: I, w: I, c: I, y: I, ys: I, act: I): I;
  eng_op_scale_channels(p: I, x: I, xh: I, xw: I, xc: I, xs: I, gate: I, y: I, ys: I): I;
  eng_op_copy(p: I, x: I, xh: I, xw: I, xc: I, xs: I, y: I, ys: I): I;
  eng_run(p: I, threads: I): I;
  eng_worker_loop(tid: I): void;
  eng_thread_init(stackBase: I, bytes: I): void;
  eng_workers_ready(): I;
  eng_shutdown(): void;
  eng_bench_gemm(m: I, k: I, n: I, reps: I): number;
  eng_build_relaxed(): I;
}

/** The exports a module must have to be used (checked once, at instantiation). */
export const REQUIRED_EXPORTS: readonly (keyof EngineExports)[] = [
  'eng_malloc',
  'eng_free',
  'eng_pack_gemm',
  'eng_pack_dw',
  'eng_prog_new',
  'eng_prog_free',
  'eng_op_conv',
  'eng_op_dwconv',
  'eng_op_affine',
  'eng_op_act',
  'eng_op_maxpool',
  'eng_op_avgpool',
  'eng_op_gap',
  'eng_op_add',
  'eng_op_scale_channels',
  'eng_op_copy',
  'eng_run',
];

/** What an op returns when its arguments are wrong (engine.h). */
export const OP_ERRORS: Readonly<Record<number, string>> = {
  [-1]: 'bad shape',
  [-2]: 'out of memory',
  [-3]: 'unsupported',
};

/** Memory limits the binaries are linked with (scripts/wasm/build.sh: 4 MiB initial, 2 GiB max). */
export const ENGINE_INITIAL_PAGES = 64;
export const ENGINE_MAX_PAGES = 32768;
