/**
 * The findings of one prediction as the panel shows them: the five CheXpert tasks first (null
 * where the model has no such output: "not predicted", never 0), then every other output the
 * model was trained for. Calibrated values (TorchXRayVision's op_norm) when asked for and the
 * output has an operating point. Pure.
 */
import { CHEXPERT_TASKS } from '../../study/types.ts';
import { CHEXPERT_IN_XRV } from '../../zoo/chestCatalog.ts';

/** The parts of a prediction read here (a structural subset of the worker's ModelPrediction). */
export interface PredictionValues {
  readonly outputs: readonly string[];
  readonly probabilities: readonly number[];
  readonly calibrated?: readonly (number | null)[];
}

/** One finding. */
export interface FindingRow {
  readonly task: string;
  /** The value shown, or null: the model does not predict this CheXpert task. */
  readonly p: number | null;
  /** One of the five CheXpert tasks (listed first). */
  readonly chexpert: boolean;
  /** The value is TorchXRayVision's calibrated one (0.5 = its operating point). */
  readonly calibrated: boolean;
}

/**
 * @param outputs a model's output labels ('' = not trained)
 * @param task a CheXpert task
 * @returns the output index that predicts it (TorchXRayVision's 'Effusion' is 'Pleural
 *   Effusion'), or -1
 */
export function outputOf(
  outputs: readonly string[],
  task: (typeof CHEXPERT_TASKS)[number],
): number {
  return outputs.findIndex((l) => l !== '' && (l === task || l === CHEXPERT_IN_XRV[task]));
}

function valueAt(
  pred: PredictionValues,
  k: number,
  calibrated: boolean,
): { p: number; cal: boolean } {
  const c = calibrated ? pred.calibrated?.[k] : undefined;
  if (c !== undefined && c !== null) return { p: c, cal: true };
  return { p: pred.probabilities[k] ?? Number.NaN, cal: false };
}

const byValue = (a: FindingRow, b: FindingRow): number => (b.p ?? -Infinity) - (a.p ?? -Infinity);

/**
 * @param pred the model's outputs and values
 * @param opts sort by value (within each group), show calibrated values where there are
 * @returns the CheXpert tasks, then the other trained outputs
 */
export function findingRows(
  pred: PredictionValues,
  opts: { readonly sorted: boolean; readonly calibrated: boolean },
): FindingRow[] {
  const used = new Set<number>();
  const chexpert = CHEXPERT_TASKS.map((task): FindingRow => {
    const k = outputOf(pred.outputs, task);
    if (k < 0) return { task, p: null, chexpert: true, calibrated: false };
    used.add(k);
    const { p, cal } = valueAt(pred, k, opts.calibrated);
    return { task, p, chexpert: true, calibrated: cal };
  });
  const others = pred.outputs.flatMap((task, k): FindingRow[] => {
    if (task === '' || used.has(k)) return [];
    const { p, cal } = valueAt(pred, k, opts.calibrated);
    return [{ task, p, chexpert: false, calibrated: cal }];
  });
  return opts.sorted
    ? [...chexpert.sort(byValue), ...others.sort(byValue)]
    : [...chexpert, ...others];
}

/**
 * @param pred the model's outputs and values
 * @param calibrated calibrated values where there are
 * @returns the five CheXpert tasks' values in CHEXPERT_TASKS order, null where not predicted
 */
export function chexpertValues(pred: PredictionValues, calibrated: boolean): (number | null)[] {
  return findingRows(pred, { sorted: false, calibrated })
    .filter((r) => r.chexpert)
    .map((r) => r.p);
}

/**
 * The five CheXpert tasks' calibrated values only (never a probability in their place), for the
 * CSV's calibrated column set.
 * @param pred the model's outputs and values
 * @returns op_norm values in CHEXPERT_TASKS order, null where the model does not predict a task
 *   or has no operating point for it; null for a model without operating points
 */
export function chexpertCalibrated(pred: PredictionValues): (number | null)[] | null {
  const calibrated = pred.calibrated;
  if (calibrated === undefined) return null;
  return CHEXPERT_TASKS.map((task) => {
    const k = outputOf(pred.outputs, task);
    return k < 0 ? null : (calibrated[k] ?? null);
  });
}
