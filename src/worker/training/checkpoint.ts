/**
 * Per-epoch checkpoints as plain typed arrays, and recognising a lost WebGPU device. A snapshot
 * lives in worker memory (not on a GPU), so it survives the backend that produced it: after a
 * device loss the model is rebuilt on the next backend and the snapshot written into it.
 */
import * as tf from '@tensorflow/tfjs';
import type { EpochRecord } from '../protocol.ts';
import type { OptimizerSnapshot } from './optimizerState.ts';

/** One weight's values, copied off the backend. */
export interface WeightSnapshot {
  /** The variable's `originalName` (layer/weight), stable across rebuilds of the same model. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly data: Float32Array;
}

/** The state to continue a run from. */
export interface Checkpoint {
  /** Last finished epoch (0: the initial weights, before any step). */
  readonly epoch: number;
  readonly weights: readonly WeightSnapshot[];
  readonly history: readonly EpochRecord[];
  /** Adam's state after `epoch` (only when the run persists checkpoints: see `onCheckpoint`). */
  readonly optimizer?: OptimizerSnapshot;
}

/**
 * Copies every weight (trainable and BatchNorm statistics) off the backend.
 * @param model a built model
 * @returns its weights as typed arrays, in `model.weights` order
 */
export async function snapshot(model: tf.LayersModel): Promise<WeightSnapshot[]> {
  const out: WeightSnapshot[] = [];
  for (const w of model.weights) {
    const data = (await w.read().data()) as Float32Array;
    out.push({ name: w.originalName, shape: [...w.shape] as number[], data: data.slice() });
  }
  return out;
}

/**
 * Writes a snapshot into a model of the same architecture (weights matched by position, since a
 * rebuild may number auto-named layers differently; shapes are checked).
 * @param model the (rebuilt) model
 * @param snap from `snapshot`
 * @throws Error naming the first weight whose shape differs, or a count mismatch (nothing written)
 */
export function restore(model: tf.LayersModel, snap: readonly WeightSnapshot[]): void {
  const weights = model.weights;
  if (weights.length !== snap.length)
    throw new Error(`checkpoint: ${snap.length} weights saved, the model has ${weights.length}`);
  snap.forEach((s, i) => {
    const got = weights[i]?.shape.join(', ');
    if (got !== s.shape.join(', '))
      throw new Error(
        `checkpoint: ${s.name} has shape [${s.shape.join(', ')}], the model [${got}]`,
      );
  });
  snap.forEach((s, i) => {
    const t = tf.tensor(s.data, [...s.shape]);
    weights[i]?.write(t);
    t.dispose();
  });
}

interface GpuDeviceLike {
  readonly lost?: Promise<{ readonly reason?: string; readonly message?: string }>;
  destroy?(): void;
}

let lostMessage: string | null = null;
let watched: GpuDeviceLike | null = null;

/** @returns the active WebGPU backend's device, or null on any other backend */
export function webgpuDevice(): GpuDeviceLike | null {
  if (tf.getBackend() !== 'webgpu') return null;
  const device = (tf.backend() as { device?: GpuDeviceLike }).device;
  return device ?? null;
}

/**
 * Listens for the active WebGPU device's loss (its `lost` promise resolves), once per device.
 * Called when a training run starts; a no-op on other backends.
 */
export function watchDeviceLoss(): void {
  const device = webgpuDevice();
  if (device === null || device === watched || device.lost === undefined) return;
  watched = device;
  lostMessage = null;
  void device.lost.then((info) => {
    if (watched === device)
      lostMessage = `WebGPU device lost (${info.reason ?? 'unknown'}): ${info.message ?? ''}`;
  });
}

/** How long to wait for `device.lost` after an error: the failed read may reject first. */
const LOST_GRACE_MS = 500;

/**
 * Whether an error from a step or an evaluation means the WebGPU device is gone: the device's
 * `lost` promise has resolved (waiting briefly, since a failed buffer read can reject before it
 * does), or the message says so. Other errors are not guessed at.
 * @param error what was thrown
 * @returns a description of the loss, or null when this is some other error
 */
export async function deviceLossOf(error: unknown): Promise<string | null> {
  const text = error instanceof Error ? error.message : String(error);
  if (/device (was |is |has been )?lost|lost device|GPUDevice.*(lost|destroyed)/i.test(text))
    return text;
  const lost = watched?.lost;
  if (lostMessage === null && lost !== undefined)
    await Promise.race([lost, new Promise((r) => setTimeout(r, LOST_GRACE_MS))]);
  return lostMessage;
}

/** Forgets a recorded loss (after falling back to another device). */
export function clearDeviceLoss(): void {
  lostMessage = null;
  watched = null;
}

/**
 * Destroys the active WebGPU device: a real device loss, for tests and benchmarks of the fallback.
 * @returns false when the active backend is not WebGPU
 */
export function loseDevice(): boolean {
  const device = webgpuDevice();
  if (device?.destroy === undefined) return false;
  device.destroy();
  return true;
}
