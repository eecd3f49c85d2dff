/**
 * Loads ImageNet (or user-trained) weights from a safetensors file into a zoo model. Validation
 * happens entirely in `matchWeights` first, so a refused file leaves the model untouched.
 */
import * as tf from '@tensorflow/tfjs';
import { toTfLayout } from '../keymap.ts';
import { matchWeights, type LoadOptions, type LoadReport } from './match.ts';
import { parseSafetensors, type SafetensorsFile } from './safetensors.ts';

const isParsed = (f: ArrayBuffer | Uint8Array | SafetensorsFile): f is SafetensorsFile =>
  !(f instanceof ArrayBuffer) && !(f instanceof Uint8Array);

/**
 * @param model a built model
 * @returns the epsilon of its BatchNorm layers (all share one, see `buildModel`), or null
 */
export function modelBnEpsilon(model: tf.LayersModel): number | null {
  const bn = model.layers.find((l) => l.getClassName() === 'BatchNormalization');
  const eps = bn?.getConfig().epsilon;
  return typeof eps === 'number' ? eps : null;
}

/** The report, with a note when the model's BatchNorm eps is not the file's origin's. */
function checkedEpsilon(model: tf.LayersModel, report: LoadReport): LoadReport {
  const eps = modelBnEpsilon(model);
  if (eps === null || Math.abs(eps - report.bnEpsilon) <= 1e-12) return report;
  const note = `the model was built with BatchNorm eps ${eps}, the file's origin uses ${report.bnEpsilon}: outputs differ slightly from the origin's (build it with bnEpsilon ${report.bnEpsilon})`;
  return { ...report, notes: [...report.notes, note] };
}

/**
 * @param model a model from `buildModel(archId, opts)` built with the same `numClasses` and
 *   `unitsRemoved`
 * @param archId architecture id
 * @param file the safetensors bytes (or an already parsed file); timm or torchvision names
 * @param opts classes and truncation of the model, strictness
 * @returns what was loaded, skipped and re-initialised
 * @throws SafetensorsError on a malformed file, WeightsError on a file that does not fit; the
 *   model is unchanged in both cases
 */
export function loadWeights(
  model: tf.LayersModel,
  archId: string,
  file: ArrayBuffer | Uint8Array | SafetensorsFile,
  opts: LoadOptions,
): LoadReport {
  const parsed = isParsed(file) ? file : parseSafetensors(file);
  const { report, assignments } = matchWeights(archId, parsed, opts);
  const vars = new Map(model.weights.map((w) => [w.originalName, w]));
  // Check the model side too (built with other options?) before the first write.
  const targets = assignments.map((a) => {
    const v = vars.get(`${a.ref.layer}/${a.ref.tfName}`);
    const shape = v?.shape ?? [];
    if (
      v === undefined ||
      shape.length !== a.ref.tfShape.length ||
      shape.some((d, i) => d !== a.ref.tfShape[i])
    )
      throw new Error(
        `${archId}: the model has no weight ${a.ref.layer}/${a.ref.tfName} of shape [${a.ref.tfShape.join(', ')}]; was it built with numClasses ${opts.numClasses} and unitsRemoved ${opts.unitsRemoved ?? 0}?`,
      );
    return v;
  });
  assignments.forEach((a, i) => {
    const t = tf.tensor(toTfLayout(a.ref.kind, a.data, a.ref.torchShape), [...a.ref.tfShape]);
    targets[i]?.write(t); // the variable takes its own reference to t's data
    t.dispose();
  });
  return checkedEpsilon(model, report);
}
