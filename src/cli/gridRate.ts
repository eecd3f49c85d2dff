/**
 * The measured rate `grid plan` estimates with: given as `--rate MS,GFLOPS` (the Train tab's
 * "Speed on this machine" line), or measured here with `--measure` by the app's own backend
 * probe on tfjs' CPU backend, which is what `chextransfer run --engine node` trains on.
 */
import type { MeasuredRate } from '../grid/estimate.ts';
import type { Io } from './command.ts';
import { UsageError } from './command.ts';

/** Time the Node probe may take. */
const MEASURE_BUDGET_MS = 8000;

/**
 * @param text `MS,GFLOPS`, e.g. `0.5,2.3` (GFLOPS may be `-` for overhead only)
 * @returns the rate
 * @throws UsageError when it is not two such numbers
 */
export function parseRate(text: string): MeasuredRate {
  const [ms, gflops, extra] = text.split(',').map((t) => t.trim());
  const msPerLayer = Number(ms);
  const g = gflops === '-' ? null : Number(gflops);
  if (extra !== undefined || !(msPerLayer >= 0) || (g !== null && !(g > 0)))
    throw new UsageError(
      `--rate must be MS,GFLOPS: milliseconds per layer and GFLOP/s, e.g. 0.5,2.3 (got ${text})`,
    );
  return {
    backend: 'the device given by --rate',
    msPerLayer,
    flopPerSecond: g === null ? null : g * 1e9,
  };
}

/**
 * @param rate `--rate`, if given
 * @param measure whether `--measure` was given
 * @param io for the measuring line (stderr)
 * @returns the rate to estimate with, or null for none
 */
export async function measuredRate(
  rate: string | undefined,
  measure: boolean,
  io: Io,
): Promise<MeasuredRate | null> {
  if (rate !== undefined && measure) throw new UsageError('give --rate or --measure, not both');
  if (rate !== undefined) return parseRate(rate);
  if (!measure) return null;
  io.err(
    `measuring this machine's training rate (tfjs cpu, up to ${MEASURE_BUDGET_MS / 1000} s)...\n`,
  );
  // loaded only when asked: the rest of `grid plan` needs no TensorFlow.js
  const tf = await import('@tensorflow/tfjs');
  const { probeBackend } = await import('../worker/backend/probe.ts');
  await tf.setBackend('cpu');
  const p = await probeBackend('cpu', MEASURE_BUDGET_MS);
  if (!p.ok || p.msPerLayer === null) throw new Error(`the measurement failed: ${p.note}`);
  return {
    backend: 'this machine (node, tfjs cpu)',
    msPerLayer: p.msPerLayer,
    flopPerSecond: p.flopPerSecond,
  };
}
