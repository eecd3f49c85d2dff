/**
 * What the worker remembers about each trained or loaded model besides its weights (which the
 * registry owns): the configuration, without the person's files, and the result. Saving and
 * exporting write it beside the weights; loading puts it back.
 */
import { getModel } from '../models/models.ts';
import type { StoredTrainConfig, TrainConfig, TrainResult } from '../protocol.ts';

/** A trained (or loaded) model's run record, kept beside the registry's model. */
export interface RunRecord {
  /** Null for a model that was not trained here. */
  readonly config: StoredTrainConfig | null;
  readonly result: Omit<TrainResult, 'config'> | null;
}

const records = new Map<string, RunRecord>();

/**
 * @param result a run's result
 * @returns it without the configuration (stored separately, without the person's files)
 */
export function summaryOf({ config, ...summary }: TrainResult): Omit<TrainResult, 'config'> {
  void config;
  return summary;
}

/**
 * @param config a run's configuration
 * @returns it without the person's files, zip and label text (what is saved beside weights)
 */
export function storedConfig(config: TrainConfig): StoredTrainConfig {
  const d = config.dataset;
  if (d.kind === 'synthetic') return { ...config, dataset: { ...d } };
  const dataset = {
    kind: d.kind,
    frontalOnly: d.frontalOnly,
    hasValidCsv: d.validCsv !== undefined,
    seed: d.seed,
    ...(d.subsetSize === undefined ? {} : { subsetSize: d.subsetSize }),
    ...(d.validationFraction === undefined ? {} : { validationFraction: d.validationFraction }),
  };
  return { ...config, dataset };
}

/**
 * Remembers a registered model's run (for saving and exporting it); training and loading call it.
 * @param modelId registry id
 * @param record its configuration and result (null fields for a model not trained here)
 */
export function rememberRun(modelId: string, record: RunRecord): void {
  records.set(modelId, record);
}

/**
 * @param modelId registry id
 * @returns the run record of a model still in the registry, or null
 */
export function runRecordOf(modelId: string): RunRecord | null {
  if (getModel(modelId) === undefined) {
    records.delete(modelId);
    return null;
  }
  return records.get(modelId) ?? null;
}

/** @param modelId registry id whose record to drop */
export function forgetRun(modelId: string): void {
  records.delete(modelId);
}
