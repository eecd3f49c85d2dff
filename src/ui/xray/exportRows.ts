/**
 * A file's result as the CSV export writes it (src/imaging/predictionsCsv.ts): the five CheXpert
 * tasks' sigmoid probabilities, empty where the model does not predict one, and for models with
 * operating points the five calibrated values as well. Only the fields the CSV reads are copied:
 * no image, thumbnail or DICOM tag comes along. Pure.
 */
import type { CsvFileResult } from '../../imaging/predictionsCsv.ts';
import type { FilePrediction } from '../../worker/protocol.ts';
import { chexpertCalibrated, chexpertValues } from './findingRows.ts';

/**
 * @param r the worker's result for one file (values in each model's output order)
 * @returns what the CSV reads of it, task values in CHEXPERT_TASKS order
 */
export function csvResultOf(r: FilePrediction): CsvFileResult {
  return {
    name: r.name,
    status: r.status,
    ...(r.error === undefined ? {} : { error: r.error }),
    ...(r.ood === undefined ? {} : { ood: r.ood }),
    predictions: r.predictions.map((p) => {
      const calibratedTasks = chexpertCalibrated(p);
      return {
        modelId: p.modelId,
        status: p.status,
        probabilities: chexpertValues(p, false),
        ...(calibratedTasks === null ? {} : { calibratedTasks }),
      };
    }),
  };
}
