/**
 * The PyTorch CPU eager baseline (scripts/bench/torch_latency.py), when Debian's python3-torch
 * and python3-torchvision are installed; otherwise the report says it was skipped and why.
 */
import { spawnSync } from 'node:child_process';
import { torchRatioAllowed, type BlasKind } from './peerReport.ts';

export interface TorchBaseline {
  torch: string;
  threads: number;
  /** The BLAS the process loaded (torch_latency.py reads it from /proc/self/maps). */
  blas?: { kind: BlasKind; libraries: string[]; openblasThreads: number | null };
  results: Record<string, { medianMs?: number; skipped?: string }>;
}

/**
 * @param torch a baseline run
 * @returns null when a ratio against it is fair (a tuned BLAS), else why it is not
 */
export function unfairTorchReason(torch: Pick<TorchBaseline, 'blas'>): string | null {
  const kind = torch.blas?.kind ?? 'unknown';
  if (torchRatioAllowed(kind)) return null;
  return `PyTorch loaded the ${kind} BLAS, not a tuned one: no ratio against it is printed (apt-get install libopenblas0-pthread)`;
}

const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

/**
 * @param threads torch.set_num_threads, also pinned for OpenMP and the BLAS (0 = their defaults)
 * @param runs timed runs per architecture
 * @returns the baseline, or a reason it could not run
 */
export function runTorchBaseline(threads: number, runs = 10): TorchBaseline | { skipped: string } {
  const probe = spawnSync(PYTHON, ['-c', 'import torch, torchvision'], { encoding: 'utf8' });
  if (probe.status !== 0) {
    return { skipped: `${PYTHON} has no torch/torchvision (apt-get install python3-torchvision)` };
  }
  const child = spawnSync(
    PYTHON,
    ['scripts/bench/torch_latency.py', '--threads', String(threads), '--runs', String(runs)],
    {
      encoding: 'utf8',
      maxBuffer: 16 * 1024 * 1024,
      stdio: ['ignore', 'pipe', 'inherit'],
      env: { ...process.env, ...pinnedThreads(threads) },
    },
  );
  if (child.status !== 0) return { skipped: `torch_latency.py exited with ${child.status}` };
  return JSON.parse(child.stdout) as TorchBaseline;
}

/**
 * OpenBLAS (and MKL) start one thread per core whatever torch.set_num_threads says; OpenMP too.
 * @param threads the count to pin (0: leave the defaults)
 * @returns the environment variables that pin it
 */
export function pinnedThreads(threads: number): Record<string, string> {
  if (threads <= 0) return {};
  const n = String(threads);
  return { OMP_NUM_THREADS: n, OPENBLAS_NUM_THREADS: n, MKL_NUM_THREADS: n };
}

/**
 * @param values positive numbers
 * @returns their geometric mean
 */
export function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}
