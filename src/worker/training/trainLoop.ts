/**
 * The training loop: Adam on the masked sigmoid BCE, one prefetched batch in flight, an
 * evaluation per epoch, throttled progress. Every step runs inside `tf.tidy`; the optimizer is
 * disposed at the end, so `tf.memory().numTensors` returns to the model's own count.
 */
import * as tf from '@tensorflow/tfjs';
import {
  iterateBatches,
  type BatchOptions,
  type DatasetSource,
  type SkipReport,
} from '../../data/batches.ts';
import { NUM_TASKS } from '../../data/labelTypes.ts';
import { shuffled } from '../../data/split.ts';
import { evaluate, type Evaluation } from './evaluate.ts';
import type { TrainControl } from './trainControl.ts';
import { restoreOptimizer, type OptimizerSnapshot } from './optimizerState.ts';
import { maskedBce } from './trainLoss.ts';
import type { EpochRecord, TrainConfig, TrainProgress } from '../protocol.ts';

/** At most one 'step' event per this many ms (about 4 a second): the loop never waits on the UI. */
export const PROGRESS_INTERVAL_MS = 250;

/** Everything the loop needs. */
export interface LoopInput {
  readonly model: tf.LayersModel;
  readonly train: DatasetSource;
  readonly validation: DatasetSource;
  readonly config: TrainConfig;
  /** Size, normalisation and batch size (augmentation comes from the config). */
  readonly batch: BatchOptions;
  readonly control: TrainControl;
  readonly emit: (event: TrainProgress) => void;
  readonly report: SkipReport;
  /** Minimum ms between 'step' events (default PROGRESS_INTERVAL_MS; 0 in tests: every step). */
  readonly progressIntervalMs?: number;
  /** First epoch to run (default 1); later than 1 when continuing from a checkpoint. */
  readonly startEpoch?: number;
  /** Records of the epochs before `startEpoch` (they start the returned history). */
  readonly history?: readonly EpochRecord[];
  /** Called after each epoch's evaluation, before its 'epoch' event (the run checkpoints here). */
  readonly onEpochEnd?: (
    epoch: number,
    history: readonly EpochRecord[],
    optimizer: tf.Optimizer,
  ) => Promise<void>;
  /** Adam's state to continue from (a run resumed from a saved checkpoint); default a fresh Adam. */
  readonly optimizerState?: OptimizerSnapshot;
  /** Test hook: throw a fake "WebGPU device was lost" error before this step (1-based, this call). */
  readonly faultAtStep?: number;
}

/** The error `faultAtStep` throws; its text is recognised by `deviceLossOf` (checkpoint.ts). */
export const FAKE_DEVICE_LOSS = 'injected fault: the WebGPU device was lost';

/** What the loop returns. */
export interface LoopOutput {
  readonly history: EpochRecord[];
  readonly stopped: boolean;
  readonly last: Evaluation | null;
}

/**
 * One optimisation step.
 * @param model the model (BatchNorm in training mode: batch statistics, moving averages updated)
 * @param optimizer Adam
 * @param batch the batch's arrays
 * @param size input side
 * @returns the batch loss (a scalar the caller disposes)
 */
export function trainStep(
  model: tf.LayersModel,
  optimizer: tf.Optimizer,
  batch: { x: Float32Array; y: Float32Array; mask: Float32Array; count: number },
  size: number,
): tf.Scalar {
  return tf.tidy(() => {
    const channels = batch.x.length / (batch.count * size * size); // 3, or 1 for grey-input models
    const x = tf.tensor4d(batch.x, [batch.count, size, size, channels]);
    const y = tf.tensor2d(batch.y, [batch.count, NUM_TASKS]);
    const m = tf.tensor2d(batch.mask, [batch.count, NUM_TASKS]);
    const cost = optimizer.minimize(() => {
      const logits = model.apply(x, { training: true }) as tf.Tensor;
      return maskedBce(logits, y, m);
    }, true);
    if (cost === null) throw new Error('optimizer returned no cost');
    return cost;
  });
}

interface EpochState {
  readonly epoch: number;
  readonly startedAt: number;
  readonly runStartedAt: number;
  stepsDone: number;
  images: number;
  lossSum: number;
  lastEmit: number;
}

function emitStep(
  input: LoopInput,
  s: EpochState,
  stepsPerEpoch: number,
  totalDone: number,
  firstEpoch: number,
): void {
  const now = performance.now();
  if (now - s.lastEmit < (input.progressIntervalMs ?? PROGRESS_INTERVAL_MS)) return;
  s.lastEmit = now;
  const totalSteps = stepsPerEpoch * (input.config.epochs - firstEpoch + 1);
  const perStep = (now - s.runStartedAt) / Math.max(1, totalDone);
  input.emit({
    type: 'step',
    epoch: s.epoch,
    step: s.stepsDone,
    stepsPerEpoch,
    loss: s.lossSum / Math.max(1, s.stepsDone),
    imagesPerSecond: (s.images * 1000) / Math.max(1, now - s.startedAt),
    etaMs: perStep * Math.max(0, totalSteps - totalDone),
  });
}

/**
 * Waits at the control's gate, serving any on-demand evaluation (even while paused) with an
 * 'evaluation' event; returns when the next batch may run (or the run is stopping).
 * @param input the loop input
 * @param s the current epoch's state (for the event's epoch and step)
 */
async function gateWithEvaluations(input: LoopInput, s: EpochState): Promise<void> {
  for (;;) {
    await input.control.gate();
    if (!input.control.takeEvaluationRequest()) return;
    const e = await evaluate(input.model, input.validation, input.batch);
    input.emit({
      type: 'evaluation',
      epoch: s.epoch,
      step: s.stepsDone,
      perTaskAuc: e.perTask,
      meanAuc: e.meanAuc,
      validationLoss: e.loss,
    });
  }
}

/**
 * Runs the epochs.
 * @param input model, sources, config, control, progress sink, skip report
 * @returns per-epoch history, whether it was stopped, the last evaluation
 */
export async function trainLoop(input: LoopInput): Promise<LoopOutput> {
  const { model, config, control } = input;
  const optimizer = tf.train.adam(config.learningRate);
  const history: EpochRecord[] = [...(input.history ?? [])];
  const stepsPerEpoch = Math.ceil(input.train.length / config.batchSize);
  const runStartedAt = performance.now();
  const first = input.startEpoch ?? 1;
  let last: Evaluation | null = null;
  let totalDone = 0;
  let stepsThisCall = 0;
  try {
    if (input.optimizerState !== undefined)
      await restoreOptimizer(optimizer, input.optimizerState, model.trainableWeights);
    for (let epoch = first; epoch <= config.epochs && !control.stopRequested; epoch++) {
      const s: EpochState = {
        epoch,
        startedAt: performance.now(),
        runStartedAt,
        stepsDone: 0,
        images: 0,
        lossSum: 0,
        lastEmit: 0,
      };
      const order = shuffled(
        Array.from({ length: input.train.length }, (_, i) => i),
        config.seed * 7919 + epoch,
      );
      const opts = {
        ...input.batch,
        augment: config.augment,
        seed: config.seed * 104_729 + epoch,
        report: input.report,
      };
      for await (const batch of iterateBatches(input.train, order, opts)) {
        await gateWithEvaluations(input, s);
        if (control.stopRequested) break;
        if (++stepsThisCall === input.faultAtStep) throw new Error(FAKE_DEVICE_LOSS);
        const cost = trainStep(model, optimizer, batch, input.batch.size);
        const loss = (await cost.data())[0] ?? NaN;
        cost.dispose();
        s.lossSum += loss;
        s.stepsDone++;
        s.images += batch.count;
        emitStep(input, s, stepsPerEpoch, ++totalDone, first);
      }
      const trainMs = performance.now() - s.startedAt;
      if (s.stepsDone === 0) break;
      last = await evaluate(model, input.validation, input.batch);
      const record: EpochRecord = {
        epoch,
        trainLoss: s.lossSum / s.stepsDone,
        validationLoss: last.loss,
        perTaskAuc: last.perTask,
        meanAuc: last.meanAuc,
        imagesPerSecond: (s.images * 1000) / Math.max(1, trainMs),
        durationMs: performance.now() - s.startedAt,
      };
      history.push(record);
      // checkpoint first: an 'epoch' event then always has a checkpoint to continue from
      await input.onEpochEnd?.(epoch, history, optimizer);
      input.emit({ type: 'epoch', record });
    }
  } finally {
    optimizer.dispose();
  }
  return { history, stopped: control.stopRequested, last };
}
