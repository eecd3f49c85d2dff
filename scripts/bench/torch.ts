/**
 * The PyTorch CPU eager baseline (scripts/bench/torch_latency.py), when Debian's python3-torch
 * and python3-torchvision are installed; otherwise the report says it was skipped and why.
 */
import { spawnSync } from 'node:child_process';

export interface TorchBaseline {
  torch: string;
  threads: number;
  results: Record<string, { medianMs?: number; skipped?: string }>;
}

const PYTHON = process.env.BENCH_PYTHON ?? '/usr/bin/python3';

/**
 * @param threads torch.set_num_threads (0 = PyTorch's default, one per core)
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
    { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  if (child.status !== 0) return { skipped: `torch_latency.py exited with ${child.status}` };
  return JSON.parse(child.stdout) as TorchBaseline;
}

/**
 * @param values positive numbers
 * @returns their geometric mean
 */
export function geometricMean(values: readonly number[]): number {
  return Math.exp(values.reduce((s, v) => s + Math.log(v), 0) / values.length);
}
