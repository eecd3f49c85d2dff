/**
 * Per-op profile of the engine on one thread, in Node: what limits a model.
 *   node --import tsx scripts/bench/engineProfile.ts resnet50 [densenet121 ...] [--build simd]
 *
 * The model is compiled by the engine's own compiler (src/engine/compile.ts) against a runtime
 * whose exports are wrapped: every op the compiler appends goes into a program of its own (same
 * arena, same packed weights), and the program `eng_run` is asked to run is replaced by those
 * one-op programs in order, each timed. The result is the model's forward pass, op by op, with
 * only a clock read between ops; the fastest of RUNS runs counts per op. Single-threaded build
 * (`-st`); relaxed SIMD needs V8's flag in Node 20 (nodeRelaxed.ts, imported first).
 */
import './nodeRelaxed.ts'; // first: before any WebAssembly compiles
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs';
import type { EngineExports } from '../../src/engine/abi.ts';
import { compileModel, type EngineRuntime } from '../../src/engine/compile.ts';
import { engineWasmFile } from '../../src/engine/nodeBinaries.ts';
import { engineSourceOf } from '../../src/worker/engine/tfSource.ts';
import { buildModel } from '../../src/zoo/build.ts';
import { getArch } from '../../src/zoo/registry.ts';
import { importedMemory } from './engineGemm.ts';
import { byClass, classifyOp, type OpCall } from './engineOps.ts';

const RUNS = Number(process.env.BENCH_PROFILE_RUNS ?? 5);

/** The runtime with its op appends split into one program each, and per-op timing on eng_run. */
function profilingRuntime(real: EngineExports, memory: WebAssembly.Memory) {
  const calls: OpCall[] = [];
  const progs: number[] = [];
  const ms: number[] = [];
  const wrapped: Record<string, unknown> = { ...real };
  for (const fn of Object.keys(real).filter((k) => k.startsWith('eng_op_'))) {
    const op = real[fn as keyof EngineExports] as (...a: number[]) => number;
    wrapped[fn] = (_prog: number, ...args: number[]) => {
      const own = real.eng_prog_new();
      calls.push({ fn, args });
      progs.push(own);
      return op(own, ...args);
    };
  }
  wrapped.eng_run = (_prog: number, threads: number): number => {
    for (let i = 0; i < progs.length; i++) {
      const t0 = performance.now();
      const rc = real.eng_run(progs[i] ?? 0, threads);
      const dt = performance.now() - t0;
      if (rc < 0) return rc;
      ms[i] = Math.min(ms[i] ?? Infinity, dt);
    }
    return 0;
  };
  const rt: EngineRuntime = { exports: wrapped as unknown as EngineExports, memory, threads: 1 };
  return { rt, calls, ms };
}

async function profile(arch: string, build: 'relaxed-simd' | 'simd'): Promise<void> {
  const bytes = readFileSync(engineWasmFile(build, false));
  const memory = new WebAssembly.Memory(importedMemory(bytes));
  const module = await WebAssembly.compile(bytes);
  const instance = await WebAssembly.instantiate(module, { env: { memory } });
  const p = profilingRuntime(instance.exports as unknown as EngineExports, memory);
  const inputSize = getArch(arch).meta.inputSize;
  const opts = { numClasses: 1000, inputSize };
  const model = buildModel(arch, opts);
  const compiled = compileModel(p.rt, engineSourceOf(model, arch, opts));
  model.dispose();
  const x = new Float32Array(inputSize * inputSize * 3).map((_, i) => Math.sin(i));
  const whole: number[] = [];
  compiled.predict(x, 1); // warm-up: tier-up to optimised code
  for (let r = 0; r < RUNS; r++) {
    const t0 = performance.now();
    compiled.predict(x, 1);
    whole.push(performance.now() - t0);
  }
  compiled.dispose();
  printProfile(arch, build, p.calls, p.ms, Math.min(...whole));
}

function printProfile(arch: string, build: string, calls: OpCall[], ms: number[], best: number) {
  const ops = calls.map(classifyOp);
  const sum = ms.reduce((s, v) => s + v, 0);
  const macs = ops.reduce((s, o) => s + o.macs, 0);
  console.log(
    `\n${arch} (${build}, 1 thread): ${ops.length} ops, fastest run ${best.toFixed(1)} ms, ` +
      `sum of fastest ops ${sum.toFixed(1)} ms, ${((2 * macs) / sum / 1e6).toFixed(1)} GFLOP/s overall`,
  );
  const f = (v: number | null, d = 1): string => (v === null ? '-' : v.toFixed(d));
  console.table(
    byClass(ops, ms).map((r) => ({
      kind: r.kind,
      ops: r.ops,
      ms: f(r.ms),
      share: `${(100 * r.share).toFixed(0)}%`,
      'GFLOP/s': f(r.gflops),
      'GB/s': f(r.gbps),
    })),
  );
  const slowest = ops
    .map((o, i) => ({ ...o, ms: ms[i] ?? 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 8);
  console.log(
    'slowest ops: ' +
      slowest
        .map(
          (o) =>
            `${o.kind} ${o.shape} ${f(o.ms, 2)} ms${o.macs ? ` (${f((2 * o.macs) / o.ms / 1e6)} GFLOP/s)` : ''}`,
        )
        .join('; '),
  );
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const b = args.indexOf('--build');
  const build = b >= 0 && args[b + 1] === 'simd' ? 'simd' : 'relaxed-simd';
  const archs = args.filter((a, i) => !a.startsWith('--') && (b < 0 || i !== b + 1));
  await tf.setBackend('cpu');
  for (const arch of archs.length ? archs : ['resnet50']) await profile(arch, build);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
