/**
 * The training loop with a way out of a lost WebGPU device: each epoch ends with a checkpoint;
 * when a step or an evaluation fails because the device is gone, the broken model is dropped,
 * the next training backend chosen, the model rebuilt there, the checkpoint written into it and
 * the loop continued from the following epoch with a fresh Adam (its moments lived on the lost
 * device). Any other error ends the run as before.
 */
import type * as tf from '@tensorflow/tfjs';
import { chooseBackend } from '../backend/backend.ts';
import { clearDeviceLoss, deviceLossOf, restore, snapshot, type Checkpoint } from './checkpoint.ts';
import { installFastCpuKernels } from '../backend/cpuKernels.ts';
import { saveOptimizer } from './optimizerState.ts';
import { trainLoop, type LoopInput } from './trainLoop.ts';
import type { BackendChange, BackendName, EpochRecord } from '../protocol.ts';

/** A run survives at most this many device losses (then the error ends it). */
export const MAX_FALLBACKS = 2;

/** Loop input without the model and the resume fields, plus what a rebuild needs. */
export type FallbackInput = Omit<LoopInput, 'model' | 'startEpoch' | 'history' | 'onEpochEnd'> & {
  /** The backend the run starts on. */
  readonly backend: BackendName;
  /** Builds a fresh model of the run's architecture on the active backend. */
  readonly rebuild: () => tf.LayersModel;
  /**
   * Receives every epoch's checkpoint, with Adam's state, before the 'epoch' event (the headless
   * runner writes it to disk so a preempted task resumes). Without it no optimizer state is copied.
   */
  readonly onCheckpoint?: (checkpoint: Checkpoint) => Promise<void>;
};

/** What the run ends with. */
export interface FallbackOutput {
  /** The trained model (the one passed in, or its rebuild after a device loss). */
  readonly model: tf.LayersModel;
  readonly history: EpochRecord[];
  readonly stopped: boolean;
  /** The backend the run finished on. */
  readonly backend: BackendName;
  readonly changes: BackendChange[];
}

/**
 * @param from the lost backend
 * @returns the next one in the training order (WebGPU → WebGL → CPU; CPU stays CPU)
 */
export function nextTrainBackend(from: BackendName): BackendName {
  return from === 'webgpu' ? 'webgl' : 'cpu';
}

function safeDispose(model: tf.LayersModel): void {
  try {
    model.dispose();
  } catch {
    // A model on a destroyed device may fail to free its buffers; they went with the device.
  }
}

/**
 * Runs the loop, falling back to the next backend on a device loss.
 * @param first the model to train (owned from now on: returned or disposed)
 * @param initial the checkpoint to restart from before the first epoch ends (initial weights)
 * @param input the loop's input, the starting backend and a rebuild function
 * @returns the model, the full history and every backend change
 * @throws the loop's error when it is not a device loss (the model is disposed)
 */
export async function loopWithFallback(
  first: tf.LayersModel,
  initial: Checkpoint,
  input: FallbackInput,
): Promise<FallbackOutput> {
  let model = first;
  let ckpt = initial;
  let backend = input.backend;
  const changes: BackendChange[] = [];
  const { faultAtStep, rebuild, onCheckpoint, ...rest } = input;
  for (;;) {
    const fault = changes.length === 0 && faultAtStep !== undefined ? { faultAtStep } : {};
    // A saved Adam state continues the first attempt only: after a device loss Adam restarts.
    const resumeAdam =
      changes.length === 0 && initial.optimizer ? { optimizerState: initial.optimizer } : {};
    const current = model;
    try {
      const out = await trainLoop({
        ...rest,
        ...fault,
        ...resumeAdam,
        model: current,
        startEpoch: ckpt.epoch + 1,
        history: ckpt.history,
        onEpochEnd: async (epoch, history, optimizer) => {
          ckpt = { epoch, weights: await snapshot(current), history: [...history] };
          if (onCheckpoint)
            await onCheckpoint({ ...ckpt, optimizer: await saveOptimizer(optimizer) });
        },
      });
      return { model, history: out.history, stopped: out.stopped, backend, changes };
    } catch (error) {
      const loss = await deviceLossOf(error);
      safeDispose(model);
      if (loss === null || changes.length >= MAX_FALLBACKS) throw error;
      const change = await fallBack(backend, loss, ckpt.epoch + 1);
      model = rebuild();
      restore(model, ckpt.weights);
      changes.push(change);
      input.emit(change);
      backend = change.to;
    }
  }
}

async function fallBack(
  from: BackendName,
  loss: string,
  resumeEpoch: number,
): Promise<BackendChange> {
  clearDeviceLoss();
  const exclude: BackendName[] = from === 'webgpu' ? ['webgpu'] : [];
  const info = await chooseBackend('train', nextTrainBackend(from), exclude);
  if (info.name === 'cpu') installFastCpuKernels();
  const start =
    resumeEpoch === 1 ? 'its initial weights' : `the checkpoint after epoch ${resumeEpoch - 1}`;
  return {
    type: 'backend-lost',
    from,
    to: info.name,
    resumeEpoch,
    message: `${loss}. Continuing on ${info.name} from ${start}; Adam restarted (its moment estimates were lost with the device).`,
    backendInfo: info,
  };
}
