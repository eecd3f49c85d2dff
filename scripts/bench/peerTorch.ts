/**
 * PyTorch CPU for the peer benchmark: one process per architecture and thread count, with the
 * thread count pinned everywhere it can hide (torch.set_num_threads, OMP_NUM_THREADS for its
 * OpenMP pool, OPENBLAS_NUM_THREADS / MKL_NUM_THREADS for the BLAS, which otherwise starts one
 * thread per core), and the BLAS the process really loaded recorded with it.
 */
import { spawnSync } from 'node:child_process';
import type { BlasKind } from './peerReport.ts';
import { pinnedThreads } from './torch.ts';

const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

/** What torch_latency.py reports about its BLAS. */
export interface TorchBlas {
  kind: BlasKind;
  libraries: string[];
  openblasThreads: number | null;
  buildBlasInfo: string | null;
  mkldnn: boolean;
}

/** One architecture at one thread count. */
export interface TorchRun {
  torch: string;
  /** torch.get_num_threads() after pinning. */
  threads: number;
  blas: TorchBlas;
  medianMs: number | null;
  runsMs: number[];
  skipped: string | null;
}

/**
 * @param arch architecture id
 * @param threads the thread count to pin
 * @param runs timed runs
 * @param warmup untimed runs first
 * @returns the run, or a reason it could not run
 */
export function torchPeerRun(
  arch: string,
  threads: number,
  runs: number,
  warmup: number,
): TorchRun | { error: string } {
  const n = String(threads);
  const child = spawnSync(
    PYTHON,
    [
      'scripts/bench/torch_latency.py',
      ...['--threads', n, '--runs', String(runs), '--warmup', String(warmup), '--arch', arch],
    ],
    {
      encoding: 'utf8',
      maxBuffer: 1 << 24,
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, ...pinnedThreads(threads) },
    },
  );
  if (child.status !== 0)
    return {
      error: `torch_latency.py failed (${child.status}): ${child.stderr.trim().split('\n').pop() ?? ''}`,
    };
  const out = JSON.parse(child.stdout) as {
    torch: string;
    threads: number;
    blas: TorchBlas;
    results: Record<string, { medianMs?: number; runsMs?: number[]; skipped?: string }>;
  };
  const r = out.results[arch] ?? {};
  return {
    torch: out.torch,
    threads: out.threads,
    blas: out.blas,
    medianMs: r.medianMs ?? null,
    runsMs: r.runsMs ?? [],
    skipped: r.skipped ?? null,
  };
}

/** Per architecture, its exported file and input size, or why there is none. */
export type OnnxExports = Record<string, { file: string; inputSize: number } | { skipped: string }>;

/**
 * Runs the ONNX export (cached in the folder; only missing files are written).
 * @param outDir the ignored folder for the .onnx files
 * @returns the exports, or why the script failed
 */
export function exportOnnx(outDir: string): { exports: OnnxExports } | { error: string } {
  const child = spawnSync(PYTHON, ['scripts/bench/export_onnx.py', '--out', outDir], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (child.status !== 0) return { error: `export_onnx.py failed (${child.status})` };
  return { exports: JSON.parse(child.stdout) as OnnxExports };
}
