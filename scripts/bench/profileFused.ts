/**
 * Where the fused inference path spends its time, per kernel kind, on the WASM backend in Node
 * (one thread: tfjs never threads in Node). For each kernel kind: time, share of the kernel time,
 * the FLOP it does (convolutions and matmuls, from their shapes) and the GFLOP/s it sustains;
 * this is how the peer benchmark's worst rows are explained (memory-bound depthwise convs,
 * unfused activations, ...). Timings on a shared machine are noisy; shares are steadier.
 *
 *   node --import tsx scripts/bench/profileFused.ts efficientnet_b0 [more archs]
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { pathToFileURL } from 'node:url';
import { buildModel } from '../../src/zoo/build.ts';
import { compileFused } from '../../src/zoo/fused.ts';
import { getArch } from '../../src/zoo/registry.ts';

const ROUNDS = 3;

/** One kernel call as tf.profile reports it. */
interface KernelCall {
  name: string;
  inputShapes: (number[] | undefined)[];
  outputShapes: (number[] | undefined)[];
}

/**
 * @param k a kernel call
 * @returns its kind: the kernel name, with convolutions split by filter size, depthwise-ness and
 *   whether they run on 1x1 maps
 */
export function kernelKind(k: KernelCall): string {
  const f = k.inputShapes[1];
  if (!/Conv2D|DepthwiseConv2d/i.test(k.name) || !f) return k.name;
  const out = k.outputShapes[0] ?? [];
  // A conv on a 1x1 map (squeeze-excitation) is a matrix-vector product: memory-bound.
  const onePixel = out[1] === 1 && out[2] === 1 ? ' on 1x1 maps' : '';
  return `${/Depthwise/i.test(k.name) ? 'depthwise' : 'conv'} ${f[0]}x${f[1]}${onePixel}`;
}

/**
 * @param k a kernel call
 * @returns its multiply-adds: output elements × the reduction per element (0 for other kernels)
 */
export function kernelMacs(k: KernelCall): number {
  const out = k.outputShapes[0] ?? [];
  const size = out.reduce((a, b) => a * b, 1);
  const f = k.inputShapes[1] ?? [];
  if (/DepthwiseConv2d/i.test(k.name)) return size * (f[0] ?? 0) * (f[1] ?? 0);
  if (/Conv2D/.test(k.name)) return size * (f[0] ?? 0) * (f[1] ?? 0) * (f[2] ?? 0);
  if (/MatMul/i.test(k.name)) return size * (k.inputShapes[0]?.at(-1) ?? 0);
  return 0;
}

/** Per kernel kind: ms per forward pass, calls, multiply-adds. */
export type Breakdown = Map<string, { ms: number; calls: number; macs: number }>;

async function profileArch(arch: string): Promise<Breakdown> {
  const inputSize = getArch(arch).meta.inputSize;
  const opts = { numClasses: 1000, inputSize };
  const model = buildModel(arch, { ...opts, seed: 1 });
  const fused = compileFused(model, arch, opts);
  const x = tf.randomNormal<tf.Rank.R4>([1, inputSize, inputSize, 3], 0, 1, 'float32', 7);
  const pass = async (): Promise<void> => {
    const y = fused.predict(x);
    await y.data();
    y.dispose();
  };
  const out: Breakdown = new Map();
  try {
    for (let i = 0; i < 2; i++) await pass();
    for (let r = 0; r < ROUNDS; r++) {
      const info = await tf.profile(pass);
      for (const k of info.kernels) {
        // tf.profile also lists the op-level wrappers ("fusedConv2d__op") around kernels.
        if (k.name.endsWith('__op')) continue;
        const e = out.get(kernelKind(k)) ?? { ms: 0, calls: 0, macs: 0 };
        e.ms += ((await k.kernelTimeMs) as number) / ROUNDS;
        e.calls += 1 / ROUNDS;
        e.macs += kernelMacs(k) / ROUNDS;
        out.set(kernelKind(k), e);
      }
    }
  } finally {
    tf.dispose(x);
    fused.dispose();
    model.dispose();
  }
  return out;
}

function printBreakdown(arch: string, b: Breakdown): void {
  const total = [...b.values()].reduce((s, e) => s + e.ms, 0);
  console.log(`\n== ${arch}: ${total.toFixed(1)} ms of kernels per pass (WASM, 1 thread) ==`);
  console.table(
    [...b]
      .sort((p, q) => q[1].ms - p[1].ms)
      .map(([kind, e]) => ({
        kernel: kind,
        ms: e.ms.toFixed(1),
        share: `${((100 * e.ms) / total).toFixed(1)}%`,
        calls: Math.round(e.calls),
        GMAC: (e.macs / 1e9).toFixed(3),
        'GFLOP/s': e.macs ? ((2 * e.macs) / (e.ms / 1000) / 1e9).toFixed(1) : '-',
      })),
  );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const archs = process.argv.slice(2);
  (async () => {
    if (!(await tf.setBackend('wasm'))) throw new Error('WASM backend unavailable');
    for (const arch of archs.length ? archs : ['resnet50'])
      printBreakdown(arch, await profileArch(arch));
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
