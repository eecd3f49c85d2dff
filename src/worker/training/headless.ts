/**
 * One grid task, run headless with the app's own `runTraining` (not a copy): the node engine
 * calls it in Node, the chromium engine in the runner page. It resumes from checkpoint bytes,
 * hands each epoch's checkpoint back as bytes (the caller writes them where a requeued task finds
 * them) and turns progress into log lines. No DOM, no Node API.
 */
import { chestBackbone } from '../../zoo/weights/loadCheckpoint.ts';
import { decodeCheckpoint, encodeCheckpoint } from './checkpointCodec.ts';
import { runTraining, setInDomainWeightsLoader } from './training.ts';
import type {
  BackendInfo,
  BackendName,
  TrainProgress,
  TrainRequest,
  TrainResult,
} from '../protocol.ts';

/** What a headless task needs. */
export interface HeadlessTask {
  readonly request: TrainRequest;
  /** The run's id in its RunRecord (e.g. `tiny#3`). */
  readonly runId: string;
  /** Identifies the configuration; a checkpoint of another one is refused. */
  readonly runKey: string;
  /** The last checkpoint's bytes, or null to start afresh. */
  readonly resume: Uint8Array | null;
  /** ImageNet safetensors bytes for an 'imagenet' task. */
  readonly weights?: ArrayBuffer;
  /** The chest-X-ray checkpoint of an 'in-domain' task. */
  readonly inDomain?: HeadlessInDomain;
  /** The backend to train on (no fallback to another is chosen first). */
  readonly backend: BackendName;
  /** Receives each finished epoch's checkpoint; awaited before the run goes on. */
  readonly onCheckpoint: (bytes: Uint8Array, epoch: number) => Promise<void>;
  readonly log: (line: string) => void;
}

/** An in-domain task's checkpoint: its `.pt` bytes (none when resuming) and what it is. */
export interface HeadlessInDomain {
  /** The checkpoint file; null when the task resumes (its checkpoint holds the weights). */
  readonly bytes: ArrayBuffer | null;
  /** What the run records as `initialisedFrom`. */
  readonly label: string;
  readonly fileName?: string;
  /** The TorchXRayVision weight set the file must fit, if the spec names one. */
  readonly chestId?: string;
}

/** What it returns (plain data). */
export interface HeadlessOutput {
  readonly result: TrainResult;
  readonly trainImages: number;
  readonly validationImages: number;
  readonly backend: BackendInfo;
  /** Epochs restored from the checkpoint (0 when started afresh). */
  readonly resumedEpochs: number;
}

const auc = (v: number | null): string => (v === null ? 'n/a' : v.toFixed(4));

/** Seconds between 'step' log lines: enough to see progress, few enough to read. */
const STEP_LOG_S = 30;

function logger(log: (line: string) => void): (event: TrainProgress) => void {
  let lastStep = 0;
  return (e) => {
    if (e.type === 'start')
      log(
        `start: ${e.config.arch}, ${e.config.unitsRemoved} units removed, ${e.config.weights} init, seed ${e.config.seed}, ${e.params} parameters, ${e.trainImages} training / ${e.validationImages} validation images, backend ${e.backend}`,
      );
    else if (e.type === 'epoch')
      log(
        `epoch ${e.record.epoch}: train loss ${e.record.trainLoss.toFixed(4)}, validation loss ${e.record.validationLoss.toFixed(4)}, mean AUC ${auc(e.record.meanAuc)}, ${e.record.imagesPerSecond.toFixed(1)} images/s`,
      );
    else if (e.type === 'backend-lost') log(`backend lost: ${e.message}`);
    else if (e.type === 'step' && Date.now() - lastStep > STEP_LOG_S * 1000) {
      lastStep = Date.now();
      log(`epoch ${e.epoch} step ${e.step}/${e.stepsPerEpoch}, loss ${e.loss.toFixed(4)}`);
    }
  };
}

/**
 * Registers the task's checkpoint as the in-domain loader: read with the PyTorch reader, the
 * network detected from its tensors and refused unless it is the task's architecture with one
 * input channel (`chestBackbone`), `op_threshs` left out.
 * @param from the task's checkpoint
 */
function registerInDomain(from: HeadlessInDomain): void {
  const { bytes, label, fileName, chestId } = from;
  if (bytes === null) return;
  setInDomainWeightsLoader(async (arch) => {
    const opts = { arch, ...(fileName ? { fileName } : {}), ...(chestId ? { chestId } : {}) };
    return { file: chestBackbone(bytes, opts).file, label };
  });
}

/**
 * @param task the request, ids, checkpoint bytes and sinks
 * @returns the result and the facts the RunRecord needs
 * @throws Error from the training code (bad data, a checkpoint of another configuration...)
 */
export async function runHeadless(task: HeadlessTask): Promise<HeadlessOutput> {
  if (task.inDomain) registerInDomain(task.inDomain);
  try {
    return await trainHeadless(task);
  } finally {
    if (task.inDomain) setInDomainWeightsLoader(null);
  }
}

async function trainHeadless(task: HeadlessTask): Promise<HeadlessOutput> {
  const resume = task.resume === null ? undefined : decodeCheckpoint(task.resume, task.runKey);
  if (resume) task.log(`resuming after epoch ${resume.epoch} from the checkpoint`);
  let start: Extract<TrainProgress, { type: 'start' }> | null = null;
  const toLog = logger(task.log);
  const result = await runTraining(
    task.request,
    (e) => {
      if (e.type === 'start') start = e;
      toLog(e);
    },
    {
      backend: task.backend,
      runId: task.runId,
      ...(task.weights ? { weights: task.weights } : {}),
      ...(resume ? { resume } : {}),
      onCheckpoint: (c) => task.onCheckpoint(encodeCheckpoint(c, task.runKey), c.epoch),
    },
  );
  const started = start as Extract<TrainProgress, { type: 'start' }> | null;
  if (started === null) throw new Error('the run ended without a start event');
  // a resumed run never loaded the checkpoint, yet it started from it all the same
  const from = task.inDomain?.label;
  return {
    result: from && !result.initialisedFrom ? { ...result, initialisedFrom: from } : result,
    trainImages: started.trainImages,
    validationImages: started.validationImages,
    backend: started.backendInfo,
    resumedEpochs: resume?.epoch ?? 0,
  };
}
