/**
 * Node benchmark of the fused inference path (src/zoo/fused.ts) on the WASM backend: batch-1
 * latency of `tf.LayersModel.predict` vs `FusedModel.predict` at the native input size, next to
 * PyTorch CPU eager on one thread (scripts/bench/torch_latency.py), all in the same run. The
 * machine is shared and loaded, so runs are interleaved (layers, fused, layers, ...) and the
 * table reports ratios; absolute times are only indicative.
 *
 *   node --import tsx scripts/bench/fused.ts [arch ...]
 *   BENCH_WASM_SIMD=0 node --import tsx scripts/bench/fused.ts resnet18   # non-SIMD build
 *
 * Also reports max |fused - layers| / max |layers| on WASM, the backend the fused path is for
 * (the unit tests check the CPU backend).
 */
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { spawnSync } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { buildModel } from '../../src/zoo/build.ts';
import { compileFused } from '../../src/zoo/fused.ts';
import { getArch } from '../../src/zoo/registry.ts';
import { medianOf } from '../../src/worker/inference/latency.ts';
import { geometricMean, pinnedThreads, unfairTorchReason, type TorchBaseline } from './torch.ts';

/** The architectures the speed discussion uses. */
export const FUSED_BENCH_ARCHS = [
  'resnet18',
  'resnet50',
  'densenet121',
  'mobilenetv2_100',
  'efficientnet_b0',
  'inception_v3',
] as const;

const WARMUP = 2;
const RUNS = 5;
const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

/** One architecture's row. */
export interface FusedBenchRow {
  arch: string;
  inputSize: number;
  layersMs: number;
  fusedMs: number;
  torchMs: number | null;
  /** layers / fused: the speed-up of the fused path. */
  speedup: number;
  /** fused / torch (1 thread): the target is <= 1.5 per arch, <= 1.0 geometric mean. */
  fusedVsTorch: number | null;
  /** max |fused - layers| / max |layers| on WASM. */
  relError: number;
  compileMs: number;
  steps: number;
}

async function timeOnce(run: () => tf.Tensor): Promise<number> {
  const started = performance.now();
  const y = run();
  await y.data();
  y.dispose();
  return performance.now() - started;
}

/** PyTorch eager, 1 thread, same warm-up and run count; null when torch is unavailable. */
function torchMs(arch: string): number | null {
  const child = spawnSync(
    PYTHON,
    [
      'scripts/bench/torch_latency.py',
      '--threads',
      '1',
      '--runs',
      `${RUNS}`,
      '--warmup',
      `${WARMUP}`,
      '--arch',
      arch,
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'ignore'],
      // OpenBLAS starts a thread per core unless told: one thread really means one.
      env: { ...process.env, ...pinnedThreads(1) },
    },
  );
  if (child.status !== 0) return null;
  const out = JSON.parse(child.stdout) as TorchBaseline;
  const unfair = unfairTorchReason(out);
  if (unfair !== null) {
    console.log(`${arch}: ${unfair}.`);
    return null;
  }
  return out.results[arch]?.medianMs ?? null;
}

async function benchArch(arch: string): Promise<FusedBenchRow> {
  const inputSize = getArch(arch).meta.inputSize;
  const model = buildModel(arch, { numClasses: 1000, inputSize, seed: 1 });
  const started = performance.now();
  const fused = compileFused(model, arch, { numClasses: 1000, inputSize });
  const compileMs = performance.now() - started;
  const x = tf.randomNormal<tf.Rank.R4>([1, inputSize, inputSize, 3], 0, 1, 'float32', 7);
  try {
    const relError = tf.tidy(() => {
      const want = model.predict(x) as tf.Tensor;
      const diff = tf.max(tf.abs(tf.sub(fused.predict(x), want))).dataSync()[0] ?? NaN;
      return diff / (tf.max(tf.abs(want)).dataSync()[0] ?? NaN);
    });
    const layers: number[] = [];
    const fast: number[] = [];
    for (let i = 0; i < WARMUP + RUNS; i++) {
      const l = await timeOnce(() => model.predict(x) as tf.Tensor);
      const f = await timeOnce(() => fused.predict(x));
      if (i < WARMUP) continue;
      layers.push(l);
      fast.push(f);
    }
    const torch = torchMs(arch);
    const layersMs = medianOf(layers);
    const fusedMs = medianOf(fast);
    return {
      arch,
      inputSize,
      layersMs,
      fusedMs,
      torchMs: torch,
      speedup: layersMs / fusedMs,
      fusedVsTorch: torch === null ? null : fusedMs / torch,
      relError,
      compileMs,
      steps: fused.stats.steps,
    };
  } finally {
    tf.dispose(x);
    fused.dispose();
    model.dispose();
  }
}

/**
 * Measures and prints the table (WASM backend, set here; `BENCH_WASM_SIMD=0` forces the
 * non-SIMD binary, which must be decided before the backend initialises).
 * @param archs architectures to measure (default: FUSED_BENCH_ARCHS)
 * @returns backend flags, one row per architecture and the geometric means of the ratios
 */
export async function benchFused(archs: readonly string[] = FUSED_BENCH_ARCHS): Promise<object> {
  if (process.env.BENCH_WASM_SIMD === '0') tf.env().set('WASM_HAS_SIMD_SUPPORT', false);
  if (!(await tf.setBackend('wasm'))) throw new Error('WASM backend unavailable');
  await tf.ready();
  const flags = {
    simd: tf.env().getBool('WASM_HAS_SIMD_SUPPORT'),
    threads: tf.env().getBool('WASM_HAS_MULTITHREAD_SUPPORT'),
  };
  const rows: FusedBenchRow[] = [];
  for (const arch of archs) rows.push(await benchArch(arch));
  const vsTorch = rows.flatMap((r) => (r.fusedVsTorch === null ? [] : [r.fusedVsTorch]));
  const layersVsTorch = rows.flatMap((r) => (r.torchMs === null ? [] : [r.layersMs / r.torchMs]));
  const summary = {
    geomeanSpeedup: geometricMean(rows.map((r) => r.speedup)),
    geomeanFusedVsTorch: vsTorch.length ? geometricMean(vsTorch) : null,
    geomeanLayersVsTorch: layersVsTorch.length ? geometricMean(layersVsTorch) : null,
  };
  printTable(flags, rows, summary);
  return { backend: 'wasm', ...flags, warmup: WARMUP, runs: RUNS, rows, summary };
}

function printTable(flags: object, rows: readonly FusedBenchRow[], summary: object): void {
  const f = (v: number | null, d = 1): string => (v === null ? '-' : v.toFixed(d));
  console.log(
    `\n== Fused inference, Node WASM ${JSON.stringify(flags)}, batch 1, median of ${RUNS} ==`,
  );
  console.table(
    rows.map((r) => ({
      arch: r.arch,
      px: r.inputSize,
      'layers ms': f(r.layersMs),
      'fused ms': f(r.fusedMs),
      'torch 1t ms': f(r.torchMs),
      'layers/fused': f(r.speedup, 2),
      'layers/torch': f(r.torchMs === null ? null : r.layersMs / r.torchMs, 2),
      'fused/torch': f(r.fusedVsTorch, 2),
      'rel err': r.relError.toExponential(1),
      ops: r.steps,
    })),
  );
  console.log(JSON.stringify(summary));
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  const archs = process.argv.slice(2);
  benchFused(archs.length ? archs : undefined).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
