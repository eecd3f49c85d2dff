/**
 * Converts the worker's `TrainResult` into a "My runs" `RunRecord` (src/study/runs.ts). The
 * record names the data set without any of the person's file names: a synthetic run says
 * "synthetic phantoms"; a CheXpert-format run says which label format and how many images.
 */
import type { RunDatasetKind, RunRecord } from '../../study/runs.ts';
import type { TrainResult } from '../../worker/protocol.ts';

/** What the run view knows besides the result: image counts from 'start', format from the report. */
export interface RunContext {
  readonly trainImages: number;
  readonly validationImages: number;
  /** Label format the inspector found for a 'chexpert' data set ('nih' for Data_Entry_2017.csv). */
  readonly format?: 'chexpert' | 'nih';
  /** When the run finished. */
  readonly finishedAt: Date;
}

/**
 * @param result the finished (or stopped) run
 * @param context image counts, label format and finish time
 * @returns the data set's kind and a label with no file names
 */
function datasetOf(result: TrainResult, context: RunContext): RunRecord['dataset'] {
  const { trainImages, validationImages } = context;
  const d = result.config.dataset;
  if (d.kind === 'synthetic')
    return {
      kind: 'synthetic',
      label: `synthetic phantoms (n=${d.size}, validation ${d.validationSize}, seed ${d.seed})`,
      trainImages,
      validationImages,
    };
  const kind: RunDatasetKind = context.format === 'nih' ? 'nih' : 'chexpert';
  const name = kind === 'nih' ? 'NIH ChestX-ray14 format' : 'CheXpert format';
  const parts = [
    d.frontalOnly ? 'frontal only' : 'all views',
    d.subsetSize ? `subset ${d.subsetSize}` : null,
    `${validationImages} validation images`,
  ];
  return {
    kind,
    label: `${name} (${parts.filter(Boolean).join(', ')})`,
    trainImages,
    validationImages,
  };
}

/**
 * @param result the worker's result
 * @param context image counts, label format and finish time
 * @returns the run as My runs stores it; the id is the worker's run id
 */
export function toRunRecord(result: TrainResult, context: RunContext): RunRecord {
  const { config } = result;
  const perTaskAuc: Record<string, number | null> = {};
  for (const t of result.perTaskAuc) perTaskAuc[t.task] = t.auc;
  return {
    id: result.runId,
    finishedAt: context.finishedAt.toISOString(),
    arch: config.arch,
    pretrained: config.weights === 'imagenet',
    ...(result.initialisedFrom === undefined ? {} : { initialisedFrom: result.initialisedFrom }),
    unitsRemoved: config.unitsRemoved,
    inputSize: config.inputSize,
    params: result.params,
    epochs: result.epochsDone,
    batchSize: config.batchSize,
    learningRate: config.learningRate,
    policy: config.policy,
    dataset: datasetOf(result, context),
    meanAuc: result.meanAuc,
    perTaskAuc,
    history: result.history.map((h) => ({
      epoch: h.epoch,
      trainLoss: h.trainLoss,
      validationLoss: h.validationLoss,
      meanAuc: h.meanAuc,
    })),
    backend: result.backend,
    durationMs: result.durationMs,
    stopped: result.stopped,
    seed: config.seed,
    ...(result.modelId ? { modelId: result.modelId } : {}),
  };
}
