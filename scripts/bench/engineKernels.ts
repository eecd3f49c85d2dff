/**
 * GFLOP/s of the engine's convolution kernels (engine/src/gemm.c) in Node, one thread, both
 * builds interleaved round by round, the best round counts, timed in process CPU time.
 *
 *   node --experimental-wasm-relaxed-simd --import tsx scripts/bench/engineKernels.ts [rounds]
 *   (ENGINE_DIST=dir to time other builds than engine/dist)
 *
 * Rows: eng_bench_gemm on the three GEMM shapes (m x k x n), then eng_op_conv through a
 * program (indirection, tiles, epilogue included) on ResNet-50 layers.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

type Isa = 'relaxed' | 'simd';
type Fn = (...args: number[]) => number;

interface Layer {
  readonly name: string;
  readonly hw: number;
  readonly cin: number;
  readonly cout: number;
  readonly k: number;
  readonly s: number;
  /** enum eng_act (relu unless said). */
  readonly act?: number;
  /** A rectangular kernel [kh, kw] instead of k x k. */
  readonly rect?: readonly [number, number];
}

export const GEMM_SHAPES: readonly (readonly [number, number, number])[] = [
  [3136, 576, 64],
  [196, 2304, 256],
  [3136, 64, 256],
];

const LAYERS: readonly Layer[] = [
  { name: 'resnet50 3x3 64->64 56x56', hw: 56, cin: 64, cout: 64, k: 3, s: 1 },
  { name: 'resnet50 1x1 64->256 56x56', hw: 56, cin: 64, cout: 256, k: 1, s: 1 },
  { name: 'resnet50 3x3 256->256 14x14', hw: 14, cin: 256, cout: 256, k: 3, s: 1 },
  { name: 'resnet50 1x1 1024->256 14x14', hw: 14, cin: 1024, cout: 256, k: 1, s: 1 },
  { name: 'resnet50 3x3 512->512 7x7', hw: 7, cin: 512, cout: 512, k: 3, s: 1 },
  { name: 'resnet50 stem 7x7/2 3->64', hw: 224, cin: 3, cout: 64, k: 7, s: 2 },
  { name: 'densenet121 1x1 256->128 56x56', hw: 56, cin: 256, cout: 128, k: 1, s: 1 },
  { name: 'densenet121 3x3 128->32 56x56', hw: 56, cin: 128, cout: 32, k: 3, s: 1 },
  { name: 'densenet121 1x1 992->128 7x7', hw: 7, cin: 992, cout: 128, k: 1, s: 1 },
  { name: 'densenet121 3x3 128->32 7x7', hw: 7, cin: 128, cout: 32, k: 3, s: 1 },
  { name: 'dense 2048->1000 (M = 1)', hw: 1, cin: 2048, cout: 1000, k: 1, s: 1 },
  { name: 'effnet-b0 1x1 16->96 112x112 swish', hw: 112, cin: 16, cout: 96, k: 1, s: 1, act: 4 },
  { name: 'effnet-b0 1x1 16->96 112x112 none', hw: 112, cin: 16, cout: 96, k: 1, s: 1, act: 0 },
  { name: 'inception 1x7 128->128 17x17', hw: 17, cin: 128, cout: 128, k: 7, s: 1, rect: [1, 7] },
];

async function load(isa: Isa): Promise<(name: string, ...args: number[]) => number> {
  const dist =
    process.env.ENGINE_DIST ?? fileURLToPath(new URL('../../engine/dist', import.meta.url));
  const path = `${dist}/engine-${isa}-st.wasm`;
  const memory = new WebAssembly.Memory({ initial: 64, maximum: 32768 });
  const { instance } = await WebAssembly.instantiate(readFileSync(path), { env: { memory } });
  return (name, ...args) => (instance.exports[name] as Fn)(...args);
}

/**
 * Times `reps` calls of `body` in this process's CPU time (process.cpuUsage), not wall time:
 * on a shared machine the wall clock also counts the time other processes held the core.
 * @returns GFLOP/s
 */
function gflops(flopsPerRep: number, reps: number, body: () => void): number {
  const t0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) body();
  const t = process.cpuUsage(t0);
  return (flopsPerRep * reps) / ((t.user + t.system) / 1e6) / 1e9;
}

/** One conv layer as a one-op program over zero-filled buffers; returns a runner and its flops. */
function convProgram(
  call: (name: string, ...args: number[]) => number,
  l: Layer,
): [() => void, number] {
  const [kh, kw] = l.rect ?? [l.k, l.k];
  const [ph, pw] = [(kh - 1) >> 1, (kw - 1) >> 1];
  const oh = Math.floor((l.hw + 2 * ph - kh) / l.s) + 1;
  const ow = Math.floor((l.hw + 2 * pw - kw) / l.s) + 1;
  const K = kh * kw * l.cin;
  const x = call('eng_malloc', l.hw * l.hw * l.cin * 4);
  const y = call('eng_malloc', oh * ow * l.cout * 4);
  const w = call('eng_malloc', K * l.cout * 4);
  const packed = call('eng_pack_gemm', w, 0, K, l.cout);
  const prog = call('eng_prog_new');
  const view = [x, l.hw, l.hw, l.cin, l.cin, y, oh, ow, l.cout, l.cout];
  const geometry = [kh, kw, l.s, l.s, ph, pw, 1, 1];
  const rc = call('eng_op_conv', prog, ...view, ...geometry, packed, l.act ?? 1);
  if (rc !== 0) throw new Error(`eng_op_conv ${l.name}: ${rc}`);
  return [() => void call('eng_run', prog, 1), 2 * oh * ow * K * l.cout];
}

export async function benchKernels(rounds: number): Promise<Map<string, Record<Isa, number>>> {
  const isas: Isa[] = ['relaxed', 'simd'];
  const calls = { relaxed: await load('relaxed'), simd: await load('simd') };
  const best = new Map<string, Record<Isa, number>>();
  const note = (row: string, isa: Isa, g: number): void => {
    const cur = best.get(row) ?? { relaxed: 0, simd: 0 };
    cur[isa] = Math.max(cur[isa], g);
    best.set(row, cur);
  };
  const convs = new Map(isas.map((isa) => [isa, LAYERS.map((l) => convProgram(calls[isa], l))]));
  for (let r = 0; r < rounds; r++)
    for (const isa of isas) {
      const call = calls[isa];
      for (const [m, k, n] of GEMM_SHAPES) {
        const reps = Math.max(1, Math.round(3e9 / (2 * m * k * n)));
        note(
          `gemm ${m}x${k}x${n}`,
          isa,
          gflops(2 * m * k * n * reps, 1, () => void call('eng_bench_gemm', m, k, n, reps)),
        );
      }
      LAYERS.forEach((l, i) => {
        const [run, flops] = convs.get(isa)?.[i] ?? [() => {}, 0];
        run(); // tier-up and first touch
        note(`conv ${l.name}`, isa, gflops(flops, Math.max(2, Math.round(1e9 / flops)), run));
      });
    }
  return best;
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const rounds = Number(process.argv[2] ?? 7);
  const best = await benchKernels(rounds);
  console.log(
    `best of ${rounds} interleaved rounds, 1 thread, GFLOP/s per CPU second (relaxed / simd)`,
  );
  for (const [row, g] of best)
    console.log(
      `${row.padEnd(40)} ${g.relaxed.toFixed(1).padStart(6)} ${g.simd.toFixed(1).padStart(6)}`,
    );
}
